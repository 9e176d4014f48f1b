"""``danvan bench voice``: the duplicate suggestion, measured.

1. Quality on the shipped labelled set (``data/paraphrases.csv``): each text entered in turn
   against all the others; precision, recall and F1 of the top-5 suggestions at the threshold
   (and around it).
2. Time per entry of ``similarity.similar()`` against the current database: the province with
   the most open petitions (or ``--province``). When it has fewer than ``--petitions`` open ones,
   synthetic open petitions (the labelled texts, varied, spread over the province's communes and
   villages) are added in a transaction that is rolled back. The first call builds the province's
   index (reported apart); then ``--entries`` entries are timed: median and p95.
"""

import datetime as dt
import random
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count

from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit

from . import similarity
from .choices import PetitionField
from .models import Petition

SUBCOMMAND = "voice"
HELP = "Đo chất lượng và tốc độ gợi ý đơn trùng / duplicate suggestion: precision, recall, time per entry"

WORDS = ("đề nghị", "kính đề nghị", "bà con", "người dân", "ấp", "khu vực", "nhiều lần", "đến nay", "khẩn trương",
         "xem xét", "giải quyết", "sớm", "gia đình tôi", "cử tri", "phản ánh")


class _Rollback(Exception):
    pass


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--province", default="", help="key of the province (default: the one with most open petitions)")
    parser.add_argument("--petitions", type=int, default=5000, help="open petitions to measure against (synthetic fill)")
    parser.add_argument("--entries", type=int, default=200, help="entries timed")
    parser.add_argument("--seed", type=int, default=10)


def _province(key: str) -> AdminUnit:
    if key:
        unit = AdminUnit.objects.filter(key=key, level=Level.PROVINCE).first()
        if unit is None:
            raise CommandError(f"Không có tỉnh có mã khóa {key!r}.")
        return unit
    busiest = (similarity.open_petitions().values("province").annotate(n=Count("id")).order_by("-n").first())
    if busiest and busiest["province"]:
        return AdminUnit.objects.get(pk=busiest["province"])
    unit = AdminUnit.objects.filter(level=Level.PROVINCE, is_legacy=False).order_by("key").first()
    if unit is None:
        raise CommandError("Chưa có đơn vị hành chính: chạy 'danvan geo load' trước.")
    return unit


def _text(rng: random.Random, base: str) -> str:
    words = base.split()
    if len(words) > 6 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    return " ".join([rng.choice(WORDS), *words, rng.choice(WORDS), str(rng.randint(1, 999))])


def _fill(province: AdminUnit, count: int, rng: random.Random) -> int:
    """Add synthetic open petitions until the province has ``count`` open ones; how many were added."""
    have = similarity.open_petitions().filter(unit_path__under=province.path).count()
    missing = max(0, count - have)
    places = list(AdminUnit.objects.filter(path__under=province.path, is_legacy=False,
                                           level__in=(Level.COMMUNE, Level.VILLAGE)).only("id", "path", "commune_id",
                                                                                          "level"))
    if not places:
        places = [province]
    texts = [text for _group, text in similarity.paraphrases()]
    day = dt.date(2026, 3, 2)
    rows = []
    for _n in range(missing):
        unit = rng.choice(places)
        text = _text(rng, rng.choice(texts))
        rows.append(Petition(unit_id=unit.pk, unit_path=unit.path, province_id=province.pk,
                             commune_id=unit.pk if unit.level == Level.COMMUNE else unit.commune_id,
                             title=text[:80], text=text, received=day, name="Người gửi", field=PetitionField.OTHER))
    Petition.objects.bulk_create(rows, batch_size=1000)
    return missing


def _quality(write: Any) -> None:
    rows = similarity.paraphrases()
    groups = {g for g, _t in rows}
    write(f"Tập nhãn / labelled set: {len(rows)} câu, {sum(1 for g in groups if g.startswith('g'))} nhóm diễn đạt lại, "
          f"{sum(1 for g in groups if g.startswith('x'))} câu gây nhiễu; top 5")
    write(f"  {'ngưỡng':>8} {'precision':>10} {'recall':>8} {'F1':>7} {'gợi ý':>7}")
    for threshold in (0.28, 0.30, 0.32, similarity.THRESHOLD, 0.36, 0.38, 0.40):
        q = similarity.evaluate(rows, threshold)
        mark = "  ← THRESHOLD" if threshold == similarity.THRESHOLD else ""
        write(f"  {threshold:>8.2f} {q.precision:>10.3f} {q.recall:>8.3f} {q.f1:>7.3f} {q.suggested:>7}{mark}")


def _timing(write: Any, province: AdminUnit, petitions: int, entries: int, rng: random.Random) -> None:
    added = _fill(province, petitions, rng)
    pool = similarity.open_petitions().filter(unit_path__under=province.path).count()
    places = list(AdminUnit.objects.filter(path__under=province.path, is_legacy=False,
                                           level__in=(Level.COMMUNE, Level.VILLAGE))[:200]) or [province]
    texts = [text for _group, text in similarity.paraphrases()]
    similarity.clear_cache()
    start = time.perf_counter()
    similarity.similar(texts[0], places[0])
    cold = time.perf_counter() - start
    times = []
    found = 0
    for _n in range(entries):
        text = _text(rng, rng.choice(texts))
        start = time.perf_counter()
        found += len(similarity.similar(text, rng.choice(places)))
        times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    write(f"Tốc độ / time per entry: {province.name}, {pool:,} đơn đang xử lý ({added:,} giả lập, sẽ hoàn tác)")
    write(f"  lập chỉ mục lần đầu / first call (fit): {cold * 1000:,.0f} ms")
    write(f"  {entries} lượt nhập: median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"max {times[-1] * 1000:.1f} ms; {found / entries:.1f} gợi ý mỗi lượt")
    write(f"  so với / against fitting the index on every entry (the first call): "
          f"{cold / statistics.median(times):,.0f}× faster")
    write("  target < 50 ms: " + ("ok" if p95 < 0.05 else "MISSED"))


def run(command: BaseCommand, *, province: str, petitions: int, entries: int, seed: int, **_options: Any) -> None:
    write = command.stdout.write
    _quality(write)
    rng = random.Random(seed)
    unit = _province(province)
    try:
        with transaction.atomic():
            _timing(write, unit, petitions, entries, rng)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        similarity.clear_cache()
