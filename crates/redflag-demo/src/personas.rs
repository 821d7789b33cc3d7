//! The troubled personas: each adds its story from the seeds to an ordinary life. Days are
//! "days before the as-of date"; events that matter for a window are kept well inside it.

use redflag_domain::*;

use crate::base::{self, Base, TEAM};
use crate::build::{B, hm};
use crate::roster::Kind;
use crate::texts::Style;

const E: Channel = Channel::Email;
const CH: Channel = Channel::Chat;

/// Builds the events of party `kind`.
pub(crate) fn build(b: &mut B<'_>, kind: Kind, style: Style) {
    match kind {
        Kind::IdeaExtractor => idea_extractor(b),
        Kind::Staller => staller(b),
        Kind::CostlyProspect => costly_prospect(b),
        Kind::Spouse => spouse(b),
        Kind::GuaranteeSeeker => guarantee_seeker(b),
        Kind::Barterer => barterer(b),
        Kind::Returning => returning(b),
        Kind::BoundaryBreaker => boundary_breaker(b),
        Kind::AloeFace => aloe_face(b),
        Kind::LatePayer => late_payer(b),
        Kind::SwearingCeo => swearing_ceo(b),
        Kind::FearMonger => fear_monger(b),
        Kind::Blamer => blamer(b),
        Kind::Exploiter => exploiter(b),
        Kind::LegalHaggler => legal_haggler(b),
        Kind::MedicalDialer => medical_dialer(b),
        Kind::MidnightCaller => midnight_caller(b),
        Kind::Rusher => rusher(b),
        Kind::CommittedOnly => committed_only(b),
        Kind::PriceShopper => {
            let since = b.rng.range(300, 360);
            base::product_client(b, style, since, 1_900_000, 0, &|i| i != 0);
        }
        Kind::NonAdopter => {
            let since = b.rng.range(300, 360);
            base::product_client(b, style, since, 2_500_000, 110, &|_| false);
        }
        Kind::Dreamer => dreamer(b),
        Kind::Haggler => haggler(b),
        Kind::Insulter => insulter(b),
        Kind::Healthy => {
            let since = b.rng.range(200, 900);
            let o = Base::healthy(b, since);
            base::client(b, style, &o);
        }
        Kind::HealthyProduct => {
            let since = b.rng.range(250, 900);
            base::product_client(b, style, since, 1_500_000, 0, &|i| i == 1);
        }
        Kind::HealthyProspect => {
            let since = b.rng.range(40, 70);
            base::prospect(b, style, since);
        }
    }
}

/// Adds inbound contacts outside business hours in the last 90 days until they make up
/// `per_mille` of all inbound contacts there. Texts come from `texts`; every third is a call.
fn top_up_after_hours(b: &mut B<'_>, per_mille: usize, texts: &[&str], channel: Channel) {
    let mut k = 0;
    loop {
        let (inside, outside) = b.inbound_split(90);
        if outside * 1000 >= per_mille * (inside + outside) {
            break;
        }
        let (d, m) = b.night_slot(0, 86);
        if k % 3 == 2 {
            let secs = if b.rng.chance(200) {
                0
            } else {
                b.rng.range(60, 900) as u32
            };
            let who = *b.rng.pick(TEAM);
            b.call(d, m, Direction::In, secs, Some(who));
        } else {
            b.inn(d, m, channel, texts[k % texts.len()]);
        }
        k += 1;
    }
}

// ---------------------------------------------------------------- prospects

/// Seed 000: "what would you propose?", the detailed plan, more details, then silence.
fn idea_extractor(b: &mut B<'_>) {
    let c = b.ctx;
    let v = Some(180_000_000);
    b.deal(
        c.biz_back(75),
        hm(9, 40),
        DealStage::Lead,
        v,
        "digital-marketing",
    );
    b.inn(c.biz_back(75), hm(10, 15), Channel::Form, "Chào anh chị, bên em là chuỗi cửa hàng thực phẩm sạch Hương Việt, đang muốn đẩy mạnh bán hàng online. Anh chị liên hệ lại giúp em nhé.");
    b.out(c.biz_back(74), hm(9, 0), E, "Dạ em cảm ơn anh đã quan tâm. Em xin hẹn anh một buổi gặp tại văn phòng bên mình vào tuần này ạ.");
    b.meeting(c.biz_back(70), hm(14, 0), 90, MeetingStatus::Held, None);
    b.time(
        c.biz_back(70),
        hm(16, 0),
        90,
        false,
        Activity::PreSale,
        "Hà",
        &[],
    );
    b.inn(c.biz_back(69), hm(10, 5), E, "Anh chị đề xuất giúp bên em nên làm gì để tăng doanh số online? Bên em muốn xem anh chị sẽ làm gì trước đã.");
    b.time(
        c.biz_back(68),
        hm(9, 0),
        240,
        false,
        Activity::PreSale,
        "Hà",
        &[],
    );
    b.time(
        c.biz_back(66),
        hm(9, 0),
        300,
        false,
        Activity::PreSale,
        "Minh",
        &[],
    );
    let d = c.biz_back(65);
    b.msg_full(d, hm(15, 30), Direction::Out, E, Some("Hà"), Some("Đề xuất kế hoạch marketing online 6 tháng"), "Dạ em gửi anh bản đề xuất chi tiết: kế hoạch 6 tháng, kênh triển khai, nội dung và ngân sách từng giai đoạn ạ.");
    b.deal(
        d,
        hm(15, 31),
        DealStage::ProposalSent,
        v,
        "digital-marketing",
    );
    b.inn(c.biz_back(62), hm(11, 20), E, "Cảm ơn em. Em gửi thêm cho anh chi tiết từng bước triển khai, kịch bản quảng cáo và bộ từ khóa để bên anh xem kỹ trước khi quyết định nhé.");
    b.time(
        c.biz_back(60),
        hm(9, 0),
        360,
        false,
        Activity::PreSale,
        "Minh",
        &[],
    );
    b.out(
        c.biz_back(58),
        hm(17, 0),
        E,
        "Dạ em gửi anh kế hoạch chi tiết từng bước kèm kịch bản quảng cáo và bộ từ khóa ạ.",
    );
    b.inn(c.biz_back(57), hm(9, 10), E, "Anh nhận được rồi nhé em.");
    b.out(
        c.biz_back(45),
        hm(10, 0),
        E,
        "Dạ anh đã có thời gian xem kế hoạch chưa ạ? Em sẵn sàng trao đổi thêm.",
    );
    b.call(c.biz_back(38), hm(14, 0), Direction::Out, 0, Some("Hà"));
    b.out(
        c.biz_back(38),
        hm(14, 5),
        CH,
        "Em gọi anh mà chưa được, anh rảnh lúc nào em gọi lại ạ?",
    );
    b.out(
        c.biz_back(21),
        hm(9, 30),
        E,
        "Dạ em xin phép hỏi lại về bản kế hoạch, anh có cần bên em điều chỉnh gì không ạ?",
    );
    b.out(c.biz_back(8), hm(10, 0), E, "Dạ em thấy fanpage bên mình đã bắt đầu chạy chương trình theo hướng trong bản đề xuất. Nếu cần bên em hỗ trợ triển khai thì anh báo em nhé.");
}

/// Seed 000: interested, says yes verbally, then always too busy.
fn staller(b: &mut B<'_>) {
    let c = b.ctx;
    let v = Some(250_000_000);
    let s = "website-redesign";
    b.deal(c.biz_back(200), hm(9, 0), DealStage::Lead, v, s);
    b.inn(
        c.biz_back(199),
        hm(10, 0),
        E,
        "สวัสดีค่ะ บริษัทกำลังหาเอเจนซีทำเว็บไซต์ใหม่ ขอดูผลงานด้วยค่ะ",
    );
    b.meeting(c.biz_back(185), hm(14, 0), 60, MeetingStatus::Held, None);
    b.time(
        c.biz_back(183),
        hm(9, 0),
        240,
        false,
        Activity::PreSale,
        "Nok",
        &[],
    );
    b.deal(c.biz_back(180), hm(16, 0), DealStage::ProposalSent, v, s);
    b.inn(
        c.biz_back(178),
        hm(11, 0),
        E,
        "ขอบคุณสำหรับใบเสนอราคาค่ะ ราคาเหมาะสมดีค่ะ",
    );
    b.inn(
        c.biz_back(165),
        hm(10, 30),
        CH,
        "ผู้บริหารอ่านร่างสัญญาแล้ว ขอแก้ถ้อยคำเล็กน้อยตามไฟล์แนบค่ะ",
    );
    b.deal(c.biz_back(150), hm(15, 0), DealStage::VerbalYes, v, s);
    b.inn(
        c.biz_back(150),
        hm(14, 40),
        CH,
        "ตกลงค่ะ เราจะเริ่มงานกับคุณเดือนหน้า เดี๋ยวส่งสัญญาที่เซ็นแล้วมาให้นะคะ",
    );
    b.inn(c.biz_back(136), hm(10, 0), CH, "ได้รับเอกสารแล้วค่ะ ขอบคุณนะคะ");
    b.inn(
        c.biz_back(121),
        hm(10, 0),
        CH,
        "ได้รับไฟล์เรียบร้อยแล้วค่ะ ขอบคุณมากนะคะ",
    );
    // Inside 120 days: four meetings moved by them, two postponed decisions, two stalling lines.
    b.meeting(
        c.biz_back(112),
        hm(10, 0),
        60,
        MeetingStatus::Rescheduled,
        Some(Side::Party),
    );
    b.deal(c.biz_back(100), hm(16, 0), DealStage::Postponed, v, s);
    b.inn(
        c.biz_back(99),
        hm(9, 45),
        CH,
        "ช่วงนี้ยุ่งมากค่ะ ขอเลื่อนการตัดสินใจออกไปก่อนนะคะ",
    );
    b.meeting(
        c.biz_back(95),
        hm(14, 0),
        60,
        MeetingStatus::Cancelled,
        Some(Side::Party),
    );
    b.inn(
        c.biz_back(85),
        hm(11, 0),
        CH,
        "ได้รับไฟล์เรียบร้อยแล้วค่ะ ขอบคุณมากนะคะ",
    );
    b.meeting(
        c.biz_back(72),
        hm(10, 0),
        60,
        MeetingStatus::NoShow,
        Some(Side::Party),
    );
    b.inn(c.biz_back(70), hm(16, 0), CH, "ขอบคุณค่ะ ได้รับเอกสารแล้วค่ะ");
    b.meeting(
        c.biz_back(56),
        hm(14, 0),
        60,
        MeetingStatus::Rescheduled,
        Some(Side::Party),
    );
    b.inn(
        c.biz_back(55),
        hm(10, 0),
        CH,
        "นัดประชุมวันอังคารบ่ายสองโมงที่ออฟฟิศนะคะ",
    );
    b.deal(c.biz_back(45), hm(16, 0), DealStage::Postponed, v, s);
    b.inn(
        c.biz_back(46),
        hm(9, 30),
        E,
        "ตอนนี้ยังไม่ใช่จังหวะที่ดีค่ะ ขอรอไตรมาสหน้าก่อนนะคะ",
    );
    b.meeting(c.biz_back(35), hm(14, 0), 60, MeetingStatus::Held, None);
    b.inn(c.biz_back(20), hm(10, 0), CH, "ได้รับเอกสารแล้วค่ะ ขอบคุณนะคะ");
    b.inn(c.biz_back(6), hm(10, 0), CH, "ขอบคุณสำหรับข้อมูลค่ะ");
    for d in [110, 94, 71, 54, 30, 12] {
        b.out(
            c.biz_back(d),
            hm(9, 0),
            CH,
            "ขอบคุณค่ะ สะดวกนัดวันไหนแจ้งได้เลยนะคะ",
        );
    }
}

/// Seed 000: winning them costs dinners, karaoke, gifts and many unpaid hours.
fn costly_prospect(b: &mut B<'_>) {
    let c = b.ctx;
    let v = Some(60_000_000);
    let s = "brand-video";
    b.deal(c.biz_back(100), hm(9, 0), DealStage::Lead, v, s);
    b.inn(c.biz_back(100), hm(10, 0), E, "Chào anh, tập đoàn bên anh cần làm video giới thiệu dự án mới, anh gửi giúp em hồ sơ năng lực nhé.");
    for (d, amount, cat, note) in [
        (
            92,
            2_500_000,
            ExpenseCategory::Meal,
            "Tối thứ Sáu anh em mình đi ăn rồi bàn tiếp nhé.",
        ),
        (
            78,
            6_000_000,
            ExpenseCategory::Entertainment,
            "Hôm nay đi hát karaoke với anh em bên anh cho vui nhé.",
        ),
        (
            62,
            3_500_000,
            ExpenseCategory::Gift,
            "Cảm ơn em đã gửi giỏ quà Tết, anh em bên anh rất thích.",
        ),
        (
            33,
            2_000_000,
            ExpenseCategory::Meal,
            "Trưa nay mình ăn trưa ở nhà hàng quen của anh nhé.",
        ),
    ] {
        let d = c.biz_back(d);
        b.inn(d, hm(9, 30), CH, note);
        b.meeting(d, hm(12, 0), 120, MeetingStatus::Held, None);
        b.expense(d, hm(14, 0), amount, cat, ExpensePurpose::Acquisition);
    }
    for (d, minutes) in [
        (95, 120),
        (88, 180),
        (80, 120),
        (70, 180),
        (60, 120),
        (50, 120),
        (40, 120),
    ] {
        b.time(
            c.biz_back(d),
            hm(9, 0),
            minutes,
            false,
            Activity::PreSale,
            "Hà",
            &[],
        );
    }
    let d = c.biz_back(55);
    b.out(
        d,
        hm(16, 0),
        E,
        "Dạ em gửi anh báo giá và kịch bản sơ bộ cho video giới thiệu dự án ạ.",
    );
    b.deal(d, hm(16, 1), DealStage::ProposalSent, v, s);
    for (d, t) in [
        (52, "Cảm ơn em, anh đã nhận được báo giá."),
        (
            45,
            "Bên anh đã xem hồ sơ năng lực, rất ấn tượng với các dự án trước.",
        ),
        (28, "Lịch gặp thứ Ba lúc 14 giờ ở văn phòng bên anh nhé."),
        (
            15,
            "Giám đốc bên anh đã đọc hợp đồng mẫu, anh gửi lại vài chỗ cần sửa câu chữ.",
        ),
        (4, "Anh nhận được bản hợp đồng sửa rồi nhé em."),
    ] {
        b.inn(c.biz_back(d), hm(10, 30), E, t);
    }
}

/// Seed 001: asks on behalf of her husband.
fn spouse(b: &mut B<'_>) {
    let c = b.ctx;
    b.deal(
        c.biz_back(20),
        hm(9, 0),
        DealStage::Lead,
        Some(20_000_000),
        "business-coaching",
    );
    b.inn(c.biz_back(20), hm(9, 5), Channel::Form, "Chào anh, chị muốn đăng ký khóa tư vấn kinh doanh cho chồng chị. Anh ấy không muốn tự liên hệ nên chị nhắn thay anh ấy.");
    b.out(
        c.biz_back(19),
        hm(10, 0),
        E,
        "Dạ em cảm ơn chị. Để buổi tư vấn hiệu quả, anh nhà nên trực tiếp liên hệ với em ạ.",
    );
    b.inn(c.biz_back(18), hm(11, 0), E, "Em cứ trao đổi với chị, chị sẽ nói lại với chồng chị. Chị đăng ký giúp anh ấy gói ba tháng nhé.");
    b.inn(
        c.biz_back(12),
        hm(15, 0),
        CH,
        "Chị hỏi giúp chồng chị là buổi đầu tiên anh ấy cần chuẩn bị những gì em nhé.",
    );
    b.out(c.biz_back(11), hm(9, 0), CH, "Dạ em gửi chị tài liệu giới thiệu chương trình ạ. Em mong được nói chuyện trực tiếp với anh ạ.");
}

/// Seed 001: demands a guarantee and all the risk, and magic results.
fn guarantee_seeker(b: &mut B<'_>) {
    let c = b.ctx;
    let v = Some(90_000_000);
    b.deal(
        c.biz_back(40),
        hm(9, 0),
        DealStage::Lead,
        v,
        "ads-performance",
    );
    b.inn(
        c.biz_back(40),
        hm(9, 30),
        CH,
        "Chào em, shop chị bán mỹ phẩm online, chị cần tìm bên chạy quảng cáo.",
    );
    b.inn(c.biz_back(38), hm(10, 0), E, "Bên em phải cam kết bằng văn bản là doanh số tăng gấp đôi, không đạt thì hoàn lại toàn bộ tiền cho chị.");
    b.out(c.biz_back(33), hm(10, 0), E, "Dạ bên em không thể cam kết kết quả doanh số, nhưng em gửi chị kế hoạch đo lường rõ ràng từng tuần ạ.");
    b.inn(c.biz_back(30), hm(14, 0), CH, "Chị cần bên em đảm bảo 100% là chạy quảng cáo xong phải có đơn, mọi rủi ro bên em chịu hết.");
    let d = c.biz_back(28);
    b.out(
        d,
        hm(16, 0),
        E,
        "Dạ em gửi chị báo giá gói quảng cáo ba tháng ạ.",
    );
    b.deal(d, hm(16, 1), DealStage::ProposalSent, v, "ads-performance");
    b.inn(c.biz_back(25), hm(11, 0), CH, "Chị muốn sau ba tháng shop đạt doanh thu một tỷ mỗi tháng, hiện giờ mới được năm mươi triệu.");
    b.inn(
        c.biz_back(14),
        hm(9, 0),
        CH,
        "Chị đã nhận báo giá rồi nhé em.",
    );
    b.inn(
        c.biz_back(5),
        hm(15, 0),
        CH,
        "Lịch gặp thứ Ba lúc 14 giờ ở văn phòng bên chị nhé.",
    );
    b.meeting(c.biz_back(3), hm(14, 0), 60, MeetingStatus::Held, None);
}

/// Seed 001: haggles from the start, offers barter, pleads tight money.
fn barterer(b: &mut B<'_>) {
    let c = b.ctx;
    let v = Some(45_000_000);
    b.deal(c.biz_back(35), hm(9, 0), DealStage::Lead, v, "rebrand");
    b.inn(
        c.biz_back(35),
        hm(9, 30),
        E,
        "Hi, I'm Dan from Bistro Lumière. We need a new logo, menu design and signage.",
    );
    b.inn(
        c.biz_back(34),
        hm(10, 0),
        E,
        "Can you do the whole rebrand for half? Other agencies are cheaper.",
    );
    let d = c.biz_back(30);
    b.out(
        d,
        hm(15, 0),
        E,
        "Hi Dan, here is our quote for the rebrand: logo, menu and signage, in three stages.",
    );
    b.deal(d, hm(15, 1), DealStage::ProposalSent, v, "rebrand");
    b.inn(
        c.biz_back(28),
        hm(11, 0),
        E,
        "Instead of paying cash, I can give your team free meals at my restaurant for a year.",
    );
    b.out(
        c.biz_back(27),
        hm(9, 0),
        E,
        "Thanks Dan, but we can only work for payment in money.",
    );
    b.inn(
        c.biz_back(20),
        hm(14, 0),
        E,
        "Money is tight this month, I'll pay you when my investors come through.",
    );
    b.inn(
        c.biz_back(8),
        hm(10, 0),
        E,
        "Did you get a chance to look at my last email?",
    );
    b.time(
        c.biz_back(31),
        hm(9, 0),
        180,
        false,
        Activity::PreSale,
        "Lan",
        &[],
    );
}

/// Seed 001: comes back for the same problem we solved last year.
fn returning(b: &mut B<'_>) {
    let c = b.ctx;
    let s = "website-speed";
    let v = Some(30_000_000);
    b.deal(c.biz_fwd(398), hm(9, 0), DealStage::Lead, v, s);
    b.inn(
        c.biz_fwd(398),
        hm(9, 30),
        CH,
        "Chào em, website spa bên chị tải chậm quá, khách than nhiều, em kiểm tra giúp chị nhé.",
    );
    b.deal(c.biz_fwd(388), hm(11, 0), DealStage::Won, v, s);
    for d in [385, 378, 371, 364] {
        b.time(
            c.biz_fwd(d),
            hm(9, 0),
            240,
            true,
            Activity::Delivery,
            "Quang",
            &[],
        );
    }
    b.invoice_paid(c.biz_fwd(380), 15_000_000, Some(12), &[]);
    b.invoice_paid(c.biz_fwd(355), 15_000_000, Some(10), &[]);
    b.out(
        c.biz_fwd(357),
        hm(16, 0),
        E,
        "Dạ website đã tối ưu xong, thời gian tải trang còn dưới hai giây ạ.",
    );
    b.inn(
        c.biz_fwd(356),
        hm(10, 0),
        CH,
        "Website chạy nhanh hẳn, cảm ơn em nhiều.",
    );
    b.deal(c.biz_fwd(350), hm(16, 0), DealStage::Closed, v, s);
    b.deal(c.biz_back(15), hm(9, 0), DealStage::Lead, v, s);
    b.inn(c.biz_back(15), hm(9, 20), CH, "Chào em, website bên chị lại bị chậm giống năm ngoái, em kiểm tra lại giúp chị lần nữa nhé.");
    b.out(
        c.biz_back(14),
        hm(10, 0),
        CH,
        "Dạ em chào chị, em xem lại và báo chị trong tuần ạ.",
    );
}

/// Seed 001: flattery, complaints at any hour, then a threat of public revenge.
fn boundary_breaker(b: &mut B<'_>) {
    let c = b.ctx;
    b.deal(
        c.biz_back(80),
        hm(9, 0),
        DealStage::Lead,
        Some(25_000_000),
        "life-coaching",
    );
    b.inn(
        c.biz_back(80),
        hm(10, 0),
        CH,
        "Chị đọc bài của em mà thấy em giỏi quá, cả Sài Gòn chị chỉ tin mỗi em thôi.",
    );
    b.meeting(c.biz_back(75), hm(15, 0), 60, MeetingStatus::Held, None);
    b.inn(
        c.biz_back(74),
        hm(11, 0),
        CH,
        "Buổi nói chuyện hôm qua hay lắm em, cảm ơn em.",
    );
    b.inn(
        70,
        hm(22, 40),
        CH,
        "Em ơi chị mất ngủ quá, em nói chuyện với chị chút được không?",
    );
    b.inn(
        50,
        hm(23, 10),
        CH,
        "Em phải trả lời chị bất cứ lúc nào chị cần, kể cả nửa đêm hay cuối tuần.",
    );
    b.inn(
        c.biz_back(40),
        hm(9, 0),
        CH,
        "Mấy hôm nay em trả lời chị chậm quá, chị không hài lòng chút nào.",
    );
    b.out(
        c.biz_back(30),
        hm(9, 0),
        CH,
        "Dạ em chỉ nhận trao đổi trong giờ làm việc, thứ Hai đến thứ Sáu ạ.",
    );
    b.inn(
        10,
        hm(21, 50),
        CH,
        "Nếu em không giúp chị thì chị sẽ lên Facebook bóc phốt em cho cả nghìn người biết.",
    );
    top_up_after_hours(
        b,
        650,
        &[
            "Em ngủ chưa, chị muốn hỏi thêm chuyện hôm trước.",
            "Sao em không nghe máy của chị?",
            "Chị vừa gọi em mấy cuộc rồi đấy.",
            "Chị lại không ngủ được, em nhắn lại cho chị nhé.",
        ],
        CH,
    );
}

// ---------------------------------------------------------------- clients

/// Seed 003: Ben of AloeFace refuses Yolanda's new rate; he pays half the standard rate.
fn aloe_face(b: &mut B<'_>) {
    let c = b.ctx;
    let mut o = Base::healthy(b, 540);
    o.rate_pm = 500;
    base::client(b, Style::En, &o);
    let d = c.biz_back(60);
    b.msg_full(d, hm(10, 0), Direction::Out, E, Some("Yolanda"), Some("My hourly rate from next month"),
        "Hi Ben, from next month my hourly rate goes from 400,000 to 800,000 VND. I now write six descriptions an hour instead of three, so each description costs you exactly the same, and you get your copy in half the time.");
    b.rate(d, hm(10, 1), 800_000, RateStatus::Proposed);
    b.msg_full(c.biz_back(57), hm(8, 45), Direction::In, E, Some("Ben"), Some("Re: My hourly rate from next month"),
        "Yolanda, I'm disappointed. When we first met 18 months ago I saw your potential and gave you steady work even though you had little experience. Now you want to double your price. Why should I pay for that? Bye, Ben");
    b.rate(c.biz_back(57), hm(9, 0), 800_000, RateStatus::Refused);
    b.msg_full(c.biz_back(55), hm(9, 30), Direction::Out, E, Some("Yolanda"), Some("Re: My hourly rate from next month"),
        "Ben, thank you for sharing your thoughts. You are right, you chose me and gave me a chance, and I will always remember that. But I can't keep working with you after our current project, which I will bill at the old rate. Thank you for your trust. Yolanda");
    b.decision(
        c.biz_back(54),
        hm(16, 0),
        Recommendation::LetGo,
        "Finish the current project at the old rate, then end.",
        None,
    );
}

/// Seed 002: ignores payment terms and wants us to be their bank.
fn late_payer(b: &mut B<'_>) {
    let c = b.ctx;
    let mut o = Base::healthy(b, 700);
    o.late_from = Some(260);
    base::client(b, Style::Vi, &o);
    b.inn(
        c.biz_back(100),
        hm(10, 0),
        CH,
        "Tháng này bên em kẹt dòng tiền quá, cho em khất hóa đơn sang tháng sau nhé.",
    );
    b.inn(
        c.biz_back(70),
        hm(14, 0),
        E,
        "Anh ứng trước tiền in catalogue giúp em đợt này nhé, tháng sau bên em gửi lại cả thể.",
    );
    for d in [95, 62, 45, 20] {
        b.out(
            c.biz_back(d),
            hm(9, 0),
            E,
            "Dạ em nhắc anh hóa đơn tháng trước đã quá hạn thanh toán, anh kiểm tra giúp em ạ.",
        );
    }
}

/// Seed 002: the CEO who swears at every meeting, apologises after a warning, and goes on.
fn swearing_ceo(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 300);
    base::client(b, Style::Vi, &o);
    for (d, who, note, warned) in [
        (
            120,
            "Minh",
            "Ông Trường chửi thề liên tục trong buổi họp kế hoạch quý.",
            false,
        ),
        (
            100,
            "Minh",
            "Lại chửi thề, gọi nhóm thiết kế là lũ vô dụng.",
            false,
        ),
        (
            80,
            "Hà",
            "Buổi họp thứ ba: tôi yêu cầu ông dừng chửi thề. Ông nói đã hiểu và xin lỗi nhóm bán hàng.",
            true,
        ),
        (
            60,
            "Lan",
            "Sau khi đã xin lỗi, ông vẫn chửi thề suốt buổi họp.",
            false,
        ),
        (
            40,
            "Minh",
            "Chửi thề và quát nhân viên trong buổi họp duyệt video.",
            false,
        ),
    ] {
        let d = c.biz_back(d);
        b.meeting(d, hm(9, 0), 90, MeetingStatus::Held, None);
        b.incident(d, hm(11, 0), who, IncidentCategory::Abuse, note, warned);
    }
    b.inn(
        c.biz_back(45),
        hm(15, 0),
        E,
        "Bọn mày đúng là một lũ ngu, làm ăn như hạch, họp với bọn mày chỉ phí thời gian.",
    );
    b.inn(
        c.biz_back(25),
        hm(16, 0),
        E,
        "Đồ vô dụng, cả cái team không ai ra hồn.",
    );
    b.msg_full(c.biz_back(10), hm(10, 0), Direction::Out, E, Some("Hà"), Some("Thông báo chấm dứt hợp tác"),
        "Kính gửi anh Trường, sau nhiều lần trao đổi, công ty chúng tôi quyết định chấm dứt hợp tác sau khi hoàn thành hạng mục hiện tại.");
    b.inn(
        c.biz_back(9),
        hm(8, 30),
        E,
        "Thế này là quá đủ cho một sự nhảm nhí.",
    );
    b.decision(
        c.biz_back(8),
        hm(16, 0),
        Recommendation::LetGo,
        "Abuse continued after the warning.",
        None,
    );
}

/// Seed 002: manages by fear.
fn fear_monger(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 500);
    base::client(b, Style::Vi, &o);
    b.inn(c.biz_back(35), hm(10, 0), E, "Các khuyến nghị phải được triển khai ngay trong tuần này, nếu không chúng tôi sẽ chấm dứt hợp đồng với bên anh.");
    b.inn(c.biz_back(15), hm(11, 0), E, "Công ty tôi chỉ được phép thất bại một lần. Sai thêm lần nữa là bên anh bị thay ngay, tôi nói trước.");
}

/// Seed 002: takes the credit, gives the blame.
fn blamer(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 400);
    base::client(b, Style::En, &o);
    b.inn(
        c.biz_back(70),
        hm(10, 0),
        E,
        "The launch flopped because of your team's sloppy work.",
    );
    b.inn(
        c.biz_back(40),
        hm(11, 0),
        E,
        "Sales went up because of my idea, not your campaign.",
    );
    b.inn(
        c.biz_back(20),
        hm(15, 0),
        E,
        "When things go wrong it is always your fault, never ours.",
    );
}

/// Seed 002: a lower fee and a team on call around the clock.
fn exploiter(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 250);
    base::client(b, Style::Vi, &o);
    b.inn(
        c.biz_back(80),
        hm(10, 0),
        E,
        "Bên em là startup nên anh giảm phí 20% cho bên em nhé, khi nào gọi vốn xong tính tiếp.",
    );
    b.inn(c.biz_back(60), hm(14, 0), CH, "Team anh phải sẵn sàng hỗ trợ 24/7, kể cả cuối tuần, bên em gọi lúc nào là phải nghe máy lúc đó.");
}

/// Seed 004: the legal-transcription client who haggled, took a free trial, and came back on the
/// phone for another discount.
fn legal_haggler(b: &mut B<'_>) {
    let c = b.ctx;
    let mut o = Base::healthy(b, 160);
    o.rate_pm = 1250;
    base::client(b, Style::Th, &o);
    let s = "legal-transcription";
    let v = Some(60_000_000);
    b.deal(c.biz_fwd(178), hm(9, 0), DealStage::Lead, v, s);
    b.out(
        c.biz_fwd(177),
        hm(10, 0),
        E,
        "ส่งใบเสนอราคาบริการถอดความเอกสารกฎหมายตามที่คุยกันค่ะ",
    );
    b.inn(
        c.biz_fwd(176),
        hm(11, 0),
        E,
        "อัตราที่เสนอมาสูงไปครับ ขอลดราคาลงอีกได้ไหมครับ",
    );
    b.out(c.biz_fwd(175), hm(9, 0), E, "ขอเวลาพิจารณาสักครู่นะคะ");
    b.inn(
        c.biz_fwd(172),
        hm(10, 0),
        E,
        "ถ้าไม่ได้ทดลองใช้บริการฟรีก่อน ผมจะยังไม่ตกลงครับ",
    );
    b.out(
        c.biz_fwd(171),
        hm(9, 0),
        E,
        "ตกลงค่ะ เราจะถอดความไฟล์ทดลองให้สองไฟล์ค่ะ",
    );
    for d in [169, 167] {
        b.time(
            c.biz_fwd(d),
            hm(9, 0),
            120,
            false,
            Activity::Delivery,
            "Nok",
            &["trial"],
        );
    }
    b.inn(
        c.biz_fwd(165),
        hm(10, 0),
        E,
        "ได้รับไฟล์ทดลองแล้วครับ คุณภาพใช้ได้ครับ",
    );
    // Within three months he is back on the phone asking for a discount again.
    let d = c.biz_back(75);
    b.call(d, hm(10, 0), Direction::In, 720, Some("Nok"));
    b.msg_full(
        d,
        hm(10, 12),
        Direction::In,
        Channel::CallNote,
        Some("คุณธนพล"),
        None,
        "ขอส่วนลดอีก 15% ได้ไหมครับ ที่อื่นเสนอราคาถูกกว่านี้",
    );
    b.out(
        c.biz_back(70),
        hm(14, 0),
        E,
        "เราขอแนะนำให้คุณพิจารณาผู้ให้บริการที่มีราคาต่ำกว่าค่ะ เพราะอัตราของเราปรับลดไม่ได้แล้วค่ะ",
    );
    b.decision(
        c.biz_back(69),
        hm(16, 0),
        Recommendation::Watch,
        "Price, not quality, matters to him; margins too thin.",
        Some(90),
    );
}

const MED_TH: &[&str] = &[
    "สอบถามความคืบหน้าไฟล์คนไข้ที่ส่งไปเมื่อเช้าค่ะ",
    "ไฟล์เสียงที่ส่งไปได้รับหรือยังคะ",
    "รายงานของคนไข้รายที่สองเสร็จหรือยังคะ",
    "ส่งไฟล์เสียงใหม่ไปอีกสองไฟล์นะคะ",
    "หมอถามว่ารายงานเมื่อวานส่งแล้วหรือยังคะ",
    "ได้รับรายงานแล้วค่ะ",
];

/// Seed 004: the medical-transcription client whose calls drained the office.
fn medical_dialer(b: &mut B<'_>) {
    let c = b.ctx;
    let mut o = Base::healthy(b, 330);
    o.rate_pm = 1800;
    o.comm_pm = 380;
    o.bill_comm = false;
    base::client(b, Style::Th, &o);
    // Two or three calls and messages every working day for the last three months.
    for d in 0..=95 {
        if c.is_weekend(d) {
            continue;
        }
        for k in 0..b.rng.range(2, 3) {
            let m = hm(8, 15) + b.rng.range(0, 580) as u32;
            if k == 0 || b.rng.chance(500) {
                let secs = if b.rng.chance(100) {
                    0
                } else {
                    b.rng.range(60, 600) as u32
                };
                let who = *b.rng.pick(&["Nok", "Ploy", "Somchai"]);
                b.call(d, m, Direction::In, secs, Some(who));
            } else {
                let t = *b.rng.pick(MED_TH);
                b.inn(d, m, CH, t);
            }
        }
    }
    top_up_after_hours(b, 400, MED_TH, CH);
    for (d, who, cat, note) in [
        (
            75,
            "Nok",
            IncidentCategory::Harassment,
            "ลูกค้าโทรซ้ำแปดครั้งในเช้าเดียว พูดจาไม่สุภาพกับเจ้าหน้าที่",
        ),
        (
            50,
            "Ploy",
            IncidentCategory::Harassment,
            "เจ้าหน้าที่เริ่มไม่อยากรับสายจากคลินิกนี้ เสียเวลาทำงานไปครึ่งวัน",
        ),
        (
            30,
            "Somchai",
            IncidentCategory::Other,
            "เริ่มบันทึกการโทรทั้งหมดลงสเปรดชีตหลังประชุมภายใน",
        ),
    ] {
        b.incident(c.biz_back(d), hm(17, 0), who, cat, note, false);
    }
    b.msg_full(c.biz_back(5), hm(10, 0), Direction::Out, E, Some("Hà"), Some("บันทึกการโทรสามเดือน"),
        "แนบสเปรดชีตบันทึกการโทรสามเดือนที่ผ่านมาและการตอบกลับของเรา และขอให้คลินิกพิจารณาหาบริษัทถอดความรายใหม่ค่ะ");
    b.decision(
        c.biz_back(4),
        hm(16, 0),
        Recommendation::LetGo,
        "Send the call log and ask them to find a new transcription company.",
        None,
    );
}

/// Seeds 001/004: writes and calls after closing time.
fn midnight_caller(b: &mut B<'_>) {
    let o = Base::healthy(b, 600);
    base::client(b, Style::ViChat, &o);
    top_up_after_hours(
        b,
        400,
        &[
            "e oi a gui hinh mon moi roi do, mai dang giup a nha",
            "ngu chua e, a hoi chut ve bai dang ngay mai",
            "menu moi a sua lai gia roi, e cap nhat tren fanpage nha",
            "a vua dong cua, gio moi ranh nhan cho e",
            "bai dang hom nay on day e, cam on nha",
        ],
        CH,
    );
}

/// Seeds 003/004: last-minute rushes, extras, a missed meeting, belittled effort.
fn rusher(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 450);
    base::client(b, Style::Vi, &o);
    b.inn(
        c.biz_back(75),
        hm(16, 30),
        CH,
        "Mai 8 giờ sáng chị cần đủ 30 bài đăng cho bộ sưu tập mới nhé em.",
    );
    b.inn(c.biz_back(52), hm(11, 0), CH, "Tiện em làm luôn cho chị bộ banner, brochure và video giới thiệu nữa nhé, coi như nằm trong gói.");
    b.inn(
        c.biz_back(42),
        hm(10, 0),
        CH,
        "Cái này có năm phút thôi mà em, sửa nhanh giúp chị.",
    );
    b.meeting(
        c.biz_back(33),
        hm(14, 0),
        60,
        MeetingStatus::NoShow,
        Some(Side::Party),
    );
    b.inn(
        c.biz_back(14),
        hm(9, 0),
        CH,
        "Chiều nay 5 giờ phải có bản thiết kế mới nhé em, sếp chị cần gấp.",
    );
    b.inn(
        c.biz_back(8),
        hm(15, 0),
        CH,
        "Chỉ là đổi màu cái logo thôi mà, dễ ợt, có gì đâu mà lâu vậy em.",
    );
}

/// Seed 003: extra work asked for, never paid.
fn committed_only(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 420);
    base::client(b, Style::En, &o);
    b.inn(
        c.biz_back(152),
        hm(10, 0),
        E,
        "Could you also build a shipment tracking page while you are working on the site?",
    );
    b.inn(
        c.biz_back(114),
        hm(11, 0),
        E,
        "While you're at it, please also set up the customer portal login.",
    );
    for d in [150, 130, 112, 95, 78] {
        b.time(
            c.biz_back(d),
            hm(9, 0),
            180,
            true,
            Activity::Delivery,
            "Quang",
            &["extra"],
        );
    }
    b.out(c.biz_back(70), hm(10, 0), E, "The extra work you asked for (tracking page and portal login) comes to 15 hours; we will send a separate invoice.");
    b.inn(c.biz_back(68), hm(9, 0), E, "We only pay what is in the contract. As far as we are concerned the tracking page was part of the original scope.");
}

/// Seeds 001/004: wants magic.
fn dreamer(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 350);
    base::client(b, Style::Th, &o);
    b.inn(
        c.biz_back(50),
        hm(10, 0),
        CH,
        "อยากให้เว็บไซต์ร้านติดอันดับหนึ่งใน Google ภายในหนึ่งสัปดาห์ค่ะ",
    );
    b.inn(
        c.biz_back(20),
        hm(11, 0),
        CH,
        "หลังจบแคมเปญนี้ ร้านเราน่าจะขายได้เดือนละล้านบาทเลยใช่ไหมคะ",
    );
}

/// Seeds 003/004: the haggler, in unaccented chat.
fn haggler(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 380);
    base::client(b, Style::ViChat, &o);
    b.inn(
        c.biz_back(160),
        hm(10, 0),
        CH,
        "giam gia chut di em, ben khac bao re hon nhieu",
    );
    b.inn(
        c.biz_back(120),
        hm(11, 0),
        CH,
        "bot cho chi 20% nha em, chi lay lau dai ma",
    );
    b.inn(
        c.biz_back(80),
        hm(14, 0),
        CH,
        "lam thu cho chi 1 video mien phi truoc di, thay ok chi ky tiep",
    );
    b.inn(
        c.biz_back(30),
        hm(15, 0),
        CH,
        "thang nay giam cho chi 30% di em, chi la khach quen ma",
    );
}

/// Seed 000: mocks and insults the team.
fn insulter(b: &mut B<'_>) {
    let c = b.ctx;
    let o = Base::healthy(b, 280);
    base::client(b, Style::En, &o);
    b.inn(
        c.biz_back(50),
        hm(10, 0),
        E,
        "Are you people idiots? Even my kid could design a better banner.",
    );
    b.inn(
        c.biz_back(20),
        hm(11, 0),
        E,
        "Your designers are clowns. Useless, the lot of them.",
    );
}
