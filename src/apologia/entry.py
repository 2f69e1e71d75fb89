"""The `apologia` console script and `python -m apologia`: the CLI, started with the
garbage collector paused.

Start-up (Typer, the standard modules it needs, the CLI) builds thousands of objects
that live to the end of the run and leaves no garbage: a collection during it finds
nothing, at about 4% of a one-letter run. Once started, what exists is frozen, so that
no later collection walks it again, and collecting resumes. At exit, what the run made
(lexicons, reports) is frozen as well: the interpreter's last collection would walk it
all to find no garbage, a tenth of a one-letter run. Frozen objects are still freed.
"""

import gc


def main() -> None:
    gc.disable()
    try:
        from apologia.cli import main_entry
    finally:
        gc.enable()
    gc.freeze()
    try:
        main_entry()
    finally:
        gc.freeze()
