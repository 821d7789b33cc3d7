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
    /// Whether to load message text, subjects, notes and signal spans. A review does not need
    /// them; a party page and an export do.
    pub with_text: bool,
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
