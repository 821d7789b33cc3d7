//! LINE "Export chat history" `.txt`, in English or Thai:
//!
//! ```text
//! [LINE] Chat history with Somchai          ([LINE] ประวัติการแชทกับ Somchai)
//! Saved on: 2024/01/16 10:30                (บันทึกเมื่อ: 16/01/2567 10:30)
//!
//! 2024.01.15 Monday                         (วันจันทร์, 15/01/2567  or  2024/01/15(Mon))
//! 09:30<TAB>Somchai<TAB>ลดราคาได้ไหมครับ
//! 09:31<TAB>Me<TAB>"two lines
//! of text"
//! ```
//!
//! A date line sets the day of the lines below it: year first (`2024.01.15`, `2024/01/15`) or
//! day first (`15/01/2567`), with a Buddhist-era year (above 2400) taken back 543. A message is
//! `HH:MM<TAB>Sender<TAB>Text` (12-hour `04:35PM` too); an empty sender is a system line. A
//! message over several lines is quoted; lines that are neither continue the message above.
//! The header names the other person of a one-to-one chat (`with`, `กับ`) or a group (`in`,
//! `ในกลุ่ม`). Matching is on shapes, not exact words, as Thai builds word them differently.

use std::io::BufRead;

use redflag_domain::jiff::civil::{Date, DateTime};
use redflag_text::nfc;

use super::{
    Chat, ChatItem, ItemKind, When, emit_chat, message_text, numbered_lines, or_file_bad, read_all,
};
use crate::{Confidence, Context, Format, ImportError, Position, Sink, extension, text};

fn digits_at(s: &[u8], i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    while j < s.len() && j - i < max && s[j].is_ascii_digit() {
        j += 1;
    }
    if j - i < min {
        return None;
    }
    Some((std::str::from_utf8(&s[i..j]).ok()?.parse().ok()?, j))
}

fn gregorian(y: u32) -> i16 {
    let y = if y > 2400 { y - 543 } else { y };
    i16::try_from(y).unwrap_or(0)
}

/// The day a date line names: `YYYY.MM.DD` / `YYYY/MM/DD` or `DD/MM/YYYY` anywhere in a short
/// line without a tab.
fn date_line(line: &str) -> Option<Date> {
    if line.contains('\t') || line.chars().count() > 40 {
        return None;
    }
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && let Some((a, j)) = digits_at(b, i, 1, 4)
            && j < b.len()
            && matches!(b[j], b'.' | b'/' | b'-')
        {
            let sep = b[j];
            if let Some((m, k)) = digits_at(b, j + 1, 1, 2)
                && k < b.len()
                && b[k] == sep
                && let Some((c, end)) = digits_at(b, k + 1, 1, 4)
                && !b.get(end).is_some_and(u8::is_ascii_digit)
            {
                let (y, mo, d) = if j - i == 4 {
                    (a, m, c)
                } else if end - (k + 1) == 4 {
                    (c, m, a)
                } else {
                    return None;
                };
                return Date::new(gregorian(y), i8::try_from(mo).ok()?, i8::try_from(d).ok()?).ok();
            }
        }
        i += 1;
    }
    None
}

/// `HH:MM<TAB>sender<TAB>text`: the time, sender and text.
fn message_line(line: &str) -> Option<(u32, u32, &str, &str)> {
    let (time, rest) = line.split_once('\t')?;
    let (sender, text) = rest.split_once('\t').unwrap_or((rest, ""));
    let t = time.trim();
    let lower = t.to_ascii_lowercase();
    let (clock, pm) = if let Some(c) = lower.strip_suffix("pm") {
        (c.trim(), Some(true))
    } else if let Some(c) = lower.strip_suffix("am") {
        (c.trim(), Some(false))
    } else {
        (lower.as_str(), None)
    };
    let (h, m) = clock.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let mut h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    (h < 24 && m < 60).then_some((h, m, sender, text))
}

/// The header's chat name and whether it is one-to-one.
fn header_title(line: &str) -> Option<(String, bool)> {
    let rest = line
        .trim_start_matches('\u{feff}')
        .trim()
        .strip_prefix("[LINE]")?
        .trim();
    for (marker, one) in [
        ("Chat history with ", true),
        ("chat history with ", true),
        ("Chat history in ", false),
        ("ประวัติการแชทในกลุ่ม", false),
        ("ประวัติแชทในกลุ่ม", false),
        ("ประวัติการแชทกับ", true),
        ("ประวัติแชทกับ", true),
        ("กับ", true),
        (" with ", true),
        (" in ", false),
    ] {
        if let Some(i) = rest.find(marker) {
            let name = rest[i + marker.len()..]
                .trim()
                .trim_matches(['"', '“', '”']);
            if !name.is_empty() {
                return Some((nfc(name), one));
            }
        }
    }
    None
}

struct Pending {
    line: u64,
    when: DateTime,
    sender: String,
    text: String,
}

/// Parses a whole LINE history.
pub fn parse(
    text: &str,
    bad: &mut dyn FnMut(ImportError) -> Result<(), ImportError>,
) -> Result<Chat, ImportError> {
    let mut chat = Chat {
        app: "line",
        ..Chat::default()
    };
    let mut day: Option<Date> = None;
    let mut pending: Option<Pending> = None;
    let mut items = Vec::new();
    let finish = |p: Pending, items: &mut Vec<ChatItem>| {
        if p.sender.trim().is_empty() {
            return;
        }
        let mut t = p.text.as_str();
        if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') && t.contains('\n') {
            t = &t[1..t.len() - 1];
        }
        let t = t.replace("\"\"", "\"");
        let kind = if matches!(
            t.trim(),
            "☎ Missed call" | "☎ ไม่ได้รับสาย" | "ไม่ได้รับสาย" | "Missed call"
        ) {
            ItemKind::Call { duration_s: 0 }
        } else {
            ItemKind::Message(message_text(&t))
        };
        items.push(ChatItem {
            at: Position::Line(p.line),
            when: When::Local(p.when),
            sender: nfc(p.sender.trim()),
            kind,
        });
    };
    for (n, line) in numbered_lines(text) {
        if n <= 3 && chat.title.is_none() {
            if let Some((t, one)) = header_title(line) {
                chat.title = Some(t);
                chat.one_to_one = Some(one);
                continue;
            }
            if line.trim_start().starts_with("[LINE]") {
                continue;
            }
        }
        let inside_quote = pending.as_ref().is_some_and(|p| {
            p.text.starts_with('"') && !(p.text.len() > 1 && p.text.ends_with('"'))
        });
        if !inside_quote {
            if let Some(d) = date_line(line) {
                if let Some(p) = pending.take() {
                    finish(p, &mut items);
                }
                day = Some(d);
                continue;
            }
            if let Some((h, m, sender, text)) = message_line(line) {
                if let Some(p) = pending.take() {
                    finish(p, &mut items);
                }
                let Some(d) = day else {
                    bad(ImportError::Item {
                        at: Position::Line(n),
                        message: "a message before any date line".into(),
                    })?;
                    continue;
                };
                let when = d.at(h as i8, m as i8, 0, 0);
                pending = Some(Pending {
                    line: n,
                    when,
                    sender: sender.to_owned(),
                    text: text.to_owned(),
                });
                continue;
            }
        }
        match &mut pending {
            Some(p) => {
                p.text.push('\n');
                p.text.push_str(line);
            }
            None => {
                // The "Saved on" line and blank lines before the first date.
            }
        }
    }
    if let Some(p) = pending.take() {
        finish(p, &mut items);
    }
    chat.items = items;
    Ok(chat)
}

/// A LINE chat history (`[LINE] Chat history with ...`), English or Thai.
pub struct Line;

impl Format for Line {
    fn id(&self) -> &'static str {
        "line"
    }

    fn describe(&self) -> &'static str {
        "a LINE chat history (.txt)"
    }

    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence {
        let (head, _) = text::decode(&head[..head.len().min(4096)]);
        let first = head.lines().find(|l| !l.trim().is_empty());
        if first.is_some_and(|l| l.trim_start().starts_with("[LINE]")) {
            return Confidence::Content;
        }
        // Without the header (a file cut from the middle): a date line then tab lines.
        let mut lines = head.lines().filter(|l| !l.trim().is_empty());
        if lines.next().is_some_and(|l| date_line(l).is_some())
            && lines.next().is_some_and(|l| message_line(l).is_some())
        {
            return Confidence::Content;
        }
        let name = file_name.unwrap_or("").to_ascii_lowercase();
        if name.contains("[line]") && extension(file_name).as_deref() == Some("txt") {
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
        let bytes = or_file_bad!(read_all(input)?, sink);
        let (text, _) = text::decode(&bytes);
        drop(bytes);
        let chat = parse(&text, &mut |e| Ok(sink.bad(e)?))?;
        emit_chat(&chat, ctx, sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_in_english_and_thai_with_buddhist_years() {
        for (line, day) in [
            ("2024.01.15 Monday", "2024-01-15"),
            ("2024/01/15(Mon)", "2024-01-15"),
            ("วันจันทร์, 15/01/2567", "2024-01-15"),
            ("ศ. 28/11/2568", "2025-11-28"),
            ("Sun, 26/04/2026", "2026-04-26"),
            ("2025.05.15 วันพฤหัสบดี", "2025-05-15"),
        ] {
            assert_eq!(
                date_line(line).map(|d| d.to_string()).as_deref(),
                Some(day),
                "{line}"
            );
        }
        assert!(date_line("09:30\tLan\t15/01/2024").is_none());
    }

    #[test]
    fn headers_name_the_other_person_or_the_group() {
        assert_eq!(
            header_title("[LINE] Chat history with Somchai"),
            Some(("Somchai".into(), true))
        );
        assert_eq!(
            header_title("[LINE] ประวัติการแชทกับ สมชาย"),
            Some(("สมชาย".into(), true))
        );
        assert_eq!(
            header_title("[LINE] ประวัติการแชทในกลุ่ม \"ทีมงาน\""),
            Some(("ทีมงาน".into(), false))
        );
        assert_eq!(
            message_line("04:35PM\tLan\thi"),
            Some((16, 35, "Lan", "hi"))
        );
    }
}
