"""Demo sign-offs (``core.demo`` hook): for the demo's communes, the two months before last mostly
approved (so locked), some only submitted, some late; last month submitted by a few and returned
to one with a comment. The demo editors' own commune (Phường Ninh Kiều, ``KEPT_OPEN``) is left
without sign-offs so that its data stays editable for whoever tries the demo (and the browser tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from danvan.core import bulk
from danvan.core.demo import DemoContext
from danvan.indicators.periods import parse_period

from .models import SignOff, SignOffState, SignOffStateChange

KEPT_OPEN = "31135"  # danvan.demo.generator.DEMO_COMMUNE (the demo logins' commune); demo imports us, not we it
FIELDS = ("period", "start", "end", "state", "submitted_on", "approved_on", "unit", "unit_path", "province",
          "commune", "created", "updated")
CHANGE_FIELDS = ("signoff", "from_state", "to_state", "day", "note", "at")
RETURN_NOTE = "Số liệu hoạt động \"ba cùng\" của ấp chưa khớp với báo cáo giấy; đề nghị rà soát, gửi lại."


def _months(today: dt.date) -> list[Any]:
    """Last month and the two before it (newest last)."""
    first = today.replace(day=1)
    periods = [parse_period(f"{first - dt.timedelta(days=1):%Y-%m}")]
    for _step in range(2):
        periods.insert(0, periods[0].previous())
    return periods


def build(ctx: DemoContext) -> dict[str, int]:
    today = ctx.reference_date
    now = timezone.now()
    rows: list[tuple[Any, ...]] = []
    moves: list[list[tuple[str, str, dt.date, str]]] = []
    returned = False
    old, older, last = _months(today)[1], _months(today)[0], _months(today)[2]
    for commune in ctx.communes:
        if commune.key == KEPT_OPEN:
            continue
        rng = ctx.rng(f"signoff/{commune.key}")
        for period in (older, old, last):
            roll = rng.random()
            submitted = period.end + dt.timedelta(days=rng.randint(1, 9))
            if submitted > today:
                continue
            steps = [("open", SignOffState.SUBMITTED, submitted, "")]
            if period is last:
                if roll > 0.4:
                    continue
                if not returned:
                    steps.append((SignOffState.SUBMITTED, SignOffState.RETURNED, submitted, RETURN_NOTE))
                    returned = True
            elif roll < 0.7:
                steps.append((SignOffState.SUBMITTED, SignOffState.APPROVED, min(today, submitted + dt.timedelta(days=2)), ""))
            elif roll > 0.85:
                continue
            state = steps[-1][1]
            approved = steps[-1][2] if state == SignOffState.APPROVED else None
            rows.append((period.code, period.start, period.end, state, submitted, approved, commune.pk,
                         commune.path, commune.province_id, commune.pk, now, now))
            moves.append(steps)
    ids = bulk.write(SignOff, FIELDS, new_rows=rows)
    bulk.write(SignOffStateChange, CHANGE_FIELDS, new_rows=[
        (pk, str(source), str(target), day, note, now) for pk, steps in zip(ids, moves, strict=True)
        for source, target, day, note in steps])
    return {"sign-offs": len(ids)}


def _mine(ctx: DemoContext) -> Q:
    return Q(unit__in=[c.pk for c in ctx.communes])


def is_built(ctx: DemoContext) -> bool:
    return SignOff.objects.filter(_mine(ctx)).exists()


def reset(ctx: DemoContext) -> dict[str, int]:
    signoffs = SignOff.objects.filter(_mine(ctx))
    changes = SignOffStateChange.objects.filter(signoff__in=signoffs)
    changes._raw_delete(changes.db)
    return {"sign-offs": signoffs._raw_delete(signoffs.db)}
