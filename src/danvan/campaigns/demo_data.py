"""The words of the campaigns demo (``demo.py``): Thành phố Cần Thơ's movements and drives, the
works of its villages, local sponsors, help out of poverty, training topics and commendations —
in the language of the seeds and of the province's own reports."""

import datetime as dt

from .choices import CampaignKind, CommendationForm, HouseKind, IssuerLevel, OrgKind, WorkKind

D = dt.date

# Province campaigns: (code suffix, launching organization's kind, kind, name, start, end, fields).
PROVINCE_CAMPAIGNS: tuple[tuple[str, str, str, str, dt.date, dt.date | None, str], ...] = (
    ("TDDK", OrgKind.FRONT, CampaignKind.DRIVE, "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
     D(2021, 3, 26), D(2030, 12, 31), "nông thôn mới, đô thị văn minh"),
    ("5K3S", OrgKind.WOMEN, CampaignKind.DRIVE, "Xây dựng gia đình 5 không 3 sạch",
     D(2021, 5, 12), D(2030, 12, 31), "gia đình, môi trường"),
    ("NDCS", OrgKind.FARMERS, CampaignKind.MOVEMENT, "Nông dân chung sức xây dựng nông thôn mới",
     D(2021, 6, 8), D(2030, 12, 31), "nông thôn mới, giao thông nông thôn"),
    ("TTCT", OrgKind.YOUTH, CampaignKind.MOVEMENT, "Tuổi trẻ chung tay xây dựng nông thôn mới",
     D(2022, 3, 26), None, "nông thôn mới, thắp sáng đường quê"),
    ("VNN", OrgKind.FRONT, CampaignKind.DRIVE, "Ngày vì người nghèo",
     D(2024, 10, 17), None, "an sinh xã hội, giảm nghèo"),
    ("CCBGM", OrgKind.VETERANS, CampaignKind.MOVEMENT, "Cựu chiến binh gương mẫu",
     D(2024, 4, 10), D(2029, 12, 31), "an sinh xã hội, giúp nhau phát triển kinh tế"),
)
CAMPAIGN_TEXT = ("Phát động sâu rộng đến từng khu dân cư; các tổ chức thành viên cụ thể hóa thành công trình, "
                 "phần việc; Nhân dân bàn bạc, quyết định mức đóng góp và giám sát việc thực hiện.")

# Commune campaigns: (launching organization's kind, kind, name with {c}, start, end, fields, work kinds).
COMMUNE_CAMPAIGNS: tuple[tuple[str, str, str, dt.date, dt.date | None, str, tuple[str, ...]], ...] = (
    (OrgKind.FRONT, CampaignKind.MOVEMENT, "Chung tay xóa nhà tạm, nhà dột nát trên địa bàn {c}",
     D(2024, 11, 1), D(2025, 8, 31), "an sinh xã hội", (WorkKind.HOUSE,)),
    (OrgKind.YOUTH, CampaignKind.MOVEMENT, "Thắp sáng đường quê {c}", D(2024, 12, 1), None,
     "nông thôn mới, an ninh trật tự", (WorkKind.LIGHTING,)),
    (OrgKind.WOMEN, CampaignKind.MOVEMENT, "Tuyến đường, tuyến hẻm xanh - sạch - đẹp {c}", D(2024, 9, 5), None,
     "môi trường, đô thị văn minh", (WorkKind.ALLEY, WorkKind.WASTE)),
    (OrgKind.FARMERS, CampaignKind.MOVEMENT, "Hiến đất, góp công làm đường giao thông nông thôn {c}",
     D(2024, 10, 15), D(2026, 12, 31), "giao thông nông thôn", (WorkKind.ROAD, WorkKind.BRIDGE)),
)

# Per work kind: campaigns by suffix with weights ("" none); "C" = the commune's campaign when it fits.
WORK_CAMPAIGNS: dict[str, tuple[tuple[str, int], ...]] = {
    WorkKind.ROAD: (("TDDK", 45), ("NDCS", 35), ("C", 10), ("", 10)),
    WorkKind.BRIDGE: (("TDDK", 55), ("NDCS", 25), ("C", 10), ("", 10)),
    WorkKind.ALLEY: (("TDDK", 45), ("5K3S", 20), ("TTCT", 10), ("C", 15), ("", 10)),
    WorkKind.LIGHTING: (("TTCT", 55), ("TDDK", 20), ("C", 20), ("", 5)),
    WorkKind.CULTURAL_HOUSE: (("TDDK", 85), ("", 15)),
    WorkKind.WASTE: (("5K3S", 55), ("TTCT", 15), ("C", 15), ("", 15)),
    WorkKind.OTHER: (("TDDK", 30), ("5K3S", 20), ("TTCT", 20), ("NDCS", 15), ("", 15)),
    WorkKind.SCHOLARSHIP: (("TTCT", 35), ("VNN", 35), ("5K3S", 20), ("", 10)),
}
# The organizer's kind of a work without a campaign.
FREE_ORGANIZER = {WorkKind.ROAD: OrgKind.FRONT, WorkKind.BRIDGE: OrgKind.FRONT, WorkKind.ALLEY: OrgKind.FRONT,
                  WorkKind.LIGHTING: OrgKind.YOUTH, WorkKind.CULTURAL_HOUSE: OrgKind.FRONT,
                  WorkKind.WASTE: OrgKind.WOMEN, WorkKind.OTHER: OrgKind.FARMERS, WorkKind.SCHOLARSHIP: OrgKind.WOMEN}

CANALS = ("Ba Láng", "Cái Sơn", "Xẻo Chanh", "Ông Hào", "Cái Chanh", "Rạch Sung", "Xáng Xà No", "Ngã Bát",
          "Mương Lộ", "Bà Bộ", "Thầy Phó", "Tầm Vu", "Cái Dầu", "Rạch Gòi", "Bà Đầm", "Năm Thiên", "Xẻo Môn")
# Words of the countryside: not for a ward's quarters (khu vực, khóm, tổ dân phố) nor a ward's campaign.
RURAL_WORDS = ("nội đồng", "nông thôn", "đường quê", "cầu khỉ", "liên ấp")
# Per infrastructure kind: names ({v} the village, {n} a length or number, {canal}), value range in
# millions of VND, the people's share of it (range), days from start to handover, build.
INFRA: dict[str, tuple[tuple[str, ...], tuple[int, int], tuple[float, float], tuple[int, int]]] = {
    WorkKind.ROAD: (("Bê tông hóa đường giao thông nông thôn {v} (dài {n} m)",
                     "Nâng cấp, mở rộng đường liên ấp {v} ({n} m)", "Đường nội đồng {v} (dài {n} m)",
                     "Nâng cấp, mở rộng đường {v} (dài {n} m)"),
                    (250, 1_800), (0.05, 0.25), (45, 200)),
    WorkKind.BRIDGE: (("Cầu bê tông kênh {canal}, {v}", "Xây dựng cầu nông thôn rạch {canal}, {v}",
                       "Thay cầu khỉ bằng cầu bê tông kênh {canal}, {v}"),
                      (300, 1_500), (0.05, 0.2), (60, 180)),
    WorkKind.ALLEY: (("Bê tông hóa hẻm {n}, {v}", "Nâng cấp, mở rộng hẻm {n}, {v}", "Lát gạch, thoát nước hẻm {n}, {v}"),
                     (80, 450), (0.3, 0.7), (20, 90)),
    WorkKind.LIGHTING: (("Thắp sáng đường quê {v} ({n} bóng đèn)", "Tuyến đường chiếu sáng năng lượng mặt trời {v}"),
                        (30, 220), (0.2, 0.6), (7, 45)),
    WorkKind.CULTURAL_HOUSE: (("Nhà văn hóa {v}", "Sửa chữa, nâng cấp nhà văn hóa {v}"),
                              (350, 1_400), (0.05, 0.2), (90, 240)),
    WorkKind.WASTE: (("Thu gom, xử lý rác thải sinh hoạt {v}", "Thùng rác phân loại tại nguồn {v} ({n} thùng)",
                      "Điểm tập kết rác và xe thu gom {v}"),
                     (15, 120), (0.3, 0.8), (10, 60)),
    WorkKind.OTHER: (("Trồng hoa, cây xanh tuyến đường {v}", "Lắp đặt camera an ninh {v} ({n} camera)",
                      "Nạo vét kênh mương nội đồng {v}", "Đưa nước sạch về hộ dân {v}"),
                     (20, 300), (0.1, 0.5), (10, 90)),
}

# Houses: kind → (name prefix, organizer kind, agency name when no organization, campaigns by suffix).
HOUSES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    HouseKind.GREAT_UNITY: ("Nhà đại đoàn kết", OrgKind.FRONT, "", ("VNN", "C", "TDDK")),
    HouseKind.GRATITUDE: ("Nhà tình nghĩa", OrgKind.AGENCY, "Ủy ban nhân dân {c}", ("",)),
    HouseKind.COMRADESHIP: ("Nhà nghĩa tình đồng đội", OrgKind.VETERANS, "", ("CCBGM",)),
    HouseKind.UNION_SHELTER: ("Mái ấm công đoàn", OrgKind.LABOR, "Liên đoàn Lao động thành phố Cần Thơ", ("",)),
    HouseKind.HUMANE: ("Nhà nhân ái", OrgKind.WOMEN, "", ("5K3S", "")),
    HouseKind.OTHER: ("Nhà tình thương", OrgKind.YOUTH, "", ("TTCT", "")),
}
HOUSE_WEIGHTS = {HouseKind.GREAT_UNITY: 50, HouseKind.GRATITUDE: 12, HouseKind.COMRADESHIP: 10,
                 HouseKind.UNION_SHELTER: 8, HouseKind.HUMANE: 12, HouseKind.OTHER: 8}
HOUSE_VALUES_M = {"new": (50, 60, 60, 60, 70, 80, 100), "repair": (20, 25, 30, 30, 40)}

SCHOLARSHIPS = ("Học bổng \"Tiếp bước đến trường\" {c}", "Học bổng \"Nâng bước em đến trường\" {c}",
                "Học bổng \"Thắp sáng ước mơ\" cho học sinh nghèo {c}", "Học bổng Vừ A Dính {c}",
                "Học bổng \"Vì em hiếu học\" {c}")

# Collectives of a commune (sponsors): local businesses, cooperatives, pagodas; {v} village, {c} commune.
COLLECTIVES = (
    "Công ty TNHH Xây dựng Phú Cường", "Doanh nghiệp tư nhân Vật liệu xây dựng Hai Thành",
    "Cửa hàng vật liệu xây dựng Tư Hùng", "Hợp tác xã Nông nghiệp {v}", "Nhà máy xay xát lúa gạo Tấn Lộc",
    "Công ty Cổ phần Thủy sản Bình An", "Tiệm vàng Kim Phát", "Công ty TNHH MTV Lương thực Sông Hậu",
    "Nhà thuốc Phước Thiện", "Ban Quản trị chùa {v}", "Nhóm từ thiện Tấm lòng vàng {c}",
    "Câu lạc bộ Doanh nhân trẻ thành phố Cần Thơ", "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Cần Thơ",
    "Công ty Điện lực Cần Thơ", "Hội đồng hương {c} tại Thành phố Hồ Chí Minh", "Cơ sở đóng ghe Sáu Lợi",
    "Công ty TNHH Thương mại Dịch vụ Minh Phát", "Ban Đại diện Hội Người cao tuổi {v}",
)
CONTRIBUTION_NOTES = ("", "", "", "Đóng góp theo mức thôn thống nhất", "Góp thêm vật liệu", "Con cháu ở xa gửi về")

DECISION_SUBJECTS = {
    WorkKind.ROAD: "Thống nhất mức đóng góp, hiến đất, góp ngày công cho công trình \"{w}\"",
    WorkKind.BRIDGE: "Thống nhất mức đóng góp, ngày công cho công trình \"{w}\"",
    WorkKind.ALLEY: "Thống nhất hiến đất mở rộng hẻm và mức đóng góp cho công trình \"{w}\"",
    WorkKind.LIGHTING: "Thống nhất mức đóng góp, cách quản lý tuyến đèn \"{w}\"",
    WorkKind.CULTURAL_HOUSE: "Thống nhất chủ trương, mức đóng góp cho công trình \"{w}\"",
    WorkKind.WASTE: "Thống nhất mức thu, cách thu gom rác \"{w}\"",
    WorkKind.OTHER: "Thống nhất mức đóng góp thực hiện \"{w}\"",
}

# Help out of poverty by the member's organization: (what, value range in millions of VND).
HELP: dict[str, tuple[tuple[str, tuple[int, int]], ...]] = {
    OrgKind.WOMEN: (("Hỗ trợ vốn từ tổ tiết kiệm phụ nữ để chăn nuôi heo", (5, 15)),
                    ("Tặng máy may, giới thiệu việc làm may gia công", (4, 8)),
                    ("Tín chấp vay vốn Ngân hàng Chính sách xã hội, hướng dẫn làm ăn", (30, 50)),
                    ("Hỗ trợ con giống (heo nái) và hướng dẫn kỹ thuật chăn nuôi", (6, 12))),
    OrgKind.FARMERS: (("Hỗ trợ bò giống và hướng dẫn kỹ thuật chăn nuôi", (12, 20)),
                      ("Cây giống, phân bón và kỹ thuật trồng cây ăn trái", (3, 10)),
                      ("Vay vốn Quỹ Hỗ trợ nông dân để nuôi lươn không bùn", (20, 40)),
                      ("Chuyển giao kỹ thuật trồng lúa giảm phát thải, hỗ trợ lúa giống", (2, 6))),
    OrgKind.YOUTH: (("Giới thiệu việc làm tại khu công nghiệp Trà Nóc", (0, 2)),
                    ("Hỗ trợ vốn thanh niên khởi nghiệp mở tiệm sửa xe", (10, 30)),
                    ("Học nghề điện dân dụng miễn phí, tặng bộ đồ nghề", (3, 6))),
    OrgKind.VETERANS: (("Hội viên cựu chiến binh góp vốn, ngày công giúp nuôi vịt", (5, 15)),
                       ("Vay vốn từ quỹ hội để mua máy bơm, cày xới", (10, 25))),
    OrgKind.FRONT: (("Hỗ trợ sinh kế từ Quỹ Vì người nghèo", (5, 20)),
                    ("Hỗ trợ nước sạch, sửa nhà và vốn làm ăn", (8, 25))),
}

# Training: (organizer's kind, agency name when none, topic), at province and commune level.
PROVINCE_COURSES: tuple[tuple[str, str, str], ...] = (
    (OrgKind.COMMISSION, "Ban Dân vận Thành ủy Cần Thơ", "Bồi dưỡng nghiệp vụ công tác dân vận cho cán bộ cơ sở"),
    (OrgKind.COMMISSION, "Ban Dân vận Thành ủy Cần Thơ", "Tập huấn thực hiện Luật Thực hiện dân chủ ở cơ sở"),
    (OrgKind.FRONT, "", "Tập huấn kỹ năng giám sát đầu tư của cộng đồng và phản biện xã hội"),
    (OrgKind.FRONT, "", "Tập huấn nghiệp vụ cho trưởng ban công tác Mặt trận khu dân cư"),
    (OrgKind.WOMEN, "", "Tập huấn nghiệp vụ công tác Hội cho chi hội trưởng phụ nữ"),
    (OrgKind.FARMERS, "", "Tập huấn kỹ năng tuyên truyền, vận động hội viên nông dân"),
    (OrgKind.YOUTH, "", "Tập huấn chuyển đổi số cho cán bộ Đoàn cơ sở"),
    (OrgKind.VETERANS, "", "Bồi dưỡng nghiệp vụ cho chi hội trưởng cựu chiến binh"),
)
COMMUNE_COURSES: tuple[tuple[str, str], ...] = (
    (OrgKind.FRONT, "Tập huấn nghiệp vụ cho Ban công tác Mặt trận các ấp, khu vực"),
    (OrgKind.FRONT, "Tập huấn kỹ năng hòa giải ở cơ sở"),
    (OrgKind.WOMEN, "Tập huấn kỹ năng tuyên truyền, vận động hội viên phụ nữ"),
    (OrgKind.FARMERS, "Tập huấn quản lý chi hội và phát triển hội viên nông dân"),
    (OrgKind.YOUTH, "Tập huấn kỹ năng công tác Đoàn cho bí thư chi đoàn"),
    (OrgKind.VETERANS, "Tập huấn nghiệp vụ công tác Hội cựu chiến binh"),
)

# Commendations: level → (issuer with {c}, forms it gives, decision number pattern with {n}).
ISSUERS: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    IssuerLevel.COMMUNE: (("Ủy ban nhân dân {c}", (CommendationForm.CERTIFICATE,), "{n}/QĐ-UBND"),
                          ("Ủy ban MTTQ Việt Nam {c}", (CommendationForm.CERTIFICATE,), "{n}/QĐ-MTTQ"),
                          ("Đảng ủy {c}", (CommendationForm.CERTIFICATE, CommendationForm.OTHER), "{n}-QĐ/ĐU")),
    IssuerLevel.PROVINCE: (("Ban Dân vận Thành ủy Cần Thơ", (CommendationForm.CERTIFICATE,), "{n}-QĐ/BDVTU"),
                           ("Ủy ban nhân dân thành phố Cần Thơ", (CommendationForm.MERIT, CommendationForm.FLAG),
                            "{n}/QĐ-UBND"),
                           ("Ủy ban MTTQ Việt Nam thành phố Cần Thơ", (CommendationForm.MERIT, CommendationForm.FLAG),
                            "{n}/QĐ-MTTQ-BTT")),
    IssuerLevel.CENTRAL: (("Ủy ban Trung ương MTTQ Việt Nam", (CommendationForm.MERIT, CommendationForm.FLAG),
                           "{n}/QĐ-MTTW-BTT"),
                          ("Ban Dân vận Trung ương", (CommendationForm.OTHER,), "{n}-QĐ/BDVTW"),
                          ("Thủ tướng Chính phủ", (CommendationForm.MERIT,), "{n}/QĐ-TTg")),
}
OTHER_FORMS = {"Đảng ủy {c}": "Biểu dương", "Ban Dân vận Trung ương": "Kỷ niệm chương \"Vì sự nghiệp Dân vận\""}
REASONS = {
    "campaign": "Có thành tích xuất sắc trong {campaign}",
    "exemplar": "Mô hình \"Dân vận khéo\" tiêu biểu: {exemplar}",
    "year": "Hoàn thành xuất sắc nhiệm vụ công tác dân vận năm {year}",
}
# Collective recipients of a commune ({v} a village, {c} the commune).
COLLECTIVE_RECIPIENTS = ("Ban công tác Mặt trận {v}", "Chi hội Phụ nữ {v}", "Chi hội Nông dân {v}", "Chi đoàn {v}",
                         "Nhân dân và cán bộ {v}", "Ủy ban MTTQ Việt Nam {c}", "Hội Liên hiệp Phụ nữ {c}",
                         "Hội Nông dân {c}", "Đoàn Thanh niên {c}", "Hội Cựu chiến binh {c}")
PROVINCE_RECIPIENTS = {OrgKind.FRONT: "Ủy ban MTTQ Việt Nam thành phố Cần Thơ",
                       OrgKind.WOMEN: "Hội Liên hiệp Phụ nữ thành phố Cần Thơ",
                       OrgKind.FARMERS: "Hội Nông dân thành phố Cần Thơ", OrgKind.YOUTH: "Thành đoàn Cần Thơ",
                       OrgKind.VETERANS: "Hội Cựu chiến binh thành phố Cần Thơ"}
