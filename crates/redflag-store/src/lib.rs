//! The storage trait that every redflag backend implements (SQLite in `redflag-store-sqlite`,
//! PostgreSQL in `redflag-store-postgres`), and the one mapping between domain records and table
//! rows that they share, so that both backends store exactly the same thing.
//!
//! A backend stores parties, events (one table, kind-specific values in shared columns, see
//! [`row`]) and the workspace settings. Imports go through an [`ImportTx`]: everything put into
//! it is stored when it commits and nothing when it is dropped.
#![deny(missing_docs)]

pub mod row;

use redflag_domain::{Event, EventId, EventKind, Party, PartyId, Record, Workspace, jiff};

/// What went wrong in a store. Kept small: callers act on `NotFound` and `Conflict`, and show
/// the rest.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// The change conflicts with what is stored.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The store cannot be opened or used as it is (bad URL, old server, newer schema...).
    #[error("{0}")]
    Unusable(String),
    /// Anything else the backend reported.
    #[error("{0}")]
    Other(String),
}

/// Shorthand for store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What putting one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// It was new.
    Added,
    /// A record with its kind and id existed and has changed.
    Updated,
    /// A record with its kind and id existed, identical.
    Unchanged,
}

/// One import, as a transaction: dropped without [`ImportTx::commit`], it stores nothing.
pub trait ImportTx {
    /// Stores a record, replacing one of the same kind and id. The caller has checked that an
    /// event's party exists (in the store or earlier in this transaction).
    fn put(&mut self, record: &Record) -> Result<PutOutcome>;

    /// Whether a party exists, counting what this transaction has put.
    fn party_exists(&mut self, id: &PartyId) -> Result<bool>;

    /// Whether an event exists, counting what this transaction has put.
    fn event_exists(&mut self, kind: EventKind, id: &EventId) -> Result<bool>;

    /// Removes every stored record (for a restore, which then puts the backup's records).
    fn clear_all(&mut self) -> Result<()>;

    /// Makes everything put visible at once.
    fn commit(self: Box<Self>) -> Result<()>;
}

/// Which events a scan returns.
#[derive(Debug, Clone)]
pub struct ScanQuery {
    /// Only events strictly before this instant (a review's as-of day ends here; the caller
    /// filters bare dates, stored as midnight UTC, precisely).
    pub before: Option<jiff::Timestamp>,
    /// Only this party.
    pub party: Option<PartyId>,
    /// Only events of this kind (an e-invoice import needs the stored invoices, not the
    /// years of mail beside them).
    pub kind: Option<EventKind>,
    /// How much text to load: message text, subjects, notes and signal spans. A review needs
    /// only the text of messages that carry a signal; a party page and an export need all.
    pub text: TextScope,
}

impl ScanQuery {
    /// `before` as a bound on the stored `at_utc` column (whole Unix seconds): a scan keeps the
    /// rows with `at_utc < bound`. A fractional instant rounds up, since every stored second
    /// before it counts (`at_utc < 10.5` is `at_utc < 11`).
    pub fn before_at_utc(&self) -> Option<i64> {
        self.before.map(|ts| {
            let secs = ts.as_second();
            if ts.subsec_nanosecond() > 0 {
                secs.saturating_add(1)
            } else {
                secs
            }
        })
    }
}

/// Which text columns a scan loads (see [`row::TEXT_COLUMNS`]); the rest read as absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextScope {
    /// No text at all.
    None,
    /// The text (`body`) of messages that carry at least one signal, so that a rule can look at
    /// the words that raised it; no subjects, notes or spans.
    Signalled,
    /// Everything.
    All,
}

/// What `forget` removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forgotten {
    /// Events removed with the party.
    pub events: u64,
}

/// How much a store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Parties.
    pub parties: u64,
    /// Events, per kind, in catalogue order; kinds with none are left out.
    pub events: Vec<(EventKind, u64)>,
}

impl Counts {
    /// Counts from a backend's query results: the number of parties and `(kind, count)` rows
    /// of the events table in any order. Kinds come out in catalogue order, zeros left out; a
    /// kind this build does not know is an error.
    pub fn from_rows(
        parties: i64,
        per_kind: impl IntoIterator<Item = (String, i64)>,
    ) -> Result<Counts> {
        let mut events = Vec::new();
        for (kind, n) in per_kind {
            let kind: EventKind = kind
                .parse()
                .map_err(|e: redflag_domain::UnknownValue| StoreError::Other(e.to_string()))?;
            if n > 0 {
                events.push((kind, n as u64));
            }
        }
        events.sort_by_key(|(k, _)| *k);
        Ok(Counts {
            parties: parties.max(0) as u64,
            events,
        })
    }
}

/// A place where redflag keeps its records.
pub trait Store: Send {
    /// Starts an import.
    fn begin(&mut self) -> Result<Box<dyn ImportTx + '_>>;

    /// The stored workspace settings (empty when no file carried any).
    fn workspace(&mut self) -> Result<Workspace>;

    /// Every party, ordered by id.
    fn parties(&mut self) -> Result<Vec<Party>>;

    /// One party.
    fn party(&mut self, id: &PartyId) -> Result<Party>;

    /// Calls `visit` once per party (ordered by id; with `query.party`, just that one) with its
    /// events ordered by time, then kind and id. Parties without events are visited too. The
    /// whole scan reads one consistent snapshot.
    fn scan(
        &mut self,
        query: &ScanQuery,
        visit: &mut dyn FnMut(Party, Vec<Event>) -> Result<()>,
    ) -> Result<()>;

    /// Removes a party and everything about it, completely (PDPA / Decree 13 erasure).
    fn forget(&mut self, party: &PartyId) -> Result<Forgotten>;

    /// How much is stored.
    fn counts(&mut self) -> Result<Counts>;

    /// A short description for messages, e.g. `sqlite:/home/me/.local/share/redflag/redflag.db`,
    /// never including a password.
    fn describe(&self) -> String;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query_before(s: &str) -> ScanQuery {
        ScanQuery {
            kind: None,
            before: Some(s.parse().unwrap()),
            party: None,
            text: TextScope::None,
        }
    }

    #[test]
    fn a_fractional_before_keeps_every_whole_second_ahead_of_it() {
        assert_eq!(
            query_before("1970-01-01T00:00:10Z").before_at_utc(),
            Some(10)
        );
        assert_eq!(
            query_before("1970-01-01T00:00:10.5Z").before_at_utc(),
            Some(11)
        );
        assert_eq!(
            query_before("1969-12-31T23:59:58.5Z").before_at_utc(),
            Some(-1)
        );
    }

    #[test]
    fn counts_come_in_catalogue_order_without_zeros() {
        let c = Counts::from_rows(
            2,
            [
                ("invoice".into(), 3),
                ("message".into(), 5),
                ("call".into(), 0),
            ],
        )
        .unwrap();
        assert_eq!(c.parties, 2);
        assert_eq!(
            c.events,
            vec![(EventKind::Message, 5), (EventKind::Invoice, 3)]
        );
        assert!(Counts::from_rows(0, [("fax".into(), 1)]).is_err());
    }
}
