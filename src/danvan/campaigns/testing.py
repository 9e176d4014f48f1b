"""This app's part of the test fixtures (``danvan.testing``): makers of campaigns, works,
contributions, poverty help, courses and commendations on the cast.

The cast gets no rows of its own (other apps' report tests count what they create); tests call
``cast.make_work(...)`` and friends, each placed in commune A (village A1) by its Women's Union
unless told otherwise.
"""

import datetime as dt
from functools import partial
from typing import Any

from .choices import (
    CommendationForm,
    ContributorType,
    HouseKind,
    IssuerLevel,
    RecipientType,
    WorkKind,
    WorkState,
)
from .models import Campaign, Commendation, Contribution, PovertyHelp, TrainingCourse, Work

_seq = {"n": 0}


def _code(prefix: str) -> str:
    _seq["n"] += 1
    return f"{prefix}-{_seq['n']:05d}"


def make_campaign(cast: Any, name: str = "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
                  **values: Any) -> Campaign:
    defaults: dict[str, Any] = {"code": _code("PT"), "unit": cast.commune_a, "organization": cast.org_women_a,
                                "start": dt.date(2026, 1, 5)}
    return Campaign.objects.create(name=name, **(defaults | values))


def make_work(cast: Any, name: str = "Nhà đại đoàn kết hộ bà Lê Thị Hoa", **values: Any) -> Work:
    """A great-unity house handed over on 15 March 2026 in village A1, worth 60 million VND."""
    defaults: dict[str, Any] = {
        "code": _code("CT"), "unit": cast.village_a1, "organization": cast.org_women_a, "kind": WorkKind.HOUSE,
        "house_kind": HouseKind.GREAT_UNITY, "state": WorkState.HANDED_OVER, "started": dt.date(2026, 1, 20),
        "handed_over": dt.date(2026, 3, 15), "value_vnd": 60_000_000,
    }
    if values.get("kind", WorkKind.HOUSE) != WorkKind.HOUSE:
        defaults["house_kind"] = ""
    return Work.objects.create(name=name, **(defaults | values))


def make_contribution(cast: Any, work: Work | None = None, **values: Any) -> Contribution:
    """An anonymous village total of 5 million VND from village A1 on 1 February 2026."""
    defaults: dict[str, Any] = {"unit": cast.village_a1, "day": dt.date(2026, 2, 1),
                                "contributor_type": ContributorType.ANONYMOUS, "cash_vnd": 5_000_000}
    if work is not None:
        defaults["work"] = work
    return Contribution.objects.create(**(defaults | values))


def make_poverty_help(cast: Any, household: Any, year: int = 2026, **values: Any) -> PovertyHelp:
    defaults: dict[str, Any] = {"organization": cast.org_women_a, "help": "Hỗ trợ con giống, vốn vay"}
    return PovertyHelp.objects.create(household=household, year=year, **(defaults | values))


def make_course(cast: Any, name: str = "Tập huấn nghiệp vụ công tác dân vận", **values: Any) -> TrainingCourse:
    defaults: dict[str, Any] = {"code": _code("TH"), "unit": cast.commune_a, "organization": cast.org_women_a,
                                "start": dt.date(2026, 4, 2), "end": dt.date(2026, 4, 3), "trainee_count": 40}
    return TrainingCourse.objects.create(name=name, **(defaults | values))


def make_commendation(cast: Any, **values: Any) -> Commendation:
    defaults: dict[str, Any] = {
        "unit": cast.commune_a, "form": CommendationForm.CERTIFICATE, "issuer_level": IssuerLevel.PROVINCE,
        "issuer": "Ban Dân vận Thành ủy", "day": dt.date(2026, 5, 19), "recipient_type": RecipientType.COLLECTIVE,
        "collective_name": "Hội Liên hiệp Phụ nữ phường Ninh Kiều", "year": 2025,
    }
    return Commendation.objects.create(**(defaults | values))


def extend_cast(cast: Any) -> None:
    cast.make_campaign = partial(make_campaign, cast)
    cast.make_work = partial(make_work, cast)
    cast.make_contribution = partial(make_contribution, cast)
    cast.make_poverty_help = partial(make_poverty_help, cast)
    cast.make_course = partial(make_course, cast)
    cast.make_commendation = partial(make_commendation, cast)
