# ruff: noqa: S608 — constant SQL built from code; {keys} is an integer predicate (ledger.keys_in)
"""The registers' indicators and how their records become facts (see danvan.indicators.ledger).

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
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.indicators.catalog import Indicator, Over, Time, declare, register_source
from danvan.indicators.ledger import EARLY, PLACE, FactSource, sql_year_start

from .models import Membership

G_REGISTERS = _("Tổ chức, đoàn viên, hội viên")
G_HOUSEHOLDS = pgettext_lazy("plural", "Hộ gia đình")

declare(
    Indicator("MB-MEMBERS", _("Đoàn viên, hội viên"), _("người"), Time.STOCK, dims=("org", "sex", "age"),
              group=G_REGISTERS, headline=True, app="people"),
    Indicator("MB-BRANCHES", _("Chi hội, chi đoàn ở thôn, ấp, khu vực"), _("chi hội"), Time.STOCK,
              dims=("org",), group=G_REGISTERS, headline=True, app="people"),
    Indicator("MV-REGULAR-N", _("Đoàn viên, hội viên sinh hoạt thường xuyên"), _("người"), Time.STOCK,
              dims=("org", "sex", "age"), group=G_REGISTERS, app="people"),
    Indicator("MV-REGULAR", _("Tỷ lệ đoàn viên, hội viên sinh hoạt thường xuyên"), "%", Time.RATIO,
              numerator="MV-REGULAR-N", denominator="MB-MEMBERS", dims=("org", "sex", "age"),
              group=G_REGISTERS, headline=True, app="people"),
    Indicator("MB-HOUSEHOLDS", pgettext_lazy("plural", "Hộ gia đình"), _("hộ"), Time.STOCK, group=G_HOUSEHOLDS, app="people"),
    Indicator("MB-HH-MEMBER", _("Hộ có đoàn viên, hội viên"), _("hộ"), Time.STOCK, Over.DISTINCT,
              group=G_HOUSEHOLDS, app="people"),
    Indicator("MB-HH-COVER", _("Tỷ lệ hộ có đoàn viên, hội viên"), "%", Time.RATIO, numerator="MB-HH-MEMBER",
              denominator="MB-HOUSEHOLDS", group=G_HOUSEHOLDS, headline=True, app="people"),
    Indicator("HH-POVERTY", _("Hộ đã rà soát theo tình trạng nghèo"), _("hộ"), Time.STOCK, dims=("poverty",),
              group=G_HOUSEHOLDS, app="people"),
    Indicator("HH-POOR", pgettext_lazy("plural", "Hộ nghèo"), _("hộ"), Time.STOCK, base="HH-POVERTY", base_filter=("poverty", "poor"),
              group=G_HOUSEHOLDS, headline=True, app="people"),
    Indicator("HH-NEAR-POOR", pgettext_lazy("plural", "Hộ cận nghèo"), _("hộ"), Time.STOCK, base="HH-POVERTY",
              base_filter=("poverty", "near_poor"), group=G_HOUSEHOLDS, app="people"),
)

_FROM_MEMBERSHIP = """
FROM people_membership m
JOIN people_person p ON p.id = m.person_id
JOIN indicators_unitplacement pl ON pl.unit_id = m.unit_id
WHERE m.id {keys}"""

_MEMBER_ROW = f"'membership', m.id, {PLACE}, m.org_kind, p.sex, p.birth_year, '', '', p.household_id"

MEMBERSHIP_SQL = f"""
SELECT 'MB-MEMBERS', {_MEMBER_ROW}, COALESCE(m.joined, '{EARLY}'), 1 {_FROM_MEMBERSHIP}
UNION ALL
SELECT 'MB-MEMBERS', {_MEMBER_ROW}, m."left", -1 {_FROM_MEMBERSHIP} AND m."left" IS NOT NULL
UNION ALL
SELECT 'MV-REGULAR-N', {_MEMBER_ROW}, COALESCE(m.joined, '{EARLY}'), 1 {_FROM_MEMBERSHIP} AND m.attends_regularly
UNION ALL
SELECT 'MV-REGULAR-N', {_MEMBER_ROW}, m."left", -1 {_FROM_MEMBERSHIP}
  AND m.attends_regularly AND m."left" IS NOT NULL
"""

_NONE = "'', CAST(NULL AS INTEGER)"  # sex, birth_year

BRANCH_SQL = f"""
SELECT 'MB-BRANCHES', 'branch', b.id, {PLACE}, b.org_kind, {_NONE}, '', '', CAST(NULL AS BIGINT),
       COALESCE(b.founded, '{EARLY}'), 1
FROM people_branch b JOIN indicators_unitplacement pl ON pl.unit_id = b.unit_id WHERE b.id {{keys}}
UNION ALL
SELECT 'MB-BRANCHES', 'branch', b.id, {PLACE}, b.org_kind, {_NONE}, '', '', CAST(NULL AS BIGINT), b.dissolved, -1
FROM people_branch b JOIN indicators_unitplacement pl ON pl.unit_id = b.unit_id
WHERE b.id {{keys}} AND b.dissolved IS NOT NULL
"""


def household_sql() -> str:
    start = sql_year_start("x.year")
    next_start = sql_year_start("x.next_year")
    reviews = """(SELECT r.household_id, r.status, r.year,
                   LEAD(r.year) OVER (PARTITION BY r.household_id ORDER BY r.year) AS next_year
            FROM people_householdpoverty r WHERE r.household_id {keys}) x
      JOIN people_household h ON h.id = x.household_id
      JOIN indicators_unitplacement pl ON pl.unit_id = h.unit_id"""
    return f"""
SELECT 'MB-HOUSEHOLDS', 'household', h.id, {PLACE}, '', {_NONE}, '', '', h.id, '{EARLY}', 1
FROM people_household h JOIN indicators_unitplacement pl ON pl.unit_id = h.unit_id WHERE h.id {{keys}}
UNION ALL
SELECT 'HH-POVERTY', 'household', h.id, {PLACE}, '', {_NONE}, x.status, '', h.id, {start}, 1
FROM {reviews}
UNION ALL
SELECT 'HH-POVERTY', 'household', h.id, {PLACE}, '', {_NONE}, x.status, '', h.id, {next_start}, -1
FROM {reviews} WHERE x.next_year IS NOT NULL
"""


# Union of the residents' membership intervals per household (see the module docstring).
HH_COVER_SQL = f"""
SELECT 'MB-HH-MEMBER', 'hh_cover', h.id, {PLACE}, '', {_NONE}, '', '', h.id, run.day,
       CASE WHEN run.c > 0 THEN 1 ELSE -1 END
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
"""


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
