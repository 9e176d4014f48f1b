# ruff: noqa: S608 — constant SQL built from code; {keys} is an integer predicate (ledger.keys_in)
""""Ba cùng" indicators, how activities become facts, and how reports present them.

Facts (``danvan.indicators.ledger``), one set per activity on its date (flows):

- BC-AGENCY: the activity's ``agency_count`` (lượt cơ quan, đơn vị: the lead agency and each
  partner taking part count one);
- BC-CADRE: cadres + Party members + soldiers (lượt cán bộ, đảng viên, chiến sỹ);
- BC-VILLAGE / BC-COMMUNE: distinct counts — the fact's ``entity`` is the village / the commune,
  so several agencies in one village count it once (``COUNT(DISTINCT entity)`` over the period);
- BC-KIND: 1 per activity, ``category`` = its kind; BC-WITHPEOPLE-N: 1 per activity done with the
  people, and BC-WITHPEOPLE = BC-WITHPEOPLE-N / BC-KIND (the seed's yardstick);
- BC-RESIDENTS: residents taking part.

Activities carry no organization kind (agencies and organizations work together), so the figures
are the whole area's (``area_wide``). A plan produces no fact: what counts is what was done.
"""

from django.utils.translation import gettext_lazy as _

from danvan.indicators.catalog import (
    Chart,
    Indicator,
    Over,
    Panel,
    Time,
    declare,
    register_categories,
    register_dashboard,
    register_panel,
    register_record_link,
    register_section,
    register_source,
)
from danvan.indicators.ledger import FactSource, fact_select

from . import narrative, panel
from .models import ActivityKind, Mode

G_OUTREACH = _("Hoạt động \"ba cùng\"")
_COMMON = {"group": G_OUTREACH, "app": "outreach", "area_wide": True}

INDICATORS = (
    Indicator("BC-AGENCY", _("Lượt cơ quan, đơn vị tham gia \"ba cùng\""), _("lượt"), Time.FLOW, dims=("category",),
              **_COMMON),
    Indicator("BC-CADRE", _("Lượt cán bộ, đảng viên, chiến sỹ tham gia \"ba cùng\""), _("lượt"), Time.FLOW,
              **_COMMON),
    Indicator("BC-VILLAGE", _("Số thôn, ấp có hoạt động \"ba cùng\""), _("thôn, ấp"), Time.FLOW, Over.DISTINCT,
              **_COMMON),
    Indicator("BC-COMMUNE", _("Số xã, phường có hoạt động \"ba cùng\""), _("xã, phường"), Time.FLOW, Over.DISTINCT,
              **_COMMON),
    Indicator("BC-KIND", _("Hoạt động \"ba cùng\" theo loại việc"), _("hoạt động"), Time.FLOW, dims=("category",),
              **_COMMON),
    Indicator("BC-WITHPEOPLE-N", _("Hoạt động làm cùng Nhân dân"), _("hoạt động"), Time.FLOW, dims=("category",),
              **_COMMON),
    Indicator("BC-WITHPEOPLE", _("Tỷ lệ hoạt động làm cùng Nhân dân"), "%", Time.RATIO, numerator="BC-WITHPEOPLE-N",
              denominator="BC-KIND", dims=("category",), **_COMMON),
    Indicator("BC-RESIDENTS", _("Lượt người dân cùng tham gia"), _("lượt người"), Time.FLOW, dims=("category",),
              **_COMMON),
)
declare(*INDICATORS)

# ---------------------------------------------------------------- presentation
register_categories(dict(ActivityKind.choices))

_ACTIVITIES = "outreach:activity_list"
for _code in ("BC-AGENCY", "BC-CADRE", "BC-VILLAGE", "BC-COMMUNE", "BC-KIND", "BC-RESIDENTS"):
    register_record_link(_code, _ACTIVITIES, filters={"category": "kind"})
for _code in ("BC-WITHPEOPLE-N", "BC-WITHPEOPLE"):
    register_record_link(_code, _ACTIVITIES, {"mode": Mode.WITH_PEOPLE}, filters={"category": "kind"})

register_dashboard(
    headline=["BC-AGENCY", "BC-VILLAGE", "BC-WITHPEOPLE"],
    table=["BC-AGENCY", "BC-CADRE", "BC-VILLAGE", "BC-RESIDENTS", "BC-WITHPEOPLE"],
    charts=[Chart("category", ("BC-KIND", "BC-WITHPEOPLE-N"), _("Hoạt động \"ba cùng\" theo loại việc"),
                  labels=(_("Hoạt động"), _("Làm cùng Nhân dân")))],
)
register_panel(Panel("outreach-watch", _("Cảnh báo hình thức"), "outreach/_watch_panel.html", panel.context,
                     order=20))
register_section(narrative.outreach, covers=[i.code for i in INDICATORS], needs=("category",),
                 heading=_("HOẠT ĐỘNG \"BA CÙNG\" VỚI NHÂN DÂN TẠI CƠ SỞ"))

# ---------------------------------------------------------------- fact source
_FROM = "FROM outreach_activity a JOIN indicators_unitplacement pl ON pl.unit_id = a.unit_id WHERE a.id {keys}"


def _fact(indicator: str, value: str, where: str = "", **columns: str) -> str:
    return fact_select(indicator=f"'{indicator}'", source="'activity'", ref="a.id", place="pl", day="a.date",
                       value=value, category="a.kind", from_=_FROM + where, **columns)


ACTIVITY_SQL = "\nUNION ALL\n".join([
    _fact("BC-AGENCY", "a.agency_count"),
    _fact("BC-CADRE", "a.cadres + a.party_members + a.soldiers",
          " AND a.cadres + a.party_members + a.soldiers > 0"),
    _fact("BC-VILLAGE", "1", entity="a.unit_id"),
    _fact("BC-COMMUNE", "1", " AND pl.commune_id IS NOT NULL", entity="pl.commune_id"),
    _fact("BC-KIND", "1"),
    _fact("BC-WITHPEOPLE-N", "1", f" AND a.mode = '{Mode.WITH_PEOPLE.value}'"),
    _fact("BC-RESIDENTS", "a.residents", " AND a.residents > 0"),
])

register_source(FactSource(
    name="activity", table="outreach_activity", indicators=tuple(i.code for i in INDICATORS if not i.is_ratio),
    sql=ACTIVITY_SQL,
))
