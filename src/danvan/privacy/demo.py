"""Demo data of the personal-data registers (``core.demo`` hook), deterministic (``ctx.rng``):
paper consents for most members of each demo commune (a few withdrawn, some on another legal
basis), a dozen data-subject requests in every state with their dated history (one overdue,
one extended), and three breaches (one notified in time, one late, one not yet notified).
Written through ``core.bulk``."""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from danvan.core import bulk
from danvan.core.demo import DemoContext
from danvan.people.models import Person

from . import deadlines
from .choices import BasisKind, BasisSource, RequestKind, RequestState
from .models import DEFAULT_AUTHORITY, Breach, DataRequest, DataRequestStateChange, LegalBasis

SCOPE = ("unit", "unit_path", "province", "commune")
CONSENTS_PER_COMMUNE = 400
S = RequestState
# (kind, days before today it was received, the moves as (state, days after receipt, note), third parties)
REQUESTS: tuple[tuple[str, int, tuple[tuple[str, int, str], ...], bool], ...] = (
    (RequestKind.ACCESS, 40, ((S.ACKNOWLEDGED, 1, ""), (S.COMPLETED, 9, "Đã cung cấp bản sao hồ sơ hội viên")), False),
    (RequestKind.CORRECTION, 30, ((S.ACKNOWLEDGED, 2, ""), (S.COMPLETED, 6, "Đã sửa năm sinh theo CCCD")), False),
    (RequestKind.DELETION, 25, ((S.ACKNOWLEDGED, 1, ""),
                                (S.EXTENDED, 10, "Chờ chi hội xác nhận đã thôi sinh hoạt")), True),
    (RequestKind.WITHDRAWAL, 20, ((S.ACKNOWLEDGED, 1, ""), (S.COMPLETED, 3, "Đã ghi nhận rút lại sự đồng ý")), False),
    (RequestKind.ACCESS, 18, ((S.ACKNOWLEDGED, 2, ""),), False),  # overdue: 15 days passed
    (RequestKind.RESTRICTION, 12, ((S.REFUSED, 2, "Không xác minh được người yêu cầu"),), False),
    (RequestKind.CORRECTION, 4, ((S.ACKNOWLEDGED, 1, ""),), False),
    (RequestKind.OBJECTION, 1, (), False),
)
REQUESTERS = ("Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thị Hồng", "Phạm Văn Tài", "Huỳnh Thị Mai", "Võ Văn Nam",
              "Thạch Thị Sa Rươne", "Đặng Văn Lộc")
BREACHES = (
    ("Thất lạc sổ danh sách hội viên chi hội", 60, 30, 35),
    ("Gửi nhầm tệp danh sách hội viên vào nhóm Zalo chung", 20, 90, 120),
    ("Máy tính cán bộ nhập liệu nhiễm mã độc", 1, None, 0),
)


def _mine(ctx: DemoContext) -> Q:
    return Q(commune__in=[c.pk for c in ctx.communes])


def build(ctx: DemoContext) -> dict[str, int]:
    rng, now, today = ctx.rng("privacy"), bulk.now(), ctx.reference_date
    bases = bulk.BulkWriter(LegalBasis, ("person", "kind", "purpose", "given_on", "source", "reference",
                                         "withdrawn_on", *SCOPE, "created", "updated"))
    requests = bulk.BulkWriter(DataRequest, ("person", "requester", "kind", "details", "received_on", "third_parties",
                                             "acknowledge_by", "due", "state", "acknowledged_on", "extended_to",
                                             "closed_on", "outcome", *SCOPE, "created", "updated"))
    moves = bulk.BulkWriter(DataRequestStateChange, ("request", "from_state", "to_state", "day", "note",
                                                     "extended_to", "at"))
    breaches = bulk.BulkWriter(Breach, ("title", "discovered_at", "notify_deadline", "notified_at", "authority",
                                        "description", "data_kinds", "sensitive", "people_affected", "measures",
                                        *SCOPE, "created", "updated"))
    for number, commune in enumerate(ctx.communes):
        # By the indexed path, sorted here: ``ORDER BY id LIMIT`` made PostgreSQL walk the people by id
        # until it met the commune's (0.2 s a commune at a tenth of the national profile).
        people = sorted(Person.objects.filter(unit_path__under=commune.path)
                        .values_list("id", "unit_id", "unit_path", "province_id", "commune_id"))[:CONSENTS_PER_COMMUNE]
        for pk, *place in people:
            given = today - dt.timedelta(days=rng.randint(30, 900))
            kind = BasisKind.CONSENT if rng.random() < 0.9 else BasisKind.PUBLIC_TASK
            withdrawn = (given + dt.timedelta(days=rng.randint(5, 25))
                         if kind == BasisKind.CONSENT and rng.random() < 0.02 else None)
            bases.add((pk, kind, "Quản lý hội viên, liên hệ sinh hoạt chi hội", given,
                       BasisSource.PAPER if rng.random() < 0.8 else BasisSource.APP, "", withdrawn, *place, now, now))
        place = (commune.pk, commune.path, commune.province_id, commune.pk)
        if number > 2:
            continue  # requests and breaches in the first three communes
        for index, (kind, ago, steps, third) in enumerate(REQUESTS):
            received = today - dt.timedelta(days=ago)
            state, acknowledged, extended, closed, outcome = S.RECEIVED, None, None, None, ""
            due = deadlines.due_on(received, third)
            pk = requests.new_id()
            for target, after, note in steps:
                day = received + dt.timedelta(days=after)
                extended = deadlines.latest_extension(due) if target == S.EXTENDED else extended
                moves.add((pk, state, target, day, note, extended if target == S.EXTENDED else None, now))
                acknowledged = day if target == S.ACKNOWLEDGED else acknowledged
                closed = day if target in (S.COMPLETED, S.REFUSED) else closed
                outcome = note if target in (S.COMPLETED, S.REFUSED) else outcome
                state = target
            person = people[index][0] if index < len(people) else None
            requests.add_row((pk, person, REQUESTERS[index % len(REQUESTERS)], kind, "", received, third,
                              deadlines.acknowledge_by(received), due, state, acknowledged, extended, closed,
                              outcome, *place, now, now))
        title, ago, notified_after, affected = BREACHES[number]
        found = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=ago), dt.time(8, 30)))
        notified = found + dt.timedelta(hours=notified_after) if notified_after is not None else None
        breaches.add((title, found, deadlines.notify_deadline(found), notified, DEFAULT_AUTHORITY,
                      "Phát hiện qua phản ánh của hội viên.", "Họ tên, năm sinh, số điện thoại, dân tộc",
                      True, affected or None, "Thu hồi tệp, đổi mật khẩu, thông báo cho người bị ảnh hưởng.",
                      *place, now, now))
    with bulk.batch():
        for writer in (bases, requests, moves, breaches):
            writer.flush()
    return {"legal bases": bases.created, "data-subject requests": requests.created, "breaches": breaches.created}


def is_built(ctx: DemoContext) -> bool:
    return DataRequest.objects.filter(_mine(ctx)).exists() or LegalBasis.objects.filter(_mine(ctx)).exists()


def reset(ctx: DemoContext) -> dict[str, int]:
    deleted = {}
    for label, queryset in (
            ("data-subject request moves", DataRequestStateChange.objects.filter(request__in=DataRequest.objects.filter(
                _mine(ctx)))),
            ("data-subject requests", DataRequest.objects.filter(_mine(ctx))),
            ("legal bases", LegalBasis.objects.filter(_mine(ctx))),
            ("breaches", Breach.objects.filter(_mine(ctx)))):
        deleted[label] = queryset._raw_delete(queryset.db)
    return deleted


__all__: list[Any] = ["build", "is_built", "reset"]
