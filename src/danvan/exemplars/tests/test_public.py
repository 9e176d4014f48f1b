"""The public page's exemplar section: only published, commended or typical models, no personal data."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from danvan.core.evidence import attach
from danvan.core.workflow import transition
from danvan.people.models import Person

from ..choices import OwnerType, ReviewResult, State
from ..models import ExemplarEvidence

STORY = "Bà con tự nguyện hiến đất, góp công làm 2 km đường bê tông ấp Ông Tà."


def commended(cast, obj):
    day = dt.date(2026, 3, 1)
    for target in (State.LAUNCHED, State.IMPLEMENTING):
        transition(cast.editor_a, obj, target, day)
    transition(cast.editor_a, obj, State.REVIEWED, day, values={"review_result": ReviewResult.GOOD})
    for target in (State.RECOGNIZED_PROVINCE, State.TYPICAL, State.COMMENDED):
        transition(cast.specialist, obj, target, day)


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "JPEG")
    return SimpleUploadedFile("anh.jpg", out.getvalue(), content_type="image/jpeg")


def page(client, key="92") -> str:
    response = client.get(f"/cong-khai/{key}/")
    assert response.status_code == 200
    return response.content.decode()


def test_only_published_commended_or_typical_models(cast, client):
    shown = cast.make_exemplar("Đường giao thông nông thôn ấp Ông Tà", public=True, public_story=STORY)
    commended(cast, shown)
    unpublished = cast.make_exemplar("Mô hình chưa công khai của phường")
    commended(cast, unpublished)
    too_early = cast.make_exemplar("Mô hình mới đăng ký công khai", public=True, public_story="Câu chuyện sớm")
    [photo] = attach(cast.editor_a, ExemplarEvidence, shown, [_photo()], caption="Ngày ra quân", public=True)
    attach(cast.editor_a, ExemplarEvidence, shown, [_photo()], caption="Ảnh nội bộ", public=False)
    text = page(client)
    assert "Đường giao thông nông thôn ấp Ông Tà" in text and STORY in text
    assert "Mô hình chưa công khai của phường" not in text
    assert too_early.name not in text and "Câu chuyện sớm" not in text
    assert "Ngày ra quân" in text and "Ảnh nội bộ" not in text
    assert f"/exemplarevidence/{photo.pk}/" in text
    assert page(client, "31135").count(STORY) == 1 and STORY not in page(client, "31150")
    # Unpublishing takes it off at once (the cached page is invalidated).
    shown.public = False
    shown.save()
    assert STORY not in page(client)


def test_an_individual_shows_only_what_the_editor_wrote(cast, client):
    person = Person.objects.create(code="P-DH-1", full_name="Trần Thị Điển Hình", sex="female", birth_year=1968,
                                   phone="0909123456", ethnicity="Khmer", unit=cast.village_a1)
    obj = cast.make_exemplar("Bà Trần Thị Điển Hình hiến đất làm đường", owner_type=OwnerType.INDIVIDUAL,
                             person=person, public=True, public_title="Người phụ nữ hiến đất mở đường",
                             public_story="Gia đình bà hiến 300 m² đất để mở rộng đường ấp.",
                             situation="Số điện thoại liên hệ 0909123456")
    commended(cast, obj)
    text = page(client)
    assert "Người phụ nữ hiến đất mở đường" in text and "hiến 300 m² đất" in text
    for secret in ("Trần Thị Điển Hình", "1968", "0909123456", "Khmer"):
        assert secret not in text


def test_replication_is_shown(cast, client):
    origin = cast.make_exemplar("Khu dân cư kiểu mẫu", public=True, public_story=STORY)
    commended(cast, origin)
    cast.make_exemplar("Khu dân cư kiểu mẫu An Bình", unit=cast.village_b1, organization=cast.org_women_b,
                       origin=origin, registered=dt.date(2026, 4, 1))
    text = page(client)
    assert "Đã nhân rộng tại 1 địa bàn: Phường An Bình." in text
