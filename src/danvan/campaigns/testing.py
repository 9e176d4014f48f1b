"""This app's part of the test fixtures (``danvan.testing``): makers of campaigns, works,
contributions, poverty help, courses and commendations on the cast.

The cast gets no rows of its own (other apps' report tests count what they create); tests call
``cast.make_work(...)`` and friends, each placed in commune A (village A1) by its Women's Union
unless told otherwise.
"""

import datetime as dt
from functools import partial
from typing import Any

from danvan.people.models import Person
from danvan.people.testing import WOMEN, import_world
from danvan.testing import ImportCase

from .choices import (
    CommendationForm,
    ContributorType,
    HouseKind,
    IssuerLevel,
    RecipientType,
    WorkKind,
    WorkState,
)
from .models import Campaign, Commendation, Contribution, PovertyHelp, Trainee, TrainingCourse, Work

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


# ---------------------------------------------------------------- the import walker's cases

WORK_HEADER = ["Mã công trình", "Tên công trình, phần việc", "Loại", "Mã thôn, xã", "Mã tổ chức", "Trạng thái",
               "Bàn giao", "Tổng trị giá (đồng)"]
CONTRIBUTION_HEADER = ["Mã công trình", "Mã thôn", "Ngày đóng góp", "Người đóng góp", "Tên tập thể, doanh nghiệp",
                       "Tiền (đồng)"]
TRAINEE_HEADER = ["Mã lớp", "Mã cá nhân", "Họ và tên"]
COMMENDATION_HEADER = ["Hình thức", "Cấp khen", "Cơ quan khen thưởng", "Số quyết định", "Ngày khen thưởng", "Đối tượng",
                       "Tên tập thể", "Mã đơn vị", "Loại tổ chức", "Thành tích năm"]


class ImportTargets:
    """Works and courses of each place ("a", "b") and organization kind for the walker's rows,
    made on first use (the people app's import world gives the Youth Unions)."""

    def __init__(self, cast: Any) -> None:
        self.cast = cast
        self.world = import_world(cast)
        self.works: dict[tuple[str, str], Work] = {}
        self.courses: dict[tuple[str, str], TrainingCourse] = {}

    def work(self, place: str, kind: str) -> Work:
        if (place, kind) not in self.works:
            self.works[(place, kind)] = make_work(
                self.cast, f"Đường thử {place} {kind}", code=f"CT-W-{place}-{kind}", kind=WorkKind.ROAD,
                unit=self.world.village(place), organization=self.world.orgs[(place, kind)])
        return self.works[(place, kind)]

    def course(self, place: str, kind: str) -> TrainingCourse:
        if (place, kind) not in self.courses:
            self.courses[(place, kind)] = make_course(
                self.cast, code=f"TH-W-{place}-{kind}", unit=self.world.commune(place),
                organization=self.world.orgs[(place, kind)], trainee_count=0)
        return self.courses[(place, kind)]

    def person(self, place: str, n: int) -> Person:
        person, _created = Person.objects.get_or_create(
            code=f"HV-W-{place}-{n}", defaults={"full_name": f"Học viên thử {n}", "sex": "female",
                                                "unit": self.world.village(place)})
        return person


def import_cases(cast: Any) -> dict[str, ImportCase]:
    """The import walker's cases (tests/test_import_scope.py) for works, contributions, trainees and
    commendations."""
    targets = ImportTargets(cast)
    world = targets.world
    tables = (Work, Contribution, Trainee, Commendation)

    def work_row(place: str, kind: str, n: int, code: str = "") -> list[str]:
        return [code or f"CT-T-{place}-{kind}-{n}", f"Đường thử {n}", "Đường giao thông", world.village(place).key,
                world.orgs[(place, kind)].code, "Đã bàn giao", "15/03/2026", "100000000"]

    def existing_work(place: str, kind: str) -> list[str]:
        work = make_work(cast, "Công trình cũ", code=f"CT-OLD-{place}-{kind}", kind=WorkKind.ROAD, unit=world.village(place),
                         organization=world.orgs[(place, kind)])
        return work_row("a", WOMEN, 0, code=work.code)

    def contribution_row(place: str, kind: str, n: int) -> list[str]:
        return [targets.work(place, kind).code, world.village(place).key, "12/05/2026", "Tập thể, doanh nghiệp",
                f"Doanh nghiệp thử {n}", "2000000"]

    def trainee_row(place: str, kind: str, n: int) -> list[str]:
        person = targets.person(place, n)
        return [targets.course(place, kind).code, person.code, person.full_name]

    def commendation_row(place: str, kind: str, n: int, decision: str = "") -> list[str]:
        return ["Giấy khen", "Cấp xã", "Ủy ban nhân dân phường", decision or f"{n}/QĐ-UBND", "19/05/2026", "Tập thể",
                f"Chi hội thử {n}", world.commune(place).key, kind, "2025"]

    def existing_commendation(place: str, kind: str) -> list[str]:
        make_commendation(cast, unit=world.commune(place), org_kind=kind, decision_no="99/QĐ-CU", day=dt.date(2026, 5, 19),
                          collective_name="Chi hội thử 0")
        return commendation_row("a", WOMEN, 0, decision="99/QĐ-CU")

    return {
        "works": ImportCase(WORK_HEADER, work_row, has_org_kind=True, models=tables, existing=existing_work),
        "contributions": ImportCase(
            CONTRIBUTION_HEADER, contribution_row, has_org_kind=True, models=tables,
            why_no_existing="a contribution is keyed by its work, village, contributor and day: the record it "
                            "updates is the row's work and village, checked as the row's new values"),
        "trainees": ImportCase(
            TRAINEE_HEADER, trainee_row, has_org_kind=True, models=tables,
            why_no_existing="a trainee is keyed by its course and person: the record it updates is in the row's "
                            "course, checked as the row's new values"),
        "commendations": ImportCase(COMMENDATION_HEADER, commendation_row, has_org_kind=True, models=tables,
                                    existing=existing_commendation),
    }
