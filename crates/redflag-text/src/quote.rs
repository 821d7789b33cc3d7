//! The sender's own text of an email or chat message, without the quoted conversation.

/// Whether a (trimmed) line opens a quoted reply by itself.
fn is_single_line_header(line: &str) -> bool {
    // Every header below ends with `:` or starts with dashes, and lowercasing neither adds nor
    // removes either: most lines are ruled out without lowercasing them.
    if !(line.ends_with(':') || line.starts_with("-----")) {
        return false;
    }
    let lower = line.to_lowercase();
    let dashes = lower.trim_matches('-').trim();
    (lower.starts_with("-----") && (dashes == "original message" || dashes == "tin nhắn gốc"))
        || (lower.starts_with("on ") && lower.ends_with("wrote:"))
        || (lower.starts_with("vào ") && lower.ends_with("đã viết:"))
        || (line.starts_with("เมื่อ") && line.ends_with("เขียนว่า:"))
}

/// The first line of a header that may be wrapped onto the next line ("On Mon, ... <a@b>" /
/// "wrote:").
fn is_wrapped_header(line: &str, next: &str) -> bool {
    // The next line ends with `:` in every case (see `is_single_line_header`).
    if !next.ends_with(':') {
        return false;
    }
    let lower = line.to_lowercase();
    let next = next.to_lowercase();
    (lower.starts_with("on ") && next.ends_with("wrote:"))
        || (lower.starts_with("vào ") && next.ends_with("đã viết:"))
        || (line.starts_with("เมื่อ") && next.ends_with("เขียนว่า:"))
}

/// An Outlook-style header block: a "From:" line followed within three lines by "Sent:" (or the
/// Vietnamese and Thai Outlook labels).
fn is_from_block(lines: &[&str]) -> bool {
    // Every label has a `:`, which lowercasing keeps.
    if !lines[0].contains(':') {
        return false;
    }
    let first = lines[0].to_lowercase();
    let from = ["from:", "từ:", "จาก:"]
        .iter()
        .any(|p| first.starts_with(p));
    from && lines[1..].iter().take(3).any(|l| {
        let l = l.trim().to_lowercase();
        ["sent:", "date:", "đã gửi:", "ส่ง:", "ส่งเมื่อ:"]
            .iter()
            .any(|p| l.starts_with(p))
    })
}

/// The sender's own new text of an email or chat message.
///
/// Cuts at the first quoted-reply header ("On ... wrote:", "Vào ... đã viết:",
/// "เมื่อ ... เขียนว่า:", "-----Original Message-----", "From: ... Sent:") and drops a trailing
/// block of lines starting with `>`. The result is always a prefix of `text` (so offsets into it
/// are offsets into `text`), with trailing whitespace removed. Quoted `>` lines *between* the
/// sender's own lines (inline replies) cannot be cut out of a prefix; [`crate::Classifier`]
/// skips them itself.
///
/// ```
/// let mail = "Too expensive for us.\n\nOn Mon, 3 Mar 2025, Lan <lan@x.vn> wrote:\n> Our price is 5tr";
/// assert_eq!(redflag_text::strip_quoted(mail), "Too expensive for us.");
/// ```
pub fn strip_quoted(text: &str) -> &str {
    // A one-line message (most chat lines) needs no line table: it is either a header or quoted
    // line on its own (nothing left) or all the sender's.
    if !text.contains('\n') {
        let line = text.trim();
        let quoted = line.is_empty()
            || line.starts_with('>')
            || (may_be_header(line) && is_single_line_header(line));
        // `&text[..0]`, not `""`: the result must point into `text` (callers take offsets).
        return if quoted { &text[..0] } else { text.trim_end() };
    }
    strip_quoted_lines(text)
}

/// Whether a (trimmed) line can start a header: every header starts with one of these letters (or
/// a dash); most chat lines do not, and skip the lowercasing of the header checks.
fn may_be_header(l: &str) -> bool {
    l.starts_with(['O', 'o', 'V', 'v', '-', 'F', 'f', 'T', 't', 'จ']) || l.starts_with("เมื่อ")
}

/// [`strip_quoted`] for a message of several lines.
fn strip_quoted_lines(text: &str) -> &str {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line.trim()));
        at += line.len();
    }
    let mut cut = text.len();
    for i in 0..lines.len() {
        if !may_be_header(lines[i].1) {
            continue;
        }
        let (start, line) = lines[i];
        let next = lines.get(i + 1).map_or("", |l| l.1);
        let from_block = || {
            let trimmed: Vec<&str> = lines[i..lines.len().min(i + 4)]
                .iter()
                .map(|l| l.1)
                .collect();
            is_from_block(&trimmed)
        };
        if is_single_line_header(line) || is_wrapped_header(line, next) || from_block() {
            cut = start;
            break;
        }
    }
    // A trailing block of `>` lines (and blank lines) is quoted text without a header.
    let mut end = cut;
    for &(start, line) in lines.iter().rev() {
        if start >= cut {
            continue;
        }
        if line.is_empty() || line.starts_with('>') {
            end = start;
        } else {
            break;
        }
    }
    text[..end].trim_end()
}

#[cfg(test)]
mod tests {
    use super::strip_quoted;

    #[test]
    fn cuts_at_english_gmail_header() {
        let t = "Can you lower the price?\n\nOn Tue, Mar 4, 2025 at 9:12 AM Minh <m@x.vn> wrote:\n> Here is our quote";
        assert_eq!(strip_quoted(t), "Can you lower the price?");
    }

    #[test]
    fn cuts_at_wrapped_english_header() {
        let t = "ok thanks\nOn Tue, Mar 4, 2025 at 9:12 AM Minh Nguyen <minh.nguyen@example.vn>\nwrote:\n> quote";
        assert_eq!(strip_quoted(t), "ok thanks");
    }

    #[test]
    fn cuts_at_vietnamese_gmail_header() {
        let t = "Giảm giá chút đi em\n\nVào Th 3, 4 thg 3, 2025 lúc 09:12 Lan <lan@x.vn> đã viết:\n> Báo giá";
        assert_eq!(strip_quoted(t), "Giảm giá chút đi em");
    }

    #[test]
    fn cuts_at_thai_gmail_header() {
        let t =
            "ขอส่วนลดหน่อยครับ\nเมื่อ อ. 4 มี.ค. 2025 เวลา 09:12 Somchai <s@x.th> เขียนว่า:\n> ใบเสนอราคา";
        assert_eq!(strip_quoted(t), "ขอส่วนลดหน่อยครับ");
    }

    #[test]
    fn cuts_at_outlook_headers() {
        let t = "Fine.\n-----Original Message-----\nFrom: a\nSent: b\n\nyou idiots";
        assert_eq!(strip_quoted(t), "Fine.");
        let t = "Noted.\n\nFrom: Lan <lan@x.vn>\nSent: Tuesday\nTo: me\nSubject: quote\n\nold";
        assert_eq!(strip_quoted(t), "Noted.");
    }

    #[test]
    fn drops_trailing_quoted_lines_but_keeps_inline_replies_in_the_prefix() {
        assert_eq!(strip_quoted("sure\n> old\n> older\n"), "sure");
        let t = "> your price?\ntoo high\n> ok";
        assert_eq!(strip_quoted(t), "> your price?\ntoo high");
    }

    #[test]
    fn one_line_messages_take_the_short_path_with_the_same_answer() {
        for t in [
            "",
            "   ",
            "> quoted",
            "  > quoted  ",
            "ok thanks  ",
            "On Mon, 3 Mar 2025, Lan <lan@x.vn> wrote:",
            "-----Original Message-----",
            "tin nhắn gốc",
            "Vào Th 3 Lan đã viết:",
            "เมื่อ อ. 4 มี.ค. Somchai เขียนว่า:",
            "From: a Sent: b",
            "Too expensive for us.",
        ] {
            let short = strip_quoted(t);
            assert_eq!(short, super::strip_quoted_lines(t), "{t:?}");
            assert_eq!(short.as_ptr(), t.as_ptr(), "a prefix of {t:?}");
        }
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        let t = "From: the marketing team we need a quote.\nOn Monday we start.";
        assert_eq!(strip_quoted(t), t);
        assert_eq!(strip_quoted(""), "");
    }
}
