"""Hot spots: a fast-growing cluster of similar petitions in one village, a repeat petitioner,
a commune with many overdue cases; thresholds, windows and order."""

import datetime as dt

from danvan.voice.choices import PetitionState
from danvan.voice.hotspots import HotSpot, hot_spots
from danvan.voice.models import Petition

D = dt.date
TODAY = D(2026, 3, 31)
PIG = [
    "Trại heo ấp xả nước thải ra kênh, mùi hôi thối nồng nặc",
    "Mùi hôi thối từ trại heo, nước thải chảy ra kênh",
    "trai heo xa nuoc thai ra kenh, hoi thoi qua",
    "Đề nghị xử lý trại heo xả thải ra kênh gây mùi hôi",
    "Trại heo gây ô nhiễm, nước thải ra kênh hôi thối",
]


def test_hot_spots(cast):
    assert hot_spots(Petition.objects.all(), TODAY) == []
    days = [D(2026, 3, 10), D(2026, 3, 12), D(2026, 3, 15), D(2026, 3, 20), D(2026, 3, 24)]
    cluster = [cast.make_petition(title="Ô nhiễm trại heo", text=text, received=day, name=f"Người {n}",
                                  contact=f"09000000{n:02d}", field="environment")
               for n, (text, day) in enumerate(zip(PIG, days, strict=True))]
    # not in it: older than 30 days, another commune, closed
    cast.make_petition(title="Ô nhiễm trại heo", text=PIG[0], received=D(2026, 3, 1), name="Cũ", contact="1")
    cast.make_petition(unit=cast.village_b1, title="Ô nhiễm trại heo", text=PIG[1], received=D(2026, 3, 20),
                       name="Xã khác", contact="2")
    closed = cast.make_petition(title="Ô nhiễm trại heo", text=PIG[2], received=D(2026, 3, 21), name="Đóng",
                                contact="3")
    Petition.objects.filter(pk=closed.pk).update(state=PetitionState.RESOLVED)
    # a repeat petitioner: 3 petitions in 90 days (the phone written two ways), a 4th one too old
    repeat = [cast.make_petition(unit=cast.village_b1, title=title, text=title, received=day, name="Trần Văn Lặp",
                                 contact=contact)
              for title, day, contact in (("Xin trợ cấp", D(2026, 1, 5), "0909 123 456"),
                                          ("Đèn đường hư", D(2026, 2, 10), "0909123456"),
                                          ("Chó thả rông", D(2026, 3, 30), "+84 909 123 456"))]
    cast.make_petition(unit=cast.village_b1, title="Cũ", text="Cũ", received=D(2025, 12, 31), name="Trần Văn Lặp",
                       contact="0909123456")
    # overdue in commune B: 5 open cases past their running deadline, one due today, one answered
    overdue = []
    for n in range(7):
        p = cast.make_petition(unit=cast.village_b1, title=f"Việc {n}", text=f"Nội dung riêng số {n}",
                               received=D(2026, 1, 2), name=f"Người B{n}", contact=f"B{n}")
        overdue.append(p)
    Petition.objects.filter(pk__in=[p.pk for p in overdue[:3]]).update(due_accept=D(2026, 3, 30))
    Petition.objects.filter(pk__in=[p.pk for p in overdue[3:5]]).update(
        state=PetitionState.ACCEPTED, due_accept=D(2026, 4, 30), due_answer=D(2026, 2, 1))
    Petition.objects.filter(pk=overdue[5].pk).update(due_accept=TODAY)
    Petition.objects.filter(pk=overdue[6].pk).update(state=PetitionState.ANSWERED, due_answer=D(2026, 2, 1))

    spots = hot_spots(Petition.objects.all(), TODAY)
    assert spots == [
        HotSpot(cast.village_a1, "cluster", 5,
                "Khu vực Đặng Thị Ánh: 5 kiến nghị tương tự về “Ô nhiễm trại heo” trong 15 ngày",
                sorted(p.pk for p in cluster)),
        HotSpot(cast.commune_b, "overdue", 5, f"{cast.commune_b.name}: 5 vụ việc quá hạn chưa giải quyết",
                sorted(p.pk for p in overdue[:5])),
        HotSpot(cast.commune_b, "repeat", 3, f"{cast.commune_b.name}: Trần Văn Lặp gửi 3 đơn trong 90 ngày",
                sorted(p.pk for p in repeat)),
    ]
    # only what the queryset holds (a user's scope): commune A has the cluster alone
    assert [s.reason for s in hot_spots(Petition.objects.filter(commune=cast.commune_a), TODAY)] == ["cluster"]


def test_a_cluster_alone_in_its_window_is_still_seen(cast):
    """Fitted on a few petitions about one topic only, TF-IDF would weigh the topic's own words at
    nothing (every document has them) and miss the cluster: the term weights also come from the
    shipped labelled texts. The demo built a month after its data hit exactly this."""
    texts = [
        ("Trại heo không có hầm biogas", "Trại heo ở ấp không xử lý chất thải, xả thẳng ra mương, mùi hôi."),
        ("Ruồi nhặng, mùi hôi từ trại nuôi heo", "Từ khi trại heo ở ấp tăng đàn, mùi hôi thối và ruồi nhặng."),
        ("Đề nghị di dời trại heo ra xa khu dân cư", "Trại heo quá gần nhà dân ở ấp, mùi hôi và ruồi muỗi."),
        ("Mùi hôi trại heo ảnh hưởng sức khỏe", "Trẻ nhỏ trong xóm bị ho do mùi hôi và ruồi nhặng từ trại heo."),
        ("Trại heo gây mùi hôi thối", "Mấy tuần nay mùi hôi từ trại nuôi heo bay vào nhà, ăn cơm không được."),
    ]
    for n, (title, text) in enumerate(texts):
        cast.make_petition(title=title, text=text, received=D(2026, 3, 20 + n), name=f"Người {n}",
                           contact=f"09100000{n:02d}")
    spots = hot_spots(Petition.objects.all(), TODAY)
    assert [(s.reason, s.count, s.unit) for s in spots] == [("cluster", 5, cast.village_a1)]
