# ruff: noqa: S608 — constant SQL built from code; {keys} is an integer predicate (ledger.keys_in)
"""Indicators of branch meetings (seed 004): visits by the visiting cadre's level, the ≥ 1 visit a
month rule, meetings held, attendance and Party admissions; how records become facts.

Facts (``danvan.indicators.ledger``):

- MV-VISITS: 1 per attended visit on its day, placed in the branch's village with the branch's
  organization kind, ``category`` = the visiting cadre's level (breakdown ``cadrelevel``).
- MV-ASSIGNED (stock): cadres assigned, +1 on an assignment's start and −1 the day after its end,
  over the *union* of each cadre's assignments (a cadre with two assignments counts once). Keyed by
  cadre, placed in the cadre's unit (the assigning committee's) with the kind of the cadre's
  organization, ``category`` = the cadre's level.
- MV-MONTHLY-N (distinct flow): 1 per attended visit of a cadre assigned on that day, ``entity`` =
  the cadre, placed like MV-ASSIGNED.
- MV-ASSIGNED-IN (distinct flow): cadres assigned at some time in the period: 1 per cadre per month
  an assignment covers, on the month's first day or the assignment's start if later, ``entity`` =
  the cadre, placed like MV-ASSIGNED. An open assignment has months up to the end of the year after
  the facts were written (``HORIZON_YEARS``); a rebuild extends them.
- MV-MONTHLY = MV-MONTHLY-N / MV-ASSIGNED-IN, never above 100 % (a numerator fact needs an
  assignment on the visit's day, so its cadre is in the denominator, at the same unit). For a month
  it is the rule's share (cadres assigned in the month with at least one visit); for a longer
  period the share of cadres assigned in the period who attended at least once *in the period*.
- MV-HELD: 1 per meeting held (``Meeting`` row); MV-PARTY its ``party_admissions`` (when > 0).
- MV-ATTEND-N / MV-ATTEND-OF: attendance and members of the meetings that record both (members
  > 0); MV-ATTEND-RATE their ratio. MV-REGULAR (people app) stays the register's share.

Meetings *scheduled* are not facts: the schedule's days (n-th weekday, exceptions) are computed in
Python by ``schedule.meeting_days``; the watch (``watch.py``) and the panel compare them with the
meetings held.
"""

import datetime as dt
from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _

from danvan.indicators.catalog import (
    G_MEETINGS,
    Chart,
    Dimension,
    Indicator,
    Over,
    Panel,
    Time,
    register_dashboard,
    register_dimension,
    register_panel,
    register_record_link,
    register_section,
    register_source,
    registry,
)
from danvan.indicators.ledger import FactSource, fact_select

from . import narrative, panel
from .choices import CadreLevel
from .models import Visit

_M = {"group": G_MEETINGS, "app": "meetings"}
_BY_LEVEL = ("cadrelevel", "org")

INDICATORS = (
    Indicator("MV-VISITS", _("Lượt cán bộ dự sinh hoạt chi, tổ hội"), _("lượt"), Time.FLOW, dims=_BY_LEVEL, **_M),
    Indicator("MV-ASSIGNED", _("Cán bộ được phân công dự sinh hoạt"), _("người"), Time.STOCK, dims=_BY_LEVEL,
              description=_("Mỗi cán bộ tính một lần dù có nhiều phân công"), **_M),
    Indicator("MV-MONTHLY-N", _("Cán bộ dự sinh hoạt ít nhất một lần trong tháng"), _("người"), Time.FLOW,
              Over.DISTINCT, dims=_BY_LEVEL,
              description=_("Cán bộ được phân công có ít nhất một lượt dự sinh hoạt trong kỳ"), **_M),
    Indicator("MV-ASSIGNED-IN", _("Cán bộ được phân công trong kỳ"), _("người"), Time.FLOW, Over.DISTINCT,
              dims=_BY_LEVEL, description=_("Cán bộ có phân công dự sinh hoạt vào một lúc nào đó trong kỳ"), **_M),
    Indicator("MV-MONTHLY", _("Tỷ lệ cán bộ dự sinh hoạt đủ mỗi tháng một lần"), "%", Time.RATIO,
              numerator="MV-MONTHLY-N", denominator="MV-ASSIGNED-IN", dims=_BY_LEVEL,
              description=_("Báo cáo tháng: tỷ lệ đạt quy định; kỳ dài hơn: tỷ lệ cán bộ dự ít nhất một lần trong kỳ"),
              **_M),
    Indicator("MV-PARTY", _("Đoàn viên, hội viên được kết nạp Đảng"), _("người"), Time.FLOW, dims=("org",), **_M),
    Indicator("MV-HELD", _("Buổi sinh hoạt chi, tổ hội đã tổ chức"), _("buổi"), Time.FLOW, dims=("org",), **_M),
    Indicator("MV-ATTEND-N", _("Lượt hội viên dự sinh hoạt (buổi có ghi số dự)"), _("lượt người"), Time.FLOW,
              dims=("org",), **_M),
    Indicator("MV-ATTEND-OF", _("Số hội viên của các buổi sinh hoạt có ghi số dự"), _("lượt người"), Time.FLOW,
              dims=("org",), **_M),
    Indicator("MV-ATTEND-RATE", _("Tỷ lệ hội viên dự sinh hoạt"), "%", Time.RATIO, numerator="MV-ATTEND-N",
              denominator="MV-ATTEND-OF", dims=("org",), **_M),
)
registry.declare(*INDICATORS)
CODES = [i.code for i in INDICATORS]

# ---------------------------------------------------------------- presentation
register_dimension(Dimension("cadrelevel", _("Theo cấp cán bộ"), "category", lambda: CadreLevel.choices, order=69))

register_record_link("MV-VISITS", "meetings:visit_list", {"attended": "true"},
                     filters={"cadrelevel": "level", "org": "org_kind"})
for _code in ("MV-HELD", "MV-PARTY", "MV-ATTEND-N", "MV-ATTEND-OF", "MV-ATTEND-RATE"):
    register_record_link(_code, "meetings:meeting_list", filters={"org": "org_kind"})

register_dashboard(
    table=["MV-VISITS", "MV-MONTHLY"],
    charts=[Chart("cadrelevel", ("MV-VISITS",), _("Lượt dự sinh hoạt chi, tổ hội theo cấp cán bộ"),
                  labels=(_("Lượt dự"),))],
)
register_section(narrative.meetings, covers=CODES, needs=("cadrelevel",), heading=G_MEETINGS)
register_panel(Panel("meetings-watch", _("Theo dõi dự sinh hoạt chi, tổ hội"), "meetings/panel_watch.html",
                     panel.context, order=60))


# ---------------------------------------------------------------- fact sources
def day_after(expr: str) -> str:
    """SQL for the day after the date in ``expr``, on either database."""
    if connection.vendor == "postgresql":
        return f"CAST({expr} + 1 AS date)"
    return f"date({expr}, '+1 day')"


_VISITS = ("FROM meetings_visit v JOIN indicators_unitplacement pl ON pl.unit_id = v.unit_id "
           "WHERE v.id {keys} AND v.attended")
_ASSIGNED_ON_DAY = ('EXISTS (SELECT 1 FROM meetings_assignment a WHERE a.cadre_id = v.cadre_id AND a.start <= v.date '
                    'AND (a."end" IS NULL OR a."end" >= v.date))')
_CADRE_VISITS = """FROM meetings_visit v
JOIN meetings_cadre c ON c.id = v.cadre_id
LEFT JOIN people_organization o ON o.id = c.organization_id
JOIN indicators_unitplacement pl ON pl.unit_id = c.unit_id
WHERE v.id {keys} AND v.attended AND """ + _ASSIGNED_ON_DAY

VISIT_SQL = "\nUNION ALL\n".join([
    fact_select(indicator="'MV-VISITS'", source="'visit'", ref="v.id", place="pl", org_kind="v.org_kind",
                category="v.cadre_level", day="v.date", value="1", from_=_VISITS),
    fact_select(indicator="'MV-MONTHLY-N'", source="'visit'", ref="v.id", place="pl",
                org_kind="COALESCE(o.kind, '')", category="c.level", entity="v.cadre_id", day="v.date", value="1",
                from_=_CADRE_VISITS),
])


def assigned_sql() -> str:
    """The union of each cadre's assignment intervals: +1 where it starts, −1 the day after it ends
    (as people's MB-HH-MEMBER does for households); ``day_after`` reads the database."""
    return fact_select(
        indicator="'MV-ASSIGNED'", source="'cadre'", ref="c.id", place="pl", org_kind="COALESCE(o.kind, '')",
        category="c.level", entity="c.id", day="run.day", value="CASE WHEN run.c > 0 THEN 1 ELSE -1 END",
        from_=f"""
FROM (
  SELECT n.cadre, n.day, n.d, SUM(n.d) OVER (PARTITION BY n.cadre ORDER BY n.day ROWS UNBOUNDED PRECEDING) AS c
  FROM (
    SELECT e.cadre, e.day, SUM(e.d) AS d FROM (
      SELECT a.cadre_id AS cadre, a.start AS day, 1 AS d FROM meetings_assignment a WHERE a.cadre_id {{keys}}
      UNION ALL
      SELECT a.cadre_id AS cadre, {day_after('a."end"')} AS day, -1 AS d
      FROM meetings_assignment a WHERE a.cadre_id {{keys}} AND a."end" IS NOT NULL
    ) e GROUP BY e.cadre, e.day
  ) n
) run
JOIN meetings_cadre c ON c.id = run.cadre
LEFT JOIN people_organization o ON o.id = c.organization_id
JOIN indicators_unitplacement pl ON pl.unit_id = c.unit_id
WHERE (run.c > 0 AND run.c - run.d <= 0) OR (run.c <= 0 AND run.c - run.d > 0)""")


HORIZON_YEARS = 1  # an open assignment's MV-ASSIGNED-IN months run to the end of this many years after today


def _month_sql() -> tuple[str, str, str]:
    """SQL (first of the month of ``{x}``, the month after month ``{x}``, the later of two days), per database."""
    if connection.vendor == "postgresql":
        return ("CAST(date_trunc('month', {x}) AS date)", "CAST({x} + INTERVAL '1 month' AS date)", "GREATEST")
    return "date({x}, 'start of month')", "date({x}, '+1 month')", "MAX"


def assigned_in_sql() -> str:
    """MV-ASSIGNED-IN: one fact per cadre and month an assignment covers (recursive months per
    assignment), on the month's first day or the earliest start within it."""
    first, following, later = _month_sql()
    horizon = dt.date(dt.date.today().year + HORIZON_YEARS, 12, 31).isoformat()
    horizon = f"DATE '{horizon}'" if connection.vendor == "postgresql" else f"'{horizon}'"
    return fact_select(
        indicator="'MV-ASSIGNED-IN'", source="'cadre'", ref="c.id", place="pl", org_kind="COALESCE(o.kind, '')",
        category="c.level", entity="c.id", day="cm.day", value="1",
        from_=f"""
FROM (
  SELECT m.cadre, MIN({later}(m.month, m.start)) AS day
  FROM (
    WITH RECURSIVE months(cadre, start, stop, month) AS (
      SELECT a.cadre_id, a.start, COALESCE(a."end", {horizon}), {first.format(x="a.start")}
      FROM meetings_assignment a WHERE a.cadre_id {{keys}}
      UNION ALL
      SELECT cadre, start, stop, {following.format(x="month")} FROM months
      WHERE {following.format(x="month")} <= stop
    )
    SELECT cadre, start, month FROM months
  ) m GROUP BY m.cadre, m.month
) cm
JOIN meetings_cadre c ON c.id = cm.cadre
LEFT JOIN people_organization o ON o.id = c.organization_id
JOIN indicators_unitplacement pl ON pl.unit_id = c.unit_id""")


def cadre_sql() -> str:
    """The cadre source: MV-ASSIGNED and MV-ASSIGNED-IN."""
    return assigned_sql() + "\nUNION ALL\n" + assigned_in_sql()


_MEETINGS = ("FROM meetings_meeting m JOIN indicators_unitplacement pl ON pl.unit_id = m.unit_id "
             "WHERE m.id {keys}")
_RECORDED = " AND m.attendance IS NOT NULL AND m.members IS NOT NULL AND m.members > 0"


def _meeting(indicator: str, value: str, where: str = "") -> str:
    return fact_select(indicator=f"'{indicator}'", source="'meeting'", ref="m.id", place="pl",
                       org_kind="m.org_kind", day="m.date", value=value, from_=_MEETINGS + where)


MEETING_SQL = "\nUNION ALL\n".join([
    _meeting("MV-HELD", "1"),
    _meeting("MV-PARTY", "m.party_admissions", " AND m.party_admissions > 0"),
    _meeting("MV-ATTEND-N", "m.attendance", _RECORDED),
    _meeting("MV-ATTEND-OF", "m.members", _RECORDED),
])


def _visits_of_cadre(item: Any) -> list[int]:
    """Before an assignment's delete: its cadre's visits (whether they count depends on it)."""
    return list(Visit.objects.filter(cadre_id=item.cadre_id).values_list("id", flat=True))


# The cadre source first: it places the cadres' units, which MV-MONTHLY-N (of the visit source)
# joins (a source's own refresh only places its table's units).
register_source(FactSource(
    name="cadre", table="meetings_cadre", indicators=("MV-ASSIGNED", "MV-ASSIGNED-IN"), sql=cadre_sql,
    depends={"meetings.Assignment": ["SELECT cadre_id FROM meetings_assignment WHERE id {keys}"]},
    on_delete={"meetings.Assignment": lambda item: [item.cadre_id]},
))
register_source(FactSource(
    name="visit", table="meetings_visit", indicators=("MV-VISITS", "MV-MONTHLY-N"), sql=VISIT_SQL,
    depends={
        "meetings.Assignment": ["SELECT v.id FROM meetings_visit v JOIN meetings_assignment a "
                                "ON a.cadre_id = v.cadre_id WHERE a.id {keys}"],
        "meetings.Cadre": ["SELECT id FROM meetings_visit WHERE cadre_id {keys}"],
    },
    on_delete={"meetings.Assignment": _visits_of_cadre},
))
register_source(FactSource(
    name="meeting", table="meetings_meeting", indicators=("MV-HELD", "MV-PARTY", "MV-ATTEND-N", "MV-ATTEND-OF"),
    sql=MEETING_SQL,
))
