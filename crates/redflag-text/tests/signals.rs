//! Table-driven behaviour of the classifier: every signal in every language, hard negatives,
//! negation, obfuscation and spans.

use std::sync::LazyLock;

use redflag_domain::{Lang, Signal};
use redflag_text::{Classifier, nfc};

static CLASSIFIER: LazyLock<Classifier> = LazyLock::new(Classifier::new);

fn signals(text: &str, lang: Option<Lang>) -> Vec<Signal> {
    let text = nfc(text);
    CLASSIFIER
        .classify(&text, lang)
        .iter()
        .map(|h| h.signal)
        .collect()
}

use Signal::*;

/// (signal, English, Vietnamese accented, Vietnamese unaccented or teencode, Thai)
const POSITIVES: &[(Signal, &str, &str, &str, &str)] = &[
    (
        Abuse,
        "Are you people idiots? Even my kid could do this.",
        "Đồ ngu, làm ăn kiểu gì vậy?",
        "may ngu vl, lam an kieu gi vay",
        "ไอ้โง่ ทำงานห่วยแตกมาก",
    ),
    (
        Threat,
        "Fix it tonight or we are done and I will tell everyone.",
        "Không sửa xong thì tôi sẽ kiện bên em ra tòa.",
        "a se boc phot len fb cho ca the gioi biet",
        "ถ้าไม่แก้ภายในวันนี้ผมจะฟ้องนะครับ",
    ),
    (
        GuaranteeDemand,
        "I need a written guarantee that sales double, otherwise you refund everything.",
        "Bên em phải cam kết doanh số bằng văn bản cho anh.",
        "ben em phai dam bao 100% nhe, ko thi hoan tien 100%",
        "ต้องการันตีผลนะคะ ถ้าไม่ได้ผลต้องคืนเงิน",
    ),
    (
        UnrealisticExpectation,
        "After this campaign we should be making a million a month.",
        "Sau chiến dịch này anh muốn tăng gấp đôi doanh số trong một tháng.",
        "chi sau 1 dem la phai co trieu view nhe em",
        "หลังแคมเปญนี้ยอดขายต้องเพิ่มเป็นสองเท่านะ",
    ),
    (
        DiscountRequest,
        "Can you do it for half? Other agencies are cheaper.",
        "Giảm giá chút đi em, bên khác rẻ hơn nhiều.",
        "giam gia chut di e, ben khac re hon",
        "แพงไปครับ ลดราคาให้หน่อยได้ไหม",
    ),
    (
        FreeWorkRequest,
        "Do a free test project first, then we will see.",
        "Bên em làm giúp thử miễn phí một bản nhé.",
        "ben e lam thu mien phi truoc di, dc thi a thue",
        "ขอทดลองใช้ฟรีก่อนนะคะ แล้วค่อยตัดสินใจ",
    ),
    (
        BarterOffer,
        "Instead of paying, I can give you free meals at my restaurant.",
        "Thay vì trả tiền, anh cho em ăn uống miễn phí ở quán nhé.",
        "thay vi tra tien a tra bang san pham dc ko",
        "เดี๋ยวให้ทานฟรีที่ร้านแทนค่าจ้างนะครับ",
    ),
    (
        PaymentStall,
        "Money is tight this month, I'll pay when the next client pays me.",
        "Tháng này anh chưa có tiền, tháng sau anh trả nhé.",
        "dang ket tien qua, thang sau a tra nha",
        "ช่วงนี้เงินช็อตครับ ขอจ่ายเดือนหน้านะ",
    ),
    (
        AdvanceRequest,
        "Can you cover the printing costs for now, we'll settle later?",
        "Em ứng trước tiền in giúp anh, xong việc anh gửi lại.",
        "e ung truoc giup a tien mua quang cao nhe",
        "ช่วยสำรองจ่ายค่าพิมพ์ไปก่อนนะ เดี๋ยวคืนให้",
    ),
    (
        AvailabilityDemand,
        "I expect you to answer whenever I call, weekends too.",
        "Anh cần em trả lời ngay bất cứ lúc nào, cả cuối tuần.",
        "a goi la phai nghe may, bat ky luc nao",
        "ต้องรับสายได้ตลอด 24 ชั่วโมงนะคะ",
    ),
    (
        RushDemand,
        "I need the whole website by tomorrow morning.",
        "Làm nhanh trong tối nay giúp anh nhé.",
        "lam gap giup a, toi nay phai xong",
        "งานนี้ด่วนมาก พรุ่งนี้ต้องเสร็จนะครับ",
    ),
    (
        ScopeCreep,
        "While you're at it, also redo the logo and the brochure.",
        "Tiện thể làm luôn cho anh cái logo với nhé.",
        "tien the lam them cai banner nua nha e",
        "ทำโลโก้ให้ด้วยเลยนะ ถือโอกาสทำโบรชัวร์ด้วย",
    ),
    (
        EffortMinimizing,
        "It's just a few clicks, it should take you five minutes.",
        "Có mấy click thôi mà, 5 phút là xong.",
        "de ot ma, vai phut la xong",
        "แค่คลิกเดียวเอง ห้านาทีก็เสร็จ",
    ),
    (
        ThirdParty,
        "Can you coach my husband? He won't call you himself.",
        "Em tư vấn giúp chồng tôi nhé, ổng không chịu tự gọi.",
        "e lam giup cho chong toi cai web nhe",
        "ช่วยโค้ชสามีให้หน่อยค่ะ สามีไม่ยอมโทรเอง",
    ),
    (
        Blame,
        "The launch flopped because of your work; the good part was my idea.",
        "Chiến dịch thất bại là do bên em làm hỏng hết.",
        "tai ben em ma doanh so giam",
        "ยอดตกเพราะงานของคุณนั่นแหละ",
    ),
    (
        IdeaExtraction,
        "Before we sign, send us the full strategy with every step.",
        "Anh đề xuất gì? Gửi kế hoạch chi tiết cho anh xem trước.",
        "ben em de xuat gi, gui y tuong truoc di",
        "ก่อนเซ็นสัญญาขอแผนละเอียดทุกขั้นตอนก่อนนะ",
    ),
    (
        Stalling,
        "We're swamped, let's revisit this next quarter.",
        "Dạo này anh bận quá, để sau Tết tính nhé.",
        "de a suy nghi them, chua phai luc",
        "ช่วงนี้ไม่ว่างครับ เอาไว้ก่อนนะ",
    ),
    (
        RatePushback,
        "Why should I pay double now? I gave you your first chance.",
        "Bây giờ bạn muốn tăng gấp đôi giá – tại sao tôi phải trả cho điều đó?",
        "sao lai tang gia, a muon giu gia cu",
        "ทำไมขึ้นราคาล่ะ ขอราคาเดิมได้ไหม",
    ),
];

#[test]
fn every_signal_fires_in_every_language() {
    let mut failures = Vec::new();
    for &(signal, en, vi, vi_plain, th) in POSITIVES {
        for (text, lang) in [
            (en, Lang::En),
            (vi, Lang::Vi),
            (vi_plain, Lang::Vi),
            (th, Lang::Th),
        ] {
            // With the language given, and detected.
            for hint in [Some(lang), None] {
                let got = signals(text, hint);
                if !got.contains(&signal) {
                    failures.push(format!("{signal} ({hint:?}) missed in {text:?}: {got:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_all_eighteen_signals() {
    let covered: Vec<Signal> = POSITIVES.iter().map(|p| p.0).collect();
    assert_eq!(covered, Signal::ALL);
}

/// More phrasings per language, one signal each.
const MORE_POSITIVES: &[(Signal, &str)] = &[
    (IdeaExtraction, "Anh đề xuất gì?"),
    (FreeWorkRequest, "bên em làm giúp thử miễn phí"),
    (DiscountRequest, "giảm giá chút đi em"),
    (RushDemand, "làm nhanh trong tối nay"),
    (GuaranteeDemand, "đảm bảo 100% không em?"),
    (DiscountRequest, "bớt cho a chút đc ko"),
    (DiscountRequest, "mắc quá, bớt chút đi"),
    (DiscountRequest, "giam gia dc ko e"),
    (DiscountRequest, "GIẢM GIÁ CHÚT ĐI"),
    (
        AvailabilityDemand,
        "a/e bên em phải online liên tục 24/7 nhé",
    ),
    (AvailabilityDemand, "mn phải trả lời ngay khi a nhắn"),
    (Abuse, "đ.m bọn mày làm ăn như hạch"),
    (Abuse, "dm lam an nhu cc"),
    (Abuse, "Địt mẹ mày"),
    (Abuse, "vcl"),
    (Abuse, "ngu vãi, có tí việc cũng không làm xong"),
    (DiscountRequest, "Khách đòi giảm 15% vì sửa ít"),
    (Stalling, "ลูกค้าเลื่อนนัดเป็นครั้งที่สามแล้ว"),
    (Abuse, "Bọn đểu cáng, lươn lẹo vừa thôi"),
    (Abuse, "Đồ cầm thú, ăn cháo đá bát"),
    (Abuse, "Cút ngay cho khuất mắt"),
    (Abuse, "Mày ngu thật, đúng là bại não"),
    (Abuse, "You're fucking useless"),
    (Abuse, "f u c k this"),
    (Abuse, "what a load of sh!t"),
    (Abuse, "fuuuuck"),
    (Abuse, "F*CK"),
    (Abuse, "Ｖｃｌ thật"),
    (Abuse, "พวกคุณมันปัญญาอ่อน"),
    (Abuse, "ไอ้ควายเอ๊ย"),
    (Threat, "ถ้าไม่เสร็จจะโพสต์ประจานให้หมด"),
    (Threat, "one more delay and you'll get a 1-star review"),
    (Threat, "If it's not done by Friday we will sue"),
    (
        PaymentStall,
        "If my client pays me next week, I'll pay you then. Money is tight.",
    ),
    (DiscountRequest, "Discount đi em, giá cao quá"),
    (RushDemand, "Deadline tối nay nhé, làm gấp giúp anh"),
    (DiscountRequest, "ราคานี้แพงเกินไปค่ะ มีส่วนลดไหมคะ"),
    (
        FreeWorkRequest,
        "Could you do the logo for free? It would be great exposure.",
    ),
    (
        BarterOffer,
        "We can't pay but we can promote you on our page",
    ),
    (
        PaymentStall,
        "sorry, we can't pay this invoice until next month",
    ),
    (Stalling, "Not the right time for us, maybe later."),
    (EffortMinimizing, "How hard can it be? ChatGPT can do it."),
    (ThirdParty, "I'm asking on behalf of my boss's wife"),
    (RatePushback, "We won't pay more than last year."),
    (
        IdeaExtraction,
        "What do you propose? Send us some ideas first.",
    ),
    (
        ScopeCreep,
        "Can you also add a blog page? It's one small thing.",
    ),
    (UnrealisticExpectation, "We want to go viral in a week"),
    (
        AdvanceRequest,
        "Can you front the money for the ads? We'll pay you back later.",
    ),
    (GuaranteeDemand, "Can you guarantee we'll be on page one?"),
];

#[test]
fn more_phrasings_fire() {
    let failures: Vec<String> = MORE_POSITIVES
        .iter()
        .filter_map(|&(signal, text)| {
            let got = signals(text, None);
            (!got.contains(&signal)).then(|| format!("{signal} missed in {text:?}: {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Ordinary business messages that must raise nothing.
const HARD_NEGATIVES: &[&str] = &[
    // en
    "Could we move Tuesday's meeting to Thursday? Something came up, sorry.",
    "Please send us a quote for a five-page website.",
    "We offer a 10% discount to returning customers.",
    "No need for a discount, the price is fair.",
    "I'm not asking for a discount, just the invoice.",
    "If you ever need a guarantee for your records, let me know.",
    "Thanks, the invoice has been paid today.",
    "Our admin will send the documents tomorrow.",
    "The class starts at 9; see you there.",
    "I guarantee delivery on Friday.",
    "Could you send me the final files when ready?",
    "Happy new year to the whole team!",
    "We loved the design, great work.",
    "My friend recommended you, could we talk about a brochure?",
    "The assessment was thorough and well documented.",
    "Let's schedule a call next week to review the draft.",
    "Is the price including VAT?",
    "We don't need any changes, it's perfect.",
    "Shitake mushrooms are on the menu of the restaurant we are building the site for.",
    "I will be out of office until Monday.",
    // vi accented
    "Anh ơi, mình dời cuộc họp sang thứ Năm được không ạ? Anh có việc đột xuất.",
    "Em gửi anh báo giá website 5 trang nhé.",
    "Không cần giảm giá đâu, giá vậy là hợp lý rồi.",
    "Cảm ơn em, anh đã chuyển khoản rồi nhé.",
    "Bên anh muốn đặt làm logo, em báo giá giúp anh.",
    "Quả óc chó rất tốt cho sức khỏe.",
    "Các bạn gửi hợp đồng để bên mình ký nhé.",
    "Chúc cả team năm mới vui vẻ!",
    "Anh đặt qua Zalo cho tiện nhé.",
    "Mẹ anh khỏe rồi, cảm ơn em đã hỏi thăm.",
    "Hẹn em 9 giờ sáng mai ở văn phòng.",
    "Thiết kế đẹp lắm, cảm ơn cả nhóm.",
    // vi unaccented / teencode
    "a oi, mai hop luc 9h dc ko a",
    "e gui a bao gia nhe",
    "ko can giam gia dau e, gia vay la hop ly",
    "cam on e, a chuyen khoan roi",
    "danh muc san pham em cap nhat roi nha",
    "chat qua zalo cho nhanh nhe em",
    "de ma lam bao cao cho sep",
    // th
    "ขอใบเสนอราคาเว็บไซต์ห้าหน้าครับ",
    "ไม่ต้องลดราคาครับ ราคานี้เหมาะสมแล้ว",
    "ขอเลื่อนประชุมเป็นวันพฤหัสได้ไหมคะ พอดีติดธุระ",
    "ขอบคุณมากค่ะ โอนเงินเรียบร้อยแล้ว",
    "บ้านของลูกค้าอยู่ใกล้ร้าน",
    "ค้นหาใน Google แล้วเจอเว็บของคุณ",
    "ความหมายของโลโก้นี้คืออะไรคะ",
    "แม่งานจะติดต่อกลับพรุ่งนี้",
    "ส่งไฟล์ให้ลูกค้าแล้วครับ",
    "ราคาพิเศษสำหรับลูกค้าเก่าของเรา",
    "เราไม่ได้ขอส่วนลดนะคะ แค่ถามเรื่องใบกำกับภาษี",
    // Words that look like the insults of rules-6 but are not (see vi.txt): country produce, a
    // back illness, a river, sizes, welding rods, mental health, dog breeding, stolen goods,
    // metamorphosis, ice-cream sticks.
    "Anh mang ít đồ nhà quê lên biếu em nhé",
    "Chị bị thần kinh tọa nên xin nghỉ hai hôm",
    "Nhà máy ở hạ lưu sông Đồng Nai",
    "Shop còn size S M L không ạ",
    "Báo giá giúp anh 3 que hàn",
    "Bên chị làm về sức khỏe tâm thần à? Em muốn hợp tác",
    "Trang trại nuôi chó đẻ nhiều quá nên bán bớt",
    "Đồ ăn cắp trong kho bảo vệ đã tìm lại được",
    "Em đang đọc sách về biến thái hoàn toàn ở côn trùng",
    "Cho em ba que kem nhé",
    // Cue words of rules-6 in ordinary sentences (see the cue-pair sections of the lexicons):
    // the sender's own promise, praise, a meeting date, an exchange of vouchers, how one pays,
    // the client's own guarantee to its customers.
    "Tối nay em gửi toàn bộ file cho anh nhé",
    "Your design won a prize, and we lost count of the compliments!",
    "Chị cần phải hỏi lại sếp về ngày họp, em đợi chị chút",
    "Nếu không tiện thì em đăng lên nhóm sau cũng được",
    "หัวหน้าขอถามเรื่องวันประชุมค่ะ",
    "พรุ่งนี้เช้าผมส่งไฟล์ทั้งหมดให้นะครับ",
    "คืนนี้ทีมเราจะทำให้เสร็จเองครับ",
    "Đổi lại voucher khác giúp chị nhé",
    "Instead of paying by card we'll transfer the money tomorrow.",
    "We guarantee our buyers a refund within 14 days, please add that to the page.",
    "giá bên em rẻ hơn chỗ trước nhiều, cảm ơn em",
    // Innocent uses that new authors' hard negatives showed (rules-6): a cheaper plan chosen,
    // the client's customers who haggle, our own offer quoted back, an accepted express rate,
    // the client's own guarantee, our advertised free consultation, "no matter if not", a
    // polite decline, one rescheduled meeting, a clinic open 24 hours.
    "We can't afford the premium package this year, we'll go with the basic one.",
    "Our customers always try to haggle, so please make the price tags look firm.",
    "Saw your early-bird offer, 15% off before Friday. Count me in.",
    "We accept your express rate for the rush job, thanks for fitting us in.",
    "We give our guests a money-back guarantee; please put that on the booking page.",
    "Bên em có buổi tư vấn miễn phí 30 phút ạ? Chị đăng ký thứ 5 nhé.",
    "Shop chị hoàn tiền 100% nếu khách không vừa size, em ghi lên banner nhé.",
    "Gói 6 tháng có ưu đãi gì không em? Không có cũng không sao.",
    "Cảm ơn báo giá, lần này bên chị chọn bên khác, hẹn dịp khác nhé.",
    "คุณหมอขอเลื่อนนัดประชุมเป็นวันศุกร์นะคะ",
    "คลินิกเปิดรับเคสฉุกเฉิน 24 ชม. ช่วยใส่ในโปรไฟล์ด้วยค่ะ",
    // Planning ahead is not stalling.
    "Bên chị đã chốt lịch đăng bài cho tháng sau rồi, em xem file nhé",
    // The client's own free samples and trials for its customers.
    "We give every buyer a free sample of the new sauce; please add a line about it to the flyer.",
    "Bên em tặng mẫu thử miễn phí cho khách mua trên 500k, em thêm dòng này vào banner nhé",
    "ร้านเรามีทดลองใช้ฟรี 7 วันสำหรับลูกค้าใหม่ ช่วยใส่ในโพสต์ด้วยนะคะ",
    // A short wait, praise, the sender's own promise.
    "đợi em 5 phút thôi nhé, em đang đỗ xe",
    "ขายดีมากเพราะน้องทำโฆษณาสวย ขอบคุณนะ",
    "Thanks for the files! I'll reply within the hour.",
];

#[test]
fn ordinary_business_messages_raise_nothing() {
    assert!(HARD_NEGATIVES.len() >= 40);
    let failures: Vec<String> = HARD_NEGATIVES
        .iter()
        .filter_map(|text| {
            let got = signals(text, None);
            (!got.is_empty()).then(|| format!("{text:?} raised {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negation_and_hypotheticals_suppress_the_trigger() {
    let cases: &[(&str, Signal)] = &[
        ("no need for a discount, the price is fair", DiscountRequest),
        ("I'm not asking for a discount", DiscountRequest),
        (
            "We don't need it by tomorrow morning, take your time",
            RushDemand,
        ),
        (
            "if you ever need a guarantee that the results hold, ask",
            GuaranteeDemand,
        ),
        ("không cần giảm giá chút nào", DiscountRequest),
        ("ko can giam gia chut nao", DiscountRequest),
        ("k cần làm gấp đâu em", RushDemand),
        ("em không cần làm thử miễn phí đâu", FreeWorkRequest),
        ("nếu em cần làm gấp thì báo anh", RushDemand),
        ("ไม่ต้องลดราคาให้หน่อยนะครับ", DiscountRequest),
        ("ไม่ได้ขอส่วนลดครับ", DiscountRequest),
        ("ไม่ด่วนมากครับ ค่อยๆทำ", RushDemand),
    ];
    for &(text, signal) in cases {
        let got = signals(text, None);
        assert!(
            !got.contains(&signal),
            "{signal} should be cancelled in {text:?}: {got:?}"
        );
    }
    // The same phrases without the negator do fire, so the tests above test the negator.
    for (text, signal) in [
        (
            "I'm asking for a discount, can you give me a discount?",
            DiscountRequest,
        ),
        ("cần giảm giá chút nào", DiscountRequest),
        ("ลดราคาให้หน่อยนะครับ", DiscountRequest),
        ("ด่วนมากครับ", RushDemand),
    ] {
        assert!(signals(text, None).contains(&signal), "{text:?}");
    }
}

#[test]
fn a_contrast_word_ends_the_negation() {
    assert!(signals("I don't mind, but give me a discount", None).contains(&DiscountRequest));
    assert!(signals("không sao, nhưng giảm giá chút đi em", None).contains(&DiscountRequest));
}

#[test]
fn obfuscated_profanity_is_abuse() {
    for text in [
        "đ.m",
        "dm",
        "đm",
        "vcl",
        "vl",
        "f*ck",
        "f u c k",
        "fuuuck",
        "sh!t",
        "F.U.C.K you",
        "đ m bọn mày",
        "D.C.M",
        "ditme",
        "shiiiit",
        "f**k off",
        "Ｆｕｃｋ",
    ] {
        assert!(signals(text, None).contains(&Abuse), "{text:?}");
    }
}

#[test]
fn profanity_inside_ordinary_words_is_not_abuse() {
    for text in [
        "Please ask the admin.",
        "Our DMV appointment is Monday",
        "Scunthorpe office",
        "The Shitake order is in",
        "Bên em làm bản đồ họa này đẹp quá",
        "mình có kênh vlog",
        "Mua 2 cặp vé",
        // Thai whole-word swear words (flag b) inside ordinary words.
        "ส่งหีบห่อสินค้าให้แล้วนะคะ",
        "ขอดูสัดส่วนของงานก่อนค่ะ",
        "แม่งานของเราจะโทรไปคอนเฟิร์มนะคะ",
        "ทีมเชี่ยวชาญมากค่ะ",
        "ร้านอยู่ห่างจากสถานีนิดเดียว",
        "คิดชั่วโมงละ 500 บาทนะครับ",
    ] {
        assert!(!signals(text, None).contains(&Abuse), "{text:?}");
    }
}

#[test]
fn thai_whole_word_swearing_is_abuse_with_its_span() {
    for (text, word) in [
        ("อีหีเอ้ย งานพังหมด", "หี"),
        ("แม่งเอ้ย ส่งช้าอีกแล้ว", "แม่ง"),
        ("ส่งงานแม่งช้าทุกครั้ง", "แม่ง"),
        ("บริษัทนี้ชั่วจริงๆ โกงเงินลูกค้า", "ชั่ว"),
    ] {
        let text = nfc(text);
        assert!(span_of(&text, Abuse).contains(word), "{text:?}");
    }
}

fn span_of(text: &str, signal: Signal) -> &str {
    let hits = CLASSIFIER.classify(text, None);
    let hit = hits
        .iter()
        .find(|h| h.signal == signal)
        .unwrap_or_else(|| panic!("{signal} not raised by {text:?}: {hits:?}"));
    assert!(hit.score > 0.0 && hit.score <= 1.0);
    &text[hit.span.0..hit.span.1]
}

#[test]
fn spans_point_at_the_words_that_raised_the_signal() {
    let cases: &[(&str, Signal, &str)] = &[
        (
            "Hi! Can you lower the price a bit?",
            DiscountRequest,
            "lower the price",
        ),
        (
            "Chào em, GIẢM GIÁ CHÚT ĐI nhé",
            DiscountRequest,
            "GIẢM GIÁ CHÚT",
        ),
        (
            "chao e, giam gia chut di nhe",
            DiscountRequest,
            "giam gia chut",
        ),
        ("ok e, bớt cho a chút đc ko?", DiscountRequest, "bớt cho a"),
        ("Ｖｃｌ thật", Abuse, "Ｖｃｌ"),
        ("you are f u c k i n g useless", Abuse, "f u c k i n g"),
        ("Đ.M bọn này", Abuse, "Đ.M"),
        ("so fuuuucking slow", Abuse, "fuuuucking"),
        (
            "สวัสดีครับ ลดราคาให้หน่อยได้ไหมครับ",
            DiscountRequest,
            "ลดราคาให้หน่อย",
        ),
        ("Xin chào, anh đề xuất gì?", IdeaExtraction, "đề xuất gì"),
        (
            "deadline: by tomorrow morning!!",
            RushDemand,
            "by tomorrow morning",
        ),
        (
            "Busy now. Let's revisit this next quarter",
            Stalling,
            "Let's revisit this",
        ),
    ];
    for &(text, signal, want) in cases {
        let text = nfc(text);
        assert_eq!(span_of(&text, signal), want, "in {text:?}");
    }
}

#[test]
fn at_most_one_hit_per_signal_and_in_catalogue_order() {
    let text = "Too expensive! Give me a discount, lower the price, giảm giá chút đi";
    let hits = CLASSIFIER.classify(text, None);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].signal, DiscountRequest);
    let text = "Fix it tonight or we are done, you idiots";
    let got = signals(text, None);
    assert_eq!(got, [Abuse, Threat, RushDemand]);
}

#[test]
fn quoted_replies_are_not_the_senders_words() {
    let mail = "Thanks, sounds good.\n\nOn Mon, 3 Mar 2025, Lan <lan@x.vn> wrote:\n> can you give me a discount, you idiots";
    assert!(CLASSIFIER.classify(mail, None).is_empty());
    let inline = "> you asked for a discount?\nYes, can you give me a discount\n> ok";
    let hits = CLASSIFIER.classify(inline, None);
    assert_eq!(hits.len(), 1);
    let (s, e) = hits[0].span;
    assert_eq!(&inline[s..e], "give me a discount");
    assert!(s > inline.find('\n').unwrap());
}

#[test]
fn code_mixed_messages_are_read_in_every_language() {
    let got = signals("ok ครับ, but can you lower the price? แพงไปนิดนึง", None);
    assert_eq!(got, [DiscountRequest]);
    let got = signals(
        "Anh ơi, ASAP nhé, need it by tonight, làm gấp giúp em",
        None,
    );
    assert_eq!(got, [RushDemand]);
    let got = signals("free trial trước nha em, rồi tính", Some(Lang::Vi));
    assert_eq!(got, [FreeWorkRequest]);
}

#[test]
fn empty_and_odd_input_is_fine() {
    for text in ["", " ", "\n\n", "👍", "....", "12345", "> quoted only"] {
        assert!(CLASSIFIER.classify(text, None).is_empty(), "{text:?}");
    }
}

#[test]
fn the_classifier_is_shareable_across_threads() {
    let handles: Vec<_> = (0..2)
        .map(|_| std::thread::spawn(|| signals("giảm giá chút đi em", None) == [DiscountRequest]))
        .collect();
    for h in handles {
        assert!(h.join().unwrap());
    }
}

#[test]
fn ck_is_a_transfer_or_a_husband_by_the_words_around_it() {
    // A transfer put off is a payment stall, with the span on what the client typed.
    for (text, want) in [
        ("quên ck r, tuần sau a ck nha", "quên ck"),
        ("anh ck sau nha em", "ck sau nha"),
        ("tuần sau ck nhé", "tuần sau ck"),
    ] {
        let text = nfc(text);
        assert_eq!(span_of(&text, PaymentStall), want, "in {text:?}");
    }
    // Work ordered for a husband is for a third party, and no payment stall.
    let text = nfc("em làm cho ck chị cái logo sau nha");
    assert!(!signals(&text, None).contains(&PaymentStall), "{text:?}");
    assert_eq!(span_of(&text, ThirdParty), "cho ck chị");
}

#[test]
fn a_negator_in_the_condition_does_not_cancel_the_consequence() {
    // "không thì" / "ไม่งั้น" mean "otherwise"; `thì` and "then" start the consequence. Each case
    // is cancelled when `thì`, "then" and the Thai words below are read as plain words.
    for (text, signal, want) in [
        (
            "sáng mai phải xong, không thì anh rút toàn bộ hợp đồng",
            Threat,
            "rút toàn bộ hợp đồng",
        ),
        (
            "thứ 2 không giao thì tìm khách khác mà làm",
            Threat,
            "tìm khách khác mà",
        ),
        ("If it's not ready then we will sue", Threat, "we will sue"),
        ("ส่งงานพรุ่งนี้ ไม่งั้นยกเลิกสัญญา", Threat, "ยกเลิกสัญญา"),
        // อย่างน้อย ("at least") and ทุกอย่าง ("everything") start with อย่า ("don't").
        ("อย่างน้อยลดราคาให้หน่อยได้ไหม", DiscountRequest, "ลดราคาให้หน่อย"),
        ("ทุกอย่างต้องออนไลน์เช้าวันจันทร์นะ", RushDemand, "ต้องออนไลน์เช้า"),
    ] {
        let text = nfc(text);
        assert_eq!(span_of(&text, signal), want, "in {text:?}");
    }
    // A negator next to the trigger still cancels it.
    for text in ["tôi không đòi giảm giá", "ไม่ต้องลดราคาครับ"]
    {
        assert!(signals(&nfc(text), None).is_empty(), "{text:?}");
    }
}

#[test]
fn two_cues_in_one_sentence_raise_their_signal() {
    // The price and a word for haggling, with other words between them: no phrase of the
    // lexicons holds these sentences, the pair of cues does.
    let cases: &[(&str, Signal, &str)] = &[
        (
            "Is the price for the logo negotiable?",
            DiscountRequest,
            "price for the logo negotiable",
        ),
        (
            "Giá gói này có thương lượng được không em?",
            DiscountRequest,
            "Giá gói này có thương lượng",
        ),
        (
            "ราคาแพ็กเกจนี้ต่อรองได้อีกไหมครับ",
            DiscountRequest,
            "ราคาแพ็กเกจนี้ต่อรอง",
        ),
        (
            "Sau 1 tháng chạy quảng cáo là fanpage phải có nghìn đơn nhé.",
            UnrealisticExpectation,
            "Sau 1 tháng chạy quảng cáo là fanpage phải có nghìn đơn",
        ),
    ];
    for &(text, signal, span) in cases {
        assert_eq!(span_of(text, signal), span, "{text}");
    }
    // A phrase hit of the same signal keeps its own span: it says what raised the signal.
    assert_eq!(
        span_of(
            "Can you lower the price, is it negotiable?",
            DiscountRequest
        ),
        "lower the price"
    );
    // A pair scores less than a phrase would.
    let hit = Classifier::new()
        .classify(cases[0].0, None)
        .into_iter()
        .find(|h| h.signal == DiscountRequest)
        .expect("raised");
    assert!(hit.score < 0.8, "{hit:?}");
}

#[test]
fn one_cue_alone_or_cues_apart_raise_nothing() {
    for text in [
        // One cue only.
        "Is the price including VAT?",
        "Everything is negotiable in the contract except the deadline.",
        // The two cues in different sentences.
        "Thanks for the quote. Is the contract negotiable?",
        "Cảm ơn em đã gửi báo giá. Hợp đồng có thương lượng được không?",
        // More than 60 bytes apart.
        "The price, which we discussed at length with our whole team during the long meeting \
         last week, is negotiable?",
        // A cue under negation does not count.
        "The price is fine, we don't need to negotiate.",
        // A cue must be a whole word: "price" in "priceless" is none.
        "Your work is priceless; is the schedule negotiable?",
    ] {
        let got = signals(text, None);
        assert!(!got.contains(&DiscountRequest), "{text:?} raised {got:?}");
    }
}
