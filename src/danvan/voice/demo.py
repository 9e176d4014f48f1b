"""Demo data of the people's voice (``core.demo`` hook), in the communes of the branch-meeting
programme (``meetings.demo.programme_communes``: the demo commune and a drawn few), over the year
up to the reference date (``ctx.reference_date``, the demo's "today"):

- the shipped rules (``law.install``), a province day off, a bridge day off and its make-up
  Saturday;
- bodies: per commune the People's Committee, the Party committee and the Front committee; at the
  province its People's Committee, the Party committee's mass-mobilization board, the Front and two
  departments (some with an e-mail, so the digest sends);
- dialogues: the Party secretary's receptions (two a month, some communes short some months; the
  province's other communes hold theirs and their conference too, a tenth of them missing two months), the
  province's monthly reception, a commune dialogue conference per commune (the last commune has
  none), direct dialogues and voters' meetings; commitments (some done, some overdue); notices;
- petitions of every kind, channel and field, from the registers' people or by name (a few
  anonymous), with their histories (``PetitionChange``), referral chains (some re-sent after a
  wrong routing), answers (some published), a consolidated reply per voters' round, reopened and
  merged cases, petitions raised at branch-meeting visits and at dialogues; overdue cases in
  several communes (at least five in one) and one hot spot: a cluster of similar petitions about a
  pig farm's stench in one village, received in the two weeks before "today";
- oversight and social-critique sessions at province and commune level, recommendations in every
  state with their histories, and an evidence file for each implemented one.

Written through ``core.bulk`` (the fact ledger follows); deterministic: every draw from ``ctx.rng``.
"""

import datetime as dt
import random
import struct
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Q, QuerySet
from django.utils import timezone

from danvan.core import bulk
from danvan.core.demo import DemoContext
from danvan.core.text import fold, sort_key
from danvan.geo.models import AdminUnit
from danvan.meetings.demo import programme_communes
from danvan.meetings.models import Visit
from danvan.people.models import Person

from . import law
from .choices import (
    BodyKind,
    Channel,
    DialogueKind,
    PetitionField,
    PetitionKind,
    PetitionState,
    RecommendationState,
    SessionKind,
)
from .data import demo_texts as texts
from .deadlines import Rules, fill_due_dates
from .models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Body,
    Commitment,
    ConsolidatedReply,
    DayOff,
    Dialogue,
    OversightSession,
    Petition,
    PetitionAttachment,
    PetitionChange,
    Petitioner,
    Recommendation,
    RecommendationChange,
    RecommendationEvidence,
    Referral,
)

START = dt.date(2025, 11, 1)  # the demo year: November 2025 to the reference date
PETITIONS_PER_COMMUNE = 45
HOT_SPOT_SIZE = 7  # open petitions of the cluster (one more is merged into one of them)
OVERDUE_IN_ONE = 6  # stalled cases in the overdue commune
OVERDUE_ELSEWHERE = 2  # in each other commune

SCOPE = ("unit", "unit_path", "province", "commune")
STAMPS = ("created", "updated")
BODY_FIELDS = ("name", "name_folded", "name_sort", "kind", "email", "active", *SCOPE, *STAMPS)
DAYOFF_FIELDS = ("date", "name", "working", *SCOPE, *STAMPS)
DIALOGUE_FIELDS = ("kind", "date", "host", "place_name", "participants", "participant_notes", "summary", "notice_on",
                   "notice", *SCOPE, *STAMPS)
COMMITMENT_FIELDS = ("dialogue", "text", "owner", "owner_name", "due", "done_on", "result", *SCOPE, *STAMPS)
REPLY_FIELDS = ("body", "title", "date", "text", "public", *SCOPE, *STAMPS)
PETITION_FIELDS = ("code", "kind", "channel", "field", "title", "text", "complex", "received", "person", "name",
                   "contact", "address", "anonymous", "body", "state", "accepted_on", "answered_on", "resolved_on",
                   "answer", "answer_public", "reply", "visit", "dialogue", "merged_into", "due_accept", "due_answer",
                   "due_notify", *SCOPE, *STAMPS)
PETITIONER_FIELDS = ("petition", "person", "name", "contact", "anonymous", "from_code", *SCOPE, *STAMPS)
REFERRAL_FIELDS = ("petition", "date", "from_body", "to_body", "reason", *SCOPE, *STAMPS)
CHANGE_FIELDS = ("petition", "from_state", "to_state", "day", "note", "actor", "at")
SESSION_FIELDS = ("kind", "subject", "target", "lead", "members", "start", "end", "conclusion", *SCOPE, *STAMPS)
RECOMMENDATION_FIELDS = ("session", "text", "body", "sent_on", "answer_due", "state", "answered_on", "answer",
                         "implemented_on", "rechecked_on", "recheck_note", *SCOPE, *STAMPS)
RECOMMENDATION_CHANGE_FIELDS = ("recommendation", "from_state", "to_state", "day", "note", "actor", "at")

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Dương", "Lâm", "Thạch")
MIDDLE = ("Văn", "Thị", "Hoàng", "Minh", "Thanh", "Ngọc", "Hữu", "Kim")
GIVEN = ("An", "Bình", "Cúc", "Dũng", "Hạnh", "Hòa", "Hùng", "Lan", "Lộc", "Mai", "Nam", "Phúc", "Sang", "Tâm",
         "Thảo", "Tuấn", "Út", "Xuân")

# Fates of ordinary petitions (received over the year) and their weights.
FATES = (("resolved", 30), ("answered", 18), ("published", 8), ("rerouted", 5), ("forwarded_done", 6),
         ("withdrawn", 5), ("rejected", 6), ("reopened", 4), ("open", 18))
FORCED = ("published", "published", "published", "reopened", "reopened", "rerouted", "rejected", "withdrawn",
          "forwarded_done")  # the first petitions of every commune: each feature shows in each commune
OPEN_FATES = ("received", "classified", "forwarded", "accepted")
KIND_OF_CHANNEL = {Channel.MEETING: PetitionKind.PETITION, Channel.VOTERS: PetitionKind.PETITION,
                   Channel.OVERSIGHT: PetitionKind.PETITION}
PLAIN_CHANNELS = (Channel.DIRECT, Channel.LETTER, Channel.PHONE, Channel.WEB, Channel.DIRECT, Channel.LETTER)

D = dt.timedelta


def _place(unit: Any) -> tuple[Any, ...]:
    return unit.pk, unit.path, unit.province_id, unit.commune_id


def _tiny_png(rgb: tuple[int, int, int]) -> bytes:
    """A valid 8×8 PNG of one colour (an evidence photo without a file on disk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(rgb) * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@dataclass
class Writers:
    bodies: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Body, BODY_FIELDS))
    days_off: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(DayOff, DAYOFF_FIELDS))
    dialogues: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Dialogue, DIALOGUE_FIELDS))
    commitments: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Commitment, COMMITMENT_FIELDS))
    replies: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(ConsolidatedReply, REPLY_FIELDS))
    petitions: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Petition, PETITION_FIELDS))
    petitioners: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Petitioner, PETITIONER_FIELDS))
    referrals: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(Referral, REFERRAL_FIELDS))
    changes: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(PetitionChange, CHANGE_FIELDS))
    sessions: bulk.BulkWriter = field(default_factory=lambda: bulk.BulkWriter(OversightSession, SESSION_FIELDS))
    recommendations: bulk.BulkWriter = field(
        default_factory=lambda: bulk.BulkWriter(Recommendation, RECOMMENDATION_FIELDS))
    recommendation_changes: bulk.BulkWriter = field(
        default_factory=lambda: bulk.BulkWriter(RecommendationChange, RECOMMENDATION_CHANGE_FIELDS))
    now: Any = field(default_factory=bulk.now)

    def flush(self) -> None:
        order = (self.bodies, self.days_off, self.dialogues, self.commitments, self.replies, self.petitions,
                 self.petitioners, self.referrals, self.changes, self.sessions, self.recommendations,
                 self.recommendation_changes)
        with bulk.batch():
            for writer in order:
                writer.flush()


@dataclass
class CommuneBodies:
    government: int
    party: int
    front: int


@dataclass
class Case:
    """A petition walked through its lifecycle: the moves (from, to, day, note), the stamps, the referrals."""

    received: dt.date
    body: int
    today: dt.date
    state: str = PetitionState.RECEIVED
    day: dt.date | None = None
    moves: list[tuple[str, str, dt.date, str]] = field(default_factory=list)
    referrals: list[tuple[dt.date, int, int, str]] = field(default_factory=list)
    accepted_on: dt.date | None = None
    answered_on: dt.date | None = None
    resolved_on: dt.date | None = None

    def can(self, gap: int) -> bool:
        return (self.day or self.received) + D(days=gap) <= self.today

    def move(self, target: str, gap: int, note: str = "") -> bool:
        """Move ``gap`` days after the last move (False, and no move, when that is after "today")."""
        if not self.can(gap):
            return False
        day = (self.day or self.received) + D(days=gap)
        self.moves.append((self.state, target, day, note))
        if target == PetitionState.ACCEPTED and self.state != PetitionState.ANSWERED and self.state != PetitionState.RESOLVED:
            self.accepted_on = day
        elif target == PetitionState.ANSWERED:
            self.answered_on = day
        elif target == PetitionState.RESOLVED:
            self.resolved_on = day
        self.state, self.day = target, day
        return True

    def forward(self, to_body: int, gap: int, reason: str) -> bool:
        if not self.move(PetitionState.FORWARDED, gap, reason):
            return False
        self.referrals.append((self.day, self.body, to_body, reason))
        self.body = to_body
        return True


class Builder:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.today = ctx, ctx.reference_date
        self.communes = programme_communes(ctx)
        self.w: Writers | None = None
        self.codes = ctx.rng("voice/codes")
        self.commune_bodies: dict[int, CommuneBodies] = {}
        self.province_bodies: dict[int, dict[str, int]] = {}
        self.people: dict[int, list[tuple[int, str]]] = defaultdict(list)  # village pk → (person, name)
        self.dialogues: dict[int, list[tuple[int, dt.date, str]]] = defaultdict(list)  # commune → (pk, date, kind)
        self.counts: dict[str, int] = defaultdict(int)
        self.implemented: list[int] = []
        self.hot_spot_ids: list[int] = []

    # -- reading
    def read(self) -> None:
        villages = [v.pk for c in self.communes for v in self.ctx.villages.get(c.pk, [])]
        for pk, village, name in (Person.objects.filter(unit__in=villages).order_by("id")
                                  .values_list("id", "unit_id", "full_name")):
            if len(self.people[village]) < 40:
                self.people[village].append((pk, name))
        self.visits: dict[int, list[tuple[int, int, dt.date, str]]] = defaultdict(list)
        for pk, commune, village, day, opinions in (
                Visit.objects.filter(commune__in=[c.pk for c in self.communes], attended=True,
                                     date__gte=START, date__lte=self.today).exclude(opinions="")
                .order_by("date", "id").values_list("id", "commune_id", "unit_id", "date", "opinions")):
            self.visits[commune].append((pk, village, day, opinions.splitlines()[0]))

    # -- rules, days off, bodies
    def rules(self) -> None:
        country = AdminUnit.objects.filter(key="VN").first()
        if country is not None:
            law.install(country)

    def province(self, w: Writers, province: Any) -> None:
        existing = dict(Body.objects.filter(unit=province).values_list("name", "id"))
        city = province.name.startswith("Thành phố")
        committee = "Thành ủy" if city else "Tỉnh ủy"
        short = province.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
        wanted = (
            ("government", f"UBND {province.name}", BodyKind.GOVERNMENT, f"vanphong.ubnd@{fold(short).replace(' ', '')}.gov.vn"),
            ("board", f"Ban Tuyên giáo và Dân vận {committee} {short}", BodyKind.PARTY, ""),
            ("front", f"Ủy ban MTTQ Việt Nam {province.name}", BodyKind.FRONT, f"mttq@{fold(short).replace(' ', '')}.gov.vn"),
            ("agriculture", f"Sở Nông nghiệp và Môi trường {province.name}", BodyKind.AGENCY, ""),
            ("construction", f"Sở Xây dựng {province.name}", BodyKind.AGENCY, f"soxd@{fold(short).replace(' ', '')}.gov.vn"),
        )
        bodies: dict[str, int] = {}
        for key, name, kind, email in wanted:
            bodies[key] = existing.get(name) or self.body(w, province, name, kind, email)
        self.province_bodies[province.pk] = bodies
        if not DayOff.objects.filter(unit=province).exists():
            for day, name, working in (
                    (dt.date(2026, 1, 2), "Nghỉ bù dịp Tết Dương lịch (theo quyết định của UBND)", False),
                    (dt.date(2026, 1, 10), "Làm bù cho ngày nghỉ 02/01/2026", True),
                    (dt.date(2026, 9, 4), f"Nghỉ kỷ niệm ngày truyền thống của {province.name}", False)):
                w.days_off.add((day, name, working, *_place(province), w.now, w.now))

    def body(self, w: Writers, unit: Any, name: str, kind: str, email: str) -> int:
        self.counts["bodies"] += 1
        return w.bodies.add((name, fold(name), sort_key(name), kind, email, True, *_place(unit), w.now, w.now))

    def bodies_of(self, w: Writers, commune: Any, index: int) -> CommuneBodies:
        slug = fold(commune.name).replace(" ", "")
        with_mail = index % 2 == 0  # every other commune's bodies get the digest by e-mail
        return CommuneBodies(
            government=self.body(w, commune, f"UBND {commune.name}", BodyKind.GOVERNMENT,
                                 f"ubnd.{slug}@cantho.gov.vn" if with_mail else ""),
            party=self.body(w, commune, f"Đảng ủy {commune.name}", BodyKind.PARTY, ""),
            front=self.body(w, commune, f"Ủy ban MTTQ Việt Nam {commune.name}", BodyKind.FRONT,
                            f"mttq.{slug}@cantho.gov.vn" if with_mail else ""),
        )

    # -- dialogues
    def dialogue(self, w: Writers, unit: Any, kind: str, day: dt.date, host: str, rng: random.Random,
                 commitments: int = 0, owners: tuple[int, ...] = ()) -> int:
        topic = rng.choice(texts.DIALOGUE_TOPICS)
        notice_on = day + D(days=rng.randint(2, 7))
        notice_on = notice_on if notice_on <= self.today and rng.random() < 0.85 else None
        people = rng.randint(8, 40) if kind == DialogueKind.RECEPTION else rng.randint(60, 250)
        pk = w.dialogues.add((
            kind, day, host, f"Trụ sở {unit.name}" if kind != DialogueKind.VOTERS else "Nhà văn hóa ấp",
            people, "Đại diện cấp ủy, chính quyền, Mặt trận, các đoàn thể và Nhân dân.",
            f"Nhân dân nêu ý kiến về {topic}; lãnh đạo trả lời trực tiếp một số nội dung, giao cơ quan chuyên môn "
            f"giải quyết các nội dung còn lại.",
            notice_on, f"Thông báo kết luận buổi {DialogueKind(kind).label.lower()} ngày {day:%d/%m/%Y}." if notice_on
            else "", *_place(unit), w.now, w.now))
        self.counts["dialogues"] += 1
        if unit.level != 1:
            self.dialogues[unit.pk].append((pk, day, kind))
        for n in range(commitments):
            due = day + D(days=rng.choice((30, 45, 60, 90)))
            done = due <= self.today + D(days=20) and rng.random() < 0.6
            done_on = min(day + D(days=rng.randint(10, (due - day).days + 10)), self.today) if done else None
            owner = owners[n % len(owners)] if owners else None
            w.commitments.add((pk, texts.COMMITMENTS[rng.randrange(len(texts.COMMITMENTS))], owner,
                               "" if owner else "Trưởng ấp", due, done_on,
                               "Đã thực hiện, báo cáo kết quả với Nhân dân." if done_on else "", *_place(unit),
                               w.now, w.now))
            self.counts["commitments"] += 1
        return pk

    def commune_dialogues(self, w: Writers, rng: random.Random, commune: Any, bodies: CommuneBodies,
                          short: bool, conference: bool) -> None:
        host = f"Bí thư Đảng ủy {commune.name} {self.name(rng)}"
        month, now = START, self.now()
        while month <= now:
            times = 2
            if short and month.month in (8, 9):
                times = 1
            elif rng.random() < 0.08:
                times = 1
            for n in range(times):
                day = month + D(days=rng.randint(2, 12) + 14 * n)
                if day <= now:
                    self.dialogue(w, commune, DialogueKind.RECEPTION, day, host, rng,
                                  commitments=int(rng.random() < 0.3), owners=(bodies.government,))
            month = (month + D(days=32)).replace(day=1)
        if conference:
            self.dialogue(w, commune, DialogueKind.CONFERENCE, dt.date(2026, 7, 15) + D(days=rng.randint(0, 60)),
                          f"Chủ tịch UBND {commune.name}", rng, commitments=3,
                          owners=(bodies.government, bodies.front))
        self.dialogue(w, commune, DialogueKind.DIALOGUE, dt.date(2026, 3, 10) + D(days=rng.randint(0, 40)), host, rng,
                      commitments=2, owners=(bodies.government,))
        for day in (dt.date(2025, 11, 20), dt.date(2026, 6, 5)):
            self.dialogue(w, commune, DialogueKind.VOTERS, day + D(days=rng.randint(0, 8)),
                          "Tổ đại biểu Hội đồng nhân dân thành phố", rng)

    def now(self) -> dt.date:
        """The build day when later than the data's "today": what must keep happening (receptions, a
        hot spot) is dated up to it, so a demo built months after its data still shows it."""
        return max(self.today, timezone.localdate())

    def steady_dialogues(self, w: Writers, rng: random.Random, commune: Any, short: bool) -> None:
        """The other communes of the province: the secretary's two receptions a month and the yearly
        conference (a few communes miss a month), so the province's shortfall list names real gaps
        rather than every commune without petitions in the demo."""
        host = f"Bí thư Đảng ủy {commune.name}"
        month, now = START, self.now()
        while month <= now:
            times = 1 if short and month.month in (5, 9) else 2
            for n in range(times):
                day = month + D(days=rng.randint(2, 12) + 14 * n)
                if day <= now:
                    self.dialogue(w, commune, DialogueKind.RECEPTION, day, host, rng)
            month = (month + D(days=32)).replace(day=1)
        self.dialogue(w, commune, DialogueKind.CONFERENCE, dt.date(2026, 6, 1) + D(days=rng.randint(0, 120)),
                      f"Chủ tịch UBND {commune.name}", rng)

    def province_dialogues(self, w: Writers, rng: random.Random, province: Any) -> None:
        bodies = self.province_bodies[province.pk]
        month, now = START, self.now()
        while month <= now:
            day = month + D(days=rng.randint(5, 20))
            if day <= now:
                self.dialogue(w, province, DialogueKind.RECEPTION, day, "Bí thư Thành ủy", rng,
                              commitments=int(rng.random() < 0.4), owners=(bodies["agriculture"], bodies["construction"]))
            month = (month + D(days=32)).replace(day=1)

    # -- petitions
    def name(self, rng: random.Random) -> str:
        middle = rng.choice(MIDDLE)
        return f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}"

    def code(self) -> str:
        return "KN-" + "".join(self.codes.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

    def sender(self, rng: random.Random, village: Any, kind: str, anonymous_share: float = 0.06) -> dict[str, Any]:
        if kind in (PetitionKind.PETITION, PetitionKind.FEEDBACK) and rng.random() < anonymous_share:
            return {"person": None, "name": "", "contact": "", "anonymous": True}
        contact = "09" + "".join(str(rng.randrange(10)) for _ in range(8))
        people = self.people.get(village.pk, [])
        if people and rng.random() < 0.7:
            pk, name = rng.choice(people)
            return {"person": pk, "name": name, "contact": contact, "anonymous": False}
        return {"person": None, "name": self.name(rng), "contact": contact, "anonymous": False}

    def petition(self, w: Writers, rules: Rules, village: Any, case: Case, *, kind: str, channel: str, field_: str,
                 title: str, text: str, sender: dict[str, Any], answer: str = "", answer_public: bool = False,
                 reply: int | None = None, visit: int | None = None, dialogue: int | None = None,
                 merged_into: int | None = None, complex_: bool = False) -> tuple[int, str]:
        code = self.code()
        probe = Petition(unit_path=village.path, kind=kind, channel=channel, complex=complex_, received=case.received,
                         accepted_on=case.accepted_on, resolved_on=case.resolved_on)
        fill_due_dates(probe, rules)
        answered = case.answered_on is not None
        pk = w.petitions.add((
            code, kind, channel, field_, title[:300], text, complex_, case.received, sender["person"], sender["name"],
            sender["contact"], village.name,
            sender["anonymous"], case.body, case.state, case.accepted_on, case.answered_on, case.resolved_on,
            answer if answered and not reply else "", answer_public and answered and not reply, reply, visit, dialogue,
            merged_into, probe.due_accept, probe.due_answer, probe.due_notify, *_place(village), w.now, w.now))
        for from_state, to_state, day, note in case.moves:
            w.changes.add((pk, from_state, to_state, day, note, None, w.now))
        for day, from_body, to_body, reason in case.referrals:
            w.referrals.add((pk, day, from_body, to_body, reason, *_place(village), w.now, w.now))
        self.counts["petitions"] += 1
        return pk, code

    def walk(self, rng: random.Random, case: Case, fate: str, province_body: int, other_body: int) -> None:
        """Move ``case`` along ``fate``'s path as far as "today" allows."""
        if fate in OPEN_FATES:
            if fate == "received":
                return
            case.move(PetitionState.CLASSIFIED, rng.randint(1, 3))
            if fate == "forwarded":
                case.forward(province_body, rng.randint(1, 4), "Nội dung thuộc thẩm quyền cấp thành phố.")
            elif fate == "accepted":
                case.move(PetitionState.ACCEPTED, rng.randint(1, 4))
            return
        if fate == "rejected":
            case.move(PetitionState.CLASSIFIED, rng.randint(1, 3)) and case.move(
                PetitionState.REJECTED, rng.randint(1, 6), rng.choice(texts.REJECT_REASONS))
            return
        if fate == "withdrawn":
            case.move(PetitionState.CLASSIFIED, rng.randint(1, 3)) and case.move(PetitionState.ACCEPTED, rng.randint(1, 5)) \
                and case.move(PetitionState.WITHDRAWN, rng.randint(3, 20), rng.choice(texts.WITHDRAW_REASONS))
            return
        if fate == "rerouted":  # sent to the wrong body first, re-sent, then handled there
            ok = (case.move(PetitionState.CLASSIFIED, rng.randint(1, 2))
                  and case.forward(other_body, rng.randint(1, 3), "Chuyển cơ quan chuyên môn giải quyết.")
                  and case.forward(province_body, rng.randint(2, 6), texts.WRONG_ROUTING))
        elif fate == "forwarded_done":
            ok = (case.move(PetitionState.CLASSIFIED, rng.randint(1, 2))
                  and case.forward(province_body, rng.randint(1, 4), "Nội dung thuộc thẩm quyền cấp thành phố."))
        else:
            ok = case.move(PetitionState.CLASSIFIED, rng.randint(1, 3))
        if not (ok and case.move(PetitionState.ACCEPTED, rng.randint(1, 6))):
            return
        late = rng.random() < 0.12
        if not case.move(PetitionState.ANSWERED, rng.randint(32, 50) if late else rng.randint(5, 26)):
            return
        if fate in ("answered", "published"):
            return
        if fate == "reopened":
            if rng.random() < 0.5:
                case.move(PetitionState.RESOLVED, rng.randint(2, 10))
            if case.move(PetitionState.ACCEPTED, rng.randint(3, 20), rng.choice(texts.REOPEN_REASONS)) and rng.random() < 0.5:
                case.move(PetitionState.ANSWERED, rng.randint(5, 25))
            return
        case.move(PetitionState.RESOLVED, rng.randint(2, 20))

    def commune_petitions(self, w: Writers, rules: Rules, rng: random.Random, commune: Any, bodies: CommuneBodies,
                          overdue: int) -> None:
        villages = self.ctx.villages.get(commune.pk, [])
        if not villages:
            return
        prov = self.province_bodies[commune.province_id]
        fates = [f for f, _ in FATES]
        weights = [n for _, n in FATES]
        latest = self.today - D(days=70)
        span = (latest - START).days
        for n in range(PETITIONS_PER_COMMUNE):
            field_, kind, title, text = texts.PETITIONS[(n * 7 + rng.randrange(3)) % len(texts.PETITIONS)]
            village = rng.choice(villages)
            fate = FORCED[n] if n < len(FORCED) else rng.choices(fates, weights)[0]
            if fate == "open":
                fate = rng.choice(OPEN_FATES)
                received = self.today - D(days=rng.randint(0, 9))
            else:
                received = START + D(days=rng.randrange(span))
            channel = PLAIN_CHANNELS[n % len(PLAIN_CHANNELS)] if n % 9 else Channel.OVERSIGHT
            to_agency = prov["agriculture"] if field_ in (PetitionField.LAND, PetitionField.ENVIRONMENT, PetitionField.ECONOMY) \
                else prov["construction"]
            first = bodies.party if kind == PetitionKind.DENUNCIATION else bodies.government
            case = Case(received, first, self.today)
            self.walk(rng, case, fate, to_agency, bodies.front)
            self.petition(w, rules, village, case, kind=kind, channel=channel, field_=field_,
                          title=title.format(village=village.name), text=text.format(village=village.name,
                                                                                        commune=commune.name),
                          sender=self.sender(rng, village, kind), answer=rng.choice(texts.ANSWERS),
                          answer_public=fate == "published" or rng.random() < 0.3,
                          complex_=kind == PetitionKind.COMPLAINT and rng.random() < 0.25)
        self.overdue(w, rules, rng, commune, villages, bodies, overdue)
        self.merged(w, rules, rng, commune, villages, bodies)
        self.from_meetings(w, rules, rng, commune, bodies)
        self.from_dialogues(w, rules, rng, commune, villages, bodies)

    def overdue(self, w: Writers, rules: Rules, rng: random.Random, commune: Any, villages: list[Any],
                bodies: CommuneBodies, count: int) -> None:
        """Stalled cases: received 45–120 days ago and left open."""
        for n in range(count):
            field_, kind, title, text = texts.PETITIONS[(n * 11 + 5) % len(texts.PETITIONS)]
            village = villages[n % len(villages)]
            case = Case(self.today - D(days=rng.randint(45, 120)), bodies.government, self.today)
            self.walk(rng, case, OPEN_FATES[n % len(OPEN_FATES)], self.province_bodies[commune.province_id]["agriculture"],
                      bodies.front)
            self.petition(w, rules, village, case, kind=kind, channel=PLAIN_CHANNELS[n % len(PLAIN_CHANNELS)],
                          field_=field_, title=title.format(village=village.name),
                          text=text.format(village=village.name, commune=commune.name),
                          sender=self.sender(rng, village, kind, 0))
            self.counts["overdue"] += 1

    def merged(self, w: Writers, rules: Rules, rng: random.Random, commune: Any, villages: list[Any],
               bodies: CommuneBodies) -> None:
        """A case that two more senders raised too: their petitions merged into it, their names kept."""
        field_, kind, title, text = texts.PETITIONS[0]
        village = villages[-1]
        target = Case(self.today - D(days=rng.randint(80, 150)), bodies.government, self.today)
        self.walk(rng, target, "resolved", bodies.government, bodies.front)
        target_pk, _code = self.petition(w, rules, village, target, kind=kind, channel=Channel.LETTER, field_=field_,
                                         title=title.format(village=village.name),
                                         text=text.format(village=village.name, commune=commune.name),
                                         sender=self.sender(rng, village, kind, 0), answer=texts.ANSWERS[0],
                                         answer_public=True)
        for n in range(2):
            dup = Case(target.received + D(days=3 + 4 * n), bodies.government, self.today)
            dup.move(PetitionState.MERGED, 2, "Gộp vào vụ việc cùng nội dung.")
            sender = self.sender(rng, village, kind, 0)
            _pk, code = self.petition(w, rules, village, dup, kind=kind, channel=(Channel.PHONE, Channel.MEETING)[n],
                                      field_=field_, title=f"Phản ánh đường {village.name} hư hỏng nặng",
                                      text=f"Đường trong {village.name} sụt lún, ổ gà, đi lại khó khăn. Đề nghị sửa.",
                                      sender=sender, merged_into=target_pk)
            w.petitioners.add((target_pk, sender["person"], sender["name"], sender["contact"], False, code,
                               *_place(village), w.now, w.now))
            self.counts["merged"] += 1

    def from_meetings(self, w: Writers, rules: Rules, rng: random.Random, commune: Any, bodies: CommuneBodies) -> None:
        """Opinions raised at branch-meeting visits, filed with the Front, forwarded to the committee."""
        visits = self.visits.get(commune.pk, [])
        village_of = {v.pk: v for v in self.ctx.villages.get(commune.pk, [])}
        for visit, village_pk, day, opinion in rng.sample(visits, min(5, len(visits))):
            village = village_of.get(village_pk)
            if village is None:
                continue
            case = Case(day + D(days=rng.randint(0, 3)), bodies.front, self.today)
            case.move(PetitionState.CLASSIFIED, 1) and case.forward(bodies.government, rng.randint(1, 3),
                                                            "Mặt trận chuyển UBND xã giải quyết.")
            if rng.random() < 0.7 and case.move(PetitionState.ACCEPTED, rng.randint(1, 5)):
                case.move(PetitionState.ANSWERED, rng.randint(5, 25))
            self.petition(w, rules, village, case, kind=PetitionKind.PETITION, channel=Channel.MEETING,
                          field_=PetitionField.OTHER, title=opinion.rstrip(".")[:300],
                          text=f"Ý kiến nêu tại buổi sinh hoạt chi hội ngày {day:%d/%m/%Y}: {opinion}",
                          sender=self.sender(rng, village, PetitionKind.PETITION, 0.3), answer=texts.ANSWERS[2],
                          visit=visit)

    def from_dialogues(self, w: Writers, rules: Rules, rng: random.Random, commune: Any, villages: list[Any],
                       bodies: CommuneBodies) -> None:
        """Issues raised at receptions and dialogues; the voters' petitions of each round answered in one reply."""
        for pk, day, kind in self.dialogues.get(commune.pk, []):
            if kind == DialogueKind.VOTERS:
                self.voters_round(w, rules, rng, commune, villages, bodies, pk, day)
                continue
            if rng.random() > (0.25 if kind == DialogueKind.RECEPTION else 1.0):
                continue
            for _n in range(1 if kind == DialogueKind.RECEPTION else 2):
                field_, pkind, title, text = rng.choice(texts.PETITIONS)
                village = rng.choice(villages)
                case = Case(day, bodies.government, self.today)
                self.walk(rng, case, rng.choice(("resolved", "answered", "published")), bodies.government, bodies.front)
                self.petition(w, rules, village, case, kind=pkind, channel=Channel.DIALOGUE, field_=field_,
                              title=title.format(village=village.name),
                              text=text.format(village=village.name, commune=commune.name),
                              sender=self.sender(rng, village, pkind, 0), answer=rng.choice(texts.ANSWERS),
                              answer_public=rng.random() < 0.5, dialogue=pk)

    def voters_round(self, w: Writers, rules: Rules, rng: random.Random, commune: Any, villages: list[Any],
                     bodies: CommuneBodies, dialogue: int, day: dt.date) -> None:
        reply_day = day + D(days=rng.randint(30, 50))
        reply = None
        if reply_day <= self.today:
            reply = w.replies.add((bodies.government, f"Trả lời kiến nghị cử tri {commune.name} sau kỳ tiếp xúc "
                                   f"ngày {day:%d/%m/%Y}", reply_day,
                                   "UBND xã tổng hợp, trả lời các kiến nghị của cử tri như sau: " +
                                   " ".join(rng.sample(texts.ANSWERS, 3)), True, *_place(commune), w.now, w.now))
            self.counts["consolidated replies"] += 1
        for n in range(4):
            field_, _kind, title, text = texts.PETITIONS[(n * 13 + rng.randrange(5)) % len(texts.PETITIONS)]
            village = villages[n % len(villages)]
            case = Case(day, bodies.government, self.today)
            case.move(PetitionState.CLASSIFIED, 2) and case.move(PetitionState.ACCEPTED, rng.randint(2, 6))
            if reply is not None:
                case.move(PetitionState.ANSWERED, (reply_day - case.day).days)
                if n % 2 == 0:
                    case.move(PetitionState.RESOLVED, rng.randint(10, 60))
            self.petition(w, rules, village, case, kind=PetitionKind.PETITION, channel=Channel.VOTERS, field_=field_,
                          title=title.format(village=village.name),
                          text=text.format(village=village.name, commune=commune.name),
                          sender=self.sender(rng, village, PetitionKind.PETITION, 0), reply=reply, dialogue=dialogue)

    def hot_spot(self, w: Writers, rules: Rules, rng: random.Random, commune: Any, bodies: CommuneBodies) -> None:
        """Petitions about one pig farm's stench in one village, worded differently, by several senders,
        received in the two weeks before "today"; one more merged into the first. "Today" here is the
        day the demo is built when that is later than the data's fixed date: a hot spot is what grows
        now, so a demo built in a later month still shows one on its dashboard."""
        now = self.now()
        village = self.ctx.villages[commune.pk][0]
        channels = (Channel.PHONE, Channel.DIRECT, Channel.WEB, Channel.MEETING, Channel.LETTER, Channel.DIALOGUE,
                    Channel.WEB)
        first = None
        for n in range(HOT_SPOT_SIZE):
            title, text = texts.HOT_SPOT[n % len(texts.HOT_SPOT)]
            case = Case(now - D(days=13 - 2 * n), bodies.government, now)
            if n < 3:
                case.move(PetitionState.CLASSIFIED, 1)
            kind = PetitionKind.FEEDBACK if n % 2 else PetitionKind.PETITION
            pk, _code = self.petition(w, rules, village, case, kind=kind, channel=channels[n], field_=PetitionField.ENVIRONMENT,
                                      title=title.format(village=village.name), text=text.format(village=village.name),
                                      sender=self.sender(rng, village, kind, 0.15 if n == 4 else 0))
            self.hot_spot_ids.append(pk)
            first = first or (pk, case)
        dup = Case(now - D(days=12), bodies.government, now)
        dup.move(PetitionState.MERGED, 1, "Gộp vào vụ việc cùng nội dung.")
        sender = self.sender(rng, village, PetitionKind.FEEDBACK, 0)
        title, text = texts.HOT_SPOT[1]
        _pk, code = self.petition(w, rules, village, dup, kind=PetitionKind.FEEDBACK, channel=Channel.PHONE,
                                  field_=PetitionField.ENVIRONMENT, title=title.format(village=village.name),
                                  text=text.format(village=village.name), sender=sender, merged_into=first[0])
        w.petitioners.add((first[0], sender["person"], sender["name"], sender["contact"], False, code,
                           *_place(village), w.now, w.now))
        self.counts["merged"] += 1

    # -- oversight
    def sessions(self, w: Writers, rng: random.Random, unit: Any, bodies: list[int], lead: str, index: int) -> None:
        plan = [(SessionKind.OVERSIGHT, texts.OVERSIGHT_SUBJECTS[(index + k) % len(texts.OVERSIGHT_SUBJECTS)])
                for k in range(1 + (unit.level == 1))]
        plan.append((SessionKind.CRITIQUE, texts.CRITIQUE_SUBJECTS[index % len(texts.CRITIQUE_SUBJECTS)]))
        for k, (kind, (subject, target)) in enumerate(plan):
            start = dt.date(2025, 12, 1) + D(days=rng.randint(0, 200) + 30 * k)
            end = start + D(days=rng.randint(1, 20))
            pk = w.sessions.add((kind, subject, target.format(unit=unit.name), lead,
                                 "Đại diện Ủy ban MTTQ, các tổ chức chính trị - xã hội, Ban Thanh tra nhân dân.",
                                 start, end, "Đoàn đã làm việc, kiểm tra thực tế và kết luận, kiến nghị như sau.",
                                 *_place(unit), w.now, w.now))
            self.counts["oversight sessions"] += 1
            for r in range(3):
                self.recommendation(w, rng, unit, pk, end, bodies[r % len(bodies)], (index * 3 + k * 3 + r) % 7)

    def recommendation(self, w: Writers, rng: random.Random, unit: Any, session: int, end: dt.date, body: int,
                       target: int) -> None:
        R = RecommendationState
        sent = end + D(days=rng.randint(3, 10))
        moves: list[tuple[str, str, dt.date, str]] = []
        state, day = R.SENT, sent
        stamps: dict[str, dt.date | None] = {"answered_on": None, "implemented_on": None, "rechecked_on": None}

        def move(to: str, gap: int, note: str = "") -> bool:
            nonlocal state, day
            if day + D(days=gap) > self.today:
                return False
            day = day + D(days=gap)
            moves.append((state, to, day, note))
            state = to
            stamp = {R.ANSWERED: "answered_on", R.ACCEPTED: "answered_on", R.PARTLY: "answered_on",
                     R.NOT_ACCEPTED: "answered_on", R.IMPLEMENTED: "implemented_on", R.RECHECKED: "rechecked_on"}[to]
            stamps[stamp] = day
            return True

        # target: 0 sent, 1 answered, 2 accepted, 3 partly, 4 not accepted, 5 implemented, 6 re-checked
        if target >= 1 and target != 4:
            ok = move(R.ANSWERED, rng.randint(10, 25)) if target == 1 or rng.random() < 0.5 else True
            if ok and target >= 2:
                ok = move(R.PARTLY if target == 3 else R.ACCEPTED, rng.randint(5, 20))
                if ok and target >= 5 and move(R.IMPLEMENTED, rng.randint(20, 60)) and target == 6:
                    move(R.RECHECKED, rng.randint(10, 40))
        elif target == 4:
            move(R.NOT_ACCEPTED, rng.randint(10, 30), "Chưa có nguồn lực thực hiện trong năm; sẽ xem xét năm sau.")
        answered = stamps["answered_on"] is not None
        pk = w.recommendations.add((
            session, texts.RECOMMENDATIONS[rng.randrange(len(texts.RECOMMENDATIONS))], body, sent, sent + D(days=30),
            state, stamps["answered_on"],
            "Cơ quan tiếp thu, giao bộ phận chuyên môn thực hiện." if answered else "", stamps["implemented_on"],
            stamps["rechecked_on"],
            "Kiểm tra lại: đã thực hiện đúng như báo cáo." if stamps["rechecked_on"] else "",
            *_place(unit), w.now, w.now))
        for from_state, to_state, move_day, note in moves:
            w.recommendation_changes.add((pk, from_state, to_state, move_day, note, None, w.now))
        if stamps["implemented_on"]:
            self.implemented.append(pk)
        self.counts["recommendations"] += 1

    def evidence(self) -> int:
        """A photo for each implemented recommendation (through the ORM: the file is stored)."""
        for n, pk in enumerate(self.implemented):
            item = RecommendationEvidence(recommendation_id=pk, original_name=f"minh-chung-{n + 1}.png", kind="photo",
                                          content_type="image/png", caption="Ảnh chụp kết quả thực hiện kiến nghị")
            data = _tiny_png((40 + 20 * (n % 8), 120, 90))
            item.size = len(data)
            item.file.save(item.original_name, ContentFile(data), save=False)
            item.save()
        return len(self.implemented)


def build(ctx: DemoContext) -> dict[str, int]:
    builder = Builder(ctx)
    builder.rules()
    builder.read()
    w = Writers()
    builder.w = w
    provinces = {c.province_id for c in builder.communes}
    for province in ctx.provinces:
        if province.pk in provinces:
            builder.province(w, province)
    w.days_off.flush()  # the rules' reader below sees the province's days off
    paths = [v.path for c in builder.communes for v in ctx.villages.get(c.pk, [])]
    rules = Rules.for_paths(paths)
    commune_bodies = {c.pk: builder.bodies_of(w, c, i) for i, c in enumerate(builder.communes)}
    hot = next((c for c in builder.communes if ctx.villages.get(c.pk)), None)
    stalled = next((c for c in builder.communes if c is not hot and ctx.villages.get(c.pk)), hot)
    last = builder.communes[-1] if len(builder.communes) > 1 else None
    for province in ctx.provinces:
        if province.pk in provinces:
            builder.province_dialogues(w, ctx.rng(f"voice/dialogues/{province.key}"), province)
    for commune in builder.communes:
        builder.commune_dialogues(w, ctx.rng(f"voice/dialogues/{commune.key}"), commune, commune_bodies[commune.pk],
                                  short=commune is stalled, conference=commune is not last)
    programme = {c.pk for c in builder.communes}
    steady = [c for c in ctx.communes if c.pk not in programme and c.province_id in provinces]
    for index, commune in enumerate(steady):
        builder.steady_dialogues(w, ctx.rng(f"voice/dialogues/{commune.key}"), commune, short=index % 10 == 3)
    for commune in builder.communes:
        builder.commune_petitions(w, rules, ctx.rng(f"voice/petitions/{commune.key}"), commune,
                                  commune_bodies[commune.pk],
                                  OVERDUE_IN_ONE if commune is stalled else OVERDUE_ELSEWHERE)
    if hot is not None:
        builder.hot_spot(w, rules, ctx.rng(f"voice/hot/{hot.key}"), hot, commune_bodies[hot.pk])
    for index, province in enumerate(ctx.provinces):
        if province.pk in provinces:
            bodies = builder.province_bodies[province.pk]
            builder.sessions(w, ctx.rng(f"voice/oversight/{province.key}"), province,
                             [bodies["government"], bodies["agriculture"], bodies["construction"]],
                             f"Ủy ban MTTQ Việt Nam {province.name}", index)
    for index, commune in enumerate(builder.communes):
        bodies = commune_bodies[commune.pk]
        builder.sessions(w, ctx.rng(f"voice/oversight/{commune.key}"), commune, [bodies.government, bodies.party],
                         f"Ủy ban MTTQ Việt Nam {commune.name}", index + 1)
    w.flush()
    evidence = builder.evidence()
    c = builder.counts
    return {"voice bodies": w.bodies.created, "voice days off": w.days_off.created, "dialogues": w.dialogues.created,
            "commitments": w.commitments.created, "consolidated replies": w.replies.created,
            "petitions": w.petitions.created, "petition changes": w.changes.created,
            "referrals": w.referrals.created, "merged petitioners": w.petitioners.created,
            "overdue petitions seeded": c["overdue"], "oversight sessions": w.sessions.created,
            "recommendations": w.recommendations.created, "recommendation evidence": evidence}


# ---------------------------------------------------------------- is_built and reset


def _communes(ctx: DemoContext) -> list[int]:
    return [c.pk for c in ctx.communes]


def is_built(ctx: DemoContext) -> bool:
    return Body.objects.filter(commune__in=_communes(ctx)).exists()


def reset(ctx: DemoContext) -> dict[str, int]:
    """Delete this app's rows of ``ctx``'s communes, and the province's own (bodies, days off,
    dialogues, sessions) when no other commune of the province keeps any. The shipped rules stay.
    Raw deletes, dependents first, announced to the fact ledger (``bulk_written``)."""
    communes = _communes(ctx)
    provinces = [p.pk for p in ctx.provinces]
    others = Body.objects.filter(province__in=provinces).exclude(commune__in=communes).exclude(
        unit__in=provinces).exists()
    units = Q(commune__in=communes) | (Q(unit__in=provinces) if not others else Q(pk__in=[]))
    sessions = OversightSession.objects.filter(units)
    recommendations = Recommendation.objects.filter(Q(session__in=sessions) | units)
    petitions = Petition.objects.filter(Q(commune__in=communes))
    dialogues = Dialogue.objects.filter(units)
    bodies = Body.objects.filter(units)
    files = [name for pair in RecommendationEvidence.objects.filter(recommendation__in=recommendations)
             .values_list("file", "preview") for name in pair if name]
    files += [name for pair in PetitionAttachment.objects.filter(petition__in=petitions)
              .values_list("file", "preview") for name in pair if name]
    steps: list[tuple[str, QuerySet]] = [
        ("recommendation evidence", RecommendationEvidence.objects.filter(recommendation__in=recommendations)),
        ("", RecommendationChange.objects.filter(recommendation__in=recommendations)),
        ("recommendations", recommendations),
        ("oversight sessions", sessions),
        ("", PetitionAttachment.objects.filter(petition__in=petitions)),
        ("petition changes", PetitionChange.objects.filter(petition__in=petitions)),
        ("referrals", Referral.objects.filter(petition__in=petitions)),
        ("merged petitioners", Petitioner.objects.filter(petition__in=petitions)),
        ("petitions", petitions),
        ("consolidated replies", ConsolidatedReply.objects.filter(units | Q(body__in=bodies))),
        ("commitments", Commitment.objects.filter(Q(dialogue__in=dialogues) | units)),
        ("dialogues", dialogues),
        ("voice days off", DayOff.objects.filter(unit__in=provinces) if not others else DayOff.objects.none()),
        ("voice bodies", bodies),
    ]
    deleted: dict[str, int] = {}
    with bulk.batch():
        for name, queryset in steps:
            ids = list(queryset.values_list("id", flat=True))
            if ids and queryset.model is Petition:
                Petition.objects.filter(pk__in=ids).update(merged_into=None)  # the self-reference, before the delete
            count = queryset._raw_delete(queryset.db) if ids else 0
            if ids:
                bulk.bulk_written.send(sender=queryset.model, first_id=min(ids), last_id=max(ids), updated_ids=[])
            if name:
                deleted[name] = count
    if files:
        storage = RecommendationEvidence._meta.get_field("file").storage
        for name in files:
            storage.delete(name)
    return deleted
