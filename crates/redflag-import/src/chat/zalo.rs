//! Zalo has no export (its backups are encrypted and restore-only), so redflag reads a
//! conversation the user copies out of Zalo into this plain form, documented in the crate's
//! README:
//!
//! ```text
//! [Zalo] Trò chuyện với Chị Lan
//! [15/01/2024 09:30] Chị Lan: Em ơi, giảm giá thêm được không?
//! [15/01/2024 09:32] Minh: Dạ, để em xem lại ạ.
//! Dòng tiếp theo của cùng tin nhắn.
//! ```
//!
//! The first line names the other person (`[Zalo] Chat with NAME` or `[Zalo] Trò chuyện với
//! NAME`) or a group (`[Zalo] Group NAME`, `[Zalo] Nhóm NAME`); then one line per message,
//! `[dd/mm/yyyy hh:mm] Name: text` (day first, as Vietnamese phones write it; seconds and
//! 2-digit years accepted), and lines without a header continue the message above. Since the
//! title names the other person, every other sender is the user.

use std::io::BufRead;

use redflag_text::nfc;

use super::whatsapp::{DateOrder, import_transcript};
use crate::{Confidence, Context, Format, ImportError, Sink};

/// The title line: the chat's name and whether it is one-to-one.
fn title(line: &str) -> Option<Option<(String, bool)>> {
    let rest = line
        .trim_start_matches('\u{feff}')
        .trim()
        .strip_prefix("[Zalo]")?
        .trim();
    let lower = rest.to_lowercase();
    for (prefix, one) in [
        ("chat with ", true),
        ("trò chuyện với ", true),
        ("group ", false),
        ("nhóm ", false),
    ] {
        if lower.starts_with(prefix) {
            let name = rest[prefix.len()..].trim().trim_matches('"');
            return Some((!name.is_empty()).then(|| (nfc(name), one)));
        }
    }
    Some((!rest.is_empty()).then(|| (nfc(rest), true)))
}

/// A Zalo conversation pasted into the documented transcript form.
pub struct Zalo;

impl Format for Zalo {
    fn id(&self) -> &'static str {
        "zalo"
    }

    fn describe(&self) -> &'static str {
        "a Zalo conversation pasted as a transcript ([Zalo] title, [dd/mm/yyyy hh:mm] Name: text)"
    }

    fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
        let head = String::from_utf8_lossy(&head[..head.len().min(1024)]);
        let first = head
            .trim_start_matches('\u{feff}')
            .lines()
            .find(|l| !l.trim().is_empty());
        if first.is_some_and(|l| l.trim_start().starts_with("[Zalo]")) {
            Confidence::Content
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
        import_transcript(input, ctx, sink, "zalo", Some(DateOrder::DayFirst), &title)
    }
}
