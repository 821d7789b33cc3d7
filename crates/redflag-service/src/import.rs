//! Importing interchange files: one file, one transaction.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use redflag_domain::{EventBody, EventKind, Lang, Record, signal_set};
use redflag_interchange::Reader;
use redflag_store::{ImportTx, PutOutcome, Store};
use redflag_text::{CLASSIFIER_VERSION, Classifier, nfc};

use crate::ServiceError;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Skip bad lines (each reported) instead of refusing the whole file.
    pub skip_bad: bool,
    /// Check and count everything, store nothing.
    pub dry_run: bool,
}

/// A line that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// 1-based line number.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// The file, as named by the caller.
    pub source: String,
    /// New records.
    pub added: u64,
    /// Records that existed and changed.
    pub updated: u64,
    /// Records that existed, identical.
    pub unchanged: u64,
    /// Lines skipped (only with `skip_bad`).
    pub skipped: Vec<Skipped>,
    /// Inbound messages on which the classifier found at least one signal.
    pub messages_with_signals: u64,
    /// Whether nothing was stored because it was a dry run.
    pub dry_run: bool,
}

impl ImportReport {
    fn count(&mut self, outcome: PutOutcome) {
        match outcome {
            PutOutcome::Added => self.added += 1,
            PutOutcome::Updated => self.updated += 1,
            PutOutcome::Unchanged => self.unchanged += 1,
        }
    }
}

/// What an event still waits for before it can be stored: a party or invoice that the file
/// may define further down (lines come in any order).
struct Pending {
    line: u64,
    record: Record,
}

struct Importer<'a> {
    tx: &'a mut dyn ImportTx,
    classifier: &'a Classifier,
    opts: &'a ImportOptions,
    report: ImportReport,
    known_parties: HashSet<String>,
    party_langs: HashMap<String, Lang>,
    known_invoices: HashSet<String>,
    seen: HashSet<(EventKind, String)>,
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
    input: impl BufRead,
    opts: &ImportOptions,
) -> Result<ImportReport, ServiceError> {
    let mut tx = store.begin()?;
    let report = import_into(tx.as_mut(), classifier, source, input, opts)?;
    if opts.dry_run {
        // Dropping the transaction stores nothing.
        drop(tx);
    } else {
        tx.commit()?;
    }
    Ok(report)
}

/// Imports one interchange file into an open transaction (see [`import_interchange`]); the
/// caller commits or drops it.
pub fn import_into(
    tx: &mut dyn ImportTx,
    classifier: &Classifier,
    source: &str,
    input: impl BufRead,
    opts: &ImportOptions,
) -> Result<ImportReport, ServiceError> {
    let mut imp = Importer {
        tx,
        classifier,
        opts,
        report: ImportReport {
            source: source.to_owned(),
            dry_run: opts.dry_run,
            ..ImportReport::default()
        },
        known_parties: HashSet::new(),
        party_langs: HashMap::new(),
        known_invoices: HashSet::new(),
        seen: HashSet::new(),
        seen_parties: HashSet::new(),
        pending: Vec::new(),
    };
    let mut lines = 0u64;
    for item in Reader::new(input) {
        lines += 1;
        match item {
            Ok(line) => imp.take(line.number, line.record, source)?,
            Err(e) => imp.bad(source, e.line, e.message)?,
        }
    }
    if lines == 0 {
        return Err(ServiceError::Input {
            file: source.to_owned(),
            line: None,
            message: "the file is empty: nothing to import".into(),
        });
    }
    imp.settle(source)?;
    Ok(imp.report)
}

impl Importer<'_> {
    fn bad(&mut self, source: &str, line: u64, message: String) -> Result<(), ServiceError> {
        if self.opts.skip_bad {
            self.report.skipped.push(Skipped {
                line,
                reason: message,
            });
            Ok(())
        } else {
            Err(ServiceError::Input {
                file: source.to_owned(),
                line: Some(line),
                message,
            })
        }
    }

    fn take(&mut self, line: u64, record: Record, source: &str) -> Result<(), ServiceError> {
        match &record {
            Record::Workspace(_) => {}
            Record::Party(p) => {
                if !self.seen_parties.insert(p.id.as_str().to_owned()) {
                    return self.bad(
                        source,
                        line,
                        format!("party {:?} appears twice in this file", p.id.as_str()),
                    );
                }
                self.known_parties.insert(p.id.as_str().to_owned());
                if let Some(lang) = p.lang {
                    self.party_langs.insert(p.id.as_str().to_owned(), lang);
                }
            }
            Record::Event(e) => {
                if !self.seen.insert((e.kind(), e.id.as_str().to_owned())) {
                    return self.bad(
                        source,
                        line,
                        format!("{} {:?} appears twice in this file", e.kind(), e.id.as_str()),
                    );
                }
                if !self.ready(&record)? {
                    self.pending.push(Pending { line, record });
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
                m.text = m.text.as_deref().map(nfc);
                m.subject = m.subject.as_deref().map(nfc);
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
        self.report.count(outcome);
        Ok(())
    }

    /// Stores what waited for a later line. A payment may wait for an invoice that itself
    /// waited for its party, so this makes passes in file order until one stores nothing;
    /// whatever is left refers to nothing in the store or the file.
    fn settle(&mut self, source: &str) -> Result<(), ServiceError> {
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
        for Pending { line, record } in pending {
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
            self.bad(source, line, message)?;
        }
        Ok(())
    }
}
