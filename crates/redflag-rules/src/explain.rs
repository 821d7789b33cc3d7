//! One sentence per flag, in Vietnamese, Thai or English, with the numbers behind it.

use redflag_domain::jiff::civil::Date;
use redflag_domain::{Currency, Decimal, Lang};

/// Picks the sentence of the language; the format strings capture the caller's variables.
macro_rules! tr {
    ($lang:expr, $en:literal, $vi:literal, $th:literal $(,)?) => {
        match $lang {
            Lang::En => format!($en),
            Lang::Vi => format!($vi),
            Lang::Th => format!($th),
        }
    };
}

/// Number formatting shared by every language.
pub(crate) struct Fmt;

impl Fmt {
    /// One decimal place.
    pub(crate) fn dec1(d: Decimal) -> String {
        let mut r = d.round_dp(1);
        r.rescale(1);
        r.to_string()
    }

    /// An amount with its currency's minor units and code, thousands grouped with a no-break
    /// space: `1 250.00 USD`, `12 500 000 VND`. SI-style grouping reads the same in all three
    /// languages, where a comma or a dot would mean opposite things in Vietnamese and English.
    pub(crate) fn money(d: Decimal, c: Currency) -> String {
        format!(
            "{} {c}",
            redflag_domain::group_thousands(&crate::review::money_dp(d, c).to_string())
        )
    }

    /// A percentage without the sign, with one decimal place when it is not whole (so that
    /// 20.1% above a 20% threshold does not read as 20%).
    pub(crate) fn pct(d: Decimal) -> String {
        d.round_dp(1).normalize().to_string()
    }

    /// Hours from minutes, at most one decimal place.
    pub(crate) fn hours(minutes: u64) -> String {
        (Decimal::from(minutes) / Decimal::from(60))
            .round_dp(1)
            .normalize()
            .to_string()
    }
}

fn join(lang: Lang, parts: Vec<String>) -> String {
    let sep = match lang {
        Lang::Th => " ",
        _ => "; ",
    };
    let mut s = parts.join(sep);
    // A sentence in English and Vietnamese starts with a capital and ends with a full stop;
    // Thai has neither.
    // An id at the start (inv-91) keeps its spelling: only a plain word is capitalised.
    let first_word_is_plain = s
        .split(' ')
        .next()
        .is_some_and(|w| w.chars().all(char::is_alphabetic));
    if lang != Lang::Th {
        if first_word_is_plain && let Some(first) = s.chars().next() {
            let upper: String = first.to_uppercase().collect();
            s.replace_range(..first.len_utf8(), &upper);
        }
        s.push('.');
    }
    s
}

fn one(lang: Lang, s: String) -> String {
    join(lang, vec![s])
}

pub(crate) fn idea_extraction(lang: Lang, asked: bool, date: Date, days: i32) -> String {
    if asked {
        one(
            lang,
            tr!(
                lang,
                "they asked for our ideas, we sent a proposal on {date}, and they have been silent for {days} days since",
                "khách hỏi xin ý tưởng, ta đã gửi đề xuất ngày {date} và từ đó họ im lặng {days} ngày",
                "ลูกค้าขอไอเดียจากเรา เราส่งข้อเสนอไปเมื่อ {date} และเขาเงียบหายไป {days} วันแล้ว"
            ),
        )
    } else {
        one(
            lang,
            tr!(
                lang,
                "we sent a proposal on {date} and have heard nothing from them for {days} days",
                "ta đã gửi đề xuất ngày {date} và {days} ngày nay không nhận được phản hồi nào",
                "เราส่งข้อเสนอไปเมื่อ {date} และไม่ได้รับการติดต่อกลับเลย {days} วันแล้ว"
            ),
        )
    }
}

pub(crate) fn chronic_stalling(
    lang: Lang,
    count: usize,
    window: u32,
    yes: Option<(Date, i32)>,
) -> String {
    let mut parts = Vec::new();
    if count > 0 {
        parts.push(tr!(
            lang,
            "they postponed {count} times in the last {window} days",
            "họ đã trì hoãn {count} lần trong {window} ngày qua",
            "เลื่อนออกไปแล้ว {count} ครั้งใน {window} วันที่ผ่านมา"
        ));
    }
    if let Some((date, wait)) = yes {
        parts.push(tr!(
            lang,
            "their verbal yes of {date} did not become a signed deal within {wait} days",
            "lời đồng ý miệng ngày {date} không thành hợp đồng trong vòng {wait} ngày",
            "การตกลงด้วยวาจาเมื่อ {date} ไม่ได้กลายเป็นการเซ็นสัญญาภายใน {wait} วัน"
        ));
    }
    join(lang, parts)
}

pub(crate) fn costly_acquisition(
    lang: Lang,
    cost: String,
    pct: String,
    value: String,
    expenses: String,
    hours: String,
) -> String {
    one(
        lang,
        tr!(
            lang,
            "winning them has cost {cost} so far ({pct}% of the expected {value} deal): {expenses} in expenses and {hours} unbilled pre-sale hours",
            "chi phí để có được khách này đã là {cost} ({pct}% giá trị hợp đồng dự kiến {value}): {expenses} chi phí và {hours} giờ tư vấn trước bán hàng không tính tiền",
            "ต้นทุนในการได้ลูกค้ารายนี้มาแล้ว {cost} ({pct}% ของมูลค่าดีลที่คาดไว้ {value}) เป็นค่าใช้จ่าย {expenses} และชั่วโมงขายที่ไม่ได้เรียกเก็บเงิน {hours} ชั่วโมง"
        ),
    )
}

pub(crate) fn abusive_conduct(
    lang: Lang,
    messages: usize,
    incidents: usize,
    warned_on: Option<Date>,
) -> String {
    let mut parts = Vec::new();
    if messages > 0 {
        parts.push(tr!(
            lang,
            "{messages} abusive message(s) from them",
            "{messages} tin nhắn xúc phạm từ phía khách",
            "มีข้อความหยาบคายจากลูกค้า {messages} ข้อความ"
        ));
    }
    if incidents > 0 {
        parts.push(tr!(
            lang,
            "{incidents} staff incident(s) of abuse",
            "{incidents} sự cố nhân viên bị xúc phạm",
            "พนักงานรายงานเหตุการณ์ถูกกระทำหยาบคาย {incidents} ครั้ง"
        ));
    }
    if let Some(date) = warned_on {
        parts.push(tr!(
            lang,
            "the abuse continued after we warned them on {date}",
            "việc xúc phạm vẫn tiếp diễn sau khi đã cảnh báo ngày {date}",
            "ยังคงหยาบคายต่อหลังจากที่เราเตือนไปแล้วเมื่อ {date}"
        ));
    }
    join(lang, parts)
}

pub(crate) fn guarantee_demand(lang: Lang, n: usize) -> String {
    one(
        lang,
        tr!(
            lang,
            "they demanded a guarantee of results {n} time(s), putting all the risk on us",
            "khách đòi cam kết chắc chắn về kết quả {n} lần, đẩy mọi rủi ro sang ta",
            "ลูกค้าเรียกร้องให้รับประกันผลลัพธ์ {n} ครั้ง โดยโยนความเสี่ยงทั้งหมดมาที่เรา"
        ),
    )
}

pub(crate) fn unrealistic(lang: Lang, n: usize) -> String {
    one(
        lang,
        tr!(
            lang,
            "{n} message(s) expect results that the work cannot realistically deliver",
            "{n} tin nhắn kỳ vọng kết quả phi thực tế so với công việc",
            "มี {n} ข้อความที่คาดหวังผลลัพธ์เกินจริงจากงานนี้"
        ),
    )
}

pub(crate) fn already_helped(lang: Lang, subject: &str, won: Date, closed: Date) -> String {
    one(
        lang,
        tr!(
            lang,
            "they are asking again about \u{201c}{subject}\u{201d}, which we already resolved (won {won}, closed {closed})",
            "khách lại hỏi về \u{201c}{subject}\u{201d}, vấn đề ta đã giải quyết xong (ký ngày {won}, đóng ngày {closed})",
            "ลูกค้ากลับมาถามเรื่อง \u{201c}{subject}\u{201d} อีกครั้ง ซึ่งเราแก้ไขให้เรียบร้อยแล้ว (ปิดการขาย {won} ปิดงาน {closed})"
        ),
    )
}

pub(crate) fn third_party(lang: Lang, n: usize) -> String {
    one(
        lang,
        tr!(
            lang,
            "{n} message(s) ask on behalf of someone else who has not come to us themselves",
            "{n} tin nhắn hỏi thay cho người khác, người đó không tự liên hệ",
            "มี {n} ข้อความที่ติดต่อแทนคนอื่นซึ่งไม่ได้มาติดต่อเอง"
        ),
    )
}

pub(crate) fn boundary_violation(lang: Lang, threats: usize, demands: usize) -> String {
    let mut parts = Vec::new();
    if threats > 0 {
        parts.push(tr!(
            lang,
            "{threats} threat(s) of public revenge (reviews, social media)",
            "{threats} lần đe dọa bêu xấu công khai (đánh giá, mạng xã hội)",
            "ขู่จะประจานต่อสาธารณะ (รีวิว โซเชียลมีเดีย) {threats} ครั้ง"
        ));
    }
    if demands > 0 {
        parts.push(tr!(
            lang,
            "they contact us after hours and {demands} message(s) demand that we be reachable at any time",
            "khách liên hệ ngoài giờ và {demands} tin nhắn đòi ta phải trả lời bất cứ lúc nào",
            "ติดต่อนอกเวลาทำการ และมี {demands} ข้อความที่เรียกร้องให้เราติดต่อได้ตลอดเวลา"
        ));
    }
    join(lang, parts)
}

pub(crate) fn after_hours(
    lang: Lang,
    after: usize,
    total: u64,
    window: u32,
    pct: String,
) -> String {
    one(
        lang,
        tr!(
            lang,
            "{after} of their {total} calls and messages in the last {window} days came outside business hours ({pct}%)",
            "{after} trong {total} cuộc gọi và tin nhắn của khách trong {window} ngày qua đến ngoài giờ làm việc ({pct}%)",
            "{after} จาก {total} สายและข้อความใน {window} วันที่ผ่านมาเข้ามานอกเวลาทำการ ({pct}%)"
        ),
    )
}

pub(crate) fn cannot_pay(lang: Lang, n: usize) -> String {
    one(
        lang,
        tr!(
            lang,
            "before paying anything they haggled, stalled payment or offered barter {n} times",
            "trước khi thanh toán bất cứ khoản nào, khách đã mặc cả, khất nợ hoặc đề nghị trao đổi hàng {n} lần",
            "ก่อนจ่ายเงินใดๆ ลูกค้าต่อราคา ขอเลื่อนจ่าย หรือเสนอแลกของแทนเงินแล้ว {n} ครั้ง"
        ),
    )
}

pub(crate) fn exploitative_terms(
    lang: Lang,
    discounts: usize,
    demands: usize,
    window: u32,
) -> String {
    one(
        lang,
        tr!(
            lang,
            "in the last {window} days they asked for a lower fee ({discounts} time(s)) and for round-the-clock availability ({demands} time(s))",
            "trong {window} ngày qua khách vừa đòi giảm phí ({discounts} lần) vừa đòi ta sẵn sàng 24/7 ({demands} lần)",
            "ใน {window} วันที่ผ่านมา ลูกค้าขอลดราคา ({discounts} ครั้ง) และเรียกร้องให้พร้อมตลอด 24 ชั่วโมง ({demands} ครั้ง)"
        ),
    )
}

pub(crate) fn fear_tactics(lang: Lang, n: usize, last: Date) -> String {
    one(
        lang,
        tr!(
            lang,
            "they made {n} threat(s) or ultimatum(s), the latest on {last}",
            "khách đã {n} lần đe dọa hoặc ra tối hậu thư, lần gần nhất ngày {last}",
            "ลูกค้าข่มขู่หรือยื่นคำขาด {n} ครั้ง ล่าสุดเมื่อ {last}"
        ),
    )
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn late_payment(
    lang: Lang,
    late: usize,
    of: usize,
    grace: u32,
    unpaid_among_late: bool,
    worst: Option<(String, i32)>,
    more_overdue: usize,
    unpaid_days: u32,
    advances: usize,
) -> String {
    let mut parts = Vec::new();
    if late > 0 {
        parts.push(if unpaid_among_late {
            tr!(
                lang,
                "{late} of the last {of} invoices were paid more than {grace} days late or are still unpaid",
                "{late} trong {of} hóa đơn gần nhất bị trả trễ hơn {grace} ngày hoặc vẫn chưa trả",
                "{late} จาก {of} ใบแจ้งหนี้ล่าสุดจ่ายช้ากว่า {grace} วันหรือยังไม่จ่าย"
            )
        } else {
            tr!(
                lang,
                "{late} of the last {of} invoices were paid more than {grace} days late",
                "{late} trong {of} hóa đơn gần nhất bị trả trễ hơn {grace} ngày",
                "{late} จาก {of} ใบแจ้งหนี้ล่าสุดจ่ายช้ากว่า {grace} วัน"
            )
        });
    }
    if let Some((id, days)) = worst {
        parts.push(tr!(
            lang,
            "{id} is {days} days overdue",
            "hóa đơn {id} đã quá hạn {days} ngày",
            "ใบแจ้งหนี้ {id} เกินกำหนดชำระ {days} วัน"
        ));
        if more_overdue > 0 {
            parts.push(tr!(
                lang,
                "{more_overdue} more invoice(s) are over {unpaid_days} days overdue",
                "còn {more_overdue} hóa đơn khác quá hạn hơn {unpaid_days} ngày",
                "อีก {more_overdue} ใบเกินกำหนดเกิน {unpaid_days} วัน"
            ));
        }
    }
    if advances > 0 {
        parts.push(tr!(
            lang,
            "they asked us to advance costs for them {advances} time(s)",
            "khách đã {advances} lần nhờ ta ứng trước chi phí",
            "ลูกค้าขอให้เราสำรองจ่ายแทน {advances} ครั้ง"
        ));
    }
    join(lang, parts)
}

pub(crate) fn blame(lang: Lang, n: usize) -> String {
    one(
        lang,
        tr!(
            lang,
            "{n} messages blame us for failures or take the credit for success",
            "{n} tin nhắn đổ lỗi cho ta khi thất bại hoặc nhận hết công khi thành công",
            "มี {n} ข้อความที่โทษเราเมื่อล้มเหลวหรือรับความดีความชอบไปเองเมื่อสำเร็จ"
        ),
    )
}

pub(crate) fn disrespects_time(
    lang: Lang,
    rush: usize,
    creep: usize,
    missed: usize,
    window: u32,
) -> String {
    one(
        lang,
        tr!(
            lang,
            "in the last {window} days: {rush} last-minute rush(es), {creep} request(s) beyond the agreed scope and {missed} missed meeting(s)",
            "trong {window} ngày qua: {rush} lần giục gấp phút chót, {creep} yêu cầu ngoài phạm vi đã thỏa thuận và {missed} cuộc họp khách bỏ lỡ",
            "ใน {window} วันที่ผ่านมา เร่งงานนาทีสุดท้าย {rush} ครั้ง ขอเพิ่มงานนอกขอบเขต {creep} ครั้ง และไม่มาประชุม {missed} ครั้ง"
        ),
    )
}

pub(crate) fn undervalues(lang: Lang, n: usize) -> String {
    one(
        lang,
        tr!(
            lang,
            "{n} messages belittle our effort (\u{201c}it only takes five minutes\u{201d})",
            "{n} tin nhắn coi nhẹ công sức của ta (\u{201c}chỉ mất năm phút thôi mà\u{201d})",
            "มี {n} ข้อความที่ดูแคลนงานของเรา (\u{201c}แป๊บเดียวก็เสร็จ\u{201d})"
        ),
    )
}

pub(crate) fn rate_stagnation(
    lang: Lang,
    refused: Option<Date>,
    pushback: usize,
    low: Option<(String, u32, String, String)>,
) -> String {
    let mut parts = Vec::new();
    if let Some(date) = refused {
        parts.push(tr!(
            lang,
            "they refused our new rate on {date}",
            "khách từ chối mức giá mới của ta ngày {date}",
            "ลูกค้าปฏิเสธอัตราค่าบริการใหม่เมื่อ {date}"
        ));
    }
    if pushback > 0 {
        parts.push(tr!(
            lang,
            "{pushback} message(s) push back on a rate increase",
            "{pushback} tin nhắn phản đối việc tăng giá",
            "มี {pushback} ข้อความที่ไม่ยอมรับการขึ้นราคา"
        ));
    }
    if let Some((rate, months, pct, standard)) = low {
        parts.push(tr!(
            lang,
            "over the last {months} months they paid an effective {rate} an hour, {pct}% of our standard {standard}",
            "trong {months} tháng qua khách chỉ trả thực tế {rate} mỗi giờ, bằng {pct}% mức giá chuẩn {standard}",
            "ใน {months} เดือนที่ผ่านมาได้ค่าจ้างจริง {rate} ต่อชั่วโมง คิดเป็น {pct}% ของอัตรามาตรฐาน {standard}"
        ));
    }
    join(lang, parts)
}

pub(crate) fn discount_pressure(lang: Lang, n: usize, window: u32) -> String {
    one(
        lang,
        tr!(
            lang,
            "they asked for a discount or free work {n} times in the last {window} days",
            "khách đã {n} lần xin giảm giá hoặc làm miễn phí trong {window} ngày qua",
            "ลูกค้าขอส่วนลดหรือขอให้ทำฟรี {n} ครั้งใน {window} วันที่ผ่านมา"
        ),
    )
}

pub(crate) fn price_shopper(lang: Lang, discounted: usize, total: usize) -> String {
    one(
        lang,
        tr!(
            lang,
            "{discounted} of their {total} orders carried a discount",
            "{discounted} trong {total} đơn hàng của khách đều có giảm giá",
            "{discounted} จาก {total} คำสั่งซื้อเป็นราคาลด"
        ),
    )
}

pub(crate) fn non_adoption(lang: Lang, products: &str, window: u32) -> String {
    one(
        lang,
        tr!(
            lang,
            "they pay for {products} but have not actively used it in the last {window} days",
            "khách trả tiền cho {products} nhưng không thực sự sử dụng trong {window} ngày qua",
            "ลูกค้าจ่ายค่า {products} แต่ไม่ได้ใช้งานจริงเลยใน {window} วันที่ผ่านมา"
        ),
    )
}

pub(crate) fn pays_only_committed(
    lang: Lang,
    hours: String,
    after: i32,
    value: String,
    invoiced: String,
) -> String {
    one(
        lang,
        tr!(
            lang,
            "{hours} hours of extra work older than {after} days are worth {value}, but extra invoices cover only {invoiced}",
            "{hours} giờ làm thêm ngoài phạm vi (hơn {after} ngày trước) trị giá {value}, nhưng hóa đơn phát sinh chỉ mới {invoiced}",
            "งานนอกขอบเขต {hours} ชั่วโมงที่เกิน {after} วันมีมูลค่า {value} แต่ออกใบแจ้งหนี้ส่วนเพิ่มได้เพียง {invoiced}"
        ),
    )
}

pub(crate) fn excessive_contact(
    lang: Lang,
    per_week: String,
    window: u32,
    multiple: String,
    median: String,
) -> String {
    one(
        lang,
        tr!(
            lang,
            "{per_week} calls and messages a week over the last {window} days, {multiple} times the median of active clients ({median} a week)",
            "{per_week} cuộc gọi và tin nhắn mỗi tuần trong {window} ngày qua, gấp {multiple} lần mức trung vị của các khách đang hoạt động ({median} mỗi tuần)",
            "โทรและส่งข้อความ {per_week} ครั้งต่อสัปดาห์ใน {window} วันที่ผ่านมา มากเป็น {multiple} เท่าของค่ามัธยฐานลูกค้าที่ยังติดต่ออยู่ ({median} ครั้งต่อสัปดาห์)"
        ),
    )
}

pub(crate) fn staff_drain(
    lang: Lang,
    reporters: usize,
    window: u32,
    share: Option<String>,
) -> String {
    let mut parts = Vec::new();
    if reporters > 0 {
        parts.push(tr!(
            lang,
            "{reporters} team members reported incidents with them in the last {window} days",
            "{reporters} nhân viên đã báo cáo sự cố với khách trong {window} ngày qua",
            "พนักงาน {reporters} คนรายงานเหตุการณ์กับลูกค้ารายนี้ใน {window} วันที่ผ่านมา"
        ));
    }
    if let Some(pct) = share {
        parts.push(tr!(
            lang,
            "communication takes {pct}% of all the time we spend on them",
            "việc trao đổi chiếm {pct}% toàn bộ thời gian ta dành cho khách",
            "การติดต่อสื่อสารกินเวลา {pct}% ของเวลาทั้งหมดที่ใช้กับลูกค้ารายนี้"
        ));
    }
    join(lang, parts)
}

pub(crate) fn low_profitability(
    lang: Lang,
    months: u32,
    rate: String,
    hours: String,
    pct: String,
    median: String,
) -> String {
    one(
        lang,
        tr!(
            lang,
            "over the last {months} months they paid an effective {rate} an hour for {hours} hours, {pct}% of the workspace median of {median}",
            "trong {months} tháng qua khách trả thực tế {rate} mỗi giờ cho {hours} giờ làm, bằng {pct}% mức trung vị {median} của cả công ty",
            "ใน {months} เดือนที่ผ่านมาได้ค่าจ้างจริง {rate} ต่อชั่วโมงจาก {hours} ชั่วโมง คิดเป็น {pct}% ของค่ามัธยฐาน {median} ของทั้งกิจการ"
        ),
    )
}
