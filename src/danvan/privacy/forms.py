"""Forms of the personal-data registers. A request's state and dates of its moves change only
through its lifecycle; the deadlines are computed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.geo.choices import Level
from danvan.geo.forms import UnitPickerField
from danvan.geo.models import AdminUnit
from danvan.people.models import Person
from danvan.web.forms import PickerField, ScopedModelForm

from .models import Breach, DataRequest, LegalBasis

DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


def _person(required: bool, label: Any) -> PickerField:
    return PickerField(Person.objects.all(), url_name="people:person_search", required=required, label=label)


def _unit() -> UnitPickerField:
    return UnitPickerField(AdminUnit.objects.all(), levels=[Level.PROVINCE, Level.COMMUNE],
                           label=_("Đơn vị xử lý (tỉnh hoặc xã, phường)"))


class LegalBasisForm(ScopedModelForm):
    person = _person(True, _("Cá nhân"))

    class Meta:
        model = LegalBasis
        fields = ["person", "kind", "purpose", "given_on", "source", "reference", "withdrawn_on"]


class DataRequestForm(ScopedModelForm):
    person = _person(False, _("Chủ thể dữ liệu"))
    unit = _unit()

    class Meta:
        model = DataRequest
        fields = ["person", "requester", "kind", "details", "received_on", "third_parties", "unit", "outcome"]


class BreachForm(ScopedModelForm):
    unit = _unit()

    class Meta:
        model = Breach
        fields = ["title", "unit", "discovered_at", "notified_at", "authority", "description", "data_kinds",
                  "sensitive", "people_affected", "measures"]
        widgets = {"discovered_at": DATETIME, "notified_at": DATETIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("discovered_at", "notified_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
