"""This app's part of the test fixtures (``danvan.testing``): makers of cadres, assignments,
schedules, meetings and visits on the cast.

The cast gets no rows of its own (other apps' report tests count what they create); tests call
``cast.make_cadre(...)`` and friends. Defaults: a commune-A cadre of the Women's Union assigned to
village A1, whose branch (``cast.branch_a1``) meets on the 10th of each month.
"""

import datetime as dt
from functools import partial
from typing import Any

from danvan.people.models import Person

from .choices import CadreLevel, ScheduleKind
from .models import Assignment, Cadre, Schedule, Visit

_seq = {"n": 0}


def make_cadre(cast: Any, name: str = "Trần Văn Bình", **values: Any) -> Cadre:
    _seq["n"] += 1
    person = values.pop("person", None) or Person.objects.create(
        code=f"CB-{_seq['n']:05d}", full_name=name, sex="male", unit=values.get("unit", cast.commune_a),
        is_cadre=True)
    defaults: dict[str, Any] = {"unit": cast.commune_a, "level": CadreLevel.COMMUNE,
                                "organization": cast.org_women_a, "position": "Phó Chủ tịch Hội Phụ nữ"}
    return Cadre.objects.create(person=person, **(defaults | values))


def make_assignment(cast: Any, cadre: Cadre | None = None, areas: tuple[Any, ...] = (), **values: Any) -> Assignment:
    cadre = cadre or make_cadre(cast)
    defaults: dict[str, Any] = {"unit": cadre.unit, "committee": "Ban Thường vụ Đảng ủy phường",
                                "start": dt.date(2026, 1, 1)}
    assignment = Assignment.objects.create(cadre=cadre, **(defaults | values))
    assignment.areas.set(areas or (cast.village_a1,))
    return assignment


def make_schedule(cast: Any, branch: Any = None, **values: Any) -> Schedule:
    defaults: dict[str, Any] = {"kind": ScheduleKind.DAY_OF_MONTH, "day": 10}
    return Schedule.objects.create(branch=branch or cast.branch_a1, **(defaults | values))


def make_visit(cast: Any, assignment: Assignment, **values: Any) -> Visit:
    defaults: dict[str, Any] = {"branch": cast.branch_a1, "date": dt.date(2026, 3, 10), "attendance": 25,
                                "content": "Sinh hoạt chuyên đề phòng chống lừa đảo qua mạng"}
    return Visit.objects.create(assignment=assignment, cadre=assignment.cadre, **(defaults | values))


def extend_cast(cast: Any) -> None:
    cast.make_cadre = partial(make_cadre, cast)
    cast.make_assignment = partial(make_assignment, cast)
    cast.make_schedule = partial(make_schedule, cast)
    cast.make_visit = partial(make_visit, cast)
