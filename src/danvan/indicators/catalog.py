"""The indicator catalog: every indicator declared once, and the registry of fact sources.

Each domain app declares, in ``<app>/indicators.py``, its indicators (``declare``) and the fact
sources that turn its records into facts (``register_source``); the registry collects them when
the app registry is ready (``autodiscover``). Indicators of apps not built yet are declared here
so that reports can list them honestly as "chưa có dữ liệu" until their app attaches facts.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .ledger import FactSource


class Over(StrEnum):
    """Aggregation over units: add the values, or count distinct entities."""

    SUM = "sum"
    DISTINCT = "distinct"


class Time(StrEnum):
    """Aggregation over time: a flow sums the period's days; a stock is its value at the end."""

    FLOW = "flow"
    STOCK = "stock"
    RATIO = "ratio"


# Breakdown dimensions a report can ask for, besides child units.
DIMENSIONS = ("org", "sex", "age", "poverty", "category")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    measure: str | Promise  # unit of measure, Vietnamese ("người", "hộ", "%")
    time: Time = Time.STOCK
    over: Over = Over.SUM
    dims: tuple[str, ...] = ()
    numerator: str = ""  # ratios: two other indicators' codes
    denominator: str = ""
    # A filtered view of another indicator's facts (e.g. poor households of HH-POVERTY).
    base: str = ""
    base_filter: tuple[str, str] = ("", "")
    group: str | Promise = ""  # heading in reports
    headline: bool = False
    description: str | Promise = ""
    app: str = ""

    @property
    def is_ratio(self) -> bool:
        return self.time == Time.RATIO

    @property
    def additive(self) -> bool:
        """Whether breakdowns of this indicator add up to its total."""
        return not self.is_ratio and self.over == Over.SUM

    @property
    def fact_code(self) -> str:
        return self.base or self.code


@dataclass
class Registry:
    indicators: dict[str, Indicator] = field(default_factory=dict)
    sources: dict[str, "FactSource"] = field(default_factory=dict)

    def declare(self, *items: Indicator) -> None:
        for item in items:
            self.indicators[item.code] = item

    def register_source(self, source: "FactSource") -> None:
        self.sources[source.name] = source

    def get(self, code: str) -> Indicator:
        return self.indicators[code]

    def sourced_codes(self) -> set[str]:
        """Indicators some registered source writes facts for."""
        codes = {code for source in self.sources.values() for code in source.indicators}
        result = set(codes)
        for ind in self.indicators.values():
            if ind.base and ind.base in codes:
                result.add(ind.code)
            if ind.is_ratio and ind.numerator in codes and ind.denominator in codes:
                result.add(ind.code)
        return result

    def ordered(self) -> list[Indicator]:
        return list(self.indicators.values())


registry = Registry()
declare = registry.declare
register_source = registry.register_source


def autodiscover() -> None:
    """Import ``indicators`` of every installed app (called once from AppConfig.ready)."""
    for config in apps.get_app_configs():
        if config.name == "danvan.indicators":
            continue
        if module_has_submodule(config.module, "indicators"):
            import_module(f"{config.name}.indicators")
    # Indicators of apps not built yet come after the ones that have data; an app that
    # declares one of these codes itself keeps its own declaration.
    for item in _FUTURE:
        registry.indicators.setdefault(item.code, item)


# ---------------------------------------------------------------- the catalog of DOMAIN.md
# Register indicators (people app) are declared in danvan/people/indicators.py. The ones below
# belong to apps still to come; they report "chưa có dữ liệu" until their app attaches facts.
G_OUTREACH = _("Hoạt động \"ba cùng\"")
G_EXEMPLAR = _("Mô hình \"Dân vận khéo\"")
G_CONTRIB = _("Đóng góp của Nhân dân")
G_WORKS = _("Công trình, phần việc, an sinh xã hội")
G_MEETINGS = _("Dự sinh hoạt chi, tổ hội")
G_VOICE = _("Tâm tư, nguyện vọng, kiến nghị")
G_OTHER = _("Đối thoại, giám sát, tập huấn, khen thưởng")

_FUTURE = (
    Indicator("BC-AGENCY", _("Lượt cơ quan, đơn vị tham gia \"ba cùng\""), _("lượt"), Time.FLOW,
              group=G_OUTREACH, app="outreach"),
    Indicator("BC-CADRE", _("Lượt cán bộ, đảng viên, chiến sỹ tham gia \"ba cùng\""), _("lượt"), Time.FLOW,
              group=G_OUTREACH, app="outreach"),
    Indicator("BC-VILLAGE", _("Số thôn, ấp có hoạt động \"ba cùng\""), _("thôn, ấp"), Time.FLOW, Over.DISTINCT,
              group=G_OUTREACH, app="outreach"),
    Indicator("BC-COMMUNE", _("Số xã, phường có hoạt động \"ba cùng\""), _("xã, phường"), Time.FLOW,
              Over.DISTINCT, group=G_OUTREACH, app="outreach"),
    Indicator("BC-KIND", _("Hoạt động \"ba cùng\" theo loại việc"), _("hoạt động"), Time.FLOW,
              dims=("category",), group=G_OUTREACH, app="outreach"),
    Indicator("BC-WITHPEOPLE-N", _("Hoạt động làm cùng Nhân dân"), _("hoạt động"), Time.FLOW,
              group=G_OUTREACH, app="outreach"),
    Indicator("BC-WITHPEOPLE", _("Tỷ lệ hoạt động làm cùng Nhân dân"), "%", Time.RATIO,
              numerator="BC-WITHPEOPLE-N", denominator="BC-KIND", group=G_OUTREACH, app="outreach"),
    Indicator("BC-RESIDENTS", _("Lượt người dân cùng tham gia"), _("lượt người"), Time.FLOW,
              group=G_OUTREACH, app="outreach"),
    Indicator("EX-COUNT", _("Mô hình, điển hình \"Dân vận khéo\""), _("mô hình"), Time.STOCK,
              dims=("category",), group=G_EXEMPLAR, app="exemplars"),
    Indicator("CT-CASH", _("Nhân dân đóng góp bằng tiền"), _("đồng"), Time.FLOW, group=G_CONTRIB, app="campaigns"),
    Indicator("CT-LABOR", _("Nhân dân đóng góp ngày công"), _("ngày công"), Time.FLOW, group=G_CONTRIB,
              app="campaigns"),
    Indicator("CT-LAND", _("Nhân dân hiến đất"), "m²", Time.FLOW, group=G_CONTRIB, app="campaigns"),
    Indicator("WK-HOUSE", _("Nhà đại đoàn kết, tình nghĩa, nhân ái… xây dựng, sửa chữa"), _("căn"), Time.FLOW,
              dims=("category",), group=G_WORKS, app="campaigns"),
    Indicator("WK-HOUSE-VND", _("Trị giá nhà xây dựng, sửa chữa"), _("đồng"), Time.FLOW, group=G_WORKS,
              app="campaigns"),
    Indicator("WK-SCHOLAR", _("Suất học bổng"), _("suất"), Time.FLOW, group=G_WORKS, app="campaigns"),
    Indicator("WK-SCHOLAR-VND", _("Trị giá học bổng"), _("đồng"), Time.FLOW, group=G_WORKS, app="campaigns"),
    Indicator("WK-WORKS", _("Công trình, phần việc"), _("công trình"), Time.FLOW, group=G_WORKS, app="campaigns"),
    Indicator("WK-WORKS-VND", _("Trị giá công trình, phần việc"), _("đồng"), Time.FLOW, group=G_WORKS,
              app="campaigns"),
    Indicator("WK-POVERTY", _("Đoàn viên, hội viên được giúp thoát nghèo"), _("người"), Time.FLOW,
              group=G_WORKS, app="campaigns"),
    Indicator("MV-VISITS", _("Lượt cán bộ dự sinh hoạt chi, tổ hội"), _("lượt"), Time.FLOW,
              dims=("category",), group=G_MEETINGS, app="meetings"),
    Indicator("MV-ASSIGNED", _("Cán bộ được phân công dự sinh hoạt"), _("người"), Time.STOCK, group=G_MEETINGS,
              app="meetings"),
    Indicator("MV-MONTHLY-N", _("Cán bộ dự sinh hoạt ít nhất một lần trong tháng"), _("người"), Time.FLOW,
              Over.DISTINCT, group=G_MEETINGS, app="meetings"),
    Indicator("MV-MONTHLY", _("Tỷ lệ cán bộ dự sinh hoạt đủ mỗi tháng một lần"), "%", Time.RATIO,
              numerator="MV-MONTHLY-N", denominator="MV-ASSIGNED", group=G_MEETINGS, app="meetings"),
    Indicator("MV-PARTY", _("Đoàn viên, hội viên được kết nạp Đảng"), _("người"), Time.FLOW, group=G_MEETINGS,
              app="meetings"),
    Indicator("FB-RECEIVED", _("Ý kiến, kiến nghị tiếp nhận"), _("ý kiến"), Time.FLOW, dims=("category",),
              group=G_VOICE, app="voice"),
    Indicator("FB-ANSWERED", _("Ý kiến, kiến nghị đã được trả lời"), _("ý kiến"), Time.FLOW, group=G_VOICE,
              app="voice"),
    Indicator("FB-ONTIME", _("Ý kiến, kiến nghị giải quyết đúng hạn"), _("ý kiến"), Time.FLOW, group=G_VOICE,
              app="voice"),
    Indicator("FB-ONTIME-RATE", _("Tỷ lệ giải quyết đúng hạn"), "%", Time.RATIO, numerator="FB-ONTIME",
              denominator="FB-RECEIVED", group=G_VOICE, app="voice"),
    Indicator("FB-OVERDUE", _("Ý kiến, kiến nghị quá hạn chưa giải quyết"), _("ý kiến"), Time.STOCK,
              group=G_VOICE, app="voice"),
    Indicator("DL-COUNT", _("Cuộc tiếp xúc, đối thoại với Nhân dân"), _("cuộc"), Time.FLOW, group=G_OTHER,
              app="voice"),
    Indicator("OV-COUNT", _("Cuộc giám sát, phản biện xã hội"), _("cuộc"), Time.FLOW, group=G_OTHER, app="voice"),
    Indicator("OV-ACCEPTED", _("Kiến nghị giám sát được tiếp thu"), _("kiến nghị"), Time.FLOW, group=G_OTHER,
              app="voice"),
    Indicator("TR-COUNT", _("Lớp tập huấn, bồi dưỡng"), _("lớp"), Time.FLOW, group=G_OTHER, app="campaigns"),
    Indicator("TR-TRAINEES", _("Lượt học viên tập huấn"), _("lượt người"), Time.FLOW, group=G_OTHER,
              app="campaigns"),
    Indicator("AW-COUNT", _("Tập thể, cá nhân được khen thưởng"), _("lượt"), Time.FLOW, dims=("category",),
              group=G_OTHER, app="campaigns"),
)
