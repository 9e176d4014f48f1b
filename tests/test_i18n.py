"""The English catalog (src/danvan/locale/en) and switching the UI language.

The source language is Vietnamese: every msgid is Vietnamese text and ``LANGUAGE_CODE`` is "vi".
These tests check the *committed* catalog: every entry in django.po is translated, none is fuzzy,
placeholders survive translation, and the committed django.mo says the same as django.po (CI
machines may lack GNU gettext, so the .mo is committed and used as is).

They deliberately do not run makemessages: a string added to the code after the catalog was last
updated is not a failure here (it shows in Vietnamese until the catalog is refreshed). Refreshing is
a maintenance step — ``cd src/danvan && danvan makemessages -l en --ignore "static/*"``, translate,
``danvan compilemessages`` — and once it has run, these tests fail until the new entries are
translated and the .mo is recompiled.
"""

import ast
import gettext as gnu_gettext
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from danvan.core import imports
from danvan.geo.choices import UnitKind
from danvan.people.choices import OrgKind, Sex
from danvan.people.models import Membership, Person

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"


# ---------------------------------------------------------------- a small .po reader (polib is not a dependency)


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def where(self) -> str:
        context = f" [{self.msgctxt}]" if self.msgctxt is not None else ""
        return f"django.po:{self.line}{context} {self.msgid!r}"


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header included (msgid ""); obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                entry, target = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            value = ast.literal_eval(rest)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword in {"msgctxt", "msgid", "msgid_plural"}:
                target = (keyword, 0)
                setattr(entry, keyword, "")
            elif keyword == "msgstr" or match:
                target = ("msgstr", int(match.group(1)) if match else 0)
                entry.msgstr[target[1]] = ""
            else:
                raise AssertionError(f"django.po:{number}: unexpected line {raw!r}")
        assert target is not None, f"django.po:{number}: continuation without a keyword"
        if target[0] == "msgstr":
            entry.msgstr[target[1]] += value
        else:
            setattr(entry, target[0], getattr(entry, target[0]) + value)
    return entries


@pytest.fixture(scope="module")
def catalog() -> tuple[Entry, list[Entry]]:
    entries = read_po(PO_PATH)
    header = entries[0]
    assert header.msgid == "" and header.msgctxt is None, "the first entry of django.po must be the header"
    return header, entries[1:]


PLACEHOLDER = re.compile(r"%\((\w+)\)")


def test_catalog_header_is_english_with_two_plural_forms(catalog):
    header, _ = catalog
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_every_committed_entry_is_translated_and_none_is_fuzzy(catalog):
    _, entries = catalog
    assert len(entries) > 500, "the catalog looks truncated"
    fuzzy = [e.where for e in entries if "fuzzy" in e.flags]
    untranslated = [e.where for e in entries if not e.msgstr or not all(e.msgstr.values())]
    assert not fuzzy, f"fuzzy entries (check them, then drop the flag): {fuzzy}"
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_plural_entries_have_both_forms(catalog):
    _, entries = catalog
    plural = [e for e in entries if e.msgid_plural is not None]
    assert plural, "the catalog should contain the result-count plural"
    for entry in plural:
        assert sorted(entry.msgstr) == [0, 1], entry.where


def test_translations_keep_the_named_placeholders(catalog):
    """An error message keeps every %(name)s of its msgid, and adds none (a KeyError at run time)."""
    _, entries = catalog
    for entry in entries:
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for form in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(form)) <= wanted, entry.where
        assert set(PLACEHOLDER.findall("".join(entry.msgstr.values()))) == wanted, entry.where
        if "python-format" in entry.flags:
            assert entry.msgid.count("%%") == entry.msgstr[0].count("%%"), entry.where


def test_committed_mo_matches_the_po(catalog):
    """The .mo is what Django reads; it must not lag behind the .po (recompile after editing)."""
    _, entries = catalog
    with MO_PATH.open("rb") as stream:
        mo = gnu_gettext.GNUTranslations(stream)._catalog  # type: ignore[attr-defined]
    stale = []
    for entry in entries:
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if mo.get(key) != entry.msgstr[0]:
                stale.append(entry.where)
        elif any(mo.get((key, n)) != text for n, text in entry.msgstr.items()):
            stale.append(entry.where)
    assert not stale, f"django.mo is stale; run `danvan compilemessages` in src/danvan: {stale}"


def test_django_loads_the_english_catalog_from_locale_paths():
    assert ("en", "English") in [(code, str(name)) for code, name in settings.LANGUAGES]
    with translation.override("en"):
        assert translation.gettext("Đăng nhập") == "Sign in"
        assert translation.gettext("Mật khẩu") == "Password"
        assert translation.gettext("Mặt trận Tổ quốc") == "Fatherland Front"
        assert translation.gettext("Ban công tác Mặt trận") == "Front working committee"
        assert translation.pgettext("plural", "Hội viên") == "Members"
        assert translation.pgettext("plural", "hộ gia đình") == "households"
        assert translation.ngettext("%(total)s kết quả", "%(total)s kết quả", 1) % {"total": 1} == "1 result"
        assert translation.ngettext("%(total)s kết quả", "%(total)s kết quả", 2) % {"total": 2} == "2 results"
        assert str(Membership._meta.verbose_name_plural) == "members"
        assert str(Sex.FEMALE.label) == "Female"
    with translation.override("vi"):
        assert translation.gettext("Đăng nhập") == "Đăng nhập"
        assert str(Membership._meta.verbose_name_plural) == "hội viên"


@pytest.mark.parametrize("active", ["vi", "en"])
def test_import_choices_accept_labels_of_every_language_whatever_the_active_one(active):
    """Import specs are declared on first use, maybe inside an English request; a Vietnamese file
    must still import, and so must a file exported while the UI was in English."""
    with translation.override(active):
        sex, org_kind, village_kind = imports.choice(Sex), imports.choice(OrgKind), imports.choice(UnitKind)
    for value in ["Nữ", "nu", "Female", "female"]:
        assert sex(value) == Sex.FEMALE
    for value in ["Hội Liên hiệp Phụ nữ", "Women's Union", "women"]:
        assert org_kind(value) == OrgKind.WOMEN
    assert village_kind("Ấp") == village_kind("Hamlet") == UnitKind.HAMLET


# ---------------------------------------------------------------- switching language through the real view


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def choose_language(client: Client, code: str, next_url: str) -> None:
    response = client.post(reverse("set_language"), {"language": code, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == code


LOGIN_EN = ["Sign in", "Username", "Password", "danvan — mass mobilization work register"]
LOGIN_VI = ["Đăng nhập", "Tên đăng nhập", "Mật khẩu", "sổ theo dõi công tác dân vận"]


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", [None, "en-US,en;q=0.9"])
def test_a_new_visitor_sees_vietnamese(accept_language):
    """No language cookie: Vietnamese, even from a browser that announces English."""
    client = Client(headers={"Accept-Language": accept_language} if accept_language else {})
    text = page(client, reverse("accounts:login"))
    assert '<html lang="vi"' in text
    for vietnamese in LOGIN_VI:
        assert vietnamese in text
    for english in LOGIN_EN:
        assert english not in text


@pytest.mark.django_db
def test_set_language_switches_the_login_page_to_english_and_back(client):
    login_url = reverse("accounts:login")
    choose_language(client, "en", login_url)
    text = page(client, login_url)
    assert '<html lang="en"' in text
    for english in LOGIN_EN:
        assert english in text
    for vietnamese in LOGIN_VI:
        assert vietnamese not in text

    choose_language(client, "vi", login_url)
    text = page(client, login_url)
    assert '<html lang="vi"' in text and "Đăng nhập" in text and "Sign in" not in text


@pytest.mark.django_db
def test_set_language_switches_the_members_list_to_english(client, cast):
    person = Person.objects.create(unit=cast.village_a1, code="P01", full_name="Đặng Thị Ánh", sex=Sex.FEMALE)
    Membership.objects.create(person=person, branch=cast.branch_a1, attends_regularly=True)
    client.force_login(cast.editor_a)
    members_url = reverse("people:membership_list")

    vietnamese_ui = [
        "Tìm kiếm và lọc",
        "Thêm mới",
        "Sinh hoạt thường xuyên",
        "Ngày vào",
        "Đăng xuất",
        "Trang chủ",
        "1 kết quả",
        "Loại tổ chức",
    ]
    text = page(client, members_url)
    for vietnamese in vietnamese_ui:
        assert vietnamese in text

    choose_language(client, "en", members_url)
    text = page(client, members_url)
    assert '<html lang="en"' in text
    assert "<h1>Members</h1>" in text
    for english in [
        "Search and filter",
        "Add new",
        "Attends regularly",
        "Joined",
        "Sign out",
        "Home",
        "1 result",
        "Organization type",
        "Women's Union",
        "Branches",
        "Households",
    ]:
        assert english in text, english
    for vietnamese in vietnamese_ui:
        assert vietnamese not in text, vietnamese
    # Data stays as entered: names are not translated.
    assert "Đặng Thị Ánh" in text and cast.branch_a1.name in text
