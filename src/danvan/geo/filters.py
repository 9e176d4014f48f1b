"""Filtering records by administrative unit: the unit filter every scoped list has."""

from typing import Any

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.web.filters import SearchFilter
from danvan.web.forms import SearchPicker

from .models import AdminUnit


class UnitKeyField(forms.CharField):
    """A unit key typed or chosen with the unit picker; shows the unit's name when it exists."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SearchPicker("geo:unit_search"))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if value:
            unit = AdminUnit.objects.filter(key=value).only("name", "key").first()
            if unit is not None:
                self.widget.labels[str(value)] = f"{unit.name} ({unit.key})"
        return value


class UnitFilter(filters.CharFilter):
    """Records in the subtree of a unit the user may see (by unit key)."""

    field_class = UnitKeyField

    def __init__(self, path_field: str = "unit_path", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Đơn vị"))
        self.path_field = path_field
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        user = getattr(self.parent.request, "user", None)
        unit = AdminUnit.objects.visible_to(user).filter(key=value.strip()).only("path").first()
        if unit is None:
            return qs.none()
        return qs.filter(**{f"{self.path_field}__under": unit.path})


class ScopedFilterSet(filters.FilterSet):
    """The base of every scoped list's filters: text search and the unit subtree."""

    q = SearchFilter()
    unit = UnitFilter()
