"""The dashboard's panel hook (``catalog.register_panel``) and ``narrative.approx_phrase``: shared
pieces of the indicators app, tested without any domain app's panel."""

import html
import re

import pytest

from danvan.indicators.catalog import Panel, Registry, registry
from danvan.indicators.narrative import approx_phrase


def test_register_panel_orders_and_replaces_by_key():
    reg = Registry()
    reg.register_panel(Panel("b", "B", "t.html", lambda report, user: {}, order=20),
                       Panel("a", "A", "t.html", lambda report, user: {}, order=10))
    reg.register_panel(Panel("b", "B2", "t.html", lambda report, user: {}, order=5))
    assert [(p.key, p.title) for p in reg.ordered_panels()] == [("b", "B2"), ("a", "A")]


def test_panels_load_in_their_places_in_the_users_scope_and_may_stay_out(cast, client, monkeypatch, tmp_path,
                                                                          settings):
    template = tmp_path / "panel_test.html"
    template.write_text('<section data-panel="{{ panel.key }}">{{ report.unit.key }} {{ who }} {{ n }}</section>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path), *settings.TEMPLATES[0].get("DIRS", [])]}]
    seen = []

    def context(report, user):
        seen.append((report.unit.key, report.period.code, user.username))
        return {"who": user.username, "n": 7}

    monkeypatch.setattr(registry, "panels", {
        "shown": Panel("shown", "Hiện", "panel_test.html", context, order=1),
        "hidden": Panel("hidden", "Ẩn", "panel_test.html", lambda report, user: None, order=2),
    })
    client.force_login(cast.specialist)
    page = client.get("/reports/?unit=92&period=2026&cutoff=calendar").content.decode()
    # The page has a place per panel, in order, each loading its own URL (htmx); no panel is read yet.
    slots = re.findall(r'data-panel-slot="(\w+)" hx-get="([^"]+)"', page)
    assert [key for key, _url in slots] == ["shown", "hidden"]
    assert seen == []
    shown = client.get(html.unescape(slots[0][1]))
    assert shown.content.decode() == '<section data-panel="shown">92 chuyenvien 7</section>'
    assert seen == [("92", "2026", "chuyenvien")]
    hidden = client.get(html.unescape(slots[1][1]))
    assert hidden.status_code == 200 and hidden.content == b""  # the slot is replaced by nothing
    assert client.get("/reports/panels/missing/?unit=92").status_code == 404
    client.force_login(cast.editor_a)  # commune A only: the province's panel is out of scope
    assert client.get("/reports/panels/shown/?unit=92&period=2026").status_code == 404
    assert client.get(f"/reports/panels/shown/?unit={cast.commune_a.key}&period=2026").status_code == 200


@pytest.mark.parametrize(("value", "text"), [
    (1_047, "trên 1.000"), (49_612, "gần 50.000"), (999, "999"), (1_000, "1.000"), (12_340, "trên 12.000"),
    (1_260, "gần 1.300"), (307_217, "gần 310.000"), (0, "0"),
])
def test_approx_phrase_rounds_the_seed_way(value, text):
    assert approx_phrase(value) == text
