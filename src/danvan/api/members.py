"""Members: a person's membership of one branch, answered with the person's fields nested."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query

from danvan.people.models import Branch, Membership, Person

from . import base
from .base import DEFAULT_LIMIT, MAX_LIMIT, FieldError, ModelRouter
from .organizations import WRITE_RESPONSES
from .people import apply_person, person_out
from .schemas import ErrorOut, MemberIn, MemberOut, MemberPatch, Page

router = ModelRouter(Membership, tags=["members"])


def member_out(member: Membership, user: Any) -> dict[str, Any]:
    return {
        "id": member.pk,
        "branch": member.branch.code,
        "branch_name": member.branch.name,
        "org_kind": member.org_kind,
        "unit": member.unit.key,
        "unit_name": member.unit.name,
        "person_id": member.person_id,
        "person": person_out(member.person, user),
        "joined": member.joined,
        "left": member.left,
        "attends_regularly": member.attends_regularly,
        "updated": member.updated,
    }


def _queryset(request: HttpRequest) -> Any:
    return base.visible(Membership, request).select_related("unit", "branch", "person", "person__unit")


def _write(request: HttpRequest, member: Membership, data: dict[str, Any]) -> None:
    """Apply and save a membership and, when sent, its person's fields — all or nothing."""
    creating = member.pk is None
    member_before = base.snapshot(member)
    for name in ("joined", "left"):
        if name in data:
            setattr(member, name, data[name])
    if data.get("attends_regularly") is not None:
        member.attends_regularly = data["attends_regularly"]
    if "branch" in data:
        code = data["branch"]
        member.branch = base.resolve(Branch, request, "branch", code, code=code)
    person_data = data.get("person")
    person_id = data.get("person_id")
    if creating:
        if person_id is not None:
            person = base.resolve(Person, request, "person_id", person_id, pk=person_id)
        elif person_data:
            person = Person(unit=member.branch.unit) if member.branch_id else Person()
        else:
            raise FieldError("person", _("Cần 'person_id' của một cá nhân đã có hoặc thông tin 'person' để tạo mới."))
    else:
        person = member.person
        if person_id is not None and person_id != member.person_id:
            raise FieldError("person_id", _("Không đổi được cá nhân của một hội viên; hãy thêm hội viên mới."))
    if person_data:
        before = base.snapshot(person)
        apply_person(request, person, person_data, prefix="person.")
        base.save(request, person, before)
    member.person = person
    base.save(request, member, member_before)


@router.get("/members", response=Page[MemberOut], summary="Danh sách hội viên")
def list_members(
    request: HttpRequest,
    unit: str | None = None,
    q: str | None = Query(None, description="Tìm theo họ tên, không cần dấu"),
    branch: str | None = Query(None, description="Mã chi hội"),
    org_kind: str | None = None,
    active: bool | None = Query(None, description="Chỉ hội viên chưa ra (true) hoặc đã ra (false)"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    qs = base.search(base.in_unit(_queryset(request), request, unit), q, field="person__name_folded")
    if branch:
        qs = qs.filter(branch__code=branch)
    if org_kind:
        qs = qs.filter(org_kind=org_kind)
    if active is not None:
        qs = qs.filter(left__isnull=active)
    user = base.user_of(request)
    return base.page(qs, limit, offset, lambda m: member_out(m, user))


@router.get("/members/{pk}", response={200: MemberOut, 404: ErrorOut}, summary="Chi tiết hội viên")
def get_member(request: HttpRequest, pk: int) -> dict[str, Any]:
    return member_out(base.get_visible(Membership, request, _queryset(request), pk=pk), base.user_of(request))


@router.post("/members", response={201: MemberOut, **WRITE_RESPONSES}, summary="Thêm hội viên")
def create_member(request: HttpRequest, payload: MemberIn) -> tuple[int, dict[str, Any]]:
    user = base.require_write(request)
    member = Membership()
    with transaction.atomic():
        _write(request, member, payload.dict())
    return 201, member_out(member, user)


def _update(request: HttpRequest, pk: int, data: dict[str, Any]) -> dict[str, Any]:
    member = base.get_visible(Membership, request, _queryset(request), pk=pk)
    user = base.require_write(request)
    with transaction.atomic():
        _write(request, member, data)
    return member_out(member, user)


@router.put("/members/{pk}", response={200: MemberOut, **WRITE_RESPONSES}, summary="Sửa hội viên")
def replace_member(request: HttpRequest, pk: int, payload: MemberIn) -> dict[str, Any]:
    return _update(request, pk, payload.dict())


@router.patch("/members/{pk}", response={200: MemberOut, **WRITE_RESPONSES}, summary="Sửa một phần")
def patch_member(request: HttpRequest, pk: int, payload: MemberPatch) -> dict[str, Any]:
    return _update(request, pk, payload.dict(exclude_unset=True))


@router.delete("/members/{pk}", response={204: None, **WRITE_RESPONSES}, summary="Xóa hội viên (giữ cá nhân)")
def delete_member(request: HttpRequest, pk: int) -> tuple[int, None]:
    member = base.get_visible(Membership, request, pk=pk)
    base.require_write(request)
    base.delete(request, member)
    return 204, None
