//! Importing files: every source format (interchange, mail...) goes through the same
//! [`Importer`]: one file, one transaction; duplicates, references, classification and
//! `--skip-bad` handled once for all of them.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, SyncSender};

use redflag_domain::{EventBody, EventKind, Lang, Record, jiff::tz::TimeZone, signal_set};
use redflag_import::{Context, Format, ImportError, Interchange, Position, Sink, Skip, Stop};
use redflag_store::{ImportTx, PutOutcome, ScanQuery, Store, TextScope};
use redflag_text::{CLASSIFIER_VERSION, Classifier, into_nfc};

use crate::ServiceError;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Skip bad lines (each reported) instead of refusing the whole file.
    pub skip_bad: bool,
    /// Check and count everything, store nothing.
    pub dry_run: bool,
}

/// What the user tells an import that the files cannot say.
#[derive(Debug, Clone, Default)]
pub struct ImportSettings {
    /// The user's own email addresses: mail from them is outbound.
    pub me: Vec<String>,
    /// Skip (and count) mail from addresses no party owns instead of creating prospects.
    pub known_only: bool,
    /// IANA zone for sources whose times carry no offset; default: the workspace's, else UTC.
    pub timezone: Option<String>,
    /// File every item of a chat export under this existing party (`--party`).
    pub party: Option<String>,
    /// How the rows of a generic CSV become records (`--mapping`, `--map`).
    pub mapping: Option<redflag_import::Mapping>,
    /// Payment terms of invoices whose file gives no due date (the policy's
    /// `default-terms-days`); default: net 30.
    pub default_terms_days: Option<u32>,
}

/// One input of a source: the file itself, or one message file of a Maildir.
pub struct Part<'a> {
    /// The name errors give (a path, or `-`).
    pub name: String,
    /// Its bytes.
    pub input: Box<dyn BufRead + Send + 'a>,
}

/// An item that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// Where, for people: `file:line`, or `file: message N (byte B)`.
    pub at: String,
    /// 1-based line number, for line-based formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Why.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// The file, as named by the caller.
    pub source: String,
    /// The format it was read as (`interchange`, `mbox`, ...).
    pub format: String,
    /// New records.
    pub added: u64,
    /// Records that existed and changed.
    pub updated: u64,
    /// Records that existed, identical.
    pub unchanged: u64,
    /// Items skipped as bad (only with `skip_bad`).
    pub skipped: Vec<Skipped>,
    /// Parties added (for mail: prospects created for unknown senders).
    pub new_parties: u64,
    /// Mails left out because no party owns their address (`known_only`).
    pub unknown_skipped: u64,
    /// Mails left out because no address in them is outside our own.
    pub no_counterparty: u64,
    /// Copies of an item already read from this source (the same mail in two folders).
    pub copies_skipped: u64,
    /// Inbound messages on which the classifier found at least one signal.
    pub messages_with_signals: u64,
    /// Whether nothing was stored because it was a dry run.
    pub dry_run: bool,
}

impl ImportReport {
    fn count(&mut self, outcome: PutOutcome, party: bool) {
        match outcome {
            PutOutcome::Added => {
                self.added += 1;
                if party {
                    self.new_parties += 1;
                }
            }
            PutOutcome::Updated => self.updated += 1,
            PutOutcome::Unchanged => self.unchanged += 1,
        }
    }
}

/// Where an item came from: the part (file) and the position in it.
#[derive(Debug, Clone)]
struct Origin {
    part: Arc<str>,
    at: Position,
}

impl Origin {
    fn describe(&self) -> String {
        match self.at {
            Position::Line(l) => format!("{}:{l}", self.part),
            at => format!("{}: {at}", self.part),
        }
    }

    fn error(&self, message: String) -> ServiceError {
        match self.at {
            Position::Line(l) => ServiceError::Input {
                file: self.part.to_string(),
                line: Some(l),
                message,
            },
            at => ServiceError::Input {
                file: self.part.to_string(),
                line: None,
                message: format!("{at}: {message}"),
            },
        }
    }
}

/// What an event still waits for before it can be stored: a party or invoice that the file
/// may define further down (lines come in any order).
struct Pending {
    origin: Origin,
    record: Record,
}

struct Importer<'a> {
    tx: &'a mut dyn ImportTx,
    classifier: &'a Classifier,
    opts: &'a ImportOptions,
    /// A repeated id is a copy to skip, not an error (mail).
    copies: bool,
    report: ImportReport,
    known_parties: HashSet<String>,
    party_langs: HashMap<String, Lang>,
    known_invoices: HashSet<String>,
    seen: Fingerprints,
    seen_parties: HashSet<String>,
    pending: Vec<Pending>,
}

/// Imports one interchange file as one transaction: on any bad line nothing of it is stored,
/// unless `skip_bad`, which skips (and reports) every bad line. Events may come before the
/// party or invoice they refer to; a reference that nothing in the store or the file
/// satisfies is an error on the referring line. Inbound messages are classified as they are
/// stored; outbound messages never are.
pub fn import_interchange(
    store: &mut dyn Store,
    classifier: &Classifier,
    source: &str,
    input: impl BufRead + Send,
    opts: &ImportOptions,
) -> Result<ImportReport, ServiceError> {
    let parts = std::iter::once(Ok(Part {
        name: source.to_owned(),
        input: Box::new(input),
    }));
    import_source(
        store,
        classifier,
        &Interchange,
        source,
        parts,
        &ImportSettings::default(),
        opts,
    )
}

/// Imports one interchange file into an open transaction (see [`import_interchange`]); the
/// caller commits or drops it.
pub fn import_into(
    tx: &mut dyn ImportTx,
    classifier: &Classifier,
    source: &str,
    input: impl BufRead + Send,
    opts: &ImportOptions,
) -> Result<ImportReport, ServiceError> {
    let parts = std::iter::once(Ok(Part {
        name: source.to_owned(),
        input: Box::new(input),
    }));
    run(
        tx,
        classifier,
        &Interchange,
        source,
        parts,
        &mut Context::new(),
        opts,
    )
}

/// Imports one source in any [`Format`] as one transaction: a file, or every message file of a
/// Maildir (`parts`). The records go through the same checks as interchange lines (see
/// [`import_interchange`]); mail from unknown addresses creates prospects unless
/// `settings.known_only`; a copy of a mail already read from this source is skipped and
/// counted. The party directory (which address belongs to whom) comes from the store.
pub fn import_source<'a>(
    store: &mut dyn Store,
    classifier: &Classifier,
    format: &dyn Format,
    source: &str,
    parts: impl IntoIterator<Item = Result<Part<'a>, ServiceError>> + Send,
    settings: &ImportSettings,
    opts: &ImportOptions,
) -> Result<ImportReport, ServiceError> {
    // Interchange names its parties itself: no directory to build.
    let mut ctx = if format.id() == Interchange.id() {
        Context::new()
    } else {
        context(store, settings, format)?
    };
    let mut tx = store.begin()?;
    let report = run(
        tx.as_mut(),
        classifier,
        format,
        source,
        parts,
        &mut ctx,
        opts,
    )?;
    if opts.dry_run {
        // Dropping the transaction stores nothing.
        drop(tx);
    } else {
        tx.commit()?;
    }
    Ok(report)
}

/// The importers' context: the user's addresses and every stored party's addresses; for
/// e-invoices also the stored invoices, which a cancellation or replacement voids.
fn context(
    store: &mut dyn Store,
    settings: &ImportSettings,
    format: &dyn Format,
) -> Result<Context, ServiceError> {
    let zone = match &settings.timezone {
        Some(z) => Some(z.clone()),
        None => store.workspace()?.timezone,
    };
    let timezone = match zone {
        Some(z) => TimeZone::get(&z).map_err(|_| ServiceError::Input {
            file: "--timezone".into(),
            line: None,
            message: format!("{z:?} is not an IANA time zone"),
        })?,
        None => TimeZone::UTC,
    };
    let parties = store.parties()?;
    if let Some(id) = &settings.party
        && !parties.iter().any(|p| p.id.as_str() == id)
    {
        return Err(ServiceError::Input {
            file: "--party".into(),
            line: None,
            message: format!("no party has the id {id:?}"),
        });
    }
    let mut ctx = Context::new().with_me(&settings.me).with_parties(&parties);
    ctx.known_only = settings.known_only;
    ctx.timezone = timezone;
    ctx.currency = store.workspace()?.currency;
    ctx.party = settings.party.as_deref().map(Into::into);
    ctx.mapping = settings.mapping.clone();
    if let Some(days) = settings.default_terms_days {
        ctx.default_terms_days = days;
    }
    if redflag_import::einvoice::is_einvoice_format(format.id()) {
        let query = ScanQuery {
            kind: Some(EventKind::Invoice),
            before: None,
            party: None,
            text: TextScope::None,
        };
        store.scan(&query, &mut |_, events| {
            for e in events {
                ctx.add_invoice(e);
            }
            Ok(())
        })?;
    }
    Ok(ctx)
}

fn run<'a>(
    tx: &mut dyn ImportTx,
    classifier: &Classifier,
    format: &dyn Format,
    source: &str,
    parts: impl IntoIterator<Item = Result<Part<'a>, ServiceError>> + Send,
    ctx: &mut Context,
    opts: &ImportOptions,
) -> Result<ImportReport, ServiceError> {
    let mut imp = Importer {
        tx,
        classifier,
        opts,
        copies: format.repeated_ids_are_copies(),
        report: ImportReport {
            source: source.to_owned(),
            format: format.id().to_owned(),
            dry_run: opts.dry_run,
            ..ImportReport::default()
        },
        known_parties: HashSet::new(),
        party_langs: HashMap::new(),
        known_invoices: HashSet::new(),
        seen: Fingerprints::default(),
        seen_parties: HashSet::new(),
        pending: Vec::new(),
    };
    let stopped = AtomicBool::new(false);
    let (sender, receiver) = mpsc::sync_channel::<Item>(PIPELINE_DEPTH);
    let (items, error, read) = std::thread::scope(|scope| {
        // Reading (splitting, parsing, decoding) runs on its own thread while this one
        // classifies and stores: on two cores a large mbox imports in little more than the
        // time of the slower half. The channel is bounded, so memory stays bounded too.
        let reader = scope.spawn(|| read_parts(format, parts, ctx, sender, &stopped));
        let mut items = 0u64;
        let mut part: Arc<str> = Arc::from("");
        let mut error = None;
        for item in &receiver {
            let result = match item {
                Item::Part(name) => {
                    part = name;
                    continue;
                }
                Item::Record(at, record) => {
                    items += 1;
                    imp.take(origin(&part, at), record)
                }
                Item::Bad(e) => {
                    items += 1;
                    let origin = origin(&part, e.position().unwrap_or(Position::Line(0)));
                    imp.bad(&origin, item_message(e))
                }
                Item::Skip(at, why) => {
                    items += 1;
                    imp.skip(origin(&part, at), why);
                    Ok(())
                }
            };
            if let Err(e) = result {
                error = Some(e);
                // The reader stops at its next item; dropping the receiver frees it if it
                // is waiting on a full channel.
                stopped.store(true, Ordering::Relaxed);
                break;
            }
        }
        drop(receiver);
        let read = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (items, error, read)
    });
    if let Some(e) = error {
        return Err(e);
    }
    match read {
        Ok(()) => {}
        Err(ReadFailure::Part(e)) => return Err(e),
        Err(ReadFailure::Import(part, e)) => {
            let at = e.position().unwrap_or(Position::Line(0));
            return Err(origin(&part, at).error(item_message(e)));
        }
        Err(ReadFailure::Stopped) => {
            unreachable!("the reader stops only when the importer failed, which returned above")
        }
    }
    if items == 0 {
        let message = if format.id() == Interchange.id() {
            "the file is empty: nothing to import".to_owned()
        } else {
            format!("no {} found: nothing to import", format.describe())
        };
        return Err(ServiceError::Input {
            file: source.to_owned(),
            line: None,
            message,
        });
    }
    imp.settle()?;
    Ok(imp.report)
}

/// How many read items may wait for the importer: enough to keep both threads busy, few
/// enough that a file of large messages stays within a few megabytes.
const PIPELINE_DEPTH: usize = 256;

/// What the reading thread hands to the importing one, in input order.
// Nearly every item is a record, so boxing it would add an allocation to almost every send.
#[allow(clippy::large_enum_variant)]
enum Item {
    /// The items that follow come from this part (file, or Maildir message).
    Part(Arc<str>),
    Record(Position, Record),
    Bad(ImportError),
    Skip(Position, Skip),
}

/// Why the reading thread ended early.
enum ReadFailure {
    /// A part could not be opened.
    Part(ServiceError),
    /// The format could read no further in this part.
    Import(Arc<str>, ImportError),
    /// The importer failed and asked it to stop.
    Stopped,
}

/// Runs the format over every part, sending what it reads to the importing thread.
fn read_parts<'a>(
    format: &dyn Format,
    parts: impl IntoIterator<Item = Result<Part<'a>, ServiceError>> + Send,
    ctx: &mut Context,
    sender: SyncSender<Item>,
    stopped: &AtomicBool,
) -> Result<(), ReadFailure> {
    let mut sink = ChannelSink { sender, stopped };
    for part in parts {
        let mut part = part.map_err(ReadFailure::Part)?;
        let name: Arc<str> = part.name.into();
        sink.send(Item::Part(name.clone()))
            .map_err(|Stop| ReadFailure::Stopped)?;
        match format.import(part.input.as_mut(), ctx, &mut sink) {
            Ok(()) => {}
            Err(ImportError::Stopped) => return Err(ReadFailure::Stopped),
            Err(e) => return Err(ReadFailure::Import(name, e)),
        }
    }
    Ok(())
}

fn origin(part: &Arc<str>, at: Position) -> Origin {
    Origin {
        part: part.clone(),
        at,
    }
}

fn item_message(error: ImportError) -> String {
    match error {
        ImportError::Item { message, .. } => message,
        other => other.to_string(),
    }
}

/// The reading thread's sink: passes every item on, and tells the format to stop once the
/// importer has failed.
struct ChannelSink<'s> {
    sender: SyncSender<Item>,
    stopped: &'s AtomicBool,
}

impl ChannelSink<'_> {
    fn send(&mut self, item: Item) -> Result<(), Stop> {
        if self.stopped.load(Ordering::Relaxed) {
            return Err(Stop);
        }
        // A closed channel means the importer has stopped.
        self.sender.send(item).map_err(|_| Stop)
    }
}

impl Sink for ChannelSink<'_> {
    fn record(&mut self, at: &Position, record: Record) -> Result<(), Stop> {
        self.send(Item::Record(*at, record))
    }

    fn bad(&mut self, error: ImportError) -> Result<(), Stop> {
        self.send(Item::Bad(error))
    }

    fn skip(&mut self, at: &Position, why: Skip) -> Result<(), Stop> {
        self.send(Item::Skip(*at, why))
    }
}

impl Importer<'_> {
    fn skip(&mut self, origin: Origin, why: Skip) {
        match why {
            Skip::UnknownSender { .. } => self.report.unknown_skipped += 1,
            Skip::NoCounterparty => self.report.no_counterparty += 1,
            Skip::NotRead { what } => self.report.skipped.push(Skipped {
                at: origin.describe(),
                line: origin.at.line(),
                reason: what,
            }),
        }
    }

    fn bad(&mut self, origin: &Origin, message: String) -> Result<(), ServiceError> {
        if self.opts.skip_bad {
            self.report.skipped.push(Skipped {
                at: origin.describe(),
                line: origin.at.line(),
                reason: message,
            });
            Ok(())
        } else {
            Err(origin.error(message))
        }
    }

    fn take(&mut self, origin: Origin, record: Record) -> Result<(), ServiceError> {
        match &record {
            Record::Workspace(_) => {}
            Record::Party(p) => {
                if !self.seen_parties.insert(p.id.as_str().to_owned()) {
                    return self.bad(
                        &origin,
                        format!("party {:?} appears twice in this file", p.id.as_str()),
                    );
                }
                self.known_parties.insert(p.id.as_str().to_owned());
                if let Some(lang) = p.lang {
                    self.party_langs.insert(p.id.as_str().to_owned(), lang);
                }
            }
            Record::Event(e) => {
                if !self.seen.insert(e.kind(), e.id.as_str()) {
                    if self.copies {
                        self.report.copies_skipped += 1;
                        return Ok(());
                    }
                    return self.bad(
                        &origin,
                        format!(
                            "{} {:?} appears twice in this file",
                            e.kind(),
                            e.id.as_str()
                        ),
                    );
                }
                if !self.ready(&record)? {
                    self.pending.push(Pending { origin, record });
                    return Ok(());
                }
            }
        }
        self.put(record)
    }

    /// Whether everything the record refers to exists already.
    fn ready(&mut self, record: &Record) -> Result<bool, ServiceError> {
        let Record::Event(e) = record else {
            return Ok(true);
        };
        if !self.party_known(e.party.as_str())? {
            return Ok(false);
        }
        if let EventBody::Payment(p) = &e.body {
            return self.invoice_known(p.invoice.as_str());
        }
        Ok(true)
    }

    fn party_known(&mut self, id: &str) -> Result<bool, ServiceError> {
        if self.known_parties.contains(id) {
            return Ok(true);
        }
        let exists = self.tx.party_exists(&id.into())?;
        if exists {
            self.known_parties.insert(id.to_owned());
        }
        Ok(exists)
    }

    fn invoice_known(&mut self, id: &str) -> Result<bool, ServiceError> {
        if self.known_invoices.contains(id) {
            return Ok(true);
        }
        let exists = self.tx.event_exists(EventKind::Invoice, &id.into())?;
        if exists {
            self.known_invoices.insert(id.to_owned());
        }
        Ok(exists)
    }

    fn put(&mut self, mut record: Record) -> Result<(), ServiceError> {
        if let Record::Event(e) = &mut record {
            if let EventBody::Invoice(_) = &e.body {
                self.known_invoices.insert(e.id.as_str().to_owned());
            }
            if let EventBody::Message(m) = &mut e.body {
                m.text = m.text.take().map(into_nfc);
                m.subject = m.subject.take().map(into_nfc);
                // signals.md: signals are about what the sender asks; ours never count.
                if m.direction == redflag_domain::Direction::In
                    && let Some(text) = &m.text
                {
                    let lang = self.party_langs.get(e.party.as_str()).copied();
                    m.hits = self.classifier.classify(text, lang);
                    m.signals = signal_set(&m.hits);
                    m.classifier = Some(CLASSIFIER_VERSION.to_owned());
                    if !m.signals.is_empty() {
                        self.report.messages_with_signals += 1;
                    }
                }
            }
        }
        let outcome = self.tx.put(&record)?;
        self.report
            .count(outcome, matches!(record, Record::Party(_)));
        Ok(())
    }

    /// Stores what waited for a later line. A payment may wait for an invoice that itself
    /// waited for its party, so this makes passes in file order until one stores nothing;
    /// whatever is left refers to nothing in the store or the file.
    fn settle(&mut self) -> Result<(), ServiceError> {
        let mut pending = std::mem::take(&mut self.pending);
        loop {
            let before = pending.len();
            let mut waiting = Vec::new();
            for item in pending {
                if self.ready(&item.record)? {
                    self.put(item.record)?;
                } else {
                    waiting.push(item);
                }
            }
            pending = waiting;
            if pending.is_empty() || pending.len() == before {
                break;
            }
        }
        for Pending { origin, record } in pending {
            let Record::Event(e) = &record else {
                unreachable!("only events wait")
            };
            let message = if !self.party_known(e.party.as_str())? {
                format!(
                    "{} {:?} refers to party {:?}, which is neither stored nor in this file",
                    e.kind(),
                    e.id.as_str(),
                    e.party.as_str()
                )
            } else {
                let EventBody::Payment(p) = &e.body else {
                    unreachable!("only payments wait for invoices")
                };
                format!(
                    "payment {:?} refers to invoice {:?}, which is neither stored nor in this file",
                    e.id.as_str(),
                    p.invoice.as_str()
                )
            };
            self.bad(&origin, message)?;
        }
        Ok(())
    }
}

/// The `(kind, id)`s an import has seen, to tell a repeated line. Each is remembered as a
/// 128-bit fingerprint (two independently keyed SipHashes) rather than as its text: 16 bytes an
/// event keeps a file of ten million events in a few hundred megabytes, and two different ids
/// share a fingerprint with odds around 2^-100 over such a file.
struct Fingerprints {
    keys: (std::hash::RandomState, std::hash::RandomState),
    seen: HashSet<u128, std::hash::BuildHasherDefault<PreHashed>>,
}

impl Default for Fingerprints {
    fn default() -> Self {
        Fingerprints {
            keys: (std::hash::RandomState::new(), std::hash::RandomState::new()),
            seen: HashSet::default(),
        }
    }
}

impl Fingerprints {
    /// Remembers `(kind, id)`; false when it was seen before.
    fn insert(&mut self, kind: EventKind, id: &str) -> bool {
        use std::hash::BuildHasher;
        let a = self.keys.0.hash_one((kind, id));
        let b = self.keys.1.hash_one((kind, id));
        self.seen.insert((u128::from(a) << 64) | u128::from(b))
    }
}

/// A hasher for keys that are hashes already: it passes their bits through.
#[derive(Default)]
struct PreHashed(u64);

impl std::hash::Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u128 keys are hashed here; fold any other input in case that ever changes.
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(word);
        }
    }

    fn write_u128(&mut self, v: u128) {
        self.0 = (v as u64) ^ ((v >> 64) as u64);
    }
}

#[cfg(test)]
mod fingerprint_tests {
    use super::*;

    #[test]
    fn a_repeated_kind_and_id_is_seen_and_a_new_one_is_not() {
        let mut f = Fingerprints::default();
        assert!(f.insert(EventKind::Message, "m-1"));
        assert!(
            f.insert(EventKind::Call, "m-1"),
            "the same id in another kind is new"
        );
        assert!(f.insert(EventKind::Message, "m-2"));
        assert!(!f.insert(EventKind::Message, "m-1"));
        for i in 0..100_000 {
            assert!(f.insert(EventKind::Time, &format!("t-{i}")));
        }
        assert!(!f.insert(EventKind::Time, "t-99999"));
    }
}
