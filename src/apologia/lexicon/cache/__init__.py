"""The on-disk cache of parsed lexicons (`store`) and of their compiled regexes (`recompile`)."""
