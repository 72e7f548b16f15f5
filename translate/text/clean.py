"""Text a model wrote, made fit for an output file.

A random or confused model can decode to control characters or to U+FFFD (a byte-level
tokenizer's broken UTF-8); none of them may reach an output file, and a sentence stays on
one line (the English text keeps the original's layout).
"""

from __future__ import annotations

import unicodedata

# Unicode categories of what is dropped: controls (C0, DEL, C1) and unassigned code points.
_DROPPED = {"Cc", "Cn", "Co", "Cs"}
_SPACE = {"Zl", "Zp"}  # line and paragraph separators become spaces


def clean_line(text: str) -> str:
    """`text` on one line: whitespace runs become one space; controls, U+FFFD and BOMs go."""
    kept = []
    for ch in text:
        if ch in "\t\n\r\v\f":
            kept.append(" ")
        elif ch in "\ufffd\ufeff":
            continue
        else:
            category = unicodedata.category(ch)
            if category in _SPACE:
                kept.append(" ")
            elif category not in _DROPPED:
                kept.append(ch)
    return " ".join("".join(kept).split())
