//! WhatsApp "Export chat" `.txt` (Android `WhatsApp Chat with NAME.txt`, iOS `_chat.txt`).
//!
//! A message starts with a header line, `20/01/19, 11:23 - Lan: text` (Android) or
//! `[20/01/19, 11:23:05] Lan: text` (iOS); any other line continues the message above. The
//! header's date follows the phone's locale: day, month or year first, `/ . -` between, 2- or
//! 4-digit years (Buddhist-era years above 2400 are taken back 543), 12 h (`AM`, `a. m.`, `SA`/
//! `CH`, `ก่อนเที่ยง`/`หลังเที่ยง`, with U+202F or U+00A0 before them) or 24 h, seconds or not.
//! Day-first or month-first is decided once for the whole file: a first number above 12 votes
//! day-first, a second above 12 month-first; without any, the order that keeps the file
//! chronological wins, and on a tie day-first (the order of Vietnamese and Thai phones).
//! A header without `Name: ` is a system line (encryption notice, joined, left, created group),
//! kept only for the group's name; iOS writes its system lines as `Name: ` followed by U+200E.
//! `<Media omitted>` and the like keep the message without text; a missed voice or video call
//! becomes a call of 0 seconds.

use std::io::BufRead;

use redflag_domain::jiff::civil::DateTime;
use redflag_text::nfc;

use super::{
    Chat, ChatItem, ItemKind, When, emit_chat, message_text, numbered_lines, or_file_bad, read_all,
};
use crate::{Confidence, Context, Format, ImportError, Position, Sink, extension, text};

/// A header's date numbers, as written: value and digit count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Num {
    value: u32,
    digits: usize,
}

/// A parsed header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header<'a> {
    date: [Num; 3],
    hour: u32,
    minute: u32,
    second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` on a 24-hour clock.
    pm: Option<bool>,
    /// What follows the header: `Name: text`, or a system line.
    pub rest: &'a str,
    /// Whether it was the bracketed iOS form.
    pub bracketed: bool,
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// Skips spaces, including the no-break ones and direction marks; how many.
    fn spaces(&mut self) -> usize {
        let mut n = 0;
        while let Some(c) = self.peek() {
            if matches!(
                c,
                ' ' | '\t' | '\u{202f}' | '\u{a0}' | '\u{200e}' | '\u{200f}' | '\u{feff}'
            ) {
                self.i += c.len_utf8();
                n += 1;
            } else {
                break;
            }
        }
        n
    }

    fn num(&mut self, max_digits: usize) -> Option<Num> {
        let start = self.i;
        while self.i - start < max_digits
            && self
                .s
                .as_bytes()
                .get(self.i)
                .is_some_and(u8::is_ascii_digit)
        {
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        Some(Num {
            value: self.s[start..self.i].parse().ok()?,
            digits: self.i - start,
        })
    }

    /// An AM/PM marker in the spellings phones use.
    fn meridiem(&mut self) -> Option<bool> {
        const MARKERS: [(&str, bool); 16] = [
            ("a. m.", false),
            ("p. m.", true),
            ("a.m.", false),
            ("p.m.", true),
            ("am", false),
            ("pm", true),
            ("sa", false),
            ("ch", true),
            ("ก่อนเที่ยง", false),
            ("หลังเที่ยง", true),
            ("午前", false),
            ("午後", true),
            ("上午", false),
            ("下午", true),
            ("오전", false),
            ("오후", true),
        ];
        let rest: String = self.s[self.i..]
            .chars()
            .take(12)
            .map(|c| match c {
                '\u{202f}' | '\u{a0}' => ' ',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        for (m, pm) in MARKERS {
            if let Some(after) = rest.strip_prefix(m)
                && !after.chars().next().is_some_and(char::is_alphanumeric)
            {
                let n = m.chars().count();
                let bytes: usize = self.s[self.i..].chars().take(n).map(char::len_utf8).sum();
                self.i += bytes;
                return Some(pm);
            }
        }
        None
    }
}

/// Reads a header line; `None` for a continuation line.
pub(crate) fn header(line: &str) -> Option<Header<'_>> {
    let mut p = Cursor { s: line, i: 0 };
    p.spaces();
    let bracketed = p.eat('[');
    let a = p.num(4)?;
    let sep = p.peek().filter(|c| matches!(c, '/' | '.' | '-'))?;
    p.eat(sep);
    p.spaces();
    let b = p.num(4)?;
    if !p.eat(sep) {
        return None;
    }
    p.spaces();
    let c = p.num(4)?;
    if !p.eat(',') {
        p.eat('.');
    }
    if p.spaces() == 0 {
        return None;
    }
    let hour = p.num(2)?.value;
    if !(p.eat(':') || p.eat('.')) {
        return None;
    }
    let minute = p.num(2).filter(|n| n.digits == 2)?.value;
    let mut second = 0;
    let save = p.i;
    if p.eat(':') || p.eat('.') {
        match p.num(2).filter(|n| n.digits == 2) {
            Some(s) => second = s.value,
            None => p.i = save,
        }
    }
    let before = p.i;
    p.spaces();
    let pm = p.meridiem();
    if pm.is_none() {
        p.i = before;
    }
    p.spaces();
    if bracketed {
        if !p.eat(']') {
            return None;
        }
        p.spaces();
    } else {
        if !(p.eat('-') || p.eat('–') || p.eat(':')) {
            return None;
        }
        if p.spaces() == 0 {
            return None;
        }
    }
    if hour > 24 || minute > 59 || second > 60 || (pm.is_some() && hour > 12) {
        return None;
    }
    Some(Header {
        date: [a, b, c],
        hour,
        minute,
        second,
        pm,
        rest: &line[p.i..],
        bracketed,
    })
}

/// The order of a file's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `dd/mm/yy`.
    DayFirst,
    /// `mm/dd/yy`.
    MonthFirst,
}

fn year(n: Num) -> i32 {
    let y = n.value as i32;
    let y = if n.digits <= 2 { 2000 + y } else { y };
    // A Thai phone may write Buddhist-era years.
    if y > 2400 { y - 543 } else { y }
}

impl Header<'_> {
    fn year_first(&self) -> bool {
        self.date[0].digits >= 3
    }

    /// The wall-clock time in `order` (year-first dates ignore it).
    fn datetime(&self, order: DateOrder) -> Option<DateTime> {
        let [a, b, c] = self.date;
        let (y, m, d) = if self.year_first() {
            (year(a), b.value, c.value)
        } else {
            match order {
                DateOrder::DayFirst => (year(c), b.value, a.value),
                DateOrder::MonthFirst => (year(c), a.value, b.value),
            }
        };
        let hour = match self.pm {
            Some(true) if self.hour < 12 => self.hour + 12,
            Some(false) if self.hour == 12 => 0,
            _ => self.hour,
        };
        let (hour, day_carry) = if hour == 24 { (0, 1) } else { (hour, 0) };
        let dt = DateTime::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
            i8::try_from(hour).ok()?,
            i8::try_from(self.minute).ok()?,
            i8::try_from(self.second.min(59)).ok()?,
            0,
        )
        .ok()?;
        if day_carry == 1 {
            dt.tomorrow().ok()
        } else {
            Some(dt)
        }
    }
}

/// Decides day-first or month-first from every header of a file.
pub(crate) fn decide_order(headers: &[Header<'_>]) -> DateOrder {
    let (mut day, mut month) = (0usize, 0usize);
    for h in headers.iter().filter(|h| !h.year_first()) {
        let [a, b, _] = h.date;
        if a.value > 12 && b.value <= 12 {
            day += 1;
        } else if b.value > 12 && a.value <= 12 {
            month += 1;
        }
    }
    if day != month {
        return if day > month {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        };
    }
    // No evidence either way: an export is in time order, so the reading that keeps it so wins.
    let backwards = |order| {
        let times: Vec<DateTime> = headers.iter().filter_map(|h| h.datetime(order)).collect();
        let unreadable = headers.len() - times.len();
        unreadable + times.windows(2).filter(|w| w[1] < w[0]).count()
    };
    if backwards(DateOrder::MonthFirst) < backwards(DateOrder::DayFirst) {
        DateOrder::MonthFirst
    } else {
        DateOrder::DayFirst
    }
}

/// One message or system line with its continuation lines.
struct Entry<'a> {
    line: u64,
    header: Header<'a>,
    more: Vec<&'a str>,
}

/// Texts of system lines that name a group the export was made in: `... created group "X"`.
fn created_group(text: &str) -> Option<String> {
    const MARKERS: [&str; 4] = [
        "created group \"",
        "đã tạo nhóm \"",
        "สร้างกลุ่ม \"",
        "created group “",
    ];
    for m in MARKERS {
        if let Some(i) = text.find(m) {
            let rest = &text[i + m.len()..];
            let end = rest.rfind(['"', '”'])?;
            let name = rest[..end].trim();
            return (!name.is_empty()).then(|| nfc(name));
        }
    }
    None
}

fn is_missed_call(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['\u{200e}', '\u{200f}'])
        .to_lowercase();
    matches!(
        t.as_str(),
        "missed voice call"
            | "missed video call"
            | "cuộc gọi thoại bị nhỡ"
            | "cuộc gọi video bị nhỡ"
            | "สายที่ไม่ได้รับ"
            | "ไม่ได้รับสาย"
    )
}

fn is_encryption_notice(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("end-to-end") || t.contains("đầu cuối") || t.contains("ต้นทางถึงปลายทาง")
}

/// Parses a whole WhatsApp-like transcript; `order` forces the date order (Zalo transcripts are
/// day-first). Unreadable lines go to `bad` with their line.
pub(crate) fn parse(
    text: &str,
    app: &'static str,
    order: Option<DateOrder>,
    bad: &mut dyn FnMut(ImportError) -> Result<(), ImportError>,
) -> Result<Chat, ImportError> {
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for (n, line) in numbered_lines(text) {
        match header(line) {
            Some(header) => entries.push(Entry {
                line: n,
                header,
                more: Vec::new(),
            }),
            None => match entries.last_mut() {
                Some(e) => e.more.push(line),
                None if line.trim_matches(['\u{feff}', ' ', '\t']).is_empty() => {}
                None => bad(ImportError::Item {
                    at: Position::Line(n),
                    message: "text before the first message: not a chat export line".into(),
                })?,
            },
        }
    }
    let headers: Vec<Header<'_>> = entries.iter().map(|e| e.header.clone()).collect();
    let order = order.unwrap_or_else(|| decide_order(&headers));
    let mut chat = Chat {
        app,
        ..Chat::default()
    };
    for e in entries {
        let at = Position::Line(e.line);
        let Some(dt) = e.header.datetime(order) else {
            bad(ImportError::Item {
                at,
                message: format!(
                    "no such date or time in a {} file",
                    match order {
                        DateOrder::DayFirst => "day-first",
                        DateOrder::MonthFirst => "month-first",
                    }
                ),
            })?;
            continue;
        };
        let (sender, first) = match e.header.rest.split_once(": ") {
            Some((s, t)) if !s.trim().is_empty() => (s, t),
            _ => {
                if chat.title.is_none()
                    && let Some(group) = created_group(e.header.rest)
                {
                    chat.title = Some(group);
                    chat.one_to_one = Some(false);
                }
                continue;
            }
        };
        let mut body = first.to_owned();
        for l in &e.more {
            body.push('\n');
            body.push_str(l);
        }
        let sender = nfc(sender
            .trim()
            .trim_start_matches('~')
            .trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '\u{202f}' | '\u{a0}' | '\u{200e}' | '\u{200f}')
            }));
        // iOS writes system lines as "Name: <U+200E>text".
        let marked = first.starts_with(['\u{200e}', '\u{200f}']);
        let kind = if is_missed_call(&body) {
            ItemKind::Call { duration_s: 0 }
        } else if marked && !super::is_media_placeholder(&body) {
            if is_encryption_notice(&body) && chat.title.is_none() {
                chat.title = Some(sender);
            }
            continue;
        } else {
            ItemKind::Message(message_text(&body))
        };
        chat.items.push(ChatItem {
            at,
            when: When::Local(dt),
            sender,
            kind,
        });
    }
    Ok(chat)
}

/// Whether the first non-blank line of `head` is a WhatsApp header with a sender or system text.
pub(crate) fn first_header<'a>(head: &'a str) -> Option<Header<'a>> {
    let line = head
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.trim_matches(['\u{feff}', ' ']).is_empty())?;
    header(line)
}

/// Recognises a title line: `None` for any other line, `Some(None)` for a title line without
/// a usable name, else the chat's name and whether it is one-to-one.
pub(crate) type TitleLine = dyn Fn(&str) -> Option<Option<(String, bool)>>;

/// Decodes and parses, then emits.
pub(crate) fn import_transcript(
    input: &mut dyn BufRead,
    ctx: &mut Context,
    sink: &mut dyn Sink,
    app: &'static str,
    order: Option<DateOrder>,
    title_line: &TitleLine,
) -> Result<(), ImportError> {
    let bytes = or_file_bad!(read_all(input)?, sink);
    let (text, _) = text::decode(&bytes);
    drop(bytes);
    // A title line (Zalo's documented header: the name and whether it is one-to-one) is
    // blanked so line numbers stay right.
    let mut title = None;
    let mut owned = String::with_capacity(text.len());
    for (i, l) in text.split('\n').enumerate() {
        if i > 0 {
            owned.push('\n');
        }
        match title_line(l.trim_end_matches('\r')) {
            Some(t) => {
                if title.is_none() {
                    title = t;
                }
            }
            None => owned.push_str(l),
        }
    }
    drop(text);
    let mut chat = parse(&owned, app, order, &mut |e| Ok(sink.bad(e)?))?;
    if let Some((name, one_to_one)) = title {
        chat.title = Some(name);
        chat.one_to_one = Some(one_to_one);
    }
    emit_chat(&chat, ctx, sink)
}

/// A WhatsApp "Export chat" text file (Android or iOS, any locale).
pub struct WhatsApp;

impl Format for WhatsApp {
    fn id(&self) -> &'static str {
        "whatsapp"
    }

    fn describe(&self) -> &'static str {
        "a WhatsApp chat export (.txt)"
    }

    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence {
        let head = String::from_utf8_lossy(&head[..head.len().min(4096)]);
        if let Some(h) = first_header(&head) {
            // A bracketed header with a 4-digit year and no comma is the Zalo form, told
            // apart by its title line; here it still reads as WhatsApp (iOS writes it too).
            if h.bracketed || h.rest.contains(": ") || !h.rest.is_empty() {
                return Confidence::Content;
            }
        }
        let name = file_name.unwrap_or("").to_ascii_lowercase();
        if name.contains("whatsapp") && extension(file_name).as_deref() == Some("txt") {
            Confidence::Extension
        } else {
            Confidence::No
        }
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        import_transcript(input, ctx, sink, "whatsapp", None, &|_| None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(h: &Header<'_>, order: DateOrder) -> String {
        h.datetime(order).map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn headers_in_the_layouts_phones_write() {
        let cases = [
            (
                "20/01/19, 11:23 - John Doe: hi",
                DateOrder::DayFirst,
                "2019-01-20T11:23:00",
                "John Doe: hi",
            ),
            (
                "[11/8/21, 9:41:32\u{202f}PM] User: x",
                DateOrder::MonthFirst,
                "2021-11-08T21:41:32",
                "User: x",
            ),
            (
                "01/30/2019, 08:49 p. m. - Jahn: y",
                DateOrder::MonthFirst,
                "2019-01-30T20:49:00",
                "Jahn: y",
            ),
            (
                "2019/01/01, 11:25 - A: z",
                DateOrder::MonthFirst,
                "2019-01-01T11:25:00",
                "A: z",
            ),
            (
                "15.04.2016, 15:04 - Pokemon Chat: Messages",
                DateOrder::DayFirst,
                "2016-04-15T15:04:00",
                "Pokemon Chat: Messages",
            ),
            (
                "[15-01-20 02:22:56] Mary: ok",
                DateOrder::DayFirst,
                "2020-01-15T02:22:56",
                "Mary: ok",
            ),
            (
                "15/01/2567 9:05 CH - Lan: Giảm giá",
                DateOrder::DayFirst,
                "2024-01-15T21:05:00",
                "Lan: Giảm giá",
            ),
            (
                "\u{200e}[2023/5/4, 16:13:23] ~\u{202f}User 2: hey",
                DateOrder::DayFirst,
                "2023-05-04T16:13:23",
                "~\u{202f}User 2: hey",
            ),
            (
                "12/20/2021, 12:10 a.m. - X: midnight",
                DateOrder::MonthFirst,
                "2021-12-20T00:10:00",
                "X: midnight",
            ),
        ];
        for (line, order, when, rest) in cases {
            let h = header(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(dt(&h, order), when, "{line}");
            assert_eq!(h.rest, rest, "{line}");
        }
        for not_header in [
            "consectetur adipiscing elit.",
            "12/20 is the deadline",
            "2024.01.15 Monday",
            "10:30\tLan\thi",
        ] {
            assert!(header(not_header).is_none(), "{not_header}");
        }
    }

    #[test]
    fn the_date_order_is_decided_by_the_whole_file() {
        let lines = [
            "01/02/24, 10:00 - A: a",
            "05/02/24, 10:00 - A: b",
            "13/02/24, 10:00 - A: c",
        ];
        let hs: Vec<_> = lines.iter().filter_map(|l| header(l)).collect();
        assert_eq!(decide_order(&hs), DateOrder::DayFirst);
        // No number above 12: the reading that keeps the file in time order wins.
        let lines = ["01/05/24, 10:00 - A: a", "02/01/24, 10:00 - A: b"];
        let hs: Vec<_> = lines.iter().filter_map(|l| header(l)).collect();
        assert_eq!(decide_order(&hs), DateOrder::MonthFirst);
    }
}
