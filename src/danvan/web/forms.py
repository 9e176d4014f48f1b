"""Form pieces shared by every register: scope-restricted choices and the search picker.

A picker is a hidden input holding the chosen key plus a search box that asks an htmx
endpoint for matches; it replaces a ``<select>`` where the choices run to tens of thousands
(villages, people, households).
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SearchPicker(forms.Widget):
    """A search box (htmx) that writes the chosen value into a hidden input."""

    template_name = "web/widgets/picker.html"

    def __init__(self, url_name: str, params: dict[str, Any] | None = None, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.url_name = url_name
        self.params = params or {}
        self.labels: dict[str, str] = {}

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        value = "" if value is None else str(value)
        query = "&".join(f"{k}={v}" for k, v in self.params.items())
        context["widget"].update(
            {
                "search_url": reverse(self.url_name) + f"?field={name}" + (f"&{query}" if query else ""),
                "label": self.labels.get(value, value),
                "value": value,
            }
        )
        return context


class PickerField(forms.Field):
    """A model chosen by a search picker; valid only if it is in ``queryset`` (the visible rows)."""

    default_error_messages = {
        "invalid_choice": _("Lựa chọn không hợp lệ hoặc nằm ngoài phạm vi của bạn."),
    }

    def __init__(
        self, queryset: models.QuerySet, *, to_field: str = "pk", url_name: str,
        params: dict[str, Any] | None = None, **kwargs: Any,
    ) -> None:
        self.queryset = queryset
        self.to_field = to_field
        kwargs.setdefault("widget", SearchPicker(url_name, params))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, models.Model):
            key = str(getattr(value, self.to_field))
            self.widget.labels[key] = self.label_for(value)
            return key
        if isinstance(value, int) and self.to_field != "pk":
            # A model form's initial value is the related row's pk; show and submit its key.
            obj = self.queryset.filter(pk=value).first()
            return self.prepare_value(obj) if obj is not None else ""
        if value not in (None, ""):
            obj = self.queryset.filter(**{self.to_field: value}).first() if self._looks_valid(value) else None
            if obj is not None:
                self.widget.labels[str(value)] = self.label_for(obj)
        return value

    def label_for(self, obj: models.Model) -> str:
        return str(obj)

    def _looks_valid(self, value: Any) -> bool:
        return self.to_field != "pk" or str(value).isdigit()

    def to_python(self, value: Any) -> models.Model | None:
        if value in self.empty_values:
            return None
        if not self._looks_valid(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        obj = self.queryset.filter(**{self.to_field: value}).first()
        if obj is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return obj


class ScopedModelForm(forms.ModelForm):
    """A model form whose relation choices are restricted to what ``user`` may see.

    NetBox's ``restrict_form_fields`` idea: every ModelChoiceField and PickerField whose model
    has ``visible_to`` gets its queryset narrowed.
    """

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(user)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
