"""The registration form of a model or exemplar. Its state changes only through its lifecycle's moves."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from danvan.geo.choices import Level
from danvan.geo.forms import UnitPickerField
from danvan.geo.models import AdminUnit
from danvan.people.models import Organization, Person
from danvan.web.forms import PickerField, ScopedModelForm

from .models import Exemplar
from .views import origin_choices


class ExemplarForm(ScopedModelForm):
    unit = UnitPickerField(AdminUnit.objects.all(), levels=[Level.COMMUNE, Level.VILLAGE],
                           label=_("Nơi thực hiện (xã, phường hoặc thôn, ấp)"))
    organization = PickerField(Organization.objects.all(), url_name="people:organization_search", required=False,
                               label=_("Tổ chức đăng ký"))
    person = PickerField(Person.objects.all(), url_name="people:person_search", required=False,
                         label=_("Cá nhân điển hình"))
    origin = PickerField(Exemplar.objects.all(), url_name="exemplars:exemplar_origin_search", required=False,
                         label=_("Nhân rộng từ mô hình"),
                         help_text=_("Một mô hình trong phạm vi của bạn hoặc đã được công khai ở bất kỳ đâu."))

    class Meta:
        model = Exemplar
        fields = ["name", "kind", "owner_type", "field", "unit", "organization", "agency_name", "org_kind", "person",
                  "registered", "situation", "goals", "method", "target", "participants", "resources",
                  "labor_days", "budget", "starts", "review_due", "outputs", "sustainability", "origin",
                  "public", "public_title", "public_story"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        origins = origin_choices(self.user)
        self.fields["origin"].queryset = origins.exclude(pk=self.instance.pk) if self.instance.pk else origins
