"""A small "ba cùng" scenario on top of the test cast, with the figures it must give.

Besides the cast's activity in village A1 (12/04/2026: 1 agency, 10 cadres + 5 Party members,
40 residents, with the people, under plan KH-A1 which runs 01/03–31/08/2026):

| code | day        | village | kind           | mode        | agencies | cadres+party+soldiers | residents | note |
|------|------------|---------|----------------|-------------|----------|------------------------|-----------|------|
| S1   | 20/03/2026 | A1      | environment    | guidance    | 3 (2 partners) | 4 + 2 + 0        | 5         | —    |
| S2   | 15/06/2026 | A2      | housing        | with_people | 2        | 0 + 0 + 30             | 12        | yes  |
| S3   | 01/07/2026 | B1      | production     | with_people | 1        | 3 + 0 + 0              | 20        | yes  |
| S4   | 20/12/2025 | B1      | disease        | guidance    | 1        | 6 + 0 + 0              | 8         | yes  |

S1 belongs to plan KH-A1 too, so the plan's activities fall in two quarters (Q1 and Q2).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from danvan.outreach.models import Activity, ActivityKind, Mode


@dataclass
class Scenario:
    cast: Any
    s1: Activity
    s2: Activity
    s3: Activity
    s4: Activity


def build(cast: Any) -> Scenario:
    def make(code: str, day: dt.date, village: Any, kind: str, mode: str, lead: str, **values: Any) -> Activity:
        return Activity.objects.create(code=code, title=f"Hoạt động {code}", date=day, unit=village, kind=kind,
                                       mode=mode, lead_agency=lead, **values)

    return Scenario(
        cast,
        s1=make("S1", dt.date(2026, 3, 20), cast.village_a1, ActivityKind.ENVIRONMENT, Mode.GUIDANCE, "Tỉnh đoàn",
                plan=cast.plan_a1, partner_agencies="Hội LHPN phường; Hội Nông dân phường", cadres=4,
                party_members=2, residents=5),
        s2=make("S2", dt.date(2026, 6, 15), cast.village_a2, ActivityKind.HOUSING, Mode.WITH_PEOPLE,
                "Bộ Chỉ huy Quân sự thành phố", agency_count=2, soldiers=30, residents=12,
                situation_note="Hai hộ nghèo còn nhà dột nát."),
        s3=make("S3", dt.date(2026, 7, 1), cast.village_b1, ActivityKind.PRODUCTION, Mode.WITH_PEOPLE, "Tỉnh đoàn",
                cadres=3, residents=20, situation_note="Thanh niên cần vốn nuôi lươn."),
        s4=make("S4", dt.date(2025, 12, 20), cast.village_b1, ActivityKind.DISEASE, Mode.GUIDANCE, "Trung tâm Y tế",
                cadres=6, residents=8, situation_note="Mùa sốt xuất huyết."),
    )
