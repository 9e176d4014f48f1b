"""Similar open petitions, suggested while a new one is entered (and grouped into hot spots).

Text model: the title and the text, accent-folded (``core.text.fold``: "Ô nhiễm" and "o nhiem"
read the same), scored as the mean of two TF-IDF cosines (sublinear term frequency, L2-normalised):
character n-grams inside word boundaries (2–4 characters; robust to typos, missing accents and word
order) and words and word pairs. Measured on the shipped labelled paraphrases
(``data/paraphrases.csv``, ``danvan bench voice``): characters alone F1 0.826, both 0.851.

Where: the open petitions (``OPEN_STATES``, not merged) of the whole province of the unit, across
every channel. After the 2025 reorganisation a province has a hundred or so large communes, and a
road, a canal or a pig farm concerns neighbouring communes alike; the province is also the unit of
the cache. A village's or a commune's own petitions are part of it.

Speed: per province, a fitted vectorizer and the matrix of its open petitions are kept in memory,
keyed by a cheap version stamp (count, last ``updated``, last id); an entry only transforms the
new text and takes one sparse dot product.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db.models import Count, Max

from danvan.core.text import fold
from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from .choices import OPEN_STATES
from .models import Petition

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

# A suggestion needs a cosine similarity at least this (tuned on data/paraphrases.csv: the
# threshold of the best F1, rounded down; see ``danvan bench voice``).
THRESHOLD = 0.34
WORDS = r"(?u)\b\w+\b"  # every word, one-letter ones too


def document(title: str, text: str = "") -> str:
    """The folded text a petition is compared by."""
    return fold(f"{title or ''} . {text or ''}")


def make_vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """Character n-grams (2–4, inside word boundaries) and words (1–2), both TF-IDF with sublinear
    term frequency; a score is the mean of the two cosines."""
    # scikit-learn loads here, not with the URLs: a second and a half of every process's start.
    from sklearn.feature_extraction.text import TfidfVectorizer

    return (TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32,
                            token_pattern=WORDS))


def _hstack(blocks: list[Any]) -> Any:
    from scipy.sparse import hstack  # with scikit-learn, on first use

    return hstack(blocks)


class Index:
    """Fitted vectorizers and the matrix of a list of documents (folded texts)."""

    def __init__(self, documents: Sequence[str]) -> None:
        self.size = len(documents)
        self.vectorizers = make_vectorizers()
        self.matrix = (_hstack([v.fit_transform(documents) for v in self.vectorizers]).tocsr() * 0.5
                       if documents else None)
        # features × documents: a query touches only the rows of its own n-grams
        self.by_feature = self.matrix.T.tocsr() if self.matrix is not None else None

    def vector(self, doc: str) -> Any:
        return _hstack([v.transform([doc]) for v in self.vectorizers]).tocsr()

    def scores(self, doc: str) -> np.ndarray:
        """Similarity (mean of the two cosines) of ``doc`` with every document of the index."""
        if self.by_feature is None:
            return np.zeros(0, dtype=np.float32)
        return (self.vector(doc) @ self.by_feature).toarray().ravel()

    def nearest(self, doc: str, limit: int, threshold: float = THRESHOLD,
                skip: frozenset[int] = frozenset()) -> list[tuple[int, float]]:
        """Positions and scores of the ``limit`` best documents at or above ``threshold``."""
        scores = self.scores(doc)
        found: list[tuple[int, float]] = []
        above = np.flatnonzero(scores >= threshold)
        for i in above[np.argsort(-scores[above], kind="stable")]:
            score = float(scores[i])
            if score < threshold or len(found) >= limit:
                break
            if int(i) not in skip:
                found.append((int(i), min(score, 1.0)))
        return found

    def pairs(self, threshold: float = THRESHOLD) -> list[tuple[int, int]]:
        """Every pair (i < j) of documents at or above ``threshold`` (for clusters)."""
        if self.matrix is None:
            return []
        sims = (self.matrix @ self.matrix.T * 2).tocoo()
        return [(int(i), int(j)) for i, j, v in zip(sims.row, sims.col, sims.data, strict=True)
                if i < j and v >= threshold]


@dataclass(frozen=True)
class Match:
    petition: Petition
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def open_petitions() -> Any:
    return Petition.objects.filter(state__in=OPEN_STATES, merged_into__isnull=True)


def region(unit: AdminUnit) -> AdminUnit:
    """The unit whose open petitions are compared with a new one at ``unit``: its province."""
    if unit.level <= Level.PROVINCE:
        return unit
    return unit.province or unit


_CACHE: dict[int, tuple[tuple[Any, ...], Index, list[int]]] = {}
_LOCK = threading.Lock()


def _index(area: AdminUnit) -> tuple[Index, list[int]]:
    pool = open_petitions().filter(unit_path__under=area.path)
    stamp_row = pool.aggregate(n=Count("id"), last=Max("updated"), top=Max("id"))
    stamp = (stamp_row["n"], stamp_row["last"], stamp_row["top"])
    with _LOCK:
        cached = _CACHE.get(area.pk)
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    rows = list(pool.order_by("id").values_list("id", "title", "text"))
    index = Index([document(title, text) for _pk, title, text in rows])
    ids = [pk for pk, _t, _x in rows]
    with _LOCK:
        _CACHE[area.pk] = (stamp, index, ids)
    return index, ids


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def similar(text: str, unit: AdminUnit, exclude_pk: int | None = None, limit: int = 5,
            title: str = "", threshold: float = THRESHOLD) -> list[Match]:
    """The open petitions of ``unit``'s province most similar to ``title`` + ``text``, best first
    (at most ``limit``, score ≥ ``threshold``); ``exclude_pk``: the petition being edited."""
    doc = document(title, text)
    if not doc.strip(" ."):
        return []
    index, ids = _index(region(unit))
    skip = frozenset(i for i, pk in enumerate(ids) if pk == exclude_pk)
    found = index.nearest(doc, limit, threshold, skip)
    if not found:
        return []
    by_pk = Petition.objects.select_related("unit").in_bulk([ids[i] for i, _s in found])
    return [Match(by_pk[ids[i]], score) for i, score in found if ids[i] in by_pk]


# ---------------------------------------------------------------- measured on the labelled set
PARAPHRASES = Path(__file__).parent / "data" / "paraphrases.csv"


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    suggested: int
    expected: int


def paraphrases() -> list[tuple[str, str]]:
    """The shipped labelled set: (group, text); groups ``g…`` are paraphrases of one issue,
    ``x…`` distractors (same topic or place, another issue) that must match nothing."""
    with PARAPHRASES.open(encoding="utf-8") as handle:
        return [(row["group"], row["text"]) for row in csv.DictReader(handle)]


def evaluate(rows: Sequence[tuple[str, str]], threshold: float = THRESHOLD, limit: int = 5) -> Quality:
    """Each text is entered in turn against all the others (one index, itself left out): a
    suggestion is right when it is of the same group. Precision: right suggestions / suggestions;
    recall: right suggestions / the paraphrases there were to find."""
    index = Index([document(text) for _group, text in rows])
    sizes: dict[str, int] = {}
    for group, _text in rows:
        sizes[group] = sizes.get(group, 0) + 1
    suggested = right = expected = 0
    for n, (group, text) in enumerate(rows):
        found = index.nearest(document(text), limit, threshold, frozenset({n}))
        suggested += len(found)
        right += sum(1 for i, _score in found if rows[i][0] == group)
        expected += min(sizes[group] - 1, limit)
    precision = right / suggested if suggested else 1.0
    recall = right / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(precision, recall, f1, suggested, expected)
