"""Merging duplicates into one case keeps every petitioner (anonymous ones included); the
duplicates are merged and point to the case; refusals; the merge page's scope."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from danvan.geo.choices import Level
from danvan.geo.models import AdminUnit
from danvan.voice import similarity
from danvan.voice.choices import PetitionState
from danvan.voice.merging import merge
from danvan.voice.models import Petition, PetitionChange, Petitioner

D = dt.date
DAY = D(2026, 3, 10)


def test_merge_keeps_every_petitioner(cast):
    a = cast.make_petition(anonymous=True, name="", contact="")
    Petitioner.objects.create(petition=a, name="Phạm Thị Hoa", contact="0911")
    b = cast.make_petition(unit=cast.village_a2, name="Lê Văn Bình", contact="0922")
    c = cast.make_petition(name="Nguyễn Văn Dân")
    result = merge(cast.editor_a, c, [a, b, a], DAY)

    assert result.petitioner_names() == ["Nguyễn Văn Dân", "(không nêu danh tính)", "Phạm Thị Hoa", "Lê Văn Bình"]
    assert list(c.petitioners.values_list("from_code", flat=True)) == [a.code, a.code, b.code]
    for dup in (a, b):
        dup.refresh_from_db()
        assert (dup.state, dup.merged_into) == (PetitionState.MERGED, c)
        change = PetitionChange.objects.get(petition=dup)
        assert (change.from_state, change.to_state, change.day, change.actor) == (PetitionState.RECEIVED, PetitionState.MERGED, DAY,
                                                                                  cast.editor_a)
        assert change.note == f"Gộp vào vụ việc {c.code}."
    assert set(c.merged.all()) == {a, b}

    # refusals: itself, an already merged one, a closed case, another province, out of scope
    d = cast.make_petition(name="Đỗ Bốn")
    with pytest.raises(ValidationError, match="chính nó"):
        merge(cast.editor_a, c, [c], DAY)
    with pytest.raises(ValidationError, match="đã đóng"):
        merge(cast.editor_a, c, [a], DAY)
    with pytest.raises(ValidationError, match="đã đóng"):
        merge(cast.editor_a, a, [d], DAY)
    with pytest.raises(ValidationError, match="ít nhất một"):
        merge(cast.editor_a, c, [], DAY)
    elsewhere = AdminUnit.objects.filter(level=Level.COMMUNE, is_legacy=False).exclude(province=cast.province).first()
    far = cast.make_petition(unit=elsewhere, name="Xa")
    with pytest.raises(ValidationError, match="tỉnh khác"):
        merge(cast.admin, c, [far], DAY)
    with pytest.raises(Http404):
        merge(cast.editor_b, c, [d], DAY)
    e = cast.make_petition(unit=cast.village_b1, name="Năm")
    with pytest.raises(Http404):
        merge(cast.editor_a, c, [e], DAY)
    assert Petition.objects.get(pk=d.pk).state == PetitionState.RECEIVED and c.petitioners.count() == 3


def test_merge_page(cast, client):
    similarity.clear_cache()
    text = "Đường liên ấp bị sụt lún, ổ gà lớn, trời mưa đi lại rất khó khăn"
    target = cast.make_petition(title="Đường liên ấp sụt lún", text=text, name="Một")
    dup = cast.make_petition(unit=cast.village_a2, title="Duong lien ap sut lun", text=fold_free(text), name="Hai")
    by_code = cast.make_petition(title="Cột điện nghiêng", text="Cột điện trước nhà nghiêng sắp đổ", name="Ba")
    other = cast.make_petition(unit=cast.village_b1, title="Đường liên ấp sụt lún", text=text, name="Bốn")
    url = reverse("voice:petition_merge", args=[target.pk])

    client.force_login(cast.editor_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.viewer_a)
    assert client.get(url).status_code == 403
    client.force_login(cast.editor_a)
    page = client.get(url).content.decode()
    assert f'value="{dup.pk}"' in page and other.code not in page and by_code.code not in page
    assert client.post(url, {"duplicates": [dup.pk, other.pk], "day": "2026-03-10"}).status_code == 404
    response = client.post(url, {"duplicates": [], "code": "KN-NOPE", "day": "2026-03-10"})
    assert response.status_code == 400 and "KN-NOPE" in response.content.decode()
    response = client.post(url, {"duplicates": [dup.pk], "code": by_code.code.lower(), "day": "2026-03-10"})
    assert response.status_code == 302
    assert set(target.merged.all()) == {dup, by_code}
    assert target.petitioner_names() == ["Một", "Hai", "Ba"]


def fold_free(text: str) -> str:
    from danvan.core.text import fold
    return fold(text)
