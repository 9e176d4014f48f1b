"""Name data for generated people and villages, and fast weighted picks.

Family-name weights follow the published shares of Vietnamese surnames, tilted to the Mekong
delta (Huỳnh and Võ are more frequent in the South than Hoàng and Vũ). Khmer and Hoa names are
used where those communities live (the former Sóc Trăng, Trà Vinh, Bạc Liêu, Kiên Giang, An Giang).
"""

import bisect
import itertools
import random
from collections.abc import Sequence


class Weighted:
    """Items with weights; ``pick(rng)`` draws one with a single random number."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[str, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


KINH_FAMILY = Weighted([
    ("Nguyễn", 31.0), ("Trần", 11.0), ("Lê", 9.0), ("Phạm", 5.5), ("Huỳnh", 5.5), ("Võ", 4.5),
    ("Phan", 3.5), ("Trương", 2.0), ("Bùi", 1.5), ("Đặng", 1.5), ("Ngô", 1.5), ("Hồ", 1.5),
    ("Đỗ", 1.2), ("Dương", 1.2), ("Hoàng", 1.0), ("Lâm", 1.0), ("Lý", 0.8), ("Châu", 0.7),
    ("Đoàn", 0.7), ("Đinh", 0.6), ("Mai", 0.6), ("Cao", 0.6), ("Tô", 0.5), ("Lương", 0.5),
    ("Thái", 0.4), ("Lưu", 0.4), ("Trịnh", 0.4), ("Vũ", 0.4), ("Hà", 0.3), ("Tạ", 0.3),
    ("Quách", 0.3), ("La", 0.3), ("Nhan", 0.2), ("Từ", 0.2), ("Vương", 0.2), ("Kiều", 0.1),
])
KHMER_FAMILY = Weighted([
    ("Thạch", 25), ("Danh", 20), ("Sơn", 15), ("Kim", 10), ("Lâm", 8), ("Châu", 6), ("Trần", 5),
    ("Lý", 5), ("Triệu", 3), ("Tăng", 2), ("Dương", 1),
])
HOA_FAMILY = Weighted([
    ("Lâm", 15), ("Lý", 12), ("Trần", 10), ("Quách", 8), ("Huỳnh", 8), ("Trương", 8), ("Tăng", 6),
    ("Diệp", 5), ("Mã", 5), ("Hứa", 5), ("La", 5), ("Triệu", 5), ("Lưu", 4), ("Thái", 4),
])

# Middle names other than Văn / Thị, which are drawn separately by generation.
MALE_MIDDLE = Weighted([
    ("Minh", 8), ("Hoàng", 5), ("Quốc", 6), ("Thanh", 6), ("Hữu", 6), ("Đức", 4), ("Công", 4),
    ("Chí", 4), ("Tấn", 5), ("Thành", 4), ("Trung", 3), ("Ngọc", 3), ("Gia", 3), ("Phước", 3),
    ("Hoài", 2), ("Duy", 2), ("Tuấn", 2), ("Nhật", 2), ("Anh", 2), ("Thiện", 2),
])
FEMALE_MIDDLE = Weighted([
    ("Ngọc", 10), ("Thanh", 6), ("Kim", 6), ("Mỹ", 5), ("Thu", 4), ("Hồng", 4), ("Bích", 3),
    ("Phương", 3), ("Diễm", 2), ("Cẩm", 3), ("Tuyết", 2), ("Thúy", 3), ("Hoài", 2), ("Bảo", 2),
    ("Khánh", 2), ("Yến", 2), ("Minh", 2), ("Huỳnh", 1), ("Như", 2),
])
MALE_GIVEN = Weighted([
    ("Hùng", 5), ("Dũng", 4), ("Tuấn", 4), ("Minh", 4), ("Hải", 3), ("Phong", 3), ("Long", 4),
    ("Nam", 3), ("Sơn", 3), ("Thắng", 3), ("Tài", 4), ("Lộc", 4), ("Phúc", 4), ("Hiếu", 3),
    ("Nghĩa", 3), ("Tâm", 3), ("Trí", 3), ("Khoa", 2), ("Bảo", 3), ("Khang", 2), ("Huy", 3),
    ("Duy", 2), ("Quang", 2), ("Thành", 3), ("Tùng", 2), ("Hòa", 3), ("Bình", 3), ("An", 3),
    ("Tú", 2), ("Vinh", 3), ("Toàn", 2), ("Lợi", 3), ("Thiện", 2), ("Nhân", 2), ("Sang", 3),
    ("Tiến", 2), ("Đạt", 3), ("Kiệt", 2), ("Phát", 3), ("Hậu", 3), ("Cường", 3), ("Việt", 2),
    ("Trung", 2), ("Hưng", 2), ("Tín", 2), ("Thuận", 2), ("Mến", 1), ("Út", 2), ("Mười", 1),
    ("Đông", 2), ("Khánh", 2), ("Nhựt", 2), ("Thịnh", 2), ("Quý", 2), ("Hoàng", 2), ("Vũ", 2),
])
FEMALE_GIVEN = Weighted([
    ("Lan", 4), ("Hoa", 3), ("Hương", 4), ("Mai", 4), ("Hồng", 3), ("Nga", 3), ("Ngọc", 3),
    ("Trang", 4), ("Thảo", 4), ("Linh", 4), ("Hạnh", 3), ("Yến", 4), ("Nhung", 3), ("Thủy", 3),
    ("Loan", 3), ("Phượng", 3), ("Tuyết", 2), ("Diễm", 2), ("Trinh", 3), ("Ngân", 3), ("Vy", 3),
    ("Nhi", 3), ("Hân", 2), ("Như", 3), ("Thu", 3), ("Cúc", 2), ("Lệ", 2), ("Hằng", 3),
    ("Kiều", 2), ("Thúy", 3), ("Xuân", 2), ("Oanh", 2), ("Huyền", 3), ("Quyên", 2), ("Duyên", 2),
    ("Nguyệt", 2), ("My", 2), ("Tiên", 3), ("Bích", 2), ("Vân", 3), ("Ánh", 3), ("Diệu", 1),
    ("Nhàn", 2), ("Lài", 1), ("Út", 2), ("Sen", 1), ("Châu", 2), ("Giang", 2), ("Trâm", 2),
])
KHMER_MALE_GIVEN = Weighted([
    ("Sóc", 3), ("Sô Phal", 2), ("Chanh Đa", 2), ("Thươl", 2), ("Đa Ra", 2), ("Sô Phanh", 2),
    ("Som", 2), ("Phol", 2), ("Mách", 2), ("Kha", 2), ("Hên", 2), ("Sên", 2), ("Sóc Kha", 1),
    ("Pho", 2), ("Chăn", 2), ("Sô Kha", 1), ("Rây", 1), ("Ươl", 1), ("Mol", 1), ("Nây", 1),
    ("Khum", 1), ("Sa Rết", 1), ("Thi", 2), ("Ra", 2), ("Phên", 1), ("Sa Mết", 1),
])
KHMER_FEMALE_GIVEN = Weighted([
    ("Sa Ri", 3), ("Sa Rươne", 2), ("Sa Vy", 2), ("Sa Rinh", 2), ("Ni", 2), ("Sa Vân", 2),
    ("Sa Quênh", 1), ("Sa Ry", 2), ("Sa Rươl", 2), ("Chanh Thu", 1), ("Kim Sa", 1), ("Sa Thu", 2),
    ("Sà Pha", 1), ("Mây", 2), ("Thị Ny", 1), ("Sa Phia", 1), ("Sóc Thy", 1), ("Sà Rết", 1),
    ("Chăn Thy", 1), ("Sa Khênh", 1),
])

# Ethnicity shares by legacy (pre-2025) province key: (Khmer, Hoa); the rest is Kinh.
ETHNIC_SHARES: dict[str, tuple[float, float]] = {
    "L94": (0.30, 0.06),  # Sóc Trăng
    "L84": (0.31, 0.01),  # Trà Vinh
    "L95": (0.08, 0.03),  # Bạc Liêu
    "L91": (0.12, 0.02),  # Kiên Giang
    "L89": (0.04, 0.005),  # An Giang
    "L93": (0.03, 0.01),  # Hậu Giang
    "L92": (0.02, 0.015),  # Cần Thơ
    "L86": (0.02, 0.005),  # Vĩnh Long
    "L79": (0.003, 0.05),  # TP Hồ Chí Minh
}
DEFAULT_SHARES = (0.0, 0.005)
KINH, KHMER, HOA = "Kinh", "Khmer", "Hoa"


def ethnicity(rng: random.Random, shares: tuple[float, float]) -> str:
    draw = rng.random()
    if draw < shares[0]:
        return KHMER
    if draw < shares[0] + shares[1]:
        return HOA
    return KINH


def family_name(rng: random.Random, ethnic: str) -> str:
    if ethnic == KHMER:
        return KHMER_FAMILY.pick(rng)
    if ethnic == HOA:
        return HOA_FAMILY.pick(rng)
    return KINH_FAMILY.pick(rng)


def full_name(rng: random.Random, family: str, male: bool, birth_year: int, ethnic: str) -> str:
    """"Nguyễn Văn Tài", "Trần Ngọc Hân", "Thạch Thị Sa Ri"; Văn / Thị grow rarer with each generation."""
    if ethnic == KHMER:
        given = (KHMER_MALE_GIVEN if male else KHMER_FEMALE_GIVEN).pick(rng)
        draw = rng.random()
        if draw < 0.45:
            return f"{family} {'Văn' if male else 'Thị'} {given}"
        return f"{family} {given}"
    classic = 0.75 if birth_year < 1970 else 0.55 if birth_year < 1990 else 0.25
    if rng.random() < classic:
        middle = "Văn" if male else "Thị"
    else:
        middle = (MALE_MIDDLE if male else FEMALE_MIDDLE).pick(rng)
    given = (MALE_GIVEN if male else FEMALE_GIVEN).pick(rng)
    if given == middle:
        given = (MALE_GIVEN if male else FEMALE_GIVEN).pick(rng)
    if given == middle:
        return f"{family} {given}"
    return f"{family} {middle} {given}"


_PHONE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "032", "033", "034", "035", "036",
                   "037", "038", "039", "070", "076", "077", "078", "079", "081", "082", "083", "084",
                   "085", "086", "088", "089"]


def phone(rng: random.Random) -> str:
    return f"{rng.choice(_PHONE_PREFIXES)}{rng.randrange(10_000_000):07d}"


# Village names. Hamlets of the Mekong delta are named from auspicious syllables ("Ấp Phú Lợi",
# "Ấp Thạnh Hòa"), by number ("Ấp 3") or, in Khmer areas, from Khmer place names.
_FIRST = ["Phú", "Thạnh", "Tân", "Long", "Mỹ", "Hòa", "An", "Bình", "Vĩnh", "Thới", "Nhơn", "Trường",
          "Đông", "Tây", "Phước", "Hưng", "Lợi", "Khánh", "Thuận", "Định", "Xuân", "Hiệp", "Trung", "Thành"]
_SECOND = ["Lợi", "Hòa", "An", "Thạnh", "Bình", "Hưng", "Phú", "Lộc", "Thuận", "Đông", "Tây", "Trung",
           "Long", "Mỹ", "Thới", "Quới", "Điền", "Khánh", "Thành", "Hiệp", "Phước", "Nghĩa", "Tân", "Lạc"]
HAMLET_NAMES = [f"{a} {b}" for a in _FIRST for b in _SECOND if a != b]
KHMER_HAMLET_NAMES = [
    "Prey Chóp", "Bưng Cốc", "Sóc Vồ", "Tắc Gồng", "Đay Sô", "Bố Liên", "Kinh Mới", "Cầu Đen",
    "Sa Keo", "Tà Điếp", "Phnô Pôl", "Bưng Tróp", "Sóc Ven", "Tà Ân", "Khu Sáu", "Đắc Lực",
    "Trà Canh", "Béc Xây", "Sóc Mới", "Sô La", "Pung Pơ", "Xà Mách", "Tà Niên", "Kha Đôn",
]
NORTH_VILLAGE_NAMES = [
    "Đông", "Đoài", "Thượng", "Hạ", "Trung", "Đình", "Chùa", "Cầu", "Đồng Tâm", "Tân Lập", "Tiền Phong",
    "Quyết Tiến", "Thống Nhất", "Đoàn Kết", "Hòa Bình", "Bắc Sơn", "Nam Sơn", "Phú Mỹ", "Yên Thành",
    "An Phú", "Minh Khai", "Tân Thịnh", "Hợp Nhất", "Quang Trung", "Liên Hiệp", "Xuân Lộc",
]
