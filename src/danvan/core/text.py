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


_SEPARATORS = frozenset("-,.()/")


def _word_sort(word: str) -> tuple[str, bool, bool, str]:
    """The sort tokens of one whitespace-free word: (primary tokens with inner separators as
    ``01``, starts with a separator, ends with a separator, tone digits).

    Leading and trailing separators are left to the caller (:func:`_compose`), which joins words
    exactly as one pass over the whole string would: separators and spaces collapse into one
    ``01``, never at the start.
    """
    primary: list[str] = []
    tones: list[str] = []
    lead = trail = False
    for ch in unicodedata.normalize("NFC", word.lower()):
        if ch in _SEPARATORS:
            if primary:
                trail = True
            else:
                lead = True
            continue
        if trail:
            primary.append("01")
            trail = False
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
            # Digits before letters; unicodedata.digit also reads "²" (int() raised on it).
            primary.append(_token(2 + unicodedata.digit(base, 0)))
        elif len(base) == 1 and (base in _ALPHABET or base in _EXTRA):
            primary.append(_token(_letter_rank(base)))
        else:
            primary.append(_token(min(1295, 100 + ord(base[0]) % 1100)))
        tones.append(tone)
    return "".join(primary), lead, trail, "".join(tones)


def _compose(words: list[tuple[str, bool, bool, str]]) -> str:
    primary: list[str] = []
    pending = False  # a space or separator seen since the last letter
    for index, (core, lead, trail, _tones) in enumerate(words):
        if index or lead:
            pending = True
        if core:
            if pending and primary:
                primary.append("01")
            primary.append(core)
            pending = False
        if trail:
            pending = True
    if pending and primary:  # a separator after the last letter ("a -"); trailing spaces are not
        primary.append("01")
    return ("".join(primary) + "00" + "".join(w[3] for w in words))[:250]


def sort_key(text: str) -> str:
    """An ASCII key whose byte order is the Vietnamese dictionary order of ``text``.

    Primary: letters by the Vietnamese alphabet (a ă â b c d đ …), words before longer words
    (spaces and ``- , . ( ) /`` are one separator); secondary: tone marks. Only [0-9a-z] are used
    so any database collation orders it like bytes.
    """
    return _compose([_word_sort(word) for word in text.split()])


class NameKeys:
    """``fold`` and ``sort_key`` of a name, composed from cached per-word keys (both are slow per
    character): ``NameKeys()(name) == (fold(name), sort_key(name))`` for every string (a property
    test checks it), so imported and form-saved names sort alike.
    """

    def __init__(self) -> None:
        # word → (folded, primary, tones, plain, sort parts); plain: letters only, folds to something.
        self.words: dict[str, tuple[str, str, str, bool, tuple[str, bool, bool, str]]] = {}

    def word(self, word: str) -> tuple[str, str, str, bool, tuple[str, bool, bool, str]]:
        keys = self.words.get(word)
        if keys is None:
            folded, parts = fold(word), _word_sort(word)
            core, lead, trail, tones = parts
            keys = self.words[word] = (folded, core, tones, bool(folded and core) and not lead and not trail, parts)
        return keys

    def __call__(self, name: str) -> tuple[str, str]:
        parts = [self.word(w) for w in name.split()]
        if all(p[3] for p in parts):  # the usual name: words of letters joined by single separators
            return (" ".join([p[0] for p in parts]),
                    ("01".join([p[1] for p in parts]) + "00" + "".join([p[2] for p in parts]))[:250])
        return " ".join([p[0] for p in parts if p[0]]), _compose([p[4] for p in parts])
