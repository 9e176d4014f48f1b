"""Vietnamese text keys: accent-insensitive search and alphabet-order sorting.

Both are stored, indexed columns so the same query works on SQLite and PostgreSQL
(PostgreSQL's non-deterministic collations break LIKE; SQLite has no Vietnamese collation).
"""

import unicodedata

# Vietnamese alphabet order of base letters (with their vowel-quality marks).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Letters not in the Vietnamese alphabet (f, j, w, z) sort after the nearest one.
_EXTRA = {"f": "e~", "j": "i~", "w": "v~", "z": "y~"}
# Tone marks: none, huyền, hỏi, ngã, sắc, nặng (the dictionary order).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def fold(text: str) -> str:
    """Lower-case, strip every diacritic and map đ to d: "Đặng Thị Ánh" → "dang thi anh"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def _token(index: int) -> str:
    return _DIGITS36[index // 36] + _DIGITS36[index % 36]


def _letter_rank(base: str) -> int:
    pos = _ALPHABET.find(base)
    if pos >= 0:
        return 10 + pos * 2
    if base in _EXTRA:
        anchor = _ALPHABET.find(_EXTRA[base][0])
        return 11 + anchor * 2
    return 1


def sort_key(text: str) -> str:
    """An ASCII key whose byte order is the Vietnamese dictionary order of ``text``.

    Primary: letters by the Vietnamese alphabet (a ă â b c d đ …), words before longer words;
    secondary: tone marks. Only [0-9a-z] are used so any database collation orders it like bytes.
    """
    primary: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFC", text.lower().strip()):
        if ch.isspace() or ch in "-,.()/":
            if primary and primary[-1] != "01":
                primary.append("01")
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base_chars = [c for c in decomposed if not unicodedata.combining(c)]
        marks = [c for c in decomposed if unicodedata.combining(c)]
        tone = "0"
        quality = ""
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            else:
                quality += mark
        base = unicodedata.normalize("NFC", "".join(base_chars) + quality) if base_chars else ch
        if ch == "đ":
            base = "đ"
        if base.isdigit() and len(base) == 1:
            primary.append(_token(2 + int(base)))  # digits before letters
        elif len(base) == 1 and (base in _ALPHABET or base in _EXTRA):
            primary.append(_token(_letter_rank(base)))
        else:
            primary.append(_token(min(1295, 100 + ord(base[0]) % 1100)))
        tones.append(tone)
    return ("".join(primary) + "00" + "".join(tones))[:250]


class NameKeys:
    """``fold`` and ``sort_key`` of a name, composed from cached per-word keys (both are slow per character).

    ``sort_key`` of a multi-word name is the words' primary keys joined by ``01``, then ``00`` and
    the words' tone keys; ``fold`` joins the folded words with spaces (tests assert both match).
    """

    def __init__(self) -> None:
        self.words: dict[str, tuple[str, str, str]] = {}

    def word(self, word: str) -> tuple[str, str, str]:
        keys = self.words.get(word)
        if keys is None:
            key = sort_key(word)
            end = 0
            while end < len(key) and key[end:end + 2] != "00":  # tokens are two characters wide
                end += 2
            primary, tones = key[:end], key[end + 2:]
            keys = self.words[word] = (fold(word), primary, tones)
        return keys

    def __call__(self, name: str) -> tuple[str, str]:
        parts = [self.word(w) for w in name.split()]
        folded = " ".join(p[0] for p in parts)
        return folded, ("01".join(p[1] for p in parts) + "00" + "".join(p[2] for p in parts))[:250]
