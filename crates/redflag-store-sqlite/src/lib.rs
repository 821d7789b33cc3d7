//! redflag's SQLite backend: the [`Store`] trait of `redflag-store` on one SQLite file.
//!
//! Opening a store sets WAL journaling, foreign keys, a 5 s busy timeout, `synchronous=NORMAL`
//! and `secure_delete=ON` (so that [`Store::forget`] overwrites the erased personal data), then
//! runs the embedded `migrations/*.sql` that the file has not seen yet. A file whose schema is
//! newer than this build knows is refused rather than guessed at.
//!
//! Rows are mapped to and from domain records by `redflag_store::row`, shared with the
//! PostgreSQL backend; this crate only binds and reads those columns.
//!
//! ```
//! use redflag_domain::{PartyId, Record};
//! use redflag_store::{PutOutcome, Store};
//! use redflag_store_sqlite::SqliteStore;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = SqliteStore::open(&dir.path().join("redflag.db")).unwrap();
//! let party = redflag_domain::Party {
//!     id: PartyId::new("c1"),
//!     name: "Acme".into(),
//!     role: redflag_domain::Role::Client,
//!     lang: None,
//!     timezone: None,
//!     emails: vec![],
//!     phones: vec![],
//!     since: None,
//!     tags: vec![],
//! };
//! let mut tx = store.begin().unwrap();
//! assert_eq!(tx.put(&Record::Party(party.clone())).unwrap(), PutOutcome::Added);
//! tx.commit().unwrap();
//! assert_eq!(store.party(&PartyId::new("c1")).unwrap(), party);
//! ```
#![deny(missing_docs)]

mod error;
mod migrate;
mod rows;
mod tx;

use std::path::{Path, PathBuf};
use std::time::Duration;

use redflag_domain::{Event, Party, PartyId, Workspace};
use redflag_store::row::workspace_from_pairs;
use redflag_store::{Counts, Forgotten, ImportTx, Result, ScanQuery, Store, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::{Context, sql_err};

pub use crate::migrate::SCHEMA_VERSION;

/// A redflag store in one SQLite file (or in memory, for tests).
pub struct SqliteStore {
    conn: Connection,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("at", &self.describe())
            .finish()
    }
}

impl SqliteStore {
    /// Opens the store at `path`, creating the file (not its folder) if it does not exist, and
    /// brings its schema up to date.
    ///
    /// Fails with [`StoreError::Unusable`] when the file cannot be opened, is not a SQLite
    /// database, is another program's database, or was written by a newer redflag.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path).map_err(|e| {
            StoreError::Unusable(format!(
                "cannot open SQLite database {}: {e}",
                path.display()
            ))
        })?;
        SqliteStore::setup(conn, Some(path.to_owned()))
    }

    /// Opens a new, empty store in memory, gone when dropped. For tests.
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory()
            .map_err(|e| StoreError::Unusable(format!("cannot open SQLite in memory: {e}")))?;
        SqliteStore::setup(conn, None)
    }

    /// The file this store lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<SqliteStore> {
        let name = match &path {
            Some(p) => p.display().to_string(),
            None => ":memory:".to_owned(),
        };
        let unusable = |e: rusqlite::Error| {
            StoreError::Unusable(format!("cannot use SQLite database {name}: {e}"))
        };
        conn.set_prepared_statement_cache_capacity(32);
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(unusable)?;
        // The first statement that reads the file: a file that is not a database fails here.
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(unusable)?;
        for (pragma, value) in [
            ("foreign_keys", "ON"),
            ("synchronous", "NORMAL"),
            // Erased records are overwritten with zeros, not just unlinked (PDPA / Decree 13).
            ("secure_delete", "ON"),
            // 64 MiB of page cache: a large import touches the (party, at_utc) index all over.
            ("cache_size", "-65536"),
            ("mmap_size", "1073741824"),
        ] {
            conn.pragma_update(None, pragma, value).map_err(unusable)?;
        }
        let fk: bool = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .map_err(unusable)?;
        if !fk {
            return Err(StoreError::Unusable(format!(
                "SQLite database {name}: this SQLite build does not enforce foreign keys"
            )));
        }
        migrate::run(&mut conn, &name)?;
        Ok(SqliteStore { conn, path })
    }

    fn checkpoint(&self) -> Result<()> {
        // Copies the WAL back into the main file (where secure_delete has zeroed the erased
        // rows) and truncates it, so the erased data does not linger in old WAL frames.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(sql_err("checkpointing the WAL"))
    }
}

impl Store for SqliteStore {
    fn begin(&mut self) -> Result<Box<dyn ImportTx + '_>> {
        Ok(Box::new(tx::SqliteTx::begin(&self.conn)?))
    }

    fn workspace(&mut self) -> Result<Workspace> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value FROM settings")
            .context("reading settings")?;
        let pairs = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .context("reading settings")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading settings")?;
        Ok(workspace_from_pairs(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )?)
    }

    fn parties(&mut self) -> Result<Vec<Party>> {
        let sql = format!("SELECT {} FROM parties ORDER BY id", rows::party_select());
        let mut stmt = self.conn.prepare_cached(&sql).context("reading parties")?;
        let rows = stmt
            .query_map([], rows::read_party)
            .context("reading parties")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("reading parties")?;
        rows.into_iter()
            .map(|r| r.into_party().map_err(StoreError::from))
            .collect()
    }

    fn party(&mut self, id: &PartyId) -> Result<Party> {
        rows::find_party(&self.conn, id)?
            .ok_or_else(|| StoreError::NotFound(format!("party {:?}", id.as_str())))
    }

    fn scan(
        &mut self,
        query: &ScanQuery,
        visit: &mut dyn FnMut(Party, Vec<Event>) -> Result<()>,
    ) -> Result<()> {
        // One read transaction: in WAL mode it pins one snapshot for both cursors.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .context("starting a scan")?;
        scan_in(&tx, query, visit)?;
        tx.commit().context("ending a scan")
    }

    fn forget(&mut self, party: &PartyId) -> Result<Forgotten> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting to forget a party")?;
        let exists = tx
            .query_row(
                "SELECT 1 FROM parties WHERE id = ?1",
                [party.as_str()],
                |_| Ok(()),
            )
            .optional()
            .context("looking up the party to forget")?
            .is_some();
        if !exists {
            return Err(StoreError::NotFound(format!("party {:?}", party.as_str())));
        }
        // Deleting the events explicitly (the foreign key would cascade) gives the count.
        let events = tx
            .execute("DELETE FROM events WHERE party = ?1", [party.as_str()])
            .context("forgetting the party's events")?;
        tx.execute("DELETE FROM parties WHERE id = ?1", [party.as_str()])
            .context("forgetting the party")?;
        tx.commit().context("forgetting the party")?;
        self.checkpoint()?;
        Ok(Forgotten {
            events: events as u64,
        })
    }

    fn counts(&mut self) -> Result<Counts> {
        let parties: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM parties", [], |r| r.get(0))
            .context("counting parties")?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, COUNT(*) FROM events GROUP BY kind")
            .context("counting events")?;
        let per_kind = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .context("counting events")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context("counting events")?;
        Counts::from_rows(parties, per_kind)
    }

    fn describe(&self) -> String {
        match &self.path {
            Some(p) => format!("sqlite:{}", p.display()),
            None => "sqlite::memory:".to_owned(),
        }
    }
}

/// Walks parties and events side by side (both ordered by party id), so that at most one
/// party's events are held at a time.
fn scan_in(
    conn: &Connection,
    query: &ScanQuery,
    visit: &mut dyn FnMut(Party, Vec<Event>) -> Result<()>,
) -> Result<()> {
    if let Some(id) = &query.party
        && rows::find_party(conn, id)?.is_none()
    {
        return Err(StoreError::NotFound(format!("party {:?}", id.as_str())));
    }
    // Separate statements per filter (rather than `?1 IS NULL OR ...`) so that the planner
    // uses the primary key and the (party, at_utc) index.
    let mut party_sql = format!("SELECT {} FROM parties", rows::party_select());
    let mut event_sql = format!(
        "SELECT {} FROM events WHERE 1",
        redflag_store::row::event_select(query.text)
    );
    let mut party_params: Vec<&dyn rusqlite::ToSql> = Vec::new();
    let mut event_params: Vec<&dyn rusqlite::ToSql> = Vec::new();
    let party_id = query.party.as_ref().map(|p| p.as_str());
    if let Some(id) = &party_id {
        party_sql.push_str(" WHERE id = ?");
        party_params.push(id);
        event_sql.push_str(" AND party = ?");
        event_params.push(id);
    }
    let before = query.before_at_utc();
    if let Some(before) = &before {
        event_sql.push_str(" AND at_utc < ?");
        event_params.push(before);
    }
    let kind = query.kind.map(|k| k.as_str());
    if let Some(kind) = &kind {
        event_sql.push_str(" AND kind = ?");
        event_params.push(kind);
    }
    party_sql.push_str(" ORDER BY id");
    event_sql.push_str(" ORDER BY party, at_utc, kind, id");

    let mut party_stmt = conn.prepare_cached(&party_sql).context("scanning")?;
    let mut event_stmt = conn.prepare_cached(&event_sql).context("scanning")?;
    let mut parties = party_stmt
        .query(party_params.as_slice())
        .context("scanning")?;
    let mut events = event_stmt
        .query(event_params.as_slice())
        .context("scanning")?;

    let mut pending: Option<Event> = None;
    while let Some(row) = parties.next().context("scanning parties")? {
        let party = rows::read_party(row)
            .context("scanning parties")?
            .into_party()?;
        let mut list = Vec::new();
        loop {
            let next = match pending.take() {
                Some(e) => e,
                None => match events.next().context("scanning events")? {
                    Some(row) => rows::read_event_ref(row)
                        .context("scanning events")?
                        .into_event()?,
                    None => break,
                },
            };
            match next.party.as_str().cmp(party.id.as_str()) {
                std::cmp::Ordering::Equal => list.push(next),
                std::cmp::Ordering::Greater => {
                    pending = Some(next);
                    break;
                }
                // The foreign key rules this out; a row without its party is skipped, not
                // pinned on the wrong one.
                std::cmp::Ordering::Less => {}
            }
        }
        visit(party, list)?;
    }
    Ok(())
}
