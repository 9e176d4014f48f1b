"""Vietnamese texts of the demo's petitions, answers, dialogues and oversight sessions (``voice/demo.py``).

A petition template is (field, kind, title, text); ``{village}`` and ``{commune}`` are filled in.
"""

# (field, kind, title, text)
PETITIONS: tuple[tuple[str, str, str, str], ...] = (
    ("infrastructure", "petition", "Đường liên ấp {village} xuống cấp",
     "Đoạn đường liên ấp qua {village} bị sụt lún, ổ gà nhiều, mùa mưa xe không đi được. Đề nghị xã sớm sửa chữa."),
    ("infrastructure", "petition", "Đề nghị lắp đèn chiếu sáng đường ven kênh",
     "Tuyến đường ven kênh ở {village} dài gần 1 km chưa có đèn, buổi tối học sinh đi học về rất nguy hiểm."),
    ("infrastructure", "feedback", "Cầu khỉ {village} hư hỏng",
     "Cây cầu bắc qua rạch ở {village} bị mục ván, người dân phải đi vòng xa. Đề nghị làm lại cầu bê tông."),
    ("infrastructure", "petition", "Đề nghị kéo điện cho các hộ cuối ấp",
     "Khoảng 15 hộ cuối {village} vẫn phải câu điện nhờ, giá cao, điện yếu. Đề nghị ngành điện kéo lưới đến tận nhà."),
    ("infrastructure", "feedback", "Nước sinh hoạt bị đục, có mùi",
     "Nước máy cấp cho {village} mấy tuần nay bị đục, có mùi phèn. Đề nghị kiểm tra chất lượng nước."),
    ("infrastructure", "petition", "Nạo vét kênh nội đồng trước mùa khô",
     "Kênh nội đồng {village} bị bồi lắng, lục bình dày, không dẫn nước vào ruộng được. Đề nghị nạo vét sớm."),
    ("environment", "feedback", "Xả rác xuống kênh rạch",
     "Một số hộ và quán ăn ở {village} đổ rác, nước thải xuống rạch, bốc mùi, cá chết. Đề nghị xử lý, nhắc nhở."),
    ("environment", "feedback", "Cơ sở xay xát gây bụi, tiếng ồn ban đêm",
     "Cơ sở xay xát lúa ở {village} hoạt động đến khuya, bụi trấu bay vào nhà dân. Đề nghị kiểm tra giờ hoạt động."),
    ("environment", "petition", "Thu gom rác không đúng lịch",
     "Xe thu gom rác ở {village} nhiều tuần không đến theo lịch, rác ứ đọng ven đường. Đề nghị bố trí thu gom đều."),
    ("environment", "feedback", "Đốt rơm rạ gây khói mù",
     "Sau thu hoạch nhiều hộ đốt rơm rạ, khói bay vào khu dân cư {village}, trẻ nhỏ bị ho. Đề nghị tuyên truyền, xử lý."),
    ("land", "complaint", "Khiếu nại mức bồi thường đất làm đường",
     "Gia đình tôi bị thu hồi 320 m² đất nông nghiệp ở {village} để làm đường, mức bồi thường thấp hơn giá thị trường."
     " Đề nghị xem xét lại phương án bồi thường."),
    ("land", "petition", "Chậm cấp giấy chứng nhận quyền sử dụng đất",
     "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất của tôi nộp từ năm ngoái đến nay chưa có kết quả."
     " Đề nghị cho biết lý do và thời hạn giải quyết."),
    ("land", "complaint", "Khiếu nại việc đo đạc ranh đất",
     "Việc đo đạc lại ranh đất giữa nhà tôi và hộ lân cận ở {village} không đúng hiện trạng sử dụng ổn định nhiều năm."),
    ("land", "feedback", "Lấn chiếm hành lang kênh",
     "Một hộ ở {village} xây dựng lấn chiếm hành lang bảo vệ kênh thủy lợi. Đề nghị kiểm tra, xử lý."),
    ("land", "denunciation", "Tố cáo cán bộ địa chính gây khó khăn",
     "Tôi tố cáo cán bộ địa chính xã yêu cầu nộp thêm giấy tờ không có trong quy định và gợi ý chi phí ngoài để làm nhanh hồ sơ."),
    ("social", "petition", "Đề nghị xét hộ cận nghèo",
     "Gia đình tôi có người bệnh nặng, thu nhập thấp nhưng chưa được xét vào hộ cận nghèo. Đề nghị ấp, xã xem xét."),
    ("social", "complaint", "Khiếu nại việc cắt trợ cấp người cao tuổi",
     "Mẹ tôi 82 tuổi ở {village} bị cắt trợ cấp xã hội hằng tháng mà không được thông báo lý do."),
    ("social", "petition", "Hỗ trợ sửa nhà cho hộ nghèo",
     "Căn nhà của hộ nghèo ở {village} đã dột nát, mùa mưa rất nguy hiểm. Đề nghị hỗ trợ xây nhà Đại đoàn kết."),
    ("social", "feedback", "Chậm chi trả tiền hỗ trợ người có công",
     "Một số gia đình người có công ở {village} phản ánh tiền trợ cấp tháng này chi trả chậm so với mọi tháng."),
    ("social", "petition", "Đề nghị cấp thẻ bảo hiểm y tế cho hộ cận nghèo",
     "Nhiều hộ cận nghèo ở {village} chưa nhận được thẻ bảo hiểm y tế năm nay. Đề nghị cấp sớm."),
    ("health_education", "petition", "Trường học thiếu phòng học",
     "Điểm trường tiểu học ở {village} phải học ghép, phòng học xuống cấp. Đề nghị đầu tư thêm phòng học."),
    ("health_education", "feedback", "Trạm y tế thiếu thuốc",
     "Người dân đến trạm y tế xã khám bảo hiểm y tế thường được báo hết thuốc, phải tự mua bên ngoài."),
    ("health_education", "petition", "Phun thuốc phòng sốt xuất huyết",
     "Ở {village} đã có mấy ca sốt xuất huyết. Đề nghị y tế xã phun thuốc diệt muỗi và hướng dẫn diệt lăng quăng."),
    ("health_education", "feedback", "Thu các khoản ngoài quy định ở trường",
     "Phụ huynh phản ánh trường thu nhiều khoản đóng góp đầu năm học không rõ ràng. Đề nghị công khai các khoản thu."),
    ("security", "feedback", "Trộm cắp vặt ban đêm",
     "Thời gian gần đây ở {village} xảy ra nhiều vụ mất trộm gà vịt, xe đạp. Đề nghị công an xã tăng cường tuần tra."),
    ("security", "feedback", "Thanh niên tụ tập đua xe",
     "Tối thứ Bảy, Chủ nhật thanh niên tụ tập chạy xe tốc độ cao trên đường {village}, gây mất an toàn."),
    ("security", "petition", "Tuyên truyền phòng chống lừa đảo qua mạng",
     "Nhiều người cao tuổi ở {village} bị gọi điện giả danh công an để lừa tiền. Đề nghị tuyên truyền cho bà con."),
    ("security", "denunciation", "Tố cáo điểm mua bán ma túy",
     "Tôi tố cáo một điểm nghi mua bán, sử dụng ma túy tại khu nhà trọ gần chợ {village}. Đề nghị cơ quan chức năng điều tra."),
    ("administration", "feedback", "Cán bộ một cửa hẹn nhiều lần",
     "Tôi làm thủ tục chứng thực ở bộ phận một cửa xã bị hẹn lại nhiều lần, không được hướng dẫn rõ."),
    ("administration", "petition", "Hướng dẫn dịch vụ công trực tuyến",
     "Người dân lớn tuổi ở {village} khó sử dụng dịch vụ công trực tuyến. Đề nghị có người hướng dẫn tại nhà văn hóa ấp."),
    ("administration", "complaint", "Khiếu nại quyết định xử phạt xây dựng",
     "Tôi khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng chuồng trại vì gia đình đã có giấy phép."),
    ("administration", "petition", "Công khai các khoản thu, chi của ấp",
     "Bà con {village} đề nghị ban nhân dân ấp công khai các khoản đóng góp làm đường và quỹ của ấp."),
    ("economy", "petition", "Hỗ trợ vốn vay chăn nuôi",
     "Hội viên nông dân {village} đề nghị được vay vốn ưu đãi để chăn nuôi bò, gà theo mô hình của hội."),
    ("economy", "feedback", "Thương lái ép giá lúa",
     "Vụ này thương lái ép giá lúa thấp hơn giá thị trường, bà con {village} bị thiệt. Đề nghị có giải pháp bao tiêu."),
    ("economy", "petition", "Tập huấn kỹ thuật trồng lúa chất lượng cao",
     "Đề nghị mở lớp tập huấn kỹ thuật trồng lúa giảm giống, giảm phân cho nông dân {village}."),
    ("economy", "feedback", "Phân bón giả, kém chất lượng",
     "Một số hộ ở {village} mua phân bón tại đại lý gần chợ, bón xong lúa không lên. Nghi phân giả, đề nghị kiểm tra."),
    ("economy", "petition", "Đề nghị hỗ trợ giống sau ngập úng",
     "Mưa lớn làm ngập úng nhiều ruộng lúa mới sạ ở {village}. Đề nghị hỗ trợ giống để bà con sạ lại."),
    ("other", "petition", "Sửa chữa nhà văn hóa ấp",
     "Nhà văn hóa {village} mái tôn bị dột, thiếu bàn ghế, không đủ chỗ họp dân. Đề nghị sửa chữa."),
    ("other", "feedback", "Loa truyền thanh ấp hư",
     "Loa truyền thanh ở {village} bị hư nhiều tháng, bà con không nghe được thông báo của xã."),
    ("other", "petition", "Xây sân chơi cho thiếu nhi",
     "{village} chưa có sân chơi cho trẻ em. Đề nghị bố trí quỹ đất công làm sân chơi, sân bóng nhỏ."),
)

# The hot spot: one issue in one village, said many ways (title, text).
HOT_SPOT: tuple[tuple[str, str], ...] = (
    ("Ô nhiễm mùi hôi từ trại heo {village}",
     "Trại heo ở {village} xả nước thải ra mương, mùi hôi nồng nặc cả ngày, bà con không chịu nổi."),
    ("Trại heo gây mùi hôi thối",
     "Mấy tuần nay mùi hôi từ trại nuôi heo bay vào nhà, ăn cơm không được. Đề nghị xã kiểm tra trại heo ở {village}."),
    ("Phản ánh nước thải chăn nuôi heo",
     "Nước thải của trại heo chảy tràn ra ruộng và kênh ở {village}, nước đen, bốc mùi, cá chết."),
    ("Mùi hôi trại heo ảnh hưởng sức khỏe",
     "Trẻ nhỏ trong xóm bị ho, nổi mẩn do mùi hôi và ruồi nhặng từ trại heo {village}. Đề nghị xử lý dứt điểm."),
    ("Đề nghị di dời trại heo ra xa khu dân cư",
     "Trại heo quá gần nhà dân ở {village}, mùi hôi và ruồi muỗi rất nhiều. Đề nghị buộc trại heo xử lý chất thải hoặc di dời."),
    ("Ruồi nhặng, mùi hôi từ trại nuôi heo",
     "Từ khi trại heo ở {village} tăng đàn, mùi hôi thối và ruồi nhặng bủa vây các hộ xung quanh."),
    ("Trại heo không có hầm biogas",
     "Trại heo ở {village} không xử lý chất thải, xả thẳng ra mương chung gây ô nhiễm nặng mùi."),
)

ANSWERS: tuple[str, ...] = (
    "UBND xã đã giao bộ phận chuyên môn kiểm tra thực tế và đưa nội dung vào kế hoạch thực hiện trong quý tới.",
    "Qua kiểm tra, nội dung phản ánh là đúng; xã đã chỉ đạo khắc phục xong và sẽ tiếp tục theo dõi.",
    "Nội dung kiến nghị đã được chuyển đến cơ quan có thẩm quyền; kết quả sẽ được thông báo khi có văn bản trả lời.",
    "Xã đã làm việc với các hộ liên quan, lập biên bản và yêu cầu cam kết chấm dứt vi phạm.",
    "Kiến nghị hợp lý; xã đã bố trí kinh phí từ nguồn ngân sách năm và vận động Nhân dân cùng đóng góp.",
    "Hồ sơ đã được xem xét lại theo đúng quy định; kết quả giải quyết được gửi đến người có đơn.",
)
WITHDRAW_REASONS: tuple[str, ...] = (
    "Người gửi có đơn xin rút vì hai bên đã tự hòa giải tại ấp.",
    "Người gửi rút đơn sau khi được giải thích chính sách tại buổi tiếp dân.",
)
REJECT_REASONS: tuple[str, ...] = (
    "Không thuộc thẩm quyền, đã hướng dẫn người gửi đến Tòa án nhân dân khu vực.",
    "Vụ việc đã được giải quyết bằng quyết định có hiệu lực pháp luật, không có tình tiết mới.",
    "Đơn không ghi rõ nội dung, người gửi không bổ sung sau khi được hướng dẫn.",
)
REOPEN_REASONS: tuple[str, ...] = (
    "Người gửi không đồng ý với kết quả trả lời, đề nghị kiểm tra lại hiện trường.",
    "Sau khi trả lời, sự việc tái diễn; người gửi đề nghị xem xét lại.",
)
WRONG_ROUTING = "Chuyển lại: nội dung thuộc thẩm quyền của cơ quan khác, chuyển nhầm lần trước."

DIALOGUE_TOPICS: tuple[str, ...] = (
    "đất đai, bồi thường giải phóng mặt bằng", "giao thông nông thôn, điện, nước sạch", "chính sách an sinh xã hội",
    "vệ sinh môi trường, thu gom rác", "an ninh trật tự ở khu dân cư", "thủ tục hành chính, chuyển đổi số",
)
COMMITMENTS: tuple[str, ...] = (
    "Kiểm tra, sửa chữa đoạn đường bị sụt lún trước mùa mưa.",
    "Rà soát lại danh sách hộ cận nghèo của ấp và công khai kết quả.",
    "Bố trí thu gom rác hai lần mỗi tuần ở các ấp xa.",
    "Trả lời bằng văn bản các kiến nghị về đất đai của hộ dân.",
    "Lắp thêm đèn chiếu sáng ở tuyến đường ven kênh.",
    "Tổ chức tập huấn sử dụng dịch vụ công trực tuyến cho người cao tuổi.",
)
OVERSIGHT_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("Giám sát việc thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo", "UBND {unit}"),
    ("Giám sát việc giải quyết đơn thư, kiến nghị của công dân", "UBND {unit}"),
    ("Giám sát việc thu gom, xử lý rác thải sinh hoạt", "UBND {unit}"),
    ("Giám sát việc cấp thẻ bảo hiểm y tế cho đối tượng chính sách", "Bảo hiểm xã hội khu vực"),
)
CRITIQUE_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("Phản biện dự thảo kế hoạch phát triển kinh tế - xã hội năm 2026", "Dự thảo Kế hoạch của UBND {unit}"),
    ("Phản biện dự thảo quy hoạch sử dụng đất", "Dự thảo Quy hoạch sử dụng đất của {unit}"),
    ("Phản biện dự thảo đề án xây dựng nông thôn mới nâng cao", "Dự thảo Đề án của UBND {unit}"),
)
RECOMMENDATIONS: tuple[str, ...] = (
    "Công khai danh sách hộ được hỗ trợ tại nhà văn hóa các ấp.",
    "Rút ngắn thời gian giải quyết hồ sơ, trả lời đúng hạn cho người dân.",
    "Bổ sung kinh phí thu gom rác cho các ấp vùng sâu.",
    "Lấy ý kiến Nhân dân nơi có đất bị thu hồi trước khi phê duyệt.",
    "Tăng cường kiểm tra việc chi trả chế độ, tránh sai sót đối tượng.",
    "Bố trí cán bộ hướng dẫn thủ tục trực tuyến tại bộ phận một cửa.",
    "Ưu tiên vốn cho các tuyến đường xuống cấp đã được cử tri kiến nghị nhiều lần.",
)
