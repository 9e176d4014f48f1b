"""Everything the platform derives for Notice: pages, menu, picker, export filter, API, scope tests."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from danvan.core.choices import OrgKind
from danvan.core.registry import Column, Declaration, Picker, declare
from danvan.geo.filters import ScopedFilterSet
from danvan.geo.forms import village_field
from danvan.web.filters import SearchFilter, choice
from danvan.web.forms import ScopedModelForm

from .api import NOTICE
from .models import Notice, NoticeEvidence


class NoticeFilter(ScopedFilterSet):
    q = SearchFilter(fields=("name_folded", "code"))
    org_kind = choice(OrgKind.choices, _("Loại tổ chức"))

    class Meta:
        model = Notice
        fields = ["q", "unit", "org_kind"]


class NoticeForm(ScopedModelForm):
    unit = village_field()

    class Meta:
        model = Notice
        fields = ["code", "name", "org_kind", "unit", "posted"]


def notice_b(cast: Any) -> Notice:
    """A notice in village B1, outside editor_a's scope (the scope walker requests it)."""
    return Notice.objects.get_or_create(
        code="NGOAI-TB1", defaults={"name": "Thông báo Ngoại Phạm", "org_kind": OrgKind.WOMEN, "unit": cast.village_b1},
    )[0]


declare(Declaration(
    model=Notice, slug="notices", related=("unit",),
    columns=(
        Column(_("Tiêu đề"), "name", sort="name", link=True),
        Column(_("Mã"), "code", sort="code", fmt="raw"),
        Column(_("Loại tổ chức"), "get_org_kind_display"),
        Column(_("Thôn, ấp"), "unit.name", sort="unit"),
    ),
    sort_fields={"name": ("name_sort",), "code": ("code",), "unit": ("unit_path", "name_sort")},
    filterset=NoticeFilter, search_fields=("name_folded", "code"),
    fields=(Column(_("Mã"), "code", fmt="raw"), Column(_("Loại tổ chức"), "get_org_kind_display"),
            Column(_("Thôn, ấp"), "unit.name"), Column(_("Ngày đăng"), "posted")),
    form=NoticeForm, picker=Picker(), import_kind="notices", api=NOTICE,
    menu_label=_("thông báo"), menu_order=90,
    out_of_scope=notice_b,
    evidence=NoticeEvidence,
))
