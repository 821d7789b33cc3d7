//! Importers: each turns the bytes of one source format (interchange JSON Lines, a `.eml`
//! message, an mbox, a Maildir message...) into interchange records
//! ([`redflag_domain::Record`]) handed to a [`Sink`].
//!
//! Importers are pure: they read from any [`BufRead`] they are given and never open files, read
//! the environment or the clock. What a file cannot say (the user's own addresses, which party
//! owns an address, whether unknown senders become prospects, the time zone of sources without
//! offsets) comes in a [`Context`]. The caller (redflag-service) decides what a record does to the
//! store, and whether a bad item stops the import or is skipped.
//!
//! ```
//! use redflag_domain::Record;
//! use redflag_import::{Context, ImportError, Position, Sink, Skip, Stop, detect, Detection};
//!
//! #[derive(Default)]
//! struct Collect(Vec<Record>);
//! impl Sink for Collect {
//!     fn record(&mut self, _: &Position, r: Record) -> Result<(), Stop> { self.0.push(r); Ok(()) }
//!     fn bad(&mut self, e: ImportError) -> Result<(), Stop> { panic!("{e}") }
//!     fn skip(&mut self, _: &Position, _: Skip) -> Result<(), Stop> { Ok(()) }
//! }
//!
//! let mail = b"From: Lan <lan@example.vn>\r\nTo: me@example.com\r\nDate: Mon, 3 Mar 2025 21:05:00 +0700\r\n\
//!              Message-ID: <a1@example.vn>\r\nSubject: Gi\xe1\xba\xa3m gi\xc3\xa1\r\n\r\nBao gi\xe1\xbb\x9d xong?\r\n";
//! let Detection::Format(format) = detect(Some("x.eml"), mail) else { panic!() };
//! assert_eq!(format.id(), "eml");
//! let mut ctx = Context::new().with_me(["me@example.com"]);
//! let mut sink = Collect::default();
//! format.import(&mut &mail[..], &mut ctx, &mut sink).unwrap();
//! // A new prospect named after the sender, then the message.
//! assert!(matches!(&sink.0[0], Record::Party(p) if p.name == "Lan"));
//! let Record::Event(e) = &sink.0[1] else { panic!() };
//! assert_eq!(e.id.as_str(), "a1@example.vn");
//! assert_eq!(e.at.to_string(), "2025-03-03T21:05:00+07:00");
//! ```
#![deny(missing_docs)]

pub mod calendar;
pub mod calls;
pub mod chat;
mod context;
pub mod csv;
pub mod einvoice;
pub mod email;
mod interchange;
pub mod text;

use std::fmt;
use std::io::BufRead;

use redflag_domain::Record;

pub use calendar::Ics;
pub use calls::{AndroidCalls, AndroidSms, CallsCsv};
pub use chat::{Line, Messenger, Telegram, WhatsApp, Zalo};
pub use context::{Context, party_id_for_email};
pub use csv::{
    Clockify, Csv, Harvest, InvoiceNinja, InvoiceNinjaPayments, Mapping, MappingError, QuickBooks,
    Toggl, Xero,
};
pub use einvoice::{EinvoicePdf, ThEtax, VnEinvoice};
pub use email::{Eml, MaildirMessage, Mbox};
pub use interchange::Interchange;

/// Where in its input an item was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A 1-based line of a line-based format.
    Line(u64),
    /// The 1-based number of a message in a file of messages, and the byte where it starts.
    Message {
        /// 1-based.
        number: u64,
        /// Byte offset of its first line (in an mbox, of its `From ` line).
        offset: u64,
    },
}

impl Position {
    /// The line, for a line-based format.
    pub fn line(self) -> Option<u64> {
        match self {
            Position::Line(l) => Some(l),
            Position::Message { .. } => None,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(l) => write!(f, "line {l}"),
            Position::Message { number, offset } => {
                write!(f, "message {number} (byte {offset})")
            }
        }
    }
}

/// Why an import could not go on, or why one item of it could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// One item (line, message) is unreadable; the rest of the input can still be read.
    #[error("{at}: {message}")]
    Item {
        /// Where.
        at: Position,
        /// What is wrong.
        message: String,
    },
    /// Reading the input failed; nothing after `at` can be read.
    #[error("{at}: cannot read: {source}")]
    Io {
        /// The item being read when it failed.
        at: Position,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The sink asked to stop (it keeps its own reason).
    #[error("the import was stopped")]
    Stopped,
}

impl ImportError {
    /// Where it happened, if anywhere in particular.
    pub fn position(&self) -> Option<Position> {
        match self {
            ImportError::Item { at, .. } | ImportError::Io { at, .. } => Some(*at),
            ImportError::Stopped => None,
        }
    }
}

/// Returned by a [`Sink`] that wants the import to stop; the importer then returns
/// [`ImportError::Stopped`] at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

impl From<Stop> for ImportError {
    fn from(_: Stop) -> Self {
        ImportError::Stopped
    }
}

/// Why an importer deliberately left an item out. These are not errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Mail from (or to) an address no party owns, with [`Context::known_only`] set.
    UnknownSender {
        /// The address.
        address: String,
    },
    /// Mail with no counterparty: from one of our addresses to only our addresses, or with no
    /// usable address at all.
    NoCounterparty,
    /// Part of an item this version does not read (an unsupported recurrence rule...): what
    /// was left out, and what was imported instead.
    NotRead {
        /// What, for people.
        what: String,
    },
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::UnknownSender { address } => write!(f, "no party has the address {address}"),
            Skip::NoCounterparty => f.write_str("no address outside our own"),
            Skip::NotRead { what } => f.write_str(what),
        }
    }
}

/// Where an importer sends what it reads. The receiver decides what a bad item means: stop
/// (return `Err(Stop)`) or skip it.
pub trait Sink {
    /// A record read at `at`. A party is always sent before the first event that needs it.
    fn record(&mut self, at: &Position, record: Record) -> Result<(), Stop>;
    /// An item that could not be read ([`ImportError::Item`]).
    fn bad(&mut self, error: ImportError) -> Result<(), Stop>;
    /// An item left out on purpose.
    fn skip(&mut self, at: &Position, why: Skip) -> Result<(), Stop>;
}

/// How sure a format is that it can read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Not this format.
    No,
    /// Only the file name suggests it.
    Extension,
    /// The content looks like it.
    Content,
}

/// One source format.
pub trait Format: Sync {
    /// The name `--format` takes, e.g. `mbox`.
    fn id(&self) -> &'static str;
    /// A few words for messages and `--help`.
    fn describe(&self) -> &'static str;
    /// Recognises the format from the first bytes of the input (content first) and the file
    /// name (extension second). `head` may be short or empty.
    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence;
    /// Reads the whole input, sending records, bad items and skips to `sink`. Returns an error
    /// only when nothing more can be read (I/O) or the sink stopped it.
    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError>;
    /// Whether one source may hold the same item twice (the same mail in two folders of an
    /// export): a repeated id is then a copy, skipped and counted, not an error.
    fn repeated_ids_are_copies(&self) -> bool {
        false
    }
}

/// Every format this version reads, in the order `detect` prefers them on a tie.
pub fn formats() -> &'static [&'static dyn Format] {
    &[
        &Interchange,
        &Mbox,
        &Eml,
        &MaildirMessage,
        &Zalo,
        &Line,
        &WhatsApp,
        &Telegram,
        &Messenger,
        &Ics,
        &AndroidCalls,
        &AndroidSms,
        &Toggl,
        &Clockify,
        &Harvest,
        &Xero,
        &QuickBooks,
        &InvoiceNinja,
        &InvoiceNinjaPayments,
        &CallsCsv,
        &Csv,
        &VnEinvoice,
        &ThEtax,
        &EinvoicePdf,
    ]
}

/// The format `--format NAME` names (ids, and a few common aliases).
pub fn by_id(name: &str) -> Option<&'static dyn Format> {
    let name = name.to_ascii_lowercase();
    let id = match name.as_str() {
        "jsonl" | "ndjson" => "interchange",
        "mboxrd" | "mboxo" => "mbox",
        "maildir" => "maildir-message",
        "ical" | "icalendar" | "calendar" => "ics",
        "calls" | "calls-xml" | "call-log" => "android-calls",
        "call-log-csv" | "calls.csv" => "calls-csv",
        "sms" | "sms-xml" => "android-sms",
        "wa" => "whatsapp",
        "tg" | "telegram-json" => "telegram",
        "facebook" | "instagram" | "fb" => "messenger",
        "toggl-track" => "toggl",
        "qbo" | "qb" => "quickbooks",
        "invoice-ninja" | "ninja" => "invoiceninja",
        "invoice-ninja-payments" | "ninja-payments" => "invoiceninja-payments",
        "vn" | "hddt" | "hoadon" | "vn-invoice" => "vn-einvoice",
        "etax" | "th-e-tax" | "etda" => "th-etax",
        "pdf" | "th-etax-pdf" | "etax-pdf" => "einvoice-pdf",
        other => other,
    };
    formats().iter().copied().find(|f| f.id() == id)
}

/// What [`detect`] found.
#[derive(Clone, Copy)]
pub enum Detection {
    /// A format this version reads.
    Format(&'static dyn Format),
    /// A source redflag will read but this version does not yet; the string names it.
    NotYet(&'static str),
    /// Nothing recognisable.
    Unknown,
}

impl fmt::Debug for Detection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detection::Format(x) => write!(f, "Format({})", x.id()),
            Detection::NotYet(s) => write!(f, "NotYet({s})"),
            Detection::Unknown => f.write_str("Unknown"),
        }
    }
}

/// Recognises the format of an input from its first bytes, then its file name.
pub fn detect(file_name: Option<&str>, head: &[u8]) -> Detection {
    let best = |min: Confidence| {
        let mut best: Option<(&'static dyn Format, Confidence)> = None;
        for f in formats() {
            let c = f.sniff(file_name, head);
            if c >= min && best.is_none_or(|(_, b)| c > b) {
                best = Some((*f, c));
            }
        }
        best.map(|(f, _)| f)
    };
    if let Some(f) = best(Confidence::Content) {
        return Detection::Format(f);
    }
    if let Some(what) = not_yet(file_name, head) {
        return Detection::NotYet(what);
    }
    match best(Confidence::Extension) {
        Some(f) => Detection::Format(f),
        None => Detection::Unknown,
    }
}

/// The lower-case extension of a file name.
pub(crate) fn extension(file_name: Option<&str>) -> Option<String> {
    let name = file_name?.rsplit(['/', '\\']).next()?;
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// Sources of issue 4 that later versions will read: recognised so the user is told so.
fn not_yet(file_name: Option<&str>, head: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') && text.contains("CrossIndustryInvoice") {
        return Some("a Cross Industry Invoice that is not an ETDA (Thai e-Tax) document");
    }
    let ext = extension(file_name).unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" => Some(
            "a CSV file whose header row is no export this version recognises (Toggl, Clockify, Harvest, Xero, QuickBooks, Invoice Ninja, a call log)",
        ),
        "txt" => Some(
            "a text file that is no chat export this version reads (WhatsApp, LINE, Zalo transcript)",
        ),
        "xml" => Some(
            "an XML file that is no e-invoice (Vietnamese HDon, Thai ETDA) or Android backup this version reads",
        ),
        "zip" => Some(
            "a zip archive (unzip a WhatsApp or Messenger export and import the .txt or .json in it)",
        ),
        "json" if text.contains("\"messages\"") => {
            Some("a chat export in JSON that is neither Telegram's nor Messenger's")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(d: Detection) -> String {
        match d {
            Detection::Format(f) => f.id().to_owned(),
            Detection::NotYet(s) => format!("not yet: {s}"),
            Detection::Unknown => "unknown".into(),
        }
    }

    #[test]
    fn content_wins_over_the_extension() {
        let mbox = b"From - Mon Jul 11 12:08:34 2011\nFrom: a@b.c\n\nhi\n";
        assert_eq!(id(detect(Some("mail.txt"), mbox)), "mbox");
        let eml = b"Received: from x\r\nFrom: a@b.c\r\nSubject: x\r\n\r\nhi";
        assert_eq!(id(detect(Some("export.jsonl"), eml)), "eml");
        let jsonl = br#"{"kind":"party","id":"c1","name":"A","role":"client"}"#;
        assert_eq!(id(detect(Some("parties.mbox"), jsonl)), "interchange");
    }

    #[test]
    fn later_sources_are_named_not_guessed() {
        assert_eq!(id(detect(Some("cal.txt"), b"BEGIN:VCALENDAR\r\n")), "ics");
        assert_eq!(
            id(detect(Some("chat.txt"), b"20/01/19, 11:23 - John: hi")),
            "whatsapp"
        );
        assert!(id(detect(Some("t.csv"), b"a,b,c\n")).starts_with("not yet"));
        assert_eq!(id(detect(None, b"")), "unknown");
        assert_eq!(id(detect(Some("x.eml"), b"")), "eml");
    }

    #[test]
    fn format_names_and_aliases() {
        for (name, id) in [
            ("mbox", "mbox"),
            ("MBOXRD", "mbox"),
            ("jsonl", "interchange"),
            ("eml", "eml"),
            ("maildir", "maildir-message"),
        ] {
            assert_eq!(by_id(name).map(|f| f.id()), Some(id));
        }
        assert_eq!(by_id("WA").map(|f| f.id()), Some("whatsapp"));
        assert!(by_id("signal").is_none());
    }
}
