//! Facebook Messenger (and Instagram) from "Download your information" in JSON:
//! `messages/inbox/<thread>/message_1.json` with `participants`, `title`, `thread_type` and
//! `messages` (newest first) of `sender_name`, `timestamp_ms` and `content`, or call entries
//! with `call_duration`.
//!
//! Meta writes every string as its UTF-8 bytes escaped one by one (`\u00c3\u00a1` for "á"),
//! so Vietnamese and Thai arrive unreadable: [`repair`] maps each character back to a byte and
//! decodes the bytes as UTF-8, leaving alone a string that is not such a sequence. A two-person
//! thread is one-to-one and titled after the other person, so the other sender is the user.

use std::io::BufRead;

use redflag_text::nfc;
use serde::Deserialize;

use super::{Chat, ChatItem, ItemKind, When, emit_chat, message_text, or_file_bad, read_all};
use crate::{Confidence, Context, Format, ImportError, Position, Sink};

/// Undoes Meta's mis-encoding: when every character is below U+0100 and, taken as bytes, they
/// are valid UTF-8, that UTF-8; otherwise the string as it is. NFC.
///
/// ```
/// use redflag_import::chat::messenger::repair;
/// assert_eq!(repair("Gi\u{e1}\u{ba}\u{a3}m gi\u{c3}\u{a1}"), "Giảm giá");
/// assert_eq!(repair("café"), "café");
/// ```
pub fn repair(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    if s.chars().all(|c| (c as u32) < 0x100) {
        let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
        if let Ok(fixed) = String::from_utf8(bytes) {
            return nfc(&fixed);
        }
    }
    nfc(s)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Thread {
    participants: Vec<Participant>,
    messages: Vec<Msg>,
    title: Option<String>,
    thread_type: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Participant {
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Msg {
    sender_name: Option<String>,
    timestamp_ms: Option<i64>,
    content: Option<String>,
    call_duration: Option<u32>,
    #[serde(rename = "type")]
    kind: Option<String>,
    photos: Option<serde_json::Value>,
    videos: Option<serde_json::Value>,
    audio_files: Option<serde_json::Value>,
    files: Option<serde_json::Value>,
    sticker: Option<serde_json::Value>,
    is_unsent: Option<bool>,
}

/// Parses one thread file.
pub fn parse(
    bytes: &[u8],
    bad: &mut dyn FnMut(ImportError) -> Result<(), ImportError>,
) -> Result<Result<Chat, String>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let thread: Thread = match serde_json::from_slice(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Ok(Err(format!(
                "not a Messenger JSON export: {e} (line {}, column {})",
                e.line(),
                e.column()
            )));
        }
    };
    let group = thread
        .thread_type
        .as_deref()
        .is_some_and(|t| t.contains("Group"))
        || thread.participants.len() > 2;
    let one_to_one = if group {
        Some(false)
    } else if thread.participants.len() == 2 {
        Some(true)
    } else {
        None
    };
    let mut chat = Chat {
        app: "messenger",
        title: thread
            .title
            .as_deref()
            .map(repair)
            .filter(|t| !t.trim().is_empty()),
        one_to_one,
        me: Vec::new(),
        items: Vec::new(),
    };
    // Newest first in the file: read oldest first, numbered as the file numbers them.
    for (i, m) in thread.messages.into_iter().enumerate().rev() {
        let at = Position::Message {
            number: i as u64 + 1,
            offset: 0,
        };
        let Some(ms) = m.timestamp_ms else {
            bad(ImportError::Item {
                at,
                message: "a Messenger message without timestamp_ms".into(),
            })?;
            continue;
        };
        let Some(sender) = m
            .sender_name
            .as_deref()
            .map(repair)
            .filter(|s| !s.trim().is_empty())
        else {
            continue;
        };
        let kind = if m.kind.as_deref() == Some("Call") || m.call_duration.is_some() {
            ItemKind::Call {
                duration_s: m.call_duration.unwrap_or(0),
            }
        } else {
            let media = m.photos.is_some()
                || m.videos.is_some()
                || m.audio_files.is_some()
                || m.files.is_some()
                || m.sticker.is_some()
                || m.is_unsent == Some(true);
            let text = m
                .content
                .as_deref()
                .map(repair)
                .and_then(|t| message_text(&t));
            if text.is_none() && !media {
                continue;
            }
            ItemKind::Message(text)
        };
        chat.items.push(ChatItem {
            at,
            when: When::Unix(ms.div_euclid(1000)),
            sender,
            kind,
        });
    }
    Ok(Ok(chat))
}

/// One Messenger (or Instagram) thread from "Download your information", JSON.
pub struct Messenger;

impl Format for Messenger {
    fn id(&self) -> &'static str {
        "messenger"
    }

    fn describe(&self) -> &'static str {
        "a Facebook Messenger or Instagram JSON thread (message_1.json)"
    }

    fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
        let head = String::from_utf8_lossy(&head[..head.len().min(8192)]);
        let t = head.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('{')
            && t.contains("\"participants\"")
            && (t.contains("\"sender_name\"") || t.contains("\"timestamp_ms\""))
        {
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
        let bytes = or_file_bad!(read_all(input)?, sink);
        let chat = or_file_bad!(parse(&bytes, &mut |e| Ok(sink.bad(e)?))?, sink);
        drop(bytes);
        emit_chat(&chat, ctx, sink)
    }
}
