"""The personal-data registers, declared once: the platform derives their pages, menu entries,
export filter, API and scope-test coverage from these (``core.registry``). Also adds the person's
legal bases and requests to the person's page (``people.declarations.PERSON_PAGE_EXTRAS``)."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.registry import Column, Declaration, declare
from danvan.people import declarations as people_declarations
from danvan.people.declarations import person_b

from . import views
from .api import BREACH, DATA_REQUEST, LEGAL_BASIS
from .choices import BasisKind, RequestKind
from .filters import BreachFilter, DataRequestFilter, LegalBasisFilter
from .forms import BreachForm, DataRequestForm, LegalBasisForm
from .models import Breach, DataRequest, LegalBasis

people_declarations.PERSON_PAGE_EXTRAS.append(views.person_privacy)


# ---------------------------------------------------------------- out-of-scope instances (scope tests)
def legal_basis_b(cast: Any) -> LegalBasis:
    person = person_b(cast)
    return LegalBasis.objects.get_or_create(
        person=person, purpose="Quản lý hội viên",
        defaults={"kind": BasisKind.CONSENT, "given_on": dt.date(2026, 1, 5), "unit": person.unit})[0]


def data_request_b(cast: Any) -> DataRequest:
    return DataRequest.objects.get_or_create(
        requester="Phạm Thị Ngoại Phạm", unit=cast.commune_b,
        defaults={"person": person_b(cast), "kind": RequestKind.ACCESS, "received_on": dt.date(2026, 3, 2)})[0]


def breach_b(cast: Any) -> Breach:
    return Breach.objects.get_or_create(
        title="Lộ danh sách hội viên xã B", unit=cast.commune_b,
        defaults={"discovered_at": timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))})[0]


UNIT = Column(_("Đơn vị"), "unit.name", sort="unit")

declare(Declaration(
    model=LegalBasis, slug="legal-bases", related=("unit", "person"), api=LEGAL_BASIS,
    columns=(
        Column(_("Cá nhân"), "person.full_name", sort="name", link=True, personal=True),
        Column(_("Căn cứ xử lý"), "get_kind_display", sort="kind"),
        Column(_("Mục đích"), "purpose"),
        Column(_("Ngày"), "given_on", sort="given_on"),
        Column(_("Nguồn"), "get_source_display"),
        Column(_("Rút lại ngày"), "withdrawn_on", sort="withdrawn_on"),
        UNIT,
    ),
    default_sort="given_on",
    sort_fields={"name": ("person__name_sort",), "kind": ("kind", "-given_on"), "given_on": ("-given_on", "id"),
                 "withdrawn_on": ("withdrawn_on",), "unit": ("unit_path", "person__name_sort")},
    filterset=LegalBasisFilter, search_fields=("person__name_folded", "person__code"),
    fields=(
        Column(_("Cá nhân"), "person", personal=True),
        Column(_("Căn cứ xử lý"), "get_kind_display"),
        Column(_("Mục đích xử lý"), "purpose"),
        Column(_("Ngày đồng ý / ngày có căn cứ"), "given_on"),
        Column(_("Nguồn, chứng cứ"), "get_source_display"),
        Column(_("Số, ký hiệu văn bản"), "reference"),
        Column(_("Ngày rút lại"), "withdrawn_on"),
        UNIT,
    ),
    form=LegalBasisForm, initial_from_query=("person",),
    menu_label=pgettext_lazy("plural", "Căn cứ xử lý, sự đồng ý"), menu_order=10,
    out_of_scope=legal_basis_b,
))

declare(Declaration(
    model=DataRequest, slug="data-requests", related=("unit", "person"), api=DATA_REQUEST,
    columns=(
        Column(_("Người yêu cầu"), "requester", sort="requester", link=True, personal=True),
        Column(_("Loại yêu cầu"), "get_kind_display", sort="kind"),
        Column(_("Ngày tiếp nhận"), "received_on", sort="received_on"),
        Column(_("Hạn xác nhận"), "acknowledge_by"),
        Column(_("Hạn giải quyết"), "current_due", sort="due"),
        Column(_("Trạng thái"), "get_state_display", sort="state"),
        Column(_("Quá hạn"), "is_overdue"),
        UNIT,
    ),
    default_sort="received_on",
    sort_fields={"requester": ("requester",), "kind": ("kind", "-received_on"), "received_on": ("-received_on", "-id"),
                 "due": ("due",), "state": ("state", "-received_on"), "unit": ("unit_path", "-received_on")},
    filterset=DataRequestFilter, search_fields=("requester", "person__name_folded"),
    fields=(
        Column(_("Chủ thể dữ liệu"), "person", personal=True),
        Column(_("Người yêu cầu"), "requester", personal=True),
        Column(_("Loại yêu cầu"), "get_kind_display"),
        Column(_("Nội dung yêu cầu"), "details", personal=True),
        Column(_("Ngày tiếp nhận"), "received_on"),
        Column(_("Cần bên thứ ba thực hiện"), "third_parties"),
        Column(_("Hạn xác nhận (2 ngày làm việc)"), "acknowledge_by"),
        Column(_("Hạn giải quyết"), "due"),
        Column(_("Gia hạn đến"), "extended_to"),
        Column(_("Ngày xác nhận"), "acknowledged_on"),
        Column(_("Ngày kết thúc"), "closed_on"),
        Column(_("Trạng thái"), "get_state_display"),
        Column(_("Kết quả giải quyết"), "outcome"),
        UNIT,
    ),
    detail_template="privacy/datarequest_detail.html", detail_context=views.request_context,
    form=DataRequestForm, initial_from_query=("person",),
    menu_label=pgettext_lazy("plural", "Yêu cầu của chủ thể dữ liệu"), menu_order=20,
    out_of_scope=data_request_b,
))

declare(Declaration(
    model=Breach, slug="breaches", related=("unit",), api=BREACH,
    columns=(
        Column(_("Tóm tắt"), "title", sort="title", link=True),
        Column(_("Phát hiện lúc"), "discovered_at", sort="discovered_at"),
        Column(_("Hạn thông báo (72 giờ)"), "notify_deadline"),
        Column(_("Đã thông báo lúc"), "notified_at"),
        Column(_("Quá hạn"), "is_overdue"),
        Column(_("Số người bị ảnh hưởng"), "people_affected"),
        UNIT,
    ),
    default_sort="discovered_at",
    sort_fields={"title": ("title",), "discovered_at": ("-discovered_at", "-id"), "unit": ("unit_path", "-discovered_at")},
    filterset=BreachFilter, search_fields=("title",),
    fields=(
        Column(_("Đơn vị"), "unit.name"),
        Column(_("Phát hiện lúc"), "discovered_at"),
        Column(_("Hạn thông báo (72 giờ)"), "notify_deadline"),
        Column(_("Đã thông báo lúc"), "notified_at"),
        Column(_("Quá hạn"), "is_overdue"),
        Column(_("Cơ quan được thông báo"), "authority"),
        Column(_("Diễn biến"), "description"),
        Column(_("Loại dữ liệu bị ảnh hưởng"), "data_kinds"),
        Column(_("Có dữ liệu nhạy cảm"), "sensitive"),
        Column(_("Số người bị ảnh hưởng"), "people_affected"),
        Column(_("Biện pháp khắc phục"), "measures"),
    ),
    form=BreachForm,
    menu_label=pgettext_lazy("plural", "Vi phạm dữ liệu cá nhân"), menu_order=30,
    out_of_scope=breach_b,
))
