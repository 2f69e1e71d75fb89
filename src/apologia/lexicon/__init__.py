"""Lexicons: per-language cue data, folded text, and cues found on word boundaries.

A lexicon file (`lexicons/<lang>.yaml`) lists patterns per *cell*: the five steps, the
faults (`blame-shift`, `non-apology`, ...), scope words (negators, contrast, reporting
verbs) and register markers, in the notation of `spec/language.md`. The package:

- `folding`: case and accent folding, with offsets mapped back;
- `notation`: the pattern notation parsed to regexes, with what a match needs;
- `cue`, `matcher`, `model`: compiled cues, cells found cue by cue, a language's lexicon;
- `build`, `load`: a lexicon built from YAML; the shipped ones, read once per process;
- `cache`: the parsed lexicons kept on disk, their regexes rebuilt instead of compiled;
- `detect`: a letter's language guessed;
- `registry`: the languages and cell names.
"""

from apologia.lexicon.build import build_lexicon
from apologia.lexicon.cache.store import cache_dir
from apologia.lexicon.cue import CompiledCue
from apologia.lexicon.detect import detect_language
from apologia.lexicon.folding import Folded, fold
from apologia.lexicon.load import get_lexicon, word_list, words
from apologia.lexicon.matcher import Cell, Scan
from apologia.lexicon.model import Lexicon
from apologia.lexicon.notation import PatternError, parse_pattern
from apologia.lexicon.registry import (
    ALL_CELLS,
    FAULT_CELLS,
    LANGS,
    LETTER_CELLS,
    REGISTER_CELLS,
    SCOPE_CELLS,
    STEP_CELLS,
)

__all__ = [
    "ALL_CELLS",
    "FAULT_CELLS",
    "LANGS",
    "LETTER_CELLS",
    "REGISTER_CELLS",
    "SCOPE_CELLS",
    "STEP_CELLS",
    "Cell",
    "CompiledCue",
    "Folded",
    "Lexicon",
    "PatternError",
    "Scan",
    "build_lexicon",
    "cache_dir",
    "detect_language",
    "fold",
    "get_lexicon",
    "parse_pattern",
    "word_list",
    "words",
]
