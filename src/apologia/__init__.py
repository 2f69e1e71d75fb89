"""Draft and lint customer apology letters against the five-step apology."""

__version__ = "1.1.0"
