# ruff: noqa: S608 — constant SQL built from code; {keys} is an integer predicate (ledger.keys_in)
"""Indicators of campaigns: works, the people's contributions, poverty exits, training and
commendations; how the records become facts and how reports present them.

Facts (``danvan.indicators.ledger``), all flows, each carrying the record's organization kind:

- Works count once, in the period they are handed over (state ``handed_over``, fact day =
  ``handed_over``): a work started in one period and handed over in the next counts in the next.
  The three families are disjoint (seed 002 lists houses, scholarships and works side by side):
  WK-HOUSE 1 per house, ``category`` = house kind, WK-HOUSE-VND its value; WK-SCHOLAR the
  ``quantity`` of scholarship works, WK-SCHOLAR-VND their value; WK-WORKS the ``quantity`` of every
  other work (roads, bridges, …), ``category`` = work kind, WK-WORKS-VND their value.
- WK-POVERTY: a household helped (``PovertyHelp`` of year Y) that left poverty: its review of Y-1
  found it poor or near-poor, the review of Y found it not poor, and the review of Y+1, if there is
  one, did not find it poor or near-poor again (an exit undone by the next review does not count).
  Fact day = 1 January of Y (a review's status applies from 1 January of its year, as HH-POVERTY);
  ``entity`` = the household, counted once however many organizations helped it.
- CT-CASH / CT-LABOR / CT-LAND: per contribution on its day, its cash (VND), labor-days and m² of
  land (zero amounts give no fact); ``category`` = contributor type.
- TR-COUNT: 1 per course on its first day; TR-TRAINEES: its trainees, the larger of the counted
  number and the named trainees; ``category`` = the course's level (its unit's: province, commune).
- AW-COUNT: 1 per commendation on its day, ``category`` = form; AW-LEVEL: the same, ``category`` =
  the issuing level.

``category`` carries a different key per indicator; each breakdown (``housekind``, ``workkind``,
``ctwho``, ``trlevel``, ``awform``, ``awlevel``) is listed only by the indicators that declare it.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from danvan.indicators.catalog import G_OTHER, Chart, Dimension, Indicator, Over, Time, registry
from danvan.indicators.ledger import FactSource, fact_select, sql_year_start

from . import narrative
from .choices import CommendationForm, ContributorType, HouseKind, IssuerLevel, WorkKind, WorkState
from .models import PovertyHelp

G_CONTRIB = _("Đóng góp của Nhân dân")
G_WORKS = _("Công trình, phần việc, an sinh xã hội")

_WORK = {"time": Time.FLOW, "group": G_WORKS, "app": "campaigns"}
_CONTRIB = {"time": Time.FLOW, "dims": ("ctwho", "org"), "group": G_CONTRIB, "app": "campaigns"}
_OTHER = {"time": Time.FLOW, "group": G_OTHER, "app": "campaigns"}
_HOUSES = ("housekind", "org")
_WORKS = ("workkind", "org")

INDICATORS = (
    Indicator("WK-HOUSE", _("Nhà đại đoàn kết, tình nghĩa, nhân ái… xây dựng, sửa chữa"), _("căn"), dims=_HOUSES,
              description=_("Nhà đã bàn giao trong kỳ"), **_WORK),
    Indicator("WK-HOUSE-VND", _("Trị giá nhà xây dựng, sửa chữa"), _("đồng"), dims=_HOUSES, **_WORK),
    Indicator("WK-SCHOLAR", _("Suất học bổng"), _("suất"), dims=("org",), **_WORK),
    Indicator("WK-SCHOLAR-VND", _("Trị giá học bổng"), _("đồng"), dims=("org",), **_WORK),
    Indicator("WK-WORKS", _("Công trình, phần việc"), _("công trình"), dims=_WORKS,
              description=_("Công trình, phần việc khác (không kể nhà ở và học bổng) đã bàn giao trong kỳ"), **_WORK),
    Indicator("WK-WORKS-VND", _("Trị giá công trình, phần việc"), _("đồng"), dims=_WORKS, **_WORK),
    Indicator("WK-POVERTY", _("Hộ đoàn viên, hội viên được giúp thoát nghèo"), _("hộ"), over=Over.DISTINCT,
              dims=("org",), description=_("Hộ được giúp đỡ đã thoát nghèo theo kết quả rà soát (mỗi hộ tính một lần)"),
              **_WORK),
    Indicator("CT-CASH", _("Nhân dân đóng góp bằng tiền"), _("đồng"), **_CONTRIB),
    Indicator("CT-LABOR", _("Nhân dân đóng góp ngày công"), _("ngày công"), **_CONTRIB),
    Indicator("CT-LAND", _("Nhân dân hiến đất"), "m²", **_CONTRIB),
    Indicator("TR-COUNT", _("Lớp tập huấn, bồi dưỡng"), _("lớp"), dims=("trlevel", "org"), **_OTHER),
    Indicator("TR-TRAINEES", _("Lượt học viên tập huấn"), _("lượt người"), dims=("trlevel", "org"), **_OTHER),
    Indicator("AW-COUNT", _("Tập thể, cá nhân được khen thưởng"), _("lượt"), dims=("awform", "org"), **_OTHER),
    Indicator("AW-LEVEL", _("Tập thể, cá nhân được khen thưởng theo cấp khen"), _("lượt"), dims=("awlevel", "org"),
              **_OTHER),
)
registry.declare(*INDICATORS)

# ---------------------------------------------------------------- presentation
registry.register_dimension(
    Dimension("housekind", _("Theo loại nhà"), "category", lambda: HouseKind.choices, order=63),
    Dimension("workkind", _("Theo loại công trình, phần việc"), "category",
              lambda: [(k, v) for k, v in WorkKind.choices if k not in (WorkKind.HOUSE, WorkKind.SCHOLARSHIP)],
              order=64),
    Dimension("ctwho", _("Theo người đóng góp"), "category", lambda: ContributorType.choices, order=65),
    Dimension("trlevel", _("Theo cấp mở lớp"), "category", lambda: IssuerLevel.choices, order=66),
    Dimension("awform", _("Theo hình thức khen thưởng"), "category", lambda: CommendationForm.choices, order=67),
    Dimension("awlevel", _("Theo cấp khen thưởng"), "category", lambda: IssuerLevel.choices, order=68),
)

_WORK_LIST = "campaigns:work_list"
_DONE = {"state": WorkState.HANDED_OVER.value}
_ORG = {"org": "org_kind"}
for _code in ("WK-HOUSE", "WK-HOUSE-VND"):
    registry.register_record_link(_code, _WORK_LIST, {**_DONE, "kind": WorkKind.HOUSE.value},
                                  filters={"housekind": "house_kind", **_ORG})
for _code in ("WK-SCHOLAR", "WK-SCHOLAR-VND"):
    registry.register_record_link(_code, _WORK_LIST, {**_DONE, "kind": WorkKind.SCHOLARSHIP.value}, filters=_ORG)
for _code in ("WK-WORKS", "WK-WORKS-VND"):
    # Unfiltered, the list shows every handed-over work (houses and scholarships too); a row of the
    # work-kind breakdown narrows it to its kind.
    registry.register_record_link(_code, _WORK_LIST, _DONE, filters={"workkind": "kind", **_ORG})
registry.register_record_link("WK-POVERTY", "campaigns:povertyhelp_list", {"exited": "true"}, filters=_ORG)
for _code, _param in (("CT-CASH", "has_cash"), ("CT-LABOR", "has_labor"), ("CT-LAND", "has_land")):
    registry.register_record_link(_code, "campaigns:contribution_list", {_param: "true"},
                                  filters={"ctwho": "contributor_type", **_ORG})
for _code in ("TR-COUNT", "TR-TRAINEES"):
    registry.register_record_link(_code, "campaigns:trainingcourse_list", filters=_ORG)
registry.register_record_link("AW-COUNT", "campaigns:commendation_list", filters={"awform": "form", **_ORG})
registry.register_record_link("AW-LEVEL", "campaigns:commendation_list", filters={"awlevel": "issuer_level", **_ORG})

registry.register_dashboard(
    table=["WK-HOUSE", "WK-SCHOLAR", "WK-WORKS", "WK-POVERTY", "CT-CASH"],
    charts=[Chart("housekind", ("WK-HOUSE",), _("Nhà xây dựng, sửa chữa theo loại nhà"),
                  labels=(_("Nhà đã bàn giao"),))],
)
registry.register_section(narrative.campaigns, covers=[i.code for i in INDICATORS], needs=("housekind", "awform"),
                          heading=_("KẾT QUẢ CÁC PHONG TRÀO THI ĐUA, CUỘC VẬN ĐỘNG"))

# ---------------------------------------------------------------- fact sources
_HANDED_OVER = (f"FROM campaigns_work w JOIN indicators_unitplacement pl ON pl.unit_id = w.unit_id "
                f"WHERE w.id {{keys}} AND w.state = '{WorkState.HANDED_OVER.value}' AND w.handed_over IS NOT NULL")
_HOUSE = f"w.kind = '{WorkKind.HOUSE.value}'"
_SCHOLAR = f"w.kind = '{WorkKind.SCHOLARSHIP.value}'"


def _work(indicator: str, value: str, where: str, category: str = "''") -> str:
    return fact_select(indicator=f"'{indicator}'", source="'work'", ref="w.id", place="pl", org_kind="w.org_kind",
                       category=category, day="w.handed_over", value=value, from_=f"{_HANDED_OVER} AND {where}")


_VALUED = " AND w.value_vnd > 0"
WORK_CODES = ("WK-HOUSE", "WK-HOUSE-VND", "WK-SCHOLAR", "WK-SCHOLAR-VND", "WK-WORKS", "WK-WORKS-VND")
WORK_SQL = "\nUNION ALL\n".join([
    _work("WK-HOUSE", "1", _HOUSE, "w.house_kind"),
    _work("WK-HOUSE-VND", "w.value_vnd", _HOUSE + _VALUED, "w.house_kind"),
    _work("WK-SCHOLAR", "w.quantity", _SCHOLAR),
    _work("WK-SCHOLAR-VND", "w.value_vnd", _SCHOLAR + _VALUED),
    _work("WK-WORKS", "w.quantity", f"NOT ({_HOUSE} OR {_SCHOLAR})", "w.kind"),
    _work("WK-WORKS-VND", "w.value_vnd", f"NOT ({_HOUSE} OR {_SCHOLAR}){_VALUED}", "w.kind"),
])

_POOR = "('poor', 'near_poor')"


def poverty_sql() -> str:
    """Helped households whose exit the reviews confirm (``sql_year_start`` reads the database)."""
    return fact_select(
        indicator="'WK-POVERTY'", source="'poverty_help'", ref="p.id", place="pl", org_kind="p.org_kind",
        entity="p.household_id", day=sql_year_start("p.year"), value="1",
        from_=f"""FROM campaigns_povertyhelp p
JOIN people_householdpoverty r0 ON r0.household_id = p.household_id AND r0.year = p.year - 1
     AND r0.status IN {_POOR}
JOIN people_householdpoverty r1 ON r1.household_id = p.household_id AND r1.year = p.year
     AND r1.status = 'none'
LEFT JOIN people_householdpoverty r2 ON r2.household_id = p.household_id AND r2.year = p.year + 1
JOIN indicators_unitplacement pl ON pl.unit_id = p.unit_id
WHERE p.id {{keys}} AND (r2.id IS NULL OR r2.status NOT IN {_POOR})""")


_CONTRIBUTIONS = ("FROM campaigns_contribution c JOIN indicators_unitplacement pl ON pl.unit_id = c.unit_id "
                  "WHERE c.id {keys}")


def _contribution(indicator: str, column: str) -> str:
    return fact_select(indicator=f"'{indicator}'", source="'contribution'", ref="c.id", place="pl",
                       org_kind="c.org_kind", category="c.contributor_type", day="c.day", value=f"c.{column}",
                       from_=f"{_CONTRIBUTIONS} AND c.{column} > 0")


CONTRIBUTION_SQL = "\nUNION ALL\n".join([
    _contribution("CT-CASH", "cash_vnd"), _contribution("CT-LABOR", "labor_days"), _contribution("CT-LAND", "land_m2"),
])

# A course's level: its unit's (the country's courses are central ones).
_COURSE_LEVEL = ("CASE u.level WHEN 0 THEN 'central' WHEN 1 THEN 'province' WHEN 3 THEN 'commune' ELSE '' END")
_COURSES = """FROM campaigns_trainingcourse t
JOIN geo_adminunit u ON u.id = t.unit_id
JOIN indicators_unitplacement pl ON pl.unit_id = t.unit_id
LEFT JOIN (SELECT course_id, COUNT(*) AS n FROM campaigns_trainee WHERE course_id {keys} GROUP BY course_id) k
     ON k.course_id = t.id
WHERE t.id {keys}"""
_TRAINEES = "CASE WHEN COALESCE(k.n, 0) > t.trainee_count THEN k.n ELSE t.trainee_count END"


def _course(indicator: str, value: str, where: str = "") -> str:
    return fact_select(indicator=f"'{indicator}'", source="'course'", ref="t.id", place="pl", org_kind="t.org_kind",
                       category=_COURSE_LEVEL, day="t.start", value=value, from_=_COURSES + where)


COURSE_SQL = "\nUNION ALL\n".join([
    _course("TR-COUNT", "1"),
    _course("TR-TRAINEES", _TRAINEES, f" AND {_TRAINEES} > 0"),
])

_COMMENDATIONS = ("FROM campaigns_commendation m JOIN indicators_unitplacement pl ON pl.unit_id = m.unit_id "
                  "WHERE m.id {keys}")


def _commendation(indicator: str, category: str) -> str:
    return fact_select(indicator=f"'{indicator}'", source="'commendation'", ref="m.id", place="pl",
                       org_kind="m.org_kind", category=category, day="m.day", value="1", from_=_COMMENDATIONS)


COMMENDATION_SQL = "\nUNION ALL\n".join([_commendation("AW-COUNT", "m.form"),
                                         _commendation("AW-LEVEL", "m.issuer_level")])


def _helps_of(review: Any) -> list[int]:
    """Before a review's delete: the helps of its household."""
    return list(PovertyHelp.objects.filter(household_id=review.household_id).values_list("id", flat=True))


registry.register_source(FactSource(
    name="work", table="campaigns_work", indicators=WORK_CODES,
    sql=WORK_SQL,
))
registry.register_source(FactSource(
    name="poverty_help", table="campaigns_povertyhelp", indicators=("WK-POVERTY",), sql=poverty_sql,
    # A household's reviews decide whether its helps count: any change rewrites its helps.
    depends={"people.HouseholdPoverty": [
        "SELECT p.id FROM campaigns_povertyhelp p JOIN people_householdpoverty r ON r.household_id = p.household_id "
        "WHERE r.id {keys}"]},
    on_delete={"people.HouseholdPoverty": _helps_of},
))
registry.register_source(FactSource(
    name="contribution", table="campaigns_contribution", indicators=("CT-CASH", "CT-LABOR", "CT-LAND"),
    sql=CONTRIBUTION_SQL,
))
registry.register_source(FactSource(
    name="course", table="campaigns_trainingcourse", indicators=("TR-COUNT", "TR-TRAINEES"), sql=COURSE_SQL,
    depends={"campaigns.Trainee": ["SELECT course_id FROM campaigns_trainee WHERE id {keys}"]},
    on_delete={"campaigns.Trainee": lambda trainee: [trainee.course_id]},
))
registry.register_source(FactSource(
    name="commendation", table="campaigns_commendation", indicators=("AW-COUNT", "AW-LEVEL"), sql=COMMENDATION_SQL,
))
