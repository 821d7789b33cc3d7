//! Email: one message (`.eml`, a Maildir file) or many (mbox), parsed by `mail-parser`
//! (MIME structure, transfer encodings, RFC 2047 words, charsets including windows-1258 and
//! TIS-620, HTML bodies reduced to text).
//!
//! Each message becomes one `message` event: the Message-ID is its id (or, without one, a hash
//! of date, sender and subject), the thread is the root of its `References` (else its
//! `In-Reply-To`, else itself), `at` keeps the sender's UTC offset, the author is the sender's
//! display name, and the text is the sender's own new words: the quoted conversation below
//! "On ... wrote:", "Vào ... đã viết:", "เมื่อ ... เขียนว่า:" or an Outlook header block is cut
//! off ([`redflag_text::strip_quoted`]), since signals must judge only what the sender wrote.
//!
//! The party is found by address in the [`Context`]: the sender for inbound mail, the first
//! recipient who is not us for outbound mail (mail is outbound when its sender is one of the
//! user's own addresses). Mail with an address no party owns creates a prospect named after that
//! person, with an id derived from the address ([`crate::party_id_for_email`]), unless
//! [`Context::known_only`], which skips it.

pub mod mbox;

use std::io::{BufRead, Read};

use mail_parser::{Address, HeaderValue, MessageParser};
use redflag_domain::jiff::civil::DateTime;
use redflag_domain::jiff::tz::Offset;
use redflag_domain::{
    At, Channel, Direction, Event, EventBody, EventId, Message, Party, Record, Role, SignalSet,
};
use redflag_text::{nfc, strip_quoted};

use crate::context::normalise_email;
use crate::{
    Confidence, Context, Format, ImportError, Position, Sink, Skip, extension, party_id_for_email,
};
use mbox::{MAX_MESSAGE_BYTES, MboxItem, Splitter};

/// A name and address from a header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mailbox {
    /// The display name, decoded, NFC.
    pub name: Option<String>,
    /// The address as written (compare it lower-cased).
    pub address: Option<String>,
}

/// What redflag reads from one message.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MailFields {
    /// `Message-ID`, without angle brackets.
    pub message_id: Option<String>,
    /// The first `From` mailbox.
    pub from: Option<Mailbox>,
    /// `To` mailboxes.
    pub to: Vec<Mailbox>,
    /// `Cc` mailboxes.
    pub cc: Vec<Mailbox>,
    /// `Date`, with the sender's offset.
    pub date: Option<At>,
    /// The date of the newest `Received` header: when `Date` is missing or unusable.
    pub received: Option<At>,
    /// `Subject`, NFC.
    pub subject: Option<String>,
    /// `In-Reply-To` ids.
    pub in_reply_to: Vec<String>,
    /// `References` ids, oldest first.
    pub references: Vec<String>,
    /// Every text body part (HTML reduced to text), joined by blank lines, NFC, with line ends
    /// as `\n`: quoted replies included.
    pub text: String,
}

impl MailFields {
    /// The sender's own new text: [`MailFields::text`] without the quoted conversation, trimmed.
    pub fn new_text(&self) -> &str {
        strip_quoted(&self.text).trim()
    }
}

/// Parses one message. `None` when the bytes hold no header at all.
pub fn read_message(raw: &[u8]) -> Option<MailFields> {
    let msg = MessageParser::default().parse(raw)?;
    if msg.headers().is_empty() {
        return None;
    }
    let date = msg.date().and_then(to_at);
    let received = msg
        .received_all()
        .filter_map(|r| r.date())
        .find_map(|d| to_at(&d));
    let mut text = String::new();
    for i in 0..msg.text_body_count() {
        if let Some(part) = msg.body_text(i) {
            let part = part.trim_end();
            if part.trim().is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(part);
        }
    }
    let text = nfc(&text.replace("\r\n", "\n"));
    Some(MailFields {
        message_id: msg.message_id().map(|s| s.trim().to_owned()),
        from: msg.from().and_then(|a| mailboxes(a).into_iter().next()),
        to: msg.to().map(mailboxes).unwrap_or_default(),
        cc: msg.cc().map(mailboxes).unwrap_or_default(),
        date,
        received,
        subject: msg.subject().map(|s| nfc(s.trim())),
        in_reply_to: ids(msg.in_reply_to()),
        references: ids(msg.references()),
        text,
    })
}

fn mailboxes(a: &Address<'_>) -> Vec<Mailbox> {
    a.iter()
        .map(|addr| Mailbox {
            name: addr.name().map(|n| nfc(n.trim())).filter(|n| !n.is_empty()),
            address: addr
                .address()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
        })
        .collect()
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => vec![t.trim().to_owned()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

fn to_at(d: &mail_parser::DateTime) -> Option<At> {
    if !d.is_valid() {
        return None;
    }
    let dt = DateTime::new(
        i16::try_from(d.year).ok()?,
        i8::try_from(d.month).ok()?,
        i8::try_from(d.day).ok()?,
        i8::try_from(d.hour).ok()?,
        i8::try_from(d.minute).ok()?,
        i8::try_from(d.second).ok()?,
        0,
    )
    .ok()?;
    let secs = i32::from(d.tz_hour) * 3600 + i32::from(d.tz_minute) * 60;
    let offset = Offset::from_seconds(if d.tz_before_gmt { -secs } else { secs }).ok()?;
    let ts = offset.to_timestamp(dt).ok()?;
    Some(At::Instant { ts, offset })
}

/// A stable id for a message without a Message-ID: FNV-1a over date, sender and subject.
fn fallback_id(f: &MailFields) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let date = f.date.map(|d| d.to_string()).unwrap_or_default();
    let from = f
        .from
        .as_ref()
        .and_then(|m| m.address.as_deref())
        .map(normalise_email)
        .unwrap_or_default();
    for part in [
        date.as_str(),
        "\u{0}",
        &from,
        "\u{0}",
        f.subject.as_deref().unwrap_or(""),
    ] {
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("mail-{h:016x}")
}

/// Turns one parsed message into records: a new prospect first when needed, then the message.
fn emit(
    at: &Position,
    fields: MailFields,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let bad = |message: String| ImportError::Item { at: *at, message };
    let Some(when) = fields.date.or(fields.received) else {
        return Ok(sink.bad(bad("no usable Date (or Received) header".into()))?);
    };
    let from = fields.from.clone().unwrap_or_default();
    let from_addr = from.address.as_deref().unwrap_or("");
    let outbound = !from_addr.is_empty() && ctx.is_me(from_addr);
    // The counterparty: the sender of inbound mail; the first recipient not ours of outbound.
    let counterpart: Option<Mailbox> = if outbound {
        fields
            .to
            .iter()
            .chain(&fields.cc)
            .find(|m| m.address.as_deref().is_some_and(|a| !ctx.is_me(a)))
            .cloned()
    } else if from_addr.is_empty() {
        None
    } else {
        Some(from.clone())
    };
    let Some(counterpart) = counterpart else {
        return Ok(sink.skip(at, Skip::NoCounterparty)?);
    };
    let address = counterpart.address.clone().unwrap_or_default();
    let party = match ctx.party_by_email(&address) {
        Some(p) => p.clone(),
        None if ctx.known_only => {
            return Ok(sink.skip(
                at,
                Skip::UnknownSender {
                    address: normalise_email(&address),
                },
            )?);
        }
        None => {
            let party = Party {
                id: party_id_for_email(&address),
                name: counterpart
                    .name
                    .clone()
                    .unwrap_or_else(|| normalise_email(&address)),
                role: Role::Prospect,
                lang: None,
                timezone: None,
                emails: vec![normalise_email(&address)],
                phones: Vec::new(),
                since: None,
                tags: Vec::new(),
            };
            ctx.add_party(&party);
            let id = party.id.clone();
            sink.record(at, Record::Party(party))?;
            id
        }
    };
    let id = fields
        .message_id
        .clone()
        .unwrap_or_else(|| fallback_id(&fields));
    let thread = fields
        .references
        .first()
        .or(fields.in_reply_to.first())
        .cloned()
        .unwrap_or_else(|| id.clone());
    let text = fields.new_text();
    let message = Message {
        direction: if outbound {
            Direction::Out
        } else {
            Direction::In
        },
        channel: Channel::Email,
        author: from.name.clone().or(from.address.clone()),
        subject: fields.subject.clone().filter(|s| !s.is_empty()),
        thread: Some(thread),
        text: (!text.is_empty()).then(|| text.to_owned()),
        signals: SignalSet::default(),
        hits: Vec::new(),
        classifier: None,
    };
    let event = Event {
        id: EventId::new(id),
        party,
        at: when,
        tags: Vec::new(),
        body: EventBody::Message(message),
    };
    Ok(sink.record(at, Record::Event(event))?)
}

/// Reads one whole message from `input`, refusing one beyond [`MAX_MESSAGE_BYTES`].
fn read_one(input: &mut dyn BufRead, at: Position) -> Result<Result<Vec<u8>, String>, ImportError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_MESSAGE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ImportError::Io { at, source })?;
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Ok(Err(format!(
            "the message is larger than {} MB",
            MAX_MESSAGE_BYTES >> 20
        )));
    }
    Ok(Ok(bytes))
}

fn import_one(
    input: &mut dyn BufRead,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let at = Position::Message {
        number: 1,
        offset: 0,
    };
    let bytes = match read_one(input, at)? {
        Ok(b) => b,
        Err(message) => return Ok(sink.bad(ImportError::Item { at, message })?),
    };
    parse_and_emit(&at, &bytes, ctx, sink)
}

fn parse_and_emit(
    at: &Position,
    bytes: &[u8],
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    match read_message(bytes) {
        Some(fields) => emit(at, fields, ctx, sink),
        None => Ok(sink.bad(ImportError::Item {
            at: *at,
            message: "not a mail message: no header found".into(),
        })?),
    }
}

/// Whether `head` starts with mail headers that a message has (`From:`, `Received:`...).
fn looks_like_message(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut lines: Vec<&[u8]> = head.split(|b| *b == b'\n').take(41).collect();
    if lines.len() > 1 {
        // The last piece is incomplete (or empty after the final newline).
        lines.pop();
    }
    let mut known = 0;
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            continue; // folded
        }
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            return false;
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| matches!(b, 0x21..=0x39 | 0x3b..=0x7e)) {
            return false;
        }
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "from"
                | "to"
                | "date"
                | "subject"
                | "message-id"
                | "received"
                | "return-path"
                | "mime-version"
                | "delivered-to"
                | "x-gm-thrid"
                | "content-type"
        ) {
            known += 1;
        }
    }
    known > 0
}

/// One RFC 5322 message, as Outlook, Apple Mail and Thunderbird save it (`.eml`).
pub struct Eml;

impl Format for Eml {
    fn id(&self) -> &'static str {
        "eml"
    }

    fn describe(&self) -> &'static str {
        "one email message (.eml)"
    }

    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence {
        if looks_like_message(head) {
            Confidence::Content
        } else if matches!(extension(file_name).as_deref(), Some("eml" | "msg822")) {
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
        import_one(input, ctx, sink)
    }

    fn repeated_ids_are_copies(&self) -> bool {
        true
    }
}

/// One file of a Maildir (`cur/` or `new/`): a message like `.eml`. The caller walks the
/// directory and feeds each file.
pub struct MaildirMessage;

impl Format for MaildirMessage {
    fn id(&self) -> &'static str {
        "maildir-message"
    }

    fn describe(&self) -> &'static str {
        "one message file of a Maildir"
    }

    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence {
        // Maildir names end in ":2,FLAGS" (";2," where ':' is not allowed): only then is a
        // message file more specifically a Maildir one.
        let name = file_name.unwrap_or("");
        let maildir_name = name.contains(":2,") || name.contains(";2,");
        if maildir_name && looks_like_message(head) {
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
        import_one(input, ctx, sink)
    }

    fn repeated_ids_are_copies(&self) -> bool {
        true
    }
}

/// An mbox file (mboxo, mboxrd, or unescaped), as Google Takeout and Thunderbird write them.
pub struct Mbox;

impl Format for Mbox {
    fn id(&self) -> &'static str {
        "mbox"
    }

    fn describe(&self) -> &'static str {
        "a mailbox file (mbox: Google Takeout, Thunderbird)"
    }

    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence {
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        if head.starts_with(b"From ") {
            let rest = head.splitn(3, |b| *b == b'\n').nth(1).unwrap_or(b"");
            if looks_like_message(rest) {
                return Confidence::Content;
            }
        }
        match extension(file_name).as_deref() {
            Some("mbox" | "mbx" | "mboxrd") => Confidence::Extension,
            _ => Confidence::No,
        }
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        for item in Splitter::new(input) {
            match item {
                MboxItem::Message(m) => {
                    let at = Position::Message {
                        number: m.number,
                        offset: m.offset,
                    };
                    if m.truncated {
                        sink.bad(ImportError::Item {
                            at,
                            message: format!(
                                "the message is larger than {} MB",
                                MAX_MESSAGE_BYTES >> 20
                            ),
                        })?;
                        continue;
                    }
                    parse_and_emit(&at, &m.bytes, ctx, sink)?;
                }
                MboxItem::Preamble { offset } => sink.bad(ImportError::Item {
                    at: Position::Message { number: 0, offset },
                    message: "text before the first \"From \" line: not an mbox here".into(),
                })?,
                MboxItem::Io { offset, error } => {
                    return Err(ImportError::Io {
                        at: Position::Message { number: 0, offset },
                        source: error,
                    });
                }
            }
        }
        Ok(())
    }

    fn repeated_ids_are_copies(&self) -> bool {
        true
    }
}
