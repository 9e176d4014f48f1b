# ruff: noqa: S608 — constant SQL built from code; {keys} is an integer predicate (ledger.keys_in)
"""The registers' indicators, how their records become facts, and how reports present them.

Facts (see danvan.indicators.ledger):

- MB-MEMBERS, MV-REGULAR-N: one stock per membership, +1 on joining (1900-01-01 when unknown),
  -1 on the day it ends (``left`` is the first day no longer a member); broken down by
  organization kind, sex and birth year (age groups are computed for the report's end day).
  ``attends_regularly`` has no history: it applies over the whole membership.
  A person in two organizations counts twice, as the seeds count "đoàn viên, hội viên".
- MB-BRANCHES: one stock per branch, from ``founded`` (or the early date) to ``dissolved``.
- MB-HOUSEHOLDS: one stock per household; HH-POVERTY: the household's status from 1 January of
  each review year until the next review.
- MB-HH-MEMBER (households with at least one member) is a distinct count. It is stored per
  household as the union of its residents' membership intervals: +1 when the household's count
  of active memberships rises from 0, -1 when it falls back to 0. A household lies in one
  village, so these facts add up over units and time without double counting.

Household facts carry no organization kind: they are area-wide (``area_wide=True``), and a user
limited to one organization kind is told so.

Presentation: the breakdown dimensions (organization, sex, poverty), the register lists behind
the figures, the dashboard's cards, table and charts, the report's narrative section
(``people.narrative``) and the report benchmark's baselines (``people.bench``).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.indicators.catalog import (
    Chart,
    Dimension,
    Indicator,
    Over,
    Time,
    declare,
    register_benchmark,
    register_dashboard,
    register_dimension,
    register_record_link,
    register_section,
    register_source,
)
from danvan.indicators.ledger import EARLY, FactSource, fact_select, sql_year_start

from . import narrative
from .choices import OrgKind, PovertyStatus, Sex
from .models import Membership

G_REGISTERS = _("Tổ chức, đoàn viên, hội viên")
G_HOUSEHOLDS = pgettext_lazy("plural", "Hộ gia đình")

INDICATORS = (
    Indicator("MB-MEMBERS", _("Đoàn viên, hội viên"), _("người"), Time.STOCK, dims=("org", "sex", "age"),
              group=G_REGISTERS, headline=True, app="people"),
    Indicator("MB-BRANCHES", _("Chi hội, chi đoàn ở thôn, ấp, khu vực"), _("chi hội"), Time.STOCK,
              dims=("org",), group=G_REGISTERS, headline=True, app="people"),
    Indicator("MV-REGULAR-N", _("Đoàn viên, hội viên sinh hoạt thường xuyên"), _("người"), Time.STOCK,
              dims=("org", "sex", "age"), group=G_REGISTERS, app="people"),
    Indicator("MV-REGULAR", _("Tỷ lệ đoàn viên, hội viên sinh hoạt thường xuyên"), "%", Time.RATIO,
              numerator="MV-REGULAR-N", denominator="MB-MEMBERS", dims=("org", "sex", "age"),
              group=G_REGISTERS, headline=True, app="people"),
    Indicator("MB-HOUSEHOLDS", pgettext_lazy("plural", "Hộ gia đình"), _("hộ"), Time.STOCK, group=G_HOUSEHOLDS,
              app="people", area_wide=True),
    Indicator("MB-HH-MEMBER", _("Hộ có đoàn viên, hội viên"), _("hộ"), Time.STOCK, Over.DISTINCT,
              group=G_HOUSEHOLDS, app="people", area_wide=True),
    Indicator("MB-HH-COVER", _("Tỷ lệ hộ có đoàn viên, hội viên"), "%", Time.RATIO, numerator="MB-HH-MEMBER",
              denominator="MB-HOUSEHOLDS", group=G_HOUSEHOLDS, headline=True, app="people", area_wide=True),
    Indicator("HH-POVERTY", _("Hộ đã rà soát theo tình trạng nghèo"), _("hộ"), Time.STOCK, dims=("poverty",),
              group=G_HOUSEHOLDS, app="people", area_wide=True),
    Indicator("HH-POOR", pgettext_lazy("plural", "Hộ nghèo"), _("hộ"), Time.STOCK, base="HH-POVERTY",
              base_filter=("poverty", "poor"), group=G_HOUSEHOLDS, headline=True, app="people", area_wide=True),
    Indicator("HH-NEAR-POOR", pgettext_lazy("plural", "Hộ cận nghèo"), _("hộ"), Time.STOCK, base="HH-POVERTY",
              base_filter=("poverty", "near_poor"), group=G_HOUSEHOLDS, app="people", area_wide=True),
)
declare(*INDICATORS)

# ---------------------------------------------------------------- presentation
register_dimension(
    Dimension("org", _("Theo tổ chức"), "org_kind", lambda: OrgKind.choices, order=10),
    Dimension("sex", _("Theo giới tính"), "sex", lambda: Sex.choices, order=20),
    Dimension("poverty", _("Theo tình trạng nghèo"), "poverty", lambda: PovertyStatus.choices, order=40),
)

# The register list behind each figure (its current records), and its filters by dimension.
_MEMBERS, _BRANCHES, _HOUSEHOLDS = "people:membership_list", "people:branch_list", "people:household_list"
_MEMBER_FILTERS = {"org": "org_kind", "sex": "sex"}
_REGULAR = {"active": "true", "attends_regularly": "true"}
register_record_link("MB-MEMBERS", _MEMBERS, {"active": "true"}, filters=_MEMBER_FILTERS)
register_record_link("MV-REGULAR-N", _MEMBERS, _REGULAR, filters=_MEMBER_FILTERS)
register_record_link("MV-REGULAR", _MEMBERS, _REGULAR, filters=_MEMBER_FILTERS)
register_record_link("MB-BRANCHES", _BRANCHES, filters={"org": "org_kind"})
for _code in ("MB-HOUSEHOLDS", "MB-HH-MEMBER", "MB-HH-COVER", "HH-POVERTY"):
    register_record_link(_code, _HOUSEHOLDS, filters={"poverty": "poverty"})
register_record_link("HH-POOR", _HOUSEHOLDS, {"poverty": "poor"})
register_record_link("HH-NEAR-POOR", _HOUSEHOLDS, {"poverty": "near_poor"})

register_dashboard(
    headline=["MB-MEMBERS", "MB-BRANCHES", "MB-HH-COVER", "MV-REGULAR", "HH-POOR"],
    table=["MB-MEMBERS", "MB-BRANCHES", "MV-REGULAR", "MB-HOUSEHOLDS", "MB-HH-MEMBER", "MB-HH-COVER", "HH-POOR"],
    charts=[
        Chart("child", ("MB-MEMBERS", "MV-REGULAR-N"), _("Đoàn viên, hội viên theo đơn vị"),
              labels=(_("Đoàn viên, hội viên"), _("Sinh hoạt thường xuyên"))),
        Chart("org", ("MB-MEMBERS",), _("Đoàn viên, hội viên theo tổ chức"), kind="doughnut",
              labels=(_("Đoàn viên, hội viên"),)),
    ],
)

register_section(narrative.registers, covers=[i.code for i in INDICATORS], needs=("org",),
                 heading=_("TÌNH HÌNH TỔ CHỨC, TẬP HỢP ĐOÀN VIÊN, HỘI VIÊN"))
register_benchmark("danvan.people.bench")

# ---------------------------------------------------------------- fact sources
_FROM_MEMBERSHIP = """
FROM people_membership m
JOIN people_person p ON p.id = m.person_id
JOIN indicators_unitplacement pl ON pl.unit_id = m.unit_id
WHERE m.id {keys}"""
_JOINED, _LEFT = f"COALESCE(m.joined, '{EARLY}')", 'm."left"'


def _membership(indicator: str, day: str, value: str, where: str = "") -> str:
    return fact_select(
        indicator=f"'{indicator}'", source="'membership'", ref="m.id", place="pl", org_kind="m.org_kind",
        sex="p.sex", birth_year="p.birth_year", entity="p.household_id", day=day, value=value,
        from_=_FROM_MEMBERSHIP + where,
    )


MEMBERSHIP_SQL = "\nUNION ALL\n".join([
    _membership("MB-MEMBERS", _JOINED, "1"),
    _membership("MB-MEMBERS", _LEFT, "-1", ' AND m."left" IS NOT NULL'),
    _membership("MV-REGULAR-N", _JOINED, "1", " AND m.attends_regularly"),
    _membership("MV-REGULAR-N", _LEFT, "-1", ' AND m.attends_regularly AND m."left" IS NOT NULL'),
])

_FROM_BRANCH = "FROM people_branch b JOIN indicators_unitplacement pl ON pl.unit_id = b.unit_id WHERE b.id {keys}"


def _branch(day: str, value: str, where: str = "") -> str:
    return fact_select(indicator="'MB-BRANCHES'", source="'branch'", ref="b.id", place="pl", org_kind="b.org_kind",
                       day=day, value=value, from_=_FROM_BRANCH + where)


BRANCH_SQL = "\nUNION ALL\n".join([
    _branch(f"COALESCE(b.founded, '{EARLY}')", "1"),
    _branch("b.dissolved", "-1", " AND b.dissolved IS NOT NULL"),
])


def household_sql() -> str:
    reviews = """FROM (SELECT r.household_id, r.status, r.year,
                   LEAD(r.year) OVER (PARTITION BY r.household_id ORDER BY r.year) AS next_year
            FROM people_householdpoverty r WHERE r.household_id {keys}) x
      JOIN people_household h ON h.id = x.household_id
      JOIN indicators_unitplacement pl ON pl.unit_id = h.unit_id"""
    common = {"source": "'household'", "ref": "h.id", "place": "pl", "entity": "h.id"}
    return "\nUNION ALL\n".join([
        fact_select(indicator="'MB-HOUSEHOLDS'", day=f"'{EARLY}'", value="1", **common,
                    from_="FROM people_household h JOIN indicators_unitplacement pl ON pl.unit_id = h.unit_id "
                          "WHERE h.id {keys}"),
        fact_select(indicator="'HH-POVERTY'", poverty="x.status", day=sql_year_start("x.year"), value="1",
                    **common, from_=reviews),
        fact_select(indicator="'HH-POVERTY'", poverty="x.status", day=sql_year_start("x.next_year"), value="-1",
                    **common, from_=reviews + " WHERE x.next_year IS NOT NULL"),
    ])


# Union of the residents' membership intervals per household (see the module docstring).
HH_COVER_SQL = fact_select(
    indicator="'MB-HH-MEMBER'", source="'hh_cover'", ref="h.id", place="pl", entity="h.id", day="run.day",
    value="CASE WHEN run.c > 0 THEN 1 ELSE -1 END",
    from_=f"""
FROM (
  SELECT n.hh, n.day, n.d, SUM(n.d) OVER (PARTITION BY n.hh ORDER BY n.day ROWS UNBOUNDED PRECEDING) AS c
  FROM (
    SELECT e.hh, e.day, SUM(e.d) AS d FROM (
      SELECT p.household_id AS hh, COALESCE(m.joined, '{EARLY}') AS day, 1 AS d
      FROM people_membership m JOIN people_person p ON p.id = m.person_id WHERE p.household_id {{keys}}
      UNION ALL
      SELECT p.household_id AS hh, m."left" AS day, -1 AS d
      FROM people_membership m JOIN people_person p ON p.id = m.person_id
      WHERE p.household_id {{keys}} AND m."left" IS NOT NULL
    ) e GROUP BY e.hh, e.day
  ) n
) run
JOIN people_household h ON h.id = run.hh
JOIN indicators_unitplacement pl ON pl.unit_id = h.unit_id
WHERE (run.c > 0 AND run.c - run.d <= 0) OR (run.c <= 0 AND run.c - run.d > 0)
""")


def _resident_memberships(household: object) -> list[int]:
    # Called before the delete: residents still point at the household.
    return list(Membership.objects.filter(person__household_id=household.pk).values_list("id", flat=True))


register_source(FactSource(
    name="membership", table="people_membership", indicators=("MB-MEMBERS", "MV-REGULAR-N"),
    sql=MEMBERSHIP_SQL,
    depends={"people.Person": ["SELECT id FROM people_membership WHERE person_id {keys}"]},
    on_delete={"people.Household": _resident_memberships},
))
register_source(FactSource(
    name="branch", table="people_branch", indicators=("MB-BRANCHES",), sql=BRANCH_SQL,
))
register_source(FactSource(
    name="household", table="people_household", indicators=("MB-HOUSEHOLDS", "HH-POVERTY"), sql=household_sql,
    depends={"people.HouseholdPoverty": ["SELECT household_id FROM people_householdpoverty WHERE id {keys}"]},
    on_delete={"people.HouseholdPoverty": lambda review: [review.household_id]},
))
register_source(FactSource(
    name="hh_cover", table="people_household", indicators=("MB-HH-MEMBER",), sql=HH_COVER_SQL,
    depends={
        # The member's household now, and the one their facts recorded before the change.
        "people.Membership": [
            "SELECT p.household_id FROM people_membership m JOIN people_person p ON p.id = m.person_id "
            "WHERE m.id {keys}",
            "SELECT entity FROM indicators_fact WHERE source = 'membership' AND ref {keys}",
        ],
        "people.Person": [
            "SELECT household_id FROM people_person WHERE id {keys}",
            "SELECT f.entity FROM indicators_fact f WHERE f.source = 'membership' AND f.ref IN "
            "(SELECT id FROM people_membership WHERE person_id {keys})",
        ],
    },
))
