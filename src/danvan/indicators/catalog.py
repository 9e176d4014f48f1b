"""The indicator catalog: everything an app registers so that reports can use its facts.

Each domain app declares, in ``<app>/indicators.py``, its indicators (``declare``), the fact
sources that turn its records into facts (``register_source``) and what the report mechanism
needs to present them without knowing the app:

- ``register_dimension(Dimension(...))``: a breakdown of facts by one of their columns, with its
  label and its values (``age`` and ``category`` are built in; category labels come from
  ``register_categories``);
- ``register_record_link(code, url_name, params, filters=...)``: the register list behind an
  indicator, and which list parameter filters it by a breakdown's value;
- ``register_dashboard(headline=..., table=..., charts=...)``: the dashboard's cards, table
  columns and charts;
- ``register_section(write, covers=..., needs=...)``: a narrative section of the Word report;
- ``register_benchmark("dotted.module")``: the app's baselines for ``danvan bench report``;
- ``register_panel(Panel(...))``: a block of the dashboard of the app's own (a template and its
  context for the report's unit, period and the user's scope), e.g. outreach's formalism watch.

The registry collects them when the app registry is ready (``autodiscover``), in app order.
An indicator declared without a source reports "chưa có dữ liệu", never 0.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .builder import Report
    from .ledger import FactSource

Label = str | Promise


class Over(StrEnum):
    """Aggregation over units: add the values, or count distinct entities."""

    SUM = "sum"
    DISTINCT = "distinct"


class Time(StrEnum):
    """Aggregation over time: a flow sums the period's days; a stock is its value at the end."""

    FLOW = "flow"
    STOCK = "stock"
    RATIO = "ratio"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Label
    measure: Label  # unit of measure, Vietnamese ("người", "hộ", "%")
    time: Time = Time.STOCK
    over: Over = Over.SUM
    dims: tuple[str, ...] = ()  # breakdown dimensions (keys of registered dimensions)
    numerator: str = ""  # ratios: two other indicators' codes
    denominator: str = ""
    # A filtered view of another indicator's facts (e.g. poor households of HH-POVERTY).
    base: str = ""
    base_filter: tuple[str, str] = ("", "")
    group: Label = ""  # heading in reports
    headline: bool = False  # a dashboard card (after those ordered by ``register_dashboard``)
    description: Label = ""
    app: str = ""
    # Facts without an organization kind (households): a user limited to one kind sees the
    # whole area's figure, and the reports say so.
    area_wide: bool = False
    # A stock whose facts are written ahead of time (a deadline passing on a known day): for a
    # period not over yet, reports read it as of today, not at the period's end.
    as_of_today: bool = False

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


# Fact columns a dimension may group by (see ledger.FACT_COLUMNS).
DIMENSION_COLUMNS = ("org_kind", "sex", "birth_year", "poverty", "category")


@dataclass(frozen=True)
class Dimension:
    """A breakdown of facts by one fact column: its key (``by=``), label, column and values.

    ``values()`` yields ``(stored key, label)`` in display order; facts with a key it does not
    list get a row labelled with the key itself. A dimension on ``birth_year`` groups by age
    bands computed for the period's end. ``order`` places it among the report's breakdowns.
    """

    key: str
    label: Label  # "Theo tổ chức"
    column: str
    values: Callable[[], Iterable[tuple[str, Any]]] = tuple
    order: int = 50

    def __post_init__(self) -> None:
        if self.column not in DIMENSION_COLUMNS:
            raise ImproperlyConfigured(f"Dimension {self.key!r}: column {self.column!r} is not one of "
                                       f"{', '.join(DIMENSION_COLUMNS)}")


@dataclass(frozen=True)
class RecordLink:
    """The register list behind an indicator: a URL name, fixed query parameters, and the list
    parameter that filters it by a breakdown dimension's value (``{"org": "org_kind"}``)."""

    url_name: str
    params: Mapping[str, str] = field(default_factory=dict)
    filters: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Chart:
    """A dashboard chart: indicators' values over the rows of one breakdown ("child" or a dimension).

    ``kind`` is a Chart.js type ("bar", "doughnut", "line"); ``labels`` names each series
    (default: the indicator's label).
    """

    by: str
    series: tuple[str, ...]
    title: Label
    kind: str = "bar"
    labels: tuple[Label, ...] = ()


@dataclass
class Dashboard:
    """What the dashboard shows, in registration order: cards, table columns, charts."""

    headline: list[str] = field(default_factory=list)
    table: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    """A narrative section: ``write(report)`` returns its paragraphs.

    ``covers``: the indicators it reports (the generic sentences leave them out); ``needs``: the
    breakdowns it reads (the Word report builds them); ``heading``: its heading in the Word report.
    """

    write: Callable[["Report"], list[str]]
    covers: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    heading: Label = ""


@dataclass(frozen=True)
class Panel:
    """A dashboard block an app adds below the figures (e.g. outreach's "Cảnh báo hình thức").

    ``context(report, user)`` returns the template's context for the report's unit and period, read
    in ``user``'s scope (``Scope.of(user)``, ``visible_to``), or ``None`` to leave the panel out;
    ``template`` is rendered with it (plus ``report`` and ``panel``). Panels are shown by ``order``.
    """

    key: str
    title: Label
    template: str
    context: Callable[["Report", Any], dict[str, Any] | None]
    order: int = 50


def _age_values() -> list[tuple[str, Any]]:
    return [("a30", _("Từ 30 tuổi trở xuống")), ("a45", _("Từ 31 đến 45 tuổi")), ("a60", _("Từ 46 đến 60 tuổi")),
            ("a61", _("Trên 60 tuổi")), ("", _("Chưa rõ năm sinh"))]


# Built-in dimensions: age bands (from birth_year) and an app's own categories.
AGE = Dimension("age", _("Theo độ tuổi"), "birth_year", _age_values, order=30)


@dataclass
class Registry:
    indicators: dict[str, Indicator] = field(default_factory=dict)
    sources: dict[str, "FactSource"] = field(default_factory=dict)
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    categories: dict[str, Label] = field(default_factory=dict)
    record_links: dict[str, RecordLink] = field(default_factory=dict)
    dashboard: Dashboard = field(default_factory=Dashboard)
    sections: list[Section] = field(default_factory=list)
    benchmarks: list[str] = field(default_factory=list)
    panels: dict[str, Panel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for dim in (AGE, Dimension("category", _("Theo phân loại"), "category", self._category_values, order=90)):
            self.dimensions.setdefault(dim.key, dim)

    # ------------------------------------------------------------ registering
    def declare(self, *items: Indicator) -> None:
        for item in items:
            self.indicators[item.code] = item

    def register_source(self, source: "FactSource") -> None:
        self.sources[source.name] = source

    def register_dimension(self, *dims: Dimension) -> None:
        for dim in dims:
            if dim.key == "child":
                raise ImproperlyConfigured("'child' is the built-in breakdown by child unit")
            self.dimensions[dim.key] = dim

    def register_categories(self, labels: Mapping[str, Label]) -> None:
        """Labels of ``category`` keys (a key without one is shown as itself)."""
        self.categories.update(labels)

    def register_record_link(self, code: str, url_name: str, params: Mapping[str, str] | None = None, *,
                             filters: Mapping[str, str] | None = None) -> None:
        self.record_links[code] = RecordLink(url_name, dict(params or {}), dict(filters or {}))

    def register_dashboard(self, *, headline: Sequence[str] = (), table: Sequence[str] = (),
                           charts: Sequence[Chart] = ()) -> None:
        """Append to the dashboard's cards, table columns and charts (apps contribute in app order)."""
        board = self.dashboard
        board.headline += [c for c in headline if c not in board.headline]
        board.table += [c for c in table if c not in board.table]
        board.charts += list(charts)

    def register_section(self, write: Callable[["Report"], list[str]] | None = None, *,
                         covers: Iterable[str] = (), needs: Iterable[str] = (), heading: Label = "") -> Any:
        """Add a narrative section; usable as a decorator (``@register_section(covers=...)``)."""

        def add(func: Callable[["Report"], list[str]]) -> Callable[["Report"], list[str]]:
            self.sections.append(Section(func, tuple(covers), tuple(needs), heading))
            return func

        return add if write is None else add(write)

    def register_benchmark(self, module: str) -> None:
        """A module with the app's baselines for ``danvan bench report`` (imported only there)."""
        if module not in self.benchmarks:
            self.benchmarks.append(module)

    def register_panel(self, *panels: Panel) -> None:
        """Dashboard panels of an app (same key: the later registration replaces the earlier)."""
        for panel in panels:
            self.panels[panel.key] = panel

    # ------------------------------------------------------------ reading
    def ordered_panels(self) -> list[Panel]:
        return sorted(self.panels.values(), key=lambda p: p.order)

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

    def breakdowns(self) -> list[str]:
        """Every breakdown a report can ask for: child units, then the dimensions by ``order``."""
        dims = sorted(self.dimensions.values(), key=lambda d: d.order)  # stable: registration order
        return ["child", *(d.key for d in dims)]

    def is_area_wide(self, code: str) -> bool:
        """Whether an indicator's figure includes facts without an organization kind."""
        ind = self.indicators[code]
        if ind.area_wide:
            return True
        if ind.base:
            return self.is_area_wide(ind.base)
        if ind.is_ratio:
            return self.is_area_wide(ind.numerator) or self.is_area_wide(ind.denominator)
        return False

    def headline(self) -> list[str]:
        """Dashboard cards: the registered order, then other indicators declared ``headline=True``."""
        codes = list(self.dashboard.headline)
        return codes + [i.code for i in self.indicators.values() if i.headline and i.code not in codes]

    def covered_codes(self) -> set[str]:
        """Indicators some narrative section reports."""
        return {code for section in self.sections for code in section.covers}

    def check(self) -> None:
        """Fail early on a registration naming an unknown indicator or breakdown."""
        known = set(self.indicators)
        named = (set(self.record_links) | set(self.dashboard.headline) | set(self.dashboard.table)
                 | {c for chart in self.dashboard.charts for c in chart.series} | self.covered_codes())
        if named - known:
            raise ImproperlyConfigured(f"Unknown indicators registered: {', '.join(sorted(named - known))}")
        by = set(self.breakdowns())
        wanted = ({chart.by for chart in self.dashboard.charts} | {b for s in self.sections for b in s.needs}
                  | {d for i in self.indicators.values() for d in i.dims})
        if wanted - by:
            raise ImproperlyConfigured(f"Unknown breakdowns: {', '.join(sorted(wanted - by))}")

    def _category_values(self) -> list[tuple[str, Any]]:
        return list(self.categories.items())


registry = Registry()
declare = registry.declare
register_source = registry.register_source
register_dimension = registry.register_dimension
register_categories = registry.register_categories
register_record_link = registry.register_record_link
register_dashboard = registry.register_dashboard
register_section = registry.register_section
register_benchmark = registry.register_benchmark
register_panel = registry.register_panel


def autodiscover() -> None:
    """Import ``indicators`` of every installed app (called once from AppConfig.ready)."""
    for config in apps.get_app_configs():
        if config.name == "danvan.indicators":
            continue
        if module_has_submodule(config.module, "indicators"):
            import_module(f"{config.name}.indicators")
    registry.check()


# ---------------------------------------------------------------- group headings shared by apps
G_MEETINGS = _("Dự sinh hoạt chi, tổ hội")
# A group two apps share: dialogues and oversight (DL-*, OV-*) with training and awards (TR-*, AW-*).
G_OTHER = _("Đối thoại, giám sát, tập huấn, khen thưởng")
