//! Telegram Desktop "Export chat history" / "Export Telegram data" in machine-readable JSON
//! (`result.json`): one chat (`{"name", "type", "messages": [...]}`) or a whole account
//! (`{"personal_information", "chats": {"list": [...]}, "left_chats": ...}`).
//!
//! A message's time is `date_unixtime` (UTC; `date` is the exporting machine's wall clock
//! without an offset, read in the context's zone only when the Unix time is missing); its text
//! is a string or an array of strings and `{type, text}` entities, joined. Service messages are
//! dropped except `phone_call`, which becomes a `call` (the actor is the caller, 0 seconds when
//! `duration_seconds` is missing: missed, busy or declined). A `personal_chat` is named after the
//! other person, so every other sender in it is the user; a whole-account export's
//! `personal_information` names the user too.
//!
//! The file is parsed into compact structures that keep only these fields (text, not the
//! JSON tree), within [`super::MAX_CHAT_BYTES`].

use std::io::BufRead;

use redflag_domain::jiff::civil::DateTime;
use redflag_text::nfc;
use serde::Deserialize;

use super::{Chat, ChatItem, ItemKind, When, emit_chat, message_text, or_file_bad, read_all};
use crate::{Confidence, Context, Format, ImportError, Position, Sink, extension};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Export {
    personal_information: Option<Person>,
    chats: Option<ChatList>,
    left_chats: Option<ChatList>,
    // A single-chat export is the chat itself.
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    messages: Option<Vec<Msg>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Person {
    user_id: Option<serde_json::Value>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone_number: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChatList {
    list: Vec<TgChat>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TgChat {
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    messages: Vec<Msg>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Msg {
    #[serde(rename = "type")]
    kind: Option<String>,
    date: Option<String>,
    date_unixtime: Option<serde_json::Value>,
    from: Option<String>,
    from_id: Option<String>,
    actor: Option<String>,
    actor_id: Option<String>,
    action: Option<String>,
    duration_seconds: Option<u32>,
    text: Option<Text>,
    media_type: Option<String>,
    photo: Option<String>,
    file: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Text {
    Plain(String),
    Parts(Vec<Part>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Part {
    Plain(String),
    Entity {
        #[serde(default)]
        text: String,
    },
}

impl Text {
    fn joined(&self) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Parts(parts) => {
                let mut out = String::new();
                for p in parts {
                    match p {
                        Part::Plain(s) | Part::Entity { text: s } => out.push_str(s),
                    }
                }
                out
            }
        }
    }
}

fn unix(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

fn when(m: &Msg) -> Option<When> {
    if let Some(s) = m.date_unixtime.as_ref().and_then(unix) {
        return Some(When::Unix(s));
    }
    let d: DateTime = m.date.as_deref()?.parse().ok()?;
    Some(When::Local(d))
}

/// Parses a whole export into its chats; messages it cannot date go to `bad`.
pub fn parse(
    bytes: &[u8],
    bad: &mut dyn FnMut(ImportError) -> Result<(), ImportError>,
) -> Result<Result<Vec<Chat>, String>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let export: Export = match serde_json::from_slice(bytes) {
        Ok(e) => e,
        Err(e) => {
            return Ok(Err(format!(
                "not a Telegram JSON export: {e} (line {}, column {})",
                e.line(),
                e.column()
            )));
        }
    };
    let mut me = Vec::new();
    let mut my_id = None;
    if let Some(p) = &export.personal_information {
        let full = [p.first_name.as_deref(), p.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !full.is_empty() {
            me.push(nfc(&full));
        }
        if let Some(phone) = &p.phone_number {
            me.push(phone.clone());
        }
        my_id = p.user_id.as_ref().map(|v| match v {
            serde_json::Value::String(s) => format!("user{s}"),
            other => format!("user{other}"),
        });
    }
    let mut raw: Vec<TgChat> = Vec::new();
    if let Some(messages) = export.messages {
        raw.push(TgChat {
            name: export.name,
            kind: export.kind,
            messages,
        });
    }
    for list in [export.chats, export.left_chats].into_iter().flatten() {
        raw.extend(list.list);
    }
    let mut chats = Vec::new();
    let mut number = 0u64;
    for c in raw {
        let one_to_one = c.kind.as_deref().map(|k| k == "personal_chat");
        let mut chat = Chat {
            app: "telegram",
            title: c.name.as_deref().map(nfc).filter(|t| !t.trim().is_empty()),
            one_to_one,
            me: me.clone(),
            items: Vec::new(),
        };
        for m in c.messages {
            number += 1;
            // serde gives no byte offsets: the message's number in the file stands alone.
            let at = Position::Message { number, offset: 0 };
            let Some(when) = when(&m) else {
                bad(ImportError::Item {
                    at,
                    message: "a Telegram message without a readable date_unixtime or date".into(),
                })?;
                continue;
            };
            let service = m.kind.as_deref() == Some("service");
            let (sender, sender_id, kind) = if service {
                if m.action.as_deref() != Some("phone_call") {
                    continue;
                }
                (
                    m.actor.clone(),
                    m.actor_id.clone(),
                    ItemKind::Call {
                        duration_s: m.duration_seconds.unwrap_or(0),
                    },
                )
            } else {
                let text = m.text.as_ref().map(Text::joined).unwrap_or_default();
                let media = m.media_type.is_some() || m.photo.is_some() || m.file.is_some();
                let text = message_text(&text);
                if text.is_none() && !media {
                    continue;
                }
                (m.from.clone(), m.from_id.clone(), ItemKind::Message(text))
            };
            // A deleted account has no name: its id stands in.
            let Some(sender) = sender
                .map(|s| nfc(s.trim()))
                .filter(|s| !s.is_empty())
                .or(sender_id.clone())
            else {
                continue;
            };
            if let (Some(mine), Some(id)) = (&my_id, &sender_id)
                && mine == id
                && !chat.me.contains(&sender)
            {
                chat.me.push(sender.clone());
            }
            chat.items.push(ChatItem {
                at,
                when,
                sender,
                kind,
            });
        }
        chats.push(chat);
    }
    Ok(Ok(chats))
}

/// A Telegram Desktop JSON export (`result.json`): one chat or a whole account.
pub struct Telegram;

impl Format for Telegram {
    fn id(&self) -> &'static str {
        "telegram"
    }

    fn describe(&self) -> &'static str {
        "a Telegram Desktop JSON export (result.json)"
    }

    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence {
        let head = String::from_utf8_lossy(&head[..head.len().min(8192)]);
        let t = head.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('{')
            && (t.contains("\"date_unixtime\"")
                || t.contains("\"personal_information\"")
                || (t.contains("\"messages\"")
                    && (t.contains("\"personal_chat\"")
                        || t.contains("\"private_group\"")
                        || t.contains("\"private_supergroup\"")
                        || t.contains("\"from_id\""))))
        {
            return Confidence::Content;
        }
        let name = file_name.unwrap_or("").to_ascii_lowercase();
        if name.ends_with("result.json") && extension(file_name).as_deref() == Some("json") {
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
        let chats = or_file_bad!(parse(&bytes, &mut |e| Ok(sink.bad(e)?))?, sink);
        drop(bytes);
        for chat in &chats {
            emit_chat(chat, ctx, sink)?;
        }
        Ok(())
    }
}
