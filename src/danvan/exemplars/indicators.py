# ruff: noqa: S608 — constant SQL built from code; {keys} is an integer predicate (ledger.keys_in)
"""The "Dân vận khéo" indicators, how exemplars become facts, and how reports present them.

Facts (see danvan.indicators.ledger), every one carrying the registering organization's kind:

- EX-COUNT: a stock per model, +1 on its registration day, -1 on the day it was stopped; its
  ``category`` is the field. EX-REGISTERED: the registrations of a period (a flow), by field.
  EX-F-<FIELD>: the same stock per field, so that each field's share (EX-SHARE-<FIELD>, seed 001's
  "đăng ký ... theo lĩnh vực chưa được đồng đều") is a ratio of two sourced indicators.
- EX-OWNER: the same stock with the owner type (collective / individual) in ``category``;
  EX-INDIVIDUAL is its individual part.
- EX-STATE: the models in each state at the period's end: +1 ``registered`` on registration,
  then per lifecycle move -1 for the state left and +1 for the state entered (stopped models
  leave the count, so EX-STATE adds up to EX-COUNT).
- EX-WEAK: models whose last review found them "to be consolidated": +1 on that review's day,
  -1 on the day of their next move.
- EX-REPLICATED: replicas (models with an origin), a stock like EX-COUNT; ``entity`` is the
  origin. EX-ORIGINS: origins with at least one replica, from the first replica's registration.

``category`` carries a different key per indicator (field, owner type, state); each breakdown
(``exfield``, ``exowner``, ``exstate``) is listed only by the indicators that declare it.
"""

from django.utils.translation import gettext_lazy as _

from danvan.indicators.catalog import (
    Chart,
    Dimension,
    Indicator,
    Time,
    declare,
    register_dashboard,
    register_dimension,
    register_record_link,
    register_section,
    register_source,
)
from danvan.indicators.ledger import FactSource, fact_select

from . import narrative
from .choices import Field, OwnerType, State

G_EXEMPLAR = _("Mô hình \"Dân vận khéo\"")  # the reports' heading of this group

EX_FIELDS = {Field.ECONOMY: "EX-F-ECONOMY", Field.SOCIETY: "EX-F-SOCIETY", Field.DEFENCE: "EX-F-DEFENCE",
             Field.POLITICS: "EX-F-POLITICS"}
SHARES = {field: code.replace("EX-F-", "EX-SHARE-") for field, code in EX_FIELDS.items()}
COUNT_DIMS = ("exfield", "org")


# Per field: the label of its count and of its share (spelled out for the translators).
_FIELD_LABELS = {
    Field.ECONOMY: (_("Mô hình lĩnh vực kinh tế"), _("Tỷ lệ mô hình lĩnh vực kinh tế")),
    Field.SOCIETY: (_("Mô hình lĩnh vực văn hóa - xã hội"), _("Tỷ lệ mô hình lĩnh vực văn hóa - xã hội")),
    Field.DEFENCE: (_("Mô hình lĩnh vực quốc phòng - an ninh"), _("Tỷ lệ mô hình lĩnh vực quốc phòng - an ninh")),
    Field.POLITICS: (_("Mô hình lĩnh vực xây dựng hệ thống chính trị"),
                     _("Tỷ lệ mô hình lĩnh vực xây dựng hệ thống chính trị")),
}


def _field_indicators() -> list[Indicator]:
    out = []
    for field, code in EX_FIELDS.items():
        count, share = _FIELD_LABELS[field]
        out.append(Indicator(code, count, _("mô hình"), Time.STOCK, dims=("org",), group=G_EXEMPLAR,
                             app="exemplars"))
        out.append(Indicator(SHARES[field], share, "%", Time.RATIO, numerator=code, denominator="EX-COUNT",
                             dims=("org",), group=G_EXEMPLAR, app="exemplars"))
    return out


INDICATORS = (
    Indicator("EX-COUNT", _("Mô hình, điển hình \"Dân vận khéo\""), _("mô hình"), Time.STOCK, dims=COUNT_DIMS,
              group=G_EXEMPLAR, headline=True, app="exemplars",
              description=_("Đã đăng ký, chưa dừng thực hiện, đến cuối kỳ")),
    Indicator("EX-REGISTERED", _("Mô hình, điển hình đăng ký mới trong kỳ"), _("mô hình"), Time.FLOW,
              dims=COUNT_DIMS, group=G_EXEMPLAR, app="exemplars"),
    *_field_indicators(),
    Indicator("EX-OWNER", _("Mô hình, điển hình theo chủ thể"), _("mô hình"), Time.STOCK, dims=("exowner",),
              group=G_EXEMPLAR, app="exemplars"),
    Indicator("EX-INDIVIDUAL", _("Điển hình cá nhân"), _("cá nhân"), Time.STOCK, base="EX-OWNER",
              base_filter=("category", OwnerType.INDIVIDUAL), group=G_EXEMPLAR, app="exemplars"),
    Indicator("EX-STATE", _("Mô hình, điển hình theo trạng thái"), _("mô hình"), Time.STOCK, dims=("exstate",),
              group=G_EXEMPLAR, app="exemplars"),
    Indicator("EX-WEAK", _("Mô hình sơ kết cần củng cố"), _("mô hình"), Time.STOCK, dims=COUNT_DIMS,
              group=G_EXEMPLAR, app="exemplars"),
    Indicator("EX-REPLICATED", _("Mô hình nhân rộng"), _("mô hình"), Time.STOCK, dims=COUNT_DIMS,
              group=G_EXEMPLAR, app="exemplars"),
    Indicator("EX-ORIGINS", _("Mô hình gốc đã được nhân rộng"), _("mô hình"), Time.STOCK, dims=COUNT_DIMS,
              group=G_EXEMPLAR, app="exemplars"),
)
declare(*INDICATORS)

# ---------------------------------------------------------------- presentation
register_dimension(
    Dimension("exfield", _("Theo lĩnh vực \"Dân vận khéo\""), "category", lambda: Field.choices, order=60),
    Dimension("exowner", _("Theo chủ thể mô hình"), "category", lambda: OwnerType.choices, order=61),
    Dimension("exstate", _("Theo trạng thái mô hình"), "category",
              lambda: [(k, v) for k, v in State.choices if k != State.STOPPED], order=62),
)
_LIST = "exemplars:exemplar_list"
_ACTIVE = {"active": "true"}
_BY = {"exfield": "field", "org": "org_kind"}
register_record_link("EX-COUNT", _LIST, _ACTIVE, filters=_BY)
register_record_link("EX-OWNER", _LIST, _ACTIVE, filters={"exowner": "owner_type"})
register_record_link("EX-INDIVIDUAL", _LIST, {**_ACTIVE, "owner_type": OwnerType.INDIVIDUAL})
register_record_link("EX-STATE", _LIST, filters={"exstate": "state"})
register_record_link("EX-WEAK", _LIST, {**_ACTIVE, "review_result": "consolidate"}, filters=_BY)
register_record_link("EX-REPLICATED", _LIST, {**_ACTIVE, "replica": "true"}, filters=_BY)
for _field, _code in EX_FIELDS.items():
    register_record_link(_code, _LIST, {**_ACTIVE, "field": _field}, filters={"org": "org_kind"})
register_dashboard(
    headline=["EX-COUNT"],
    table=["EX-COUNT", "EX-REPLICATED", "EX-WEAK"],
    charts=[Chart("exfield", ("EX-COUNT",), _("Mô hình \"Dân vận khéo\" theo lĩnh vực"), kind="doughnut",
                  labels=(_("Mô hình, điển hình"),))],
)
register_section(narrative.exemplars, covers=[i.code for i in INDICATORS], needs=("exstate",),
                 heading=_("PHONG TRÀO THI ĐUA \"DÂN VẬN KHÉO\""))

# ---------------------------------------------------------------- fact sources
_FROM = """FROM exemplars_exemplar e
JOIN indicators_unitplacement pl ON pl.unit_id = e.unit_id
LEFT JOIN exemplars_exemplarstatechange s ON s.exemplar_id = e.id AND s.to_state = 'stopped'
WHERE e.id {keys}"""
_STOPPED = " AND s.id IS NOT NULL"
_REPLICA = " AND e.origin_id IS NOT NULL"
_FIELD_CODE = "'EX-F-' || UPPER(e.field)"


def _model(indicator: str, category: str, day: str, value: str, where: str = "", entity: str = "") -> str:
    extra = {"entity": entity} if entity else {}
    return fact_select(indicator=indicator, source="'exemplar'", ref="e.id", place="pl", org_kind="e.org_kind",
                       category=category, day=day, value=value, from_=_FROM + where, **extra)


def _lifetime(indicator: str, category: str, where: str = "", entity: str = "") -> list[str]:
    """+1 on registration, -1 on the day it was stopped."""
    return [_model(indicator, category, "e.registered", "1", where, entity),
            _model(indicator, category, "s.day", "-1", where + _STOPPED, entity)]


_CHANGES = """FROM exemplars_exemplarstatechange c
JOIN exemplars_exemplar e ON e.id = c.exemplar_id
JOIN indicators_unitplacement pl ON pl.unit_id = e.unit_id
WHERE c.exemplar_id {keys}"""

_REVIEWS = """FROM (SELECT c.exemplar_id, c.day, c.to_state, c.review_result,
             LEAD(c.day) OVER (PARTITION BY c.exemplar_id ORDER BY c.day, c.id) AS next_day
      FROM exemplars_exemplarstatechange c WHERE c.exemplar_id {keys}) w
JOIN exemplars_exemplar e ON e.id = w.exemplar_id
JOIN indicators_unitplacement pl ON pl.unit_id = e.unit_id
WHERE w.to_state = 'reviewed' AND w.review_result = 'consolidate'"""


def _change(indicator: str, category: str, day: str, value: str, from_: str) -> str:
    return fact_select(indicator=indicator, source="'exemplar'", ref="e.id", place="pl", org_kind="e.org_kind",
                       category=category, day=day, value=value, from_=from_)


EXEMPLAR_SQL = "\nUNION ALL\n".join([
    *_lifetime("'EX-COUNT'", "e.field"),
    _model("'EX-REGISTERED'", "e.field", "e.registered", "1"),
    *_lifetime(_FIELD_CODE, "e.field"),
    *_lifetime("'EX-OWNER'", "e.owner_type"),
    *_lifetime("'EX-REPLICATED'", "e.field", _REPLICA, entity="e.origin_id"),
    _model("'EX-STATE'", "'registered'", "e.registered", "1"),
    _change("'EX-STATE'", "c.from_state", "c.day", "-1", _CHANGES + " AND c.from_state <> ''"),
    _change("'EX-STATE'", "c.to_state", "c.day", "1", _CHANGES + " AND c.to_state <> 'stopped'"),
    _change("'EX-WEAK'", "e.field", "w.day", "1", _REVIEWS),
    _change("'EX-WEAK'", "e.field", "w.next_day", "-1", _REVIEWS + " AND w.next_day IS NOT NULL"),
])

ORIGIN_SQL = fact_select(
    indicator="'EX-ORIGINS'", source="'exemplar_origin'", ref="o.id", place="pl", org_kind="o.org_kind",
    category="o.field", day="f.first_day", value="1",
    from_="""FROM (SELECT r.origin_id, MIN(r.registered) AS first_day FROM exemplars_exemplar r
      WHERE r.origin_id {keys} GROUP BY r.origin_id) f
JOIN exemplars_exemplar o ON o.id = f.origin_id
JOIN indicators_unitplacement pl ON pl.unit_id = o.unit_id""")

_CHANGE_LABEL = "exemplars.ExemplarStateChange"
register_source(FactSource(
    name="exemplar", table="exemplars_exemplar",
    indicators=("EX-COUNT", "EX-REGISTERED", *EX_FIELDS.values(), "EX-OWNER", "EX-REPLICATED", "EX-STATE",
                "EX-WEAK"),
    sql=EXEMPLAR_SQL,
    depends={_CHANGE_LABEL: ["SELECT exemplar_id FROM exemplars_exemplarstatechange WHERE id {keys}"]},
    on_delete={_CHANGE_LABEL: lambda change: [change.exemplar_id]},
))
register_source(FactSource(
    name="exemplar_origin", table="exemplars_exemplar", indicators=("EX-ORIGINS",), sql=ORIGIN_SQL,
    depends={"exemplars.Exemplar": [
        # The replica's origin now, and the one its facts recorded before the change.
        "SELECT origin_id FROM exemplars_exemplar WHERE id {keys}",
        "SELECT entity FROM indicators_fact WHERE source = 'exemplar' AND indicator = 'EX-REPLICATED' "
        "AND ref {keys}",
    ]},
    on_delete={"exemplars.Exemplar": lambda replica: [replica.origin_id]},
))
