//! Exporting, backing up and restoring: every stored record as interchange lines.

use std::io::{BufRead, Write};

use redflag_domain::Record;
use redflag_interchange::write_record;
use redflag_store::{ScanQuery, Store, StoreError, TextScope};
use redflag_text::Classifier;

use crate::ServiceError;
use crate::import::{ImportOptions, ImportReport, import_into};

/// How many records an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExportReport {
    /// Party lines.
    pub parties: u64,
    /// Event lines.
    pub events: u64,
}

/// Writes every stored record as interchange JSON Lines: the workspace settings (if any), then
/// each party followed by its events in time order, all from one consistent snapshot. An
/// export imported again changes nothing.
pub fn export(store: &mut dyn Store, out: &mut dyn Write) -> Result<ExportReport, ServiceError> {
    let mut report = ExportReport::default();
    let ws = store.workspace()?;
    if ws != redflag_domain::Workspace::default() {
        write_record(out, &Record::Workspace(ws)).map_err(ServiceError::Output)?;
    }
    let query = ScanQuery {
        kind: None,
        before: None,
        party: None,
        text: TextScope::All,
    };
    let mut failure = None;
    store
        .scan(&query, &mut |party, events| {
            let mut write = |r: &Record| {
                write_record(out, r).map_err(|e| {
                    failure = Some(e);
                    StoreError::Other("export stopped: output failed".into())
                })
            };
            write(&Record::Party(party))?;
            report.parties += 1;
            for e in events {
                write(&Record::Event(e))?;
                report.events += 1;
            }
            Ok(())
        })
        .map_err(|e| match failure.take() {
            Some(io) => ServiceError::Output(io),
            None => e.into(),
        })?;
    out.flush().map_err(ServiceError::Output)?;
    Ok(report)
}

/// Replaces everything stored with the records of a backup (an export), as one transaction:
/// if any line is bad, the store is left as it was.
pub fn restore(
    store: &mut dyn Store,
    classifier: &Classifier,
    source: &str,
    input: impl BufRead + Send,
) -> Result<ImportReport, ServiceError> {
    let mut tx = store.begin()?;
    tx.clear_all()?;
    let report = import_into(
        tx.as_mut(),
        classifier,
        source,
        input,
        &ImportOptions::default(),
    )?;
    tx.commit()?;
    Ok(report)
}
