"""Filters every register list shares: accent-insensitive search, choice and yes/no filters.

Usage everywhere: ``FS(request.GET, queryset=Model.objects.visible_to(user), request=request).qs``;
the export and the API list reuse the declaration's filter set, so a file holds exactly the list.
"""

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.text import fold

YES_NO = [("true", _("Có")), ("false", _("Không"))]


class SearchFilter(filters.CharFilter):
    """Accent-insensitive text search on a stored folded name: "dang thi anh" finds "Đặng Thị Ánh"."""

    def __init__(self, fields: tuple[str, ...] = ("name_folded",), **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Tìm kiếm"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search", "placeholder": _("Tên, mã… (không cần dấu)")}))
        self.search_fields = fields
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        folded = fold(value or "")
        if not folded:
            return qs
        condition = None
        for name in self.search_fields:
            term = folded if name.endswith("folded") else value.strip()
            q = Q(**{f"{name}__contains": term})
            condition = q if condition is None else condition | q
        return qs.filter(condition)


def choice(choices: Any, label: Any, field_name: str | None = None) -> filters.ChoiceFilter:
    return filters.ChoiceFilter(choices=choices, label=label, field_name=field_name, empty_label=_("Tất cả"))


class YesNoFilter(filters.ChoiceFilter):
    """"Có" / "Không" / "Tất cả" on a boolean field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("Tất cả"))
        super().__init__(choices=YES_NO, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if value not in ("true", "false"):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


def yes_no(label: Any, field_name: str) -> YesNoFilter:
    return YesNoFilter(label=label, field_name=field_name)
