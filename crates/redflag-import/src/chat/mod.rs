//! Chat exports: WhatsApp `.txt`, Telegram Desktop JSON, LINE `.txt`, Facebook Messenger JSON
//! and the documented Zalo pasted-transcript form.
//!
//! Each parser turns its file into [`Chat`]s (a title when the export has one, and the items in
//! file order); [`emit_chat`] then does the same for all of them:
//!
//! * **Who is who.** A sender is the user when [`Context::is_me_in_chat`] says so (`--me`
//!   takes display names and numbers), or when the export says whose account it is (Telegram's
//!   `personal_information`) or names the other person of a one-to-one chat (Telegram
//!   `personal_chat`, Messenger and LINE titles): everyone else in that chat is the user.
//! * **The party.** [`Context::party`] (`--party`) takes the whole file. Else the counterpart is
//!   the one other participant of a one-to-one chat, or the group named by the export; it is
//!   matched by number, then by name, in the party directory, or becomes a prospect named after
//!   it (id `chat:<name>` or `phone:<+digits>`) unless [`Context::known_only`], which skips the
//!   chat's messages. A chat whose other people cannot be told apart (two senders and no `--me`,
//!   a group without a name) is one bad item that says what to pass.
//! * **Ids.** A message's id hashes the app, the chat's own identity (the counterpart or the
//!   group as the file names it, not the party it is filed under), the time as the file writes
//!   it, the sender and the text; an identical message repeated in the same minute gets `-2`,
//!   `-3`... in file order. So importing the same export again changes nothing, an export that
//!   grew only adds the new messages, and `--party` or `--timezone` on a second import moves
//!   the same events rather than duplicating them.
//! * **Time.** Exports that write wall-clock times without an offset (WhatsApp, LINE, Zalo) are
//!   read in [`Context::timezone`]; Unix times (Telegram, Messenger) get that zone's offset.

pub mod line;
pub mod messenger;
pub mod telegram;
pub mod whatsapp;
pub mod zalo;

use std::collections::HashMap;
use std::io::{BufRead, Read};

use redflag_domain::jiff::Timestamp;
use redflag_domain::jiff::civil::DateTime;
use redflag_domain::{
    At, Call, Channel, Direction, Event, EventBody, EventId, Message, Party, PartyId, Record, Role,
    SignalSet,
};
use redflag_text::nfc;

use crate::context::{looks_like_phone, normalise_name, normalise_phone};
use crate::{Context, ImportError, Position, Sink, Skip};

pub use line::Line;
pub use messenger::Messenger;
pub use telegram::Telegram;
pub use whatsapp::WhatsApp;
pub use zalo::Zalo;

/// The largest chat export read: the whole file is held while its dates are worked out (a
/// WhatsApp file's day/month order needs all of it), so a bound keeps memory sensible.
pub const MAX_CHAT_BYTES: usize = 512 << 20;

/// When an item happened, as the export writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A wall-clock time with no zone (WhatsApp, LINE, Zalo).
    Local(DateTime),
    /// Unix seconds (Telegram, Messenger).
    Unix(i64),
}

impl When {
    /// The instant, in `ctx`'s zone for a wall-clock time, with that zone's offset.
    pub fn to_at(self, ctx: &Context) -> Option<At> {
        let ts = match self {
            When::Local(dt) => ctx.timezone.to_ambiguous_timestamp(dt).compatible().ok()?,
            When::Unix(s) => Timestamp::from_second(s).ok()?,
        };
        let offset = ctx.timezone.to_offset(ts);
        Some(At::Instant { ts, offset })
    }

    fn key(self) -> String {
        match self {
            When::Local(dt) => dt.to_string(),
            When::Unix(s) => s.to_string(),
        }
    }
}

/// What an item is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A message; `None` text for media or a deleted message (the message still counts).
    Message(Option<String>),
    /// A call record; the sender is the caller.
    Call {
        /// 0 when missed or declined.
        duration_s: u32,
    },
}

/// One item of a chat, as its export has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatItem {
    /// Where it starts.
    pub at: Position,
    /// When.
    pub when: When,
    /// The sender as the export names them (display name or number), NFC.
    pub sender: String,
    /// What it is.
    pub kind: ItemKind,
}

impl ChatItem {
    /// The text, for a message that has some.
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            ItemKind::Message(t) => t.as_deref(),
            ItemKind::Call { .. } => None,
        }
    }
}

/// One conversation of an export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chat {
    /// The app, for ids and threads: `whatsapp`, `telegram`, `line`, `messenger`, `zalo`.
    pub app: &'static str,
    /// The other person of a one-to-one chat or the group's name, when the export says.
    pub title: Option<String>,
    /// Whether the export says it is one-to-one (`Some(true)`) or a group (`Some(false)`).
    pub one_to_one: Option<bool>,
    /// Senders the export says are the user (Telegram's own account).
    pub me: Vec<String>,
    /// The items, in file order.
    pub items: Vec<ChatItem>,
}

/// The value of a whole-file step (reading, parsing), or, when it failed, the failure reported
/// to the sink as a bad item at the start of the file and a return from the importer.
macro_rules! or_file_bad {
    ($step:expr, $sink:expr) => {
        match $step {
            Ok(value) => value,
            Err(message) => {
                return Ok($sink.bad(ImportError::Item {
                    at: Position::Line(1),
                    message,
                })?);
            }
        }
    };
}
pub(crate) use or_file_bad;

/// Reads a whole export, refusing one beyond [`MAX_CHAT_BYTES`].
pub(crate) fn read_all(input: &mut dyn BufRead) -> Result<Result<Vec<u8>, String>, ImportError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_CHAT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ImportError::Io {
            at: Position::Line(1),
            source,
        })?;
    if bytes.len() > MAX_CHAT_BYTES {
        return Ok(Err(format!(
            "the chat export is larger than {} MB; split it, or export a shorter period",
            MAX_CHAT_BYTES >> 20
        )));
    }
    Ok(Ok(bytes))
}

/// Lines of decoded text with their 1-based numbers, without line ends.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// 128-bit FNV-1a: stable across versions and platforms, unlike `std`'s hashers.
fn fnv128(parts: &[&str]) -> u128 {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u128::from(b);
            h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
    }
    h
}

/// Who the chat is with: the name or number the export gives, and whether it is a group.
struct Counterpart {
    name: String,
}

/// The result of working out who is who in a chat.
enum Sides {
    /// File under this counterpart; `me` are the senders who are the user.
    Found {
        counterpart: Counterpart,
        me: Vec<String>,
    },
    /// Only the user writes in it.
    OnlyMe,
    /// Cannot tell: the message says what to pass.
    Unclear(String),
}

fn said_me(chat: &Chat, ctx: &Context, sender: &str) -> bool {
    ctx.is_me_in_chat(sender)
        || chat
            .me
            .iter()
            .any(|m| normalise_name(m) == normalise_name(sender))
}

fn sides(chat: &Chat, ctx: &Context) -> Sides {
    let mut senders: Vec<&str> = Vec::new();
    for item in &chat.items {
        if !senders
            .iter()
            .any(|s| normalise_name(s) == normalise_name(&item.sender))
        {
            senders.push(&item.sender);
        }
    }
    let said_me = |s: &str| said_me(chat, ctx, s);
    let mut me: Vec<String> = senders
        .iter()
        .filter(|s| said_me(s))
        .map(|s| s.to_string())
        .collect();
    let others: Vec<&str> = senders.iter().copied().filter(|s| !said_me(s)).collect();
    let title = chat.title.clone().filter(|t| !t.trim().is_empty());
    // The export names the other person of a one-to-one chat: everyone else is the user.
    if chat.one_to_one == Some(true)
        && let Some(t) = &title
    {
        for s in &others {
            if normalise_name(s) != normalise_name(t) {
                me.push(s.to_string());
            }
        }
        return Sides::Found {
            counterpart: Counterpart { name: t.clone() },
            me,
        };
    }
    // The export names the chat after one of two senders (iOS WhatsApp puts the contact's
    // name on the encryption notice): a one-to-one chat, the other sender is the user.
    if let Some(t) = &title
        && others.len() == 2
        && me.is_empty()
        && chat.one_to_one.is_none()
        && let Some(user) = others
            .iter()
            .find(|s| normalise_name(s) != normalise_name(t))
        && others
            .iter()
            .any(|s| normalise_name(s) == normalise_name(t))
    {
        return Sides::Found {
            counterpart: Counterpart { name: t.clone() },
            me: vec![user.to_string()],
        };
    }
    match (others.len(), &title) {
        (_, Some(t)) if others.len() > 1 || chat.one_to_one == Some(false) => Sides::Found {
            counterpart: Counterpart { name: t.clone() },
            me,
        },
        (1, _) => Sides::Found {
            counterpart: Counterpart {
                name: others[0].to_owned(),
            },
            me,
        },
        (0, Some(t)) => Sides::Found {
            counterpart: Counterpart { name: t.clone() },
            me,
        },
        (0, None) => Sides::OnlyMe,
        (2, None) if me.is_empty() => {
            // A one-to-one chat read without --me: the one sender the directory knows is the
            // party, the other the user.
            let known: Vec<&str> = others
                .iter()
                .copied()
                .filter(|s| party_in_directory(s, ctx).is_some())
                .collect();
            if let [party] = known[..] {
                let user = others.iter().find(|s| **s != party).expect("two senders");
                return Sides::Found {
                    counterpart: Counterpart {
                        name: party.to_owned(),
                    },
                    me: vec![user.to_string()],
                };
            }
            Sides::Unclear(format!(
                "two people write in this chat ({:?} and {:?}): say which one is you with --me NAME, \
                 or file the chat under a party with --party ID",
                others[0], others[1]
            ))
        }
        (n, _) => Sides::Unclear(format!(
            "a group chat with {n} other people ({}) and no group name: file it under a party \
             with --party ID (or say which names are yours with --me NAME)",
            others
                .iter()
                .take(5)
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn party_in_directory<'c>(name: &str, ctx: &'c Context) -> Option<&'c PartyId> {
    if looks_like_phone(name)
        && let Some(p) = ctx.party_by_phone(name)
    {
        return Some(p);
    }
    ctx.party_by_name(name)
}

/// The id of the prospect created for a chat counterpart: from the number when the export
/// shows one, else from the name; stable, so that importing again finds the same party.
pub fn party_id_for_chat(name: &str) -> PartyId {
    if looks_like_phone(name) {
        PartyId::new(format!("phone:{}", normalise_phone(name)))
    } else {
        PartyId::new(format!("chat:{}", normalise_name(name)))
    }
}

/// Sends one chat's records: the counterpart's new prospect first when needed, then an event
/// per message or call.
pub fn emit_chat(chat: &Chat, ctx: &mut Context, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let Some(first) = chat.items.first() else {
        return Ok(());
    };
    let first_at = first.at;
    let (party, chat_key, me) = match (ctx.party.clone(), sides(chat, ctx)) {
        (Some(forced), sides) => {
            let (key, me) = match sides {
                Sides::Found { counterpart, me } => (normalise_name(&counterpart.name), me),
                Sides::OnlyMe | Sides::Unclear(_) => (
                    format!("party:{}", forced.as_str()),
                    chat.items
                        .iter()
                        .filter(|i| said_me(chat, ctx, &i.sender))
                        .map(|i| i.sender.clone())
                        .collect(),
                ),
            };
            (forced, key, me)
        }
        (None, Sides::OnlyMe) => {
            for item in &chat.items {
                sink.skip(&item.at, Skip::NoCounterparty)?;
            }
            return Ok(());
        }
        (None, Sides::Unclear(message)) => {
            return Ok(sink.bad(ImportError::Item {
                at: first_at,
                message,
            })?);
        }
        (None, Sides::Found { counterpart, me }) => {
            let key = normalise_name(&counterpart.name);
            let id = party_id_for_chat(&counterpart.name);
            let party = match party_in_directory(&counterpart.name, ctx) {
                Some(p) => p.clone(),
                None if ctx.has_party(id.as_str()) => id,
                None if ctx.known_only => {
                    for item in &chat.items {
                        sink.skip(
                            &item.at,
                            Skip::UnknownSender {
                                address: counterpart.name.clone(),
                            },
                        )?;
                    }
                    return Ok(());
                }
                None => {
                    let phone = looks_like_phone(&counterpart.name);
                    let party = Party {
                        id,
                        name: nfc(counterpart.name.trim().trim_start_matches('~').trim()),
                        role: Role::Prospect,
                        lang: None,
                        timezone: None,
                        emails: Vec::new(),
                        phones: if phone {
                            vec![counterpart.name.trim().to_owned()]
                        } else {
                            Vec::new()
                        },
                        since: None,
                        tags: Vec::new(),
                    };
                    ctx.add_party(&party);
                    let id = party.id.clone();
                    sink.record(&first_at, Record::Party(party))?;
                    id
                }
            };
            (party, key, me)
        }
    };
    let thread = format!("{}:{}", chat.app, chat_key);
    let mut repeats: HashMap<u128, u32> = HashMap::new();
    for item in &chat.items {
        let Some(at) = item.when.to_at(ctx) else {
            sink.bad(ImportError::Item {
                at: item.at,
                message: "the date is out of range".into(),
            })?;
            continue;
        };
        let ours = me
            .iter()
            .any(|m| normalise_name(m) == normalise_name(&item.sender));
        let direction = if ours { Direction::Out } else { Direction::In };
        let (kind, body_key) = match &item.kind {
            ItemKind::Message(t) => ("m", t.clone().unwrap_or_default()),
            ItemKind::Call { duration_s } => ("c", duration_s.to_string()),
        };
        let key = item.when.key();
        let sender = normalise_name(&item.sender);
        let h = fnv128(&[chat.app, &chat_key, kind, &key, &sender, &body_key]);
        let n = repeats.entry(h).or_insert(0);
        *n += 1;
        let mut id = format!("{}-{:020x}", chat.app, h >> 48);
        if *n > 1 {
            id.push_str(&format!("-{n}"));
        }
        let body = match &item.kind {
            ItemKind::Message(text) => EventBody::Message(Message {
                direction,
                channel: Channel::Chat,
                author: Some(item.sender.clone()),
                subject: None,
                thread: Some(thread.clone()),
                text: text.clone().filter(|t| !t.trim().is_empty()),
                signals: SignalSet::default(),
                hits: Vec::new(),
                classifier: None,
            }),
            ItemKind::Call { duration_s } => EventBody::Call(Call {
                direction,
                duration_s: *duration_s,
                author: Some(item.sender.clone()),
            }),
        };
        let event = Event {
            id: EventId::new(id),
            party: party.clone(),
            at,
            tags: Vec::new(),
            body,
        };
        sink.record(&item.at, Record::Event(event))?;
    }
    Ok(())
}

/// Whether a format id is one of the chat formats (which `--party` applies to).
pub fn is_chat_format(id: &str) -> bool {
    matches!(id, "whatsapp" | "telegram" | "line" | "messenger" | "zalo")
}

/// Placeholders the apps write instead of media, in the languages our users' phones use: the
/// message counts, its text does not.
pub(crate) fn is_media_placeholder(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['\u{200e}', '\u{200f}'])
        .trim();
    let lower = t.to_lowercase();
    lower.starts_with("<attached:")
        || lower.ends_with("(file attached)")
        || lower.ends_with("(tệp đính kèm)")
        || matches!(
            lower.as_str(),
            "<media omitted>"
                | "<médias omis>"
                | "<medien ausgeschlossen>"
                | "<multimedia omitido>"
                | "<đã bỏ qua tệp phương tiện>"
                | "<không bao gồm tệp phương tiện>"
                | "<ไม่รวมสื่อ>"
                | "<สื่อถูกตัดออก>"
                | "image omitted"
                | "video omitted"
                | "audio omitted"
                | "sticker omitted"
                | "gif omitted"
                | "document omitted"
                | "contact card omitted"
                | "this message was deleted"
                | "you deleted this message"
                | "tin nhắn này đã bị xóa"
                | "bạn đã xóa tin nhắn này"
                | "ข้อความนี้ถูกลบแล้ว"
                | "คุณลบข้อความนี้แล้ว"
                | "[sticker]"
                | "[photo]"
                | "[video]"
                | "[file]"
                | "[voice message]"
                | "[รูป]"
                | "[สติกเกอร์]"
                | "[วิดีโอ]"
                | "[ไฟล์]"
                | "[hình ảnh]"
                | "[nhãn dán]"
        )
}

/// Turns a message's raw text into what is kept: trimmed, NFC, `None` for a placeholder.
pub(crate) fn message_text(raw: &str) -> Option<String> {
    let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{200e}' || c == '\u{200f}');
    if t.is_empty() || is_media_placeholder(t) {
        return None;
    }
    Some(nfc(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_ids_come_from_the_number_or_the_name() {
        assert_eq!(
            party_id_for_chat("+84 90 123 4567").as_str(),
            "phone:+84901234567"
        );
        assert_eq!(
            party_id_for_chat("~\u{202f}Chị  Lan").as_str(),
            "chat:chị lan"
        );
    }

    #[test]
    fn placeholders_keep_the_message_but_not_the_text() {
        assert_eq!(message_text("<Media omitted>"), None);
        assert_eq!(message_text("\u{200e}image omitted"), None);
        assert_eq!(message_text("  Giảm giá nhé "), Some("Giảm giá nhé".into()));
    }
}
