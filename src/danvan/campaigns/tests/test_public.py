"""A work's public page, its printable notice and the unit page's section: what the people gave, per
village, with a contributor's name only where they agreed; the helped household never named."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from PIL import Image

from danvan.core.evidence import attach
from danvan.indicators import public
from danvan.people.models import Household, Person

from ..choices import ContributorType, WorkKind
from ..models import VillageDecision, WorkEvidence

pytestmark = pytest.mark.django_db

AGREED = "Nguyễn Văn Đồng Ý"
REFUSED = "Trần Thị Kín Tên"
HELPED = "Lê Thị Hoa"


def _household(unit, code: str, head: str) -> Household:
    return Household.objects.create(unit=unit, code=code, head_name=head, size=4, address="Số 12 hẻm 7")


@pytest.fixture
def road(cast):
    """A public alley in commune A with gifts from villages A1 and A2 and the decision of A1's meeting."""
    work = cast.make_work("Bê tông hóa hẻm 7 Khu vực Đặng Thị Ánh", unit=cast.commune_a, kind=WorkKind.ALLEY,
                          value_vnd=150_000_000, budget_vnd=100_000_000, people_vnd=50_000_000,
                          spent_vnd=148_500_000, public=True)
    decision = VillageDecision.objects.create(work=work, unit=cast.village_a1, day=dt.date(2026, 1, 10),
                                              subject="Mỗi hộ góp 500.000 đồng", households=120, attending=96,
                                              agreeing=90)
    agreed = _household(cast.village_a1, "HO-DY-01", AGREED)
    refused = _household(cast.village_a1, "HO-KT-02", REFUSED)
    cast.make_contribution(work, contributor_type=ContributorType.HOUSEHOLD, household=agreed, show_name=True,
                           cash_vnd=2_000_000, decision=decision)
    cast.make_contribution(work, contributor_type=ContributorType.HOUSEHOLD, household=refused, show_name=False,
                           cash_vnd=1_500_000, labor_days=3, land_m2=40, decision=decision)
    cast.make_contribution(work, unit=cast.village_a2, cash_vnd=7_250_000, labor_days=25)
    cast.make_contribution(work, unit=cast.village_a2, contributor_type=ContributorType.COLLECTIVE,
                           collective_name="Công ty TNHH Xây dựng Ông Tà", cash_vnd=10_000_000)
    return work


def html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.content.decode()


def row(text: str, marker: str) -> str:
    """The table row with ``marker`` (its tags stripped of attributes is not needed: we read the cells)."""
    start = text.index(marker)
    return text[start:text.index("</tr>", start)]


def test_the_work_page_shows_per_village_totals_and_only_agreed_names(cast, client, road):
    text = html(client, f"/cong-khai/campaigns/work/{road.pk}/")
    assert reverse("campaigns_public:work", args=[road.pk]) == f"/cong-khai/campaigns/work/{road.pk}/"
    a1 = row(text, f'data-village="{cast.village_a1.key}"')
    assert "Khu vực Đặng Thị Ánh" in a1
    assert '<td class="num" data-cash>3.500.000</td>' in a1
    assert '<td class="num" data-labor>3</td>' in a1 and '<td class="num" data-land>40</td>' in a1
    a2 = row(text, f'data-village="{cast.village_a2.key}"')
    assert "Ấp Ông Tà" in a2
    assert '<td class="num" data-cash>17.250.000</td>' in a2 and '<td class="num" data-labor>25</td>' in a2
    total = row(text, 'data-village="total"')
    assert '<th class="num" data-cash>20.750.000</th>' in total and '<th class="num" data-labor>28</th>' in total
    assert "150.000.000 đồng" in text and "148.500.000 đồng" in text and "100.000.000 đồng" in text
    # The contributors as they chose: the one who agreed by name, the other as "Hộ gia đình".
    assert f"Hộ ông/bà {AGREED}" in text
    assert REFUSED not in text
    assert "<td>Hộ gia đình</td>" in text
    assert "Công ty TNHH Xây dựng Ông Tà" in text and "Nhân dân trong thôn" in text
    # The village meeting behind it; no household code or address.
    assert "96/120 hộ dự họp, 90 hộ tán thành (75,00% số hộ)" in text
    for secret in ("HO-DY-01", "HO-KT-02", "Số 12 hẻm 7"):
        assert secret not in text


def test_a_house_never_names_the_household_it_helps(cast, client):
    helped = _household(cast.village_a1, "HO-NDK-09", HELPED)
    house = cast.make_work(f"Nhà đại đoàn kết hộ bà {HELPED}", beneficiary=helped, public=True)
    person = Person.objects.create(code="P-GOP-1", full_name="Phạm Văn Riêng Tư", sex="male", birth_year=1970,
                                   phone="0911222333", unit=cast.village_a1)
    cast.make_contribution(house, contributor_type=ContributorType.PERSON, person=person, cash_vnd=1_000_000)
    text = html(client, f"/cong-khai/campaigns/work/{house.pk}/")
    assert "<h1>Nhà đại đoàn kết – Khu vực Đặng Thị Ánh</h1>" in text
    assert "Hỗ trợ một hộ gia đình" in text and "<td>Cá nhân</td>" in text
    for secret in (HELPED, "HO-NDK-09", "Phạm Văn Riêng Tư", "0911222333", "1970"):
        assert secret not in text
    notice = html(client, f"/cong-khai/campaigns/work/{house.pk}/thong-bao/")
    assert HELPED not in notice and "Phạm Văn Riêng Tư" not in notice
    assert "<strong data-board>Ban Công tác Mặt trận Khu vực Đặng Thị Ánh</strong>" in notice  # the work's village
    assert "hỗ trợ một hộ gia đình" in notice
    unit_page = html(client, f"/cong-khai/{cast.commune_a.key}/")
    assert HELPED not in unit_page and "Nhà đại đoàn kết – Khu vực Đặng Thị Ánh" in unit_page


def test_a_work_not_public_is_not_found_even_signed_in(cast, client, road):
    hidden = cast.make_work("Cầu Khu vực Đặng Thị Ánh chưa công khai", kind=WorkKind.BRIDGE)
    for url in (f"/cong-khai/campaigns/work/{hidden.pk}/", f"/cong-khai/campaigns/work/{hidden.pk}/thong-bao/",
                "/cong-khai/campaigns/work/999999/"):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    client.force_login(cast.editor_a)
    assert client.get(f"/cong-khai/campaigns/work/{hidden.pk}/").status_code == 404
    assert client.post(f"/cong-khai/campaigns/work/{road.pk}/").status_code == 405
    road.public = False
    road.save()
    assert client.get(f"/cong-khai/campaigns/work/{road.pk}/").status_code == 404


def test_the_notice_for_the_village_board(cast, client, road):
    url = reverse("campaigns_public:notice", args=[road.pk])
    assert url == f"/cong-khai/campaigns/work/{road.pk}/thong-bao/"
    text = html(client, f"{url}?thon={cast.village_a1.key}")
    assert "THÔNG BÁO CÔNG KHAI" in text and "@media print" in text
    assert "<strong data-board>Ban Công tác Mặt trận Khu vực Đặng Thị Ánh</strong>" in text
    assert "TM. BAN CÔNG TÁC MẶT TRẬN" in text and "TRƯỞNG THÔN" in text
    assert '<button type="button" onclick="window.print()">In thông báo</button>' in text
    assert "Phường Ninh Kiều, ngày " in text
    assert (f"<p>Bê tông hóa hẻm 7 Khu vực Đặng Thị Ánh (Hẻm, ngõ); địa bàn: Phường Ninh Kiều; tổ chức thực hiện: "
            f"{cast.org_women_a.name}; trạng thái: đã bàn giao (bàn giao ngày 15/03/2026).</p>") in text
    assert ("<p>Tổng trị giá: 150.000.000 đồng, gồm ngân sách nhà nước 100.000.000 đồng; Nhân dân đóng góp "
            "50.000.000 đồng. Số đã chi: 148.500.000 đồng.</p>") in text
    assert "ngày 10/01/2026: 96/120 hộ dự, 90 hộ tán thành (75,00%)" in text
    # Both villages' totals, but the board's own lines only.
    assert '<th class="num">20.750.000</th>' in text
    assert f"Hộ ông/bà {AGREED}" in text and REFUSED not in text
    assert "Công ty TNHH Xây dựng Ông Tà" not in text
    assert 'class="site-header"' not in text  # no navigation
    # The commune-wide notice lists every village's lines.
    everyone = html(client, url)
    assert "Ban Công tác Mặt trận các khu dân cư" in everyone and "Công ty TNHH Xây dựng Ông Tà" in everyone
    assert client.get(f"{url}?thon={cast.village_b1.key}").status_code == 404


def test_the_unit_page_lists_the_public_works_with_their_totals(cast, client, road):
    cast.make_work("Đèn chiếu sáng Ấp Ông Tà chưa công khai", kind=WorkKind.LIGHTING, unit=cast.village_a2)
    text = html(client, f"/cong-khai/{cast.commune_a.key}/")
    assert "Công khai đóng góp của Nhân dân" in text
    line = row(text, f'data-work="{road.pk}"')
    assert f'href="/cong-khai/campaigns/work/{road.pk}/"' in line
    assert '<td class="num" data-cash>20.750.000</td>' in line and '<td class="num" data-land>40</td>' in line
    assert "chưa công khai" not in text
    assert html(client, "/cong-khai/92/").count(f'data-work="{road.pk}"') == 1
    assert f'data-work="{road.pk}"' not in html(client, f"/cong-khai/{cast.commune_b.key}/")


def test_a_new_contribution_refreshes_the_cached_pages(cast, client, road):
    work_url, unit_url = f"/cong-khai/campaigns/work/{road.pk}/", f"/cong-khai/{cast.commune_a.key}/"
    assert "20.750.000" in html(client, work_url) and "20.750.000" in html(client, unit_url)
    key = public.cache_key(f"campaigns.work.{road.pk}", "vi")
    assert cache.get(key) is not None  # the page is cached
    before = public.version()
    cast.make_contribution(road, unit=cast.village_a2, cash_vnd=1_000_000)
    assert public.version() == before + 1
    assert "21.750.000" in html(client, work_url) and "21.750.000" in html(client, unit_url)


def test_only_public_photos_of_the_work(cast, client, road):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "gray").save(out, "JPEG")

    def photo():
        from django.core.files.uploadedfile import SimpleUploadedFile
        return SimpleUploadedFile("anh.jpg", out.getvalue(), content_type="image/jpeg")

    [shown] = attach(cast.editor_a, WorkEvidence, road, [photo()], caption="Ngày khánh thành hẻm", public=True)
    attach(cast.editor_a, WorkEvidence, road, [photo()], caption="Biên bản nội bộ", public=False)
    text = html(client, f"/cong-khai/campaigns/work/{road.pk}/")
    assert "Ngày khánh thành hẻm" in text and "Biên bản nội bộ" not in text
    assert f"/cong-khai/anh/campaigns/workevidence/{shown.pk}/" in text
    assert client.get(f"/cong-khai/anh/campaigns/workevidence/{shown.pk}/").status_code == 200


def test_the_notice_as_word(cast, client, road):
    from docx import Document

    response = client.get(f"/cong-khai/campaigns/work/{road.pk}/thong-bao.docx?thon={cast.village_a1.key}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="thong-bao-cong-khai-{road.pk}.docx"'
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert "THÔNG BÁO CÔNG KHAI" in text
    assert ["ỦY BAN MTTQ VIỆT NAM PHƯỜNG NINH KIỀU\nBAN CÔNG TÁC MẶT TRẬN KHU VỰC ĐẶNG THỊ ÁNH"] == cells[0][:1]
    assert ["Khu vực Đặng Thị Ánh", "ngày 10/01/2026: 96/120 hộ dự, 90 hộ tán thành (75,00%)", "3.500.000", "3",
            "40"] in cells
    assert ["Cộng", "", "20.750.000", "28", "40"] in cells
    assert ["1", f"Hộ ông/bà {AGREED}", "01/02/2026", "2.000.000", "0", "0"] in cells
    assert ["2", "Hộ gia đình", "01/02/2026", "1.500.000", "3", "40"] in cells
    assert REFUSED not in text and all(REFUSED not in cell for row in cells for cell in row)
    assert ["TRƯỞNG THÔN\n(Ký, ghi rõ họ tên)", "TM. BAN CÔNG TÁC MẶT TRẬN\nTRƯỞNG BAN\n(Ký, ghi rõ họ tên)"] in cells
    hidden = cast.make_work("Cầu chưa công khai", kind=WorkKind.BRIDGE)
    assert client.get(f"/cong-khai/campaigns/work/{hidden.pk}/thong-bao.docx").status_code == 404
