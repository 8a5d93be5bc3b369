"""Folding Japanese text so that what a counselor types finds what was saved.

People type the same name many ways: ｻｸﾗ, サクラ, さくら; Ｓａｋｕｒａ and
sakura; 山田　花子 with a full-width space.  ``fold`` maps all of those to
one key: NFKC (full/half width), katakana to hiragana, case folded, and
white space removed.  Duplicate checks and searches compare folded keys,
which the models store beside the text (``Client.*_key``) so that SQL can
use an index.  It lives in ``db`` because the models compute those keys.
"""

from __future__ import annotations

import re
import unicodedata

# Katakana ァ (U+30A1) .. ヶ (U+30F6) sit exactly 0x60 above their hiragana.
_KATAKANA_START, _KATAKANA_END, _SHIFT = 0x30A1, 0x30F6, 0x60
_TO_HIRAGANA = {cp: cp - _SHIFT for cp in range(_KATAKANA_START, _KATAKANA_END + 1)}
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """The comparison key of ``text`` ('' for None)."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).translate(_TO_HIRAGANA).casefold()
    return _SPACES.sub("", folded)


def fold_digits(text: str | None) -> str:
    """Only the digits of a phone number: 090-1234-5678, ０９０ １２３４ ５６７８
    and (090)1234-5678 are the same number."""
    if not text:
        return ""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())
