"""Form fields for choosing administrative units (the unit picker)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.web.forms import PickerField

from .choices import Level
from .models import AdminUnit


class UnitPickerField(PickerField):
    """An administrative unit by key, visible to the user and of one of ``levels``."""

    def __init__(self, queryset: models.QuerySet, levels: list[int] | None = None,
                 legacy: bool = False, **kwargs: Any) -> None:
        self.levels = levels
        params: dict[str, Any] = {}
        if levels:
            params["level"] = ",".join(str(level) for level in levels)
        if legacy:
            params["legacy"] = "1"
        super().__init__(queryset, to_field="key", url_name="geo:unit_search", params=params, **kwargs)

    def label_for(self, obj: models.Model) -> str:
        return f"{obj} ({obj.key})"

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and self.levels and value.level not in self.levels:
            raise ValidationError(
                _("Đơn vị '%(unit)s' không đúng cấp: cần chọn %(levels)s."),
                code="wrong_level",
                params={"unit": value, "levels": ", ".join(str(Level(level).label) for level in self.levels)},
            )


def village_field(label: Any = None) -> UnitPickerField:
    """A village (level 4) the user may see, chosen with the unit picker."""
    return UnitPickerField(
        AdminUnit.objects.all(), levels=[Level.VILLAGE], label=label or _("Thôn, ấp, tổ dân phố")
    )
