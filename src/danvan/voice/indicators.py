# ruff: noqa: S608 — constant SQL built from code; {keys} is an integer predicate (ledger.keys_in)
"""Indicators of the people's voice (petitions, dialogues, oversight and social critique); how
records become facts; how reports present them.

Every fact is placed in the record's unit (a petition in its village, a dialogue and a session in
the unit that held it, a recommendation in its session's) and carries no organization kind
(``area_wide``). Facts (``danvan.indicators.ledger``):

- FB-RECEIVED: 1 per petition on ``received``, ``category`` = its field; a duplicate merged into
  another case (state ``merged``) writes nothing: the case counts once, as its target.
  FB-CHANNEL and FB-KIND: the same count with the channel / the kind in ``category``.
- FB-ANSWERED: 1 per petition answered or resolved, on ``answered_on``. FB-ONTIME: the same when
  ``answered_on <= due_answer`` (or no answer deadline). FB-ONTIME-RATE = FB-ONTIME / FB-ANSWERED.
- FB-OVERDUE (stock, ``as_of_today``): +1 the day after the running deadline passed while the case
  was open, −1 the day it was closed (answered, withdrawn, rejected, merged); see ``overdue_sql``.
- DL-COUNT: 1 per dialogue on its date, ``category`` = its kind.
- OV-COUNT: 1 per session on its start, ``category`` = oversight / critique. OV-RECS: 1 per
  recommendation on ``sent_on``; OV-ACCEPTED on ``answered_on`` when accepted (fully or partly,
  then implemented and re-checked); OV-IMPLEMENTED on ``implemented_on``; all three with the
  session's kind in ``category``.
"""

from django.db import connection
from django.utils.translation import gettext_lazy as _

from danvan.indicators.catalog import (
    G_OTHER,
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
from .choices import (
    ACCEPTED_STATES,
    Channel,
    DialogueKind,
    PetitionField,
    PetitionKind,
    PetitionState,
    SessionKind,
)

G_VOICE = _("Tâm tư, nguyện vọng, kiến nghị")
_V = {"group": G_VOICE, "app": "voice", "area_wide": True}
_O = {"group": G_OTHER, "app": "voice", "area_wide": True}
_FB_DIMS = ("fbfield",)

FB_INDICATORS = (
    Indicator("FB-RECEIVED", _("Ý kiến, kiến nghị tiếp nhận"), _("ý kiến"), Time.FLOW, dims=_FB_DIMS, headline=True,
              description=_("Mỗi vụ việc tính một lần: đơn trùng đã gộp được tính ở vụ việc được gộp vào"), **_V),
    Indicator("FB-CHANNEL", _("Ý kiến, kiến nghị tiếp nhận theo kênh"), _("ý kiến"), Time.FLOW, dims=("fbchannel",),
              **_V),
    Indicator("FB-KIND", _("Ý kiến, kiến nghị tiếp nhận theo loại"), _("ý kiến"), Time.FLOW, dims=("fbkind",), **_V),
    Indicator("FB-ANSWERED", _("Ý kiến, kiến nghị đã được trả lời"), _("ý kiến"), Time.FLOW, dims=_FB_DIMS, **_V),
    Indicator("FB-ONTIME", _("Ý kiến, kiến nghị giải quyết đúng hạn"), _("ý kiến"), Time.FLOW, dims=_FB_DIMS,
              description=_("Trả lời không muộn hơn hạn trả lời, giải quyết"), **_V),
    Indicator("FB-ONTIME-RATE", _("Tỷ lệ giải quyết đúng hạn"), "%", Time.RATIO, numerator="FB-ONTIME",
              denominator="FB-ANSWERED", dims=_FB_DIMS,
              description=_("Trong số ý kiến, kiến nghị đã trả lời trong kỳ, tỷ lệ trả lời đúng hạn"), **_V),
    Indicator("FB-OVERDUE", _("Ý kiến, kiến nghị quá hạn chưa giải quyết"), _("ý kiến"), Time.STOCK, dims=_FB_DIMS,
              headline=True, as_of_today=True,
              description=_("Đang mở và đã quá hạn thụ lý hoặc hạn trả lời; kỳ chưa kết thúc tính đến hôm nay"), **_V),
)
OTHER_INDICATORS = (
    Indicator("DL-COUNT", _("Cuộc tiếp xúc, đối thoại với Nhân dân"), _("cuộc"), Time.FLOW, dims=("dlkind",), **_O),
    Indicator("OV-COUNT", _("Cuộc giám sát, phản biện xã hội"), _("cuộc"), Time.FLOW, dims=("ovkind",), **_O),
    Indicator("OV-RECS", _("Kiến nghị sau giám sát, phản biện đã gửi"), _("kiến nghị"), Time.FLOW, dims=("ovkind",),
              **_O),
    Indicator("OV-ACCEPTED", _("Kiến nghị giám sát được tiếp thu"), _("kiến nghị"), Time.FLOW, dims=("ovkind",),
              description=_("Được tiếp thu toàn bộ hoặc một phần, theo ngày trả lời"), **_O),
    Indicator("OV-IMPLEMENTED", _("Kiến nghị giám sát đã được thực hiện"), _("kiến nghị"), Time.FLOW,
              dims=("ovkind",), **_O),
)
INDICATORS = FB_INDICATORS + OTHER_INDICATORS
declare(*INDICATORS)
FB_CODES = [i.code for i in FB_INDICATORS]
DL_CODES = ["DL-COUNT"]
OV_CODES = ["OV-COUNT", "OV-RECS", "OV-ACCEPTED", "OV-IMPLEMENTED"]

# ---------------------------------------------------------------- presentation
register_dimension(
    Dimension("fbfield", _("Theo lĩnh vực kiến nghị"), "category", lambda: PetitionField.choices, order=70),
    Dimension("fbchannel", _("Theo kênh tiếp nhận"), "category", lambda: Channel.choices, order=71),
    Dimension("fbkind", _("Theo loại đơn"), "category", lambda: PetitionKind.choices, order=72),
    Dimension("dlkind", _("Theo hình thức tiếp dân, đối thoại"), "category", lambda: DialogueKind.choices, order=73),
    Dimension("ovkind", _("Theo giám sát, phản biện"), "category", lambda: SessionKind.choices, order=74),
)
_PETITIONS = "voice:petition_list"
register_record_link("FB-RECEIVED", _PETITIONS, filters={"fbfield": "field"})
register_record_link("FB-CHANNEL", _PETITIONS, filters={"fbchannel": "channel"})
register_record_link("FB-KIND", _PETITIONS, filters={"fbkind": "kind"})
register_record_link("FB-OVERDUE", _PETITIONS, {"overdue": "true"}, filters={"fbfield": "field"})
register_record_link("DL-COUNT", "voice:dialogue_list", filters={"dlkind": "kind"})
register_record_link("OV-COUNT", "voice:oversightsession_list", filters={"ovkind": "kind"})
register_record_link("OV-RECS", "voice:recommendation_list")
register_dashboard(
    headline=["FB-RECEIVED", "FB-OVERDUE"],
    table=["FB-RECEIVED", "FB-OVERDUE", "FB-ONTIME-RATE", "DL-COUNT", "OV-COUNT"],
    charts=[Chart("fbfield", ("FB-RECEIVED", "FB-OVERDUE"), _("Ý kiến, kiến nghị theo lĩnh vực"),
                  labels=(_("Tiếp nhận"), _("Quá hạn")))],
)
register_section(narrative.petitions, covers=FB_CODES, needs=("fbfield",), heading=G_VOICE)
register_section(narrative.dialogues_and_oversight, covers=DL_CODES + OV_CODES, needs=("dlkind", "ovkind"),
                 heading=_("TIẾP XÚC, ĐỐI THOẠI, GIÁM SÁT VÀ PHẢN BIỆN XÃ HỘI"))


# ---------------------------------------------------------------- fact sources
def _sql_dates() -> tuple[str, str, str]:
    """SQL for (the day after ``{x}``, the later of two days, the date of a timestamp ``{x}``)."""
    if connection.vendor == "postgresql":
        return "CAST({x} + 1 AS date)", "GREATEST", "CAST({x} AS date)"
    return "date({x}, '+1 day')", "MAX", "date({x})"


_PETITION = ("FROM voice_petition p JOIN indicators_unitplacement pl ON pl.unit_id = p.unit_id "
             "WHERE p.id {keys}")
_ANSWERED = " AND p.state IN ('answered', 'resolved') AND p.answered_on IS NOT NULL"


def _petition(indicator: str, category: str, day: str, where: str) -> str:
    return fact_select(indicator=f"'{indicator}'", source="'petition'", ref="p.id", place="pl", category=category,
                       day=day, value="1", from_=_PETITION + where)


def overdue_sql() -> str:
    """FB-OVERDUE's deltas from the stored dates, in two stages.

    The running deadline is ``due_accept`` (or ``due_answer`` when there is none) from receipt until
    the case was accepted or forwarded (``step``: ``accepted_on``, else the first move to
    ``forwarded``), then ``due_answer``. A stage overdue is +1 on the day after its deadline and −1
    on the day the stage ends (the next stage starts there, so an answer deadline already passed
    adds +1 the same day: the net is 0). ``closed`` is the day the case stopped being open:
    ``answered_on`` when answered or resolved, else the day of the (last) move to its state
    (withdrawn, rejected, merged; the petition's ``updated`` date if that move has no record);
    None while open — a case reopened after an answer is open again and its earlier answer does
    not close it. The facts depend only on stored fields and history, so every path (save,
    delete, bulk, rebuild, ``facts check``) writes the same rows; "overdue today" is their sum up
    to today, which the report reads for a period not yet over (``as_of_today``).
    """
    after, later, date_of = _sql_dates()
    step = ("COALESCE(p.accepted_on, (SELECT MIN(c.day) FROM voice_petitionchange c "
            "WHERE c.petition_id = p.id AND c.to_state = 'forwarded'))")
    closed = ("CASE WHEN p.state IN ('answered', 'resolved') THEN p.answered_on "
              "WHEN p.state IN ('withdrawn', 'rejected', 'merged') THEN COALESCE((SELECT MAX(c.day) "
              "FROM voice_petitionchange c WHERE c.petition_id = p.id AND c.to_state = p.state), "
              f"{date_of.format(x='p.updated')}) END")
    stages = f"""FROM (
  SELECT s.id, s.unit_id, s.field, s.first_due, s.step, s.closed, s.answer_due,
         COALESCE(s.step, s.closed) AS first_end
  FROM (
    SELECT p.id, p.unit_id, p.field, COALESCE(p.due_accept, p.due_answer) AS first_due, p.due_answer AS answer_due,
           {step} AS step, {closed} AS closed
    FROM voice_petition p WHERE p.id {{keys}}
  ) s
) w
JOIN indicators_unitplacement pl ON pl.unit_id = w.unit_id"""
    first_start = after.format(x="w.first_due")
    second_start = f"{later}(w.step, {after.format(x='w.answer_due')})"
    first = f" WHERE w.first_due IS NOT NULL AND (w.first_end IS NULL OR {first_start} < w.first_end)"
    second = (f" WHERE w.step IS NOT NULL AND w.answer_due IS NOT NULL"
              f" AND (w.closed IS NULL OR {second_start} < w.closed)")

    def delta(day: str, value: str, where: str) -> str:
        return fact_select(indicator="'FB-OVERDUE'", source="'petition'", ref="w.id", place="pl",
                           category="w.field", day=day, value=value, from_=stages + where)

    return "\nUNION ALL\n".join([
        delta(first_start, "1", first),
        delta("w.first_end", "-1", first + " AND w.first_end IS NOT NULL"),
        delta(second_start, "1", second),
        delta("w.closed", "-1", second + " AND w.closed IS NOT NULL"),
    ])


def petition_sql() -> str:
    counted = f" AND p.state <> '{PetitionState.MERGED}'"
    return "\nUNION ALL\n".join([
        _petition("FB-RECEIVED", "p.field", "p.received", counted),
        _petition("FB-CHANNEL", "p.channel", "p.received", counted),
        _petition("FB-KIND", "p.kind", "p.received", counted),
        _petition("FB-ANSWERED", "p.field", "p.answered_on", _ANSWERED),
        _petition("FB-ONTIME", "p.field", "p.answered_on",
                  _ANSWERED + " AND (p.due_answer IS NULL OR p.answered_on <= p.due_answer)"),
        overdue_sql(),
    ])


_CHANGE = "voice.PetitionChange"
register_source(FactSource(
    name="petition", table="voice_petition",
    indicators=("FB-RECEIVED", "FB-CHANNEL", "FB-KIND", "FB-ANSWERED", "FB-ONTIME", "FB-OVERDUE"),
    sql=petition_sql,
    # A move is saved before its history row: the row's day (forwarded, closed) rewrites the petition.
    depends={_CHANGE: ["SELECT petition_id FROM voice_petitionchange WHERE id {keys}"]},
    on_delete={_CHANGE: lambda change: [change.petition_id]},
))

register_source(FactSource(
    name="dialogue", table="voice_dialogue", indicators=("DL-COUNT",),
    sql=fact_select(indicator="'DL-COUNT'", source="'dialogue'", ref="d.id", place="pl", category="d.kind",
                    day="d.date", value="1",
                    from_="FROM voice_dialogue d JOIN indicators_unitplacement pl ON pl.unit_id = d.unit_id "
                          "WHERE d.id {keys}"),
))
register_source(FactSource(
    name="oversight_session", table="voice_oversightsession", indicators=("OV-COUNT",),
    sql=fact_select(indicator="'OV-COUNT'", source="'oversight_session'", ref="s.id", place="pl", category="s.kind",
                    day="s.start", value="1",
                    from_="FROM voice_oversightsession s JOIN indicators_unitplacement pl ON pl.unit_id = s.unit_id "
                          "WHERE s.id {keys}"),
))

_REC = ("FROM voice_recommendation r JOIN voice_oversightsession s ON s.id = r.session_id "
        "JOIN indicators_unitplacement pl ON pl.unit_id = r.unit_id WHERE r.id {keys}")
_ACCEPTED = ", ".join(f"'{s}'" for s in ACCEPTED_STATES)


def _rec(indicator: str, day: str, where: str = "") -> str:
    return fact_select(indicator=f"'{indicator}'", source="'recommendation'", ref="r.id", place="pl",
                       category="s.kind", day=day, value="1", from_=_REC + where)


register_source(FactSource(
    name="recommendation", table="voice_recommendation", indicators=("OV-RECS", "OV-ACCEPTED", "OV-IMPLEMENTED"),
    sql="\nUNION ALL\n".join([
        _rec("OV-RECS", "r.sent_on"),
        _rec("OV-ACCEPTED", "r.answered_on", f" AND r.state IN ({_ACCEPTED}) AND r.answered_on IS NOT NULL"),
        _rec("OV-IMPLEMENTED", "r.implemented_on", " AND r.implemented_on IS NOT NULL"),
    ]),
    # A session's kind is its recommendations' category.
    depends={"voice.OversightSession": ["SELECT id FROM voice_recommendation WHERE session_id {keys}"]},
))
