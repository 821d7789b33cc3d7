//! Ordinary business messages, per language and register. None of them asks for a lower price,
//! free work, a guarantee, speed or availability: they must not raise any signal.

/// How a party writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// Vietnamese with diacritics (email and Zalo).
    Vi,
    /// Vietnamese chat without diacritics.
    ViChat,
    /// Thai (LINE and email).
    Th,
    /// English (email).
    En,
}

pub(crate) const VI_IN: &[&str] = &[
    "Chào em, bên chị đã nhận được bộ ảnh sản phẩm tuần này, mọi thứ đều ổn. Cảm ơn team nhé.",
    "Anh đã chuyển khoản thanh toán hóa đơn tháng này rồi, em kiểm tra giúp anh nhé.",
    "Lịch họp thứ Năm lúc 10 giờ vẫn giữ nguyên nhé em.",
    "Bên chị duyệt nội dung bài viết rồi, em cho đăng theo lịch nhé.",
    "Anh gửi em số liệu bán hàng tháng trước để team tổng hợp báo cáo.",
    "Báo cáo tháng này rõ ràng lắm, sếp bên anh rất hài lòng.",
    "Chị nhận được bản thiết kế cuối rồi, chị chuyển cho bộ phận in luôn.",
    "Cảm ơn em đã góp ý về kịch bản video, bên anh đồng ý với hướng này.",
    "Chị gửi lại logo bản vector trong file đính kèm nhé.",
    "Tuần sau bên anh có lịch chụp ảnh sản phẩm, anh báo trước để em sắp xếp người.",
    "Bài đăng hôm qua được nhiều bình luận tích cực, cảm ơn cả nhóm.",
    "Hợp đồng gia hạn chị đã ký và gửi bản scan qua email rồi nhé.",
    "Em xem giúp anh số liệu quảng cáo tuần này khi có thời gian nhé, anh cần cho buổi họp thứ Hai.",
    "Bên chị đã chốt danh sách sản phẩm cho tháng sau, chị gửi em trong file đính kèm.",
];

pub(crate) const VI_CHAT_IN: &[&str] = &[
    "ok em, file nhan duoc roi nha",
    "chi duyet roi, em dang bai theo lich nhe",
    "thu 5 hop 10h nha em",
    "anh chuyen khoan roi nha, em check giup anh",
    "hinh dep lam, cam on em",
    "chi gui logo qua mail roi do",
    "bai hom qua nhieu nguoi like lam em oi",
    "ok em, mai chi gui so lieu",
    "tuan sau chup hinh mon moi nha em",
    "cam on ca team nha",
    "anh xem bao cao roi, on lam",
    "chi gui lai bang gia moi qua zalo roi do em",
];

pub(crate) const VI_OUT: &[&str] = &[
    "Dạ em gửi anh chị báo cáo kết quả tháng này trong file đính kèm ạ.",
    "Em gửi anh chị hóa đơn tháng này, hạn thanh toán 30 ngày ạ.",
    "Dạ bên em đã nhận được thanh toán, cảm ơn anh chị nhiều ạ.",
    "Em xác nhận lịch họp thứ Năm lúc 10 giờ ạ.",
    "Dạ bộ ảnh sản phẩm đã chỉnh xong, em gửi link tải ạ.",
    "Em gửi lịch đăng bài tuần tới để anh chị duyệt ạ.",
    "Dạ bài viết đã đăng theo lịch, em gửi đường link ạ.",
    "Em gửi biên bản cuộc họp hôm nay ạ.",
    "Dạ em nhận được file rồi ạ, cảm ơn anh chị.",
];

pub(crate) const TH_IN: &[&str] = &[
    "ได้รับไฟล์เรียบร้อยแล้วค่ะ ขอบคุณมากนะคะ",
    "โอนค่าบริการเดือนนี้แล้วครับ รบกวนตรวจสอบด้วยครับ",
    "ประชุมวันพฤหัสบดีเวลา 10 โมงตามเดิมนะคะ",
    "อนุมัติเนื้อหาแล้วค่ะ โพสต์ตามกำหนดการได้เลยค่ะ",
    "ส่งยอดขายเดือนที่แล้วให้ในไฟล์แนบนะครับ",
    "รายงานเดือนนี้ละเอียดดีมากครับ ผู้บริหารพอใจครับ",
    "ได้รับแบบร่างโลโก้แล้วค่ะ ทีมชอบแบบที่สองค่ะ",
    "สัญญาฉบับต่ออายุเซ็นแล้ว ส่งสแกนทางอีเมลแล้วครับ",
    "โพสต์เมื่อวานมีคนกดไลก์เยอะมากค่ะ ขอบคุณทีมงานนะคะ",
    "สัปดาห์หน้ามีถ่ายภาพสินค้าใหม่ค่ะ แจ้งไว้ก่อนนะคะ",
    "ส่งรายชื่อสินค้าสำหรับเดือนหน้าในไฟล์แนบแล้วครับ",
];

pub(crate) const TH_OUT: &[&str] = &[
    "ส่งรายงานผลประจำเดือนในไฟล์แนบค่ะ",
    "ส่งใบแจ้งหนี้เดือนนี้ ครบกำหนดชำระภายใน 30 วันค่ะ",
    "ได้รับการชำระเงินเรียบร้อยแล้ว ขอบคุณค่ะ",
    "ยืนยันการประชุมวันพฤหัสบดี 10 โมงค่ะ",
    "ภาพสินค้าแต่งเสร็จแล้ว ส่งลิงก์ดาวน์โหลดให้ค่ะ",
    "ส่งตารางโพสต์สัปดาห์หน้าให้ตรวจค่ะ",
    "ได้รับไฟล์แล้วค่ะ ขอบคุณค่ะ",
];

pub(crate) const EN_IN: &[&str] = &[
    "Thanks, we received the files and everything looks good.",
    "Payment for this month's invoice has been sent; please confirm when it arrives.",
    "Thursday at 10 still works for us.",
    "Approved, please publish as scheduled.",
    "Attached are last month's sales figures for the report.",
    "The monthly report was very clear, our board was pleased.",
    "We signed the renewal and emailed the scan this morning.",
    "Yesterday's post did really well, thanks to the whole team.",
    "We have a product shoot next week, letting you know in advance.",
    "The new brochure looks great, we'll send it to the printer.",
    "Here is the product list for next month, see the attachment.",
];

pub(crate) const EN_OUT: &[&str] = &[
    "Please find this month's results report attached.",
    "Here is this month's invoice, payable within 30 days.",
    "We have received your payment, thank you.",
    "Confirming our meeting on Thursday at 10.",
    "The edited product photos are ready; here is the download link.",
    "Here is next week's posting schedule for your approval.",
    "Minutes of today's meeting are attached.",
];

pub(crate) const VI_PROSPECT_IN: &[&str] = &[
    "Chào anh, bên em cần làm lại website công ty, anh gửi giúp em hồ sơ năng lực nhé.",
    "Cảm ơn anh đã gửi báo giá, bên em thấy hợp lý.",
    "Lịch gặp thứ Ba lúc 14 giờ ở văn phòng bên em nhé.",
    "Bên em đã xem hồ sơ năng lực, rất ấn tượng với các dự án trước.",
    "Giám đốc bên em đã đọc hợp đồng mẫu, em gửi lại vài chỗ cần sửa câu chữ.",
];

pub(crate) const EN_PROSPECT_IN: &[&str] = &[
    "Hello, we are looking for an agency to redo our website; could you send your portfolio?",
    "Thanks for the quote, it looks reasonable.",
    "Tuesday at 2 pm at our office works.",
    "We reviewed your portfolio and liked the previous projects.",
    "Our director read the draft contract; attached are a few wording changes.",
];

pub(crate) const TH_PROSPECT_IN: &[&str] = &[
    "สวัสดีค่ะ บริษัทกำลังหาเอเจนซีทำเว็บไซต์ใหม่ ขอดูผลงานด้วยค่ะ",
    "ขอบคุณสำหรับใบเสนอราคาค่ะ ราคาเหมาะสมดีค่ะ",
    "นัดประชุมวันอังคารบ่ายสองโมงที่ออฟฟิศนะคะ",
    "ดูผลงานเก่าแล้วค่ะ ชอบมากค่ะ",
    "ผู้บริหารอ่านร่างสัญญาแล้ว ขอแก้ถ้อยคำเล็กน้อยตามไฟล์แนบค่ะ",
];

pub(crate) fn inbound(style: Style) -> &'static [&'static str] {
    match style {
        Style::Vi => VI_IN,
        Style::ViChat => VI_CHAT_IN,
        Style::Th => TH_IN,
        Style::En => EN_IN,
    }
}

pub(crate) fn outbound(style: Style) -> &'static [&'static str] {
    match style {
        Style::Vi | Style::ViChat => VI_OUT,
        Style::Th => TH_OUT,
        Style::En => EN_OUT,
    }
}

pub(crate) fn prospect_inbound(style: Style) -> &'static [&'static str] {
    match style {
        Style::Vi | Style::ViChat => VI_PROSPECT_IN,
        Style::Th => TH_PROSPECT_IN,
        Style::En => EN_PROSPECT_IN,
    }
}
