"""The exemplar register, declared once: the platform derives its pages, menu entry, picker, export
filter, API, evidence gallery and scope-test coverage from this (``core.registry``)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.registry import Column, Declaration, Picker, declare

from . import views
from .api import EXEMPLAR
from .choices import Field, OwnerType
from .filters import ExemplarFilter
from .forms import ExemplarForm
from .models import Exemplar, ExemplarEvidence


def exemplar_b(cast: Any) -> Exemplar:
    """An exemplar in commune B (outside ``cast.editor_a``'s scope), for the scope walkers."""
    return Exemplar.objects.get_or_create(
        name="Mô hình ngoài phạm vi An Bình",
        defaults={"unit": cast.village_b1, "organization": cast.org_women_b, "field": Field.SOCIETY,
                  "owner_type": OwnerType.COLLECTIVE, "registered": "2026-01-15"},
    )[0]


UNIT = Column(_("Nơi thực hiện"), "unit.name", sort="unit")

declare(Declaration(
    model=Exemplar, slug="exemplars", related=("unit", "organization"),
    api=EXEMPLAR,
    columns=(
        Column(_("Tên mô hình, điển hình"), "name", sort="name", link=True),
        Column(_("Loại"), "get_kind_display"),
        Column(_("Lĩnh vực"), "get_field_display", sort="field"),
        Column(_("Chủ thể"), "get_owner_type_display"),
        Column(_("Đơn vị đăng ký"), "registrant"),
        UNIT,
        Column(_("Ngày đăng ký"), "registered", sort="registered"),
        Column(_("Trạng thái"), "get_state_display", sort="state"),
    ),
    sort_fields={"name": ("name_sort",), "field": ("field", "name_sort"), "unit": ("unit_path", "name_sort"),
                 "registered": ("registered",), "state": ("state", "name_sort")},
    filterset=ExemplarFilter,
    fields=(
        Column(_("Loại"), "get_kind_display"),
        Column(_("Chủ thể"), "get_owner_type_display"),
        Column(_("Cá nhân điển hình"), "person"),
        Column(_("Lĩnh vực"), "get_field_display"),
        Column(_("Đơn vị đăng ký"), "registrant"),
        Column(_("Loại tổ chức"), "get_org_kind_display"),
        UNIT,
        Column(_("Ngày đăng ký"), "registered"),
        Column(_("Trạng thái"), "get_state_display"),
        Column(_("Thực trạng, lý do xây dựng"), "situation"),
        Column(_("Mục tiêu, tiêu chí"), "goals"),
        Column(_("Nội dung, cách thức thực hiện"), "method"),
        Column(_("Địa bàn, đối tượng"), "target"),
        Column(_("Chủ trì, phối hợp, tham gia"), "participants"),
        Column(_("Nguồn lực"), "resources"),
        Column(_("Ngày công"), "labor_days"),
        Column(_("Kinh phí (đồng)"), "budget"),
        Column(_("Bắt đầu thực hiện"), "starts"),
        Column(_("Thời điểm sơ kết, đánh giá"), "review_due"),
        Column(_("Sản phẩm, kết quả kiểm chứng được"), "outputs"),
        Column(_("Khả năng duy trì, nhân rộng"), "sustainability"),
        Column(_("Công khai"), "public"),
        Column(_("Tiêu đề công khai"), "public_title"),
        Column(_("Câu chuyện công khai"), "public_story"),
    ),
    detail_template="exemplars/exemplar_detail.html", detail_context=views.exemplar_context,
    form=ExemplarForm, initial_from_query=("origin",), picker=Picker(),
    evidence=ExemplarEvidence,
    menu_label=pgettext_lazy("plural", "Mô hình \"Dân vận khéo\""), menu_order=70,
    out_of_scope=exemplar_b,
))
