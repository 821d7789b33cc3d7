//! redflag's PostgreSQL backend: the [`Store`] trait of `redflag-store` on a PostgreSQL
//! database, for a team sharing one store.
//!
//! Connecting checks that the server is PostgreSQL 13 or newer, then runs the embedded
//! `migrations/*.sql` (the same files as the SQLite backend, PostgreSQL types) under an
//! advisory lock. A database whose schema is newer than this build knows is refused.
//!
//! Rows are mapped to and from domain records by `redflag_store::row`, shared with the SQLite
//! backend; this crate only binds and reads those columns. Scans run in one `REPEATABLE READ`
//! read-only transaction and fetch rows in batches through portals, so memory stays bounded by
//! the largest party whatever the size of the database.
//!
//! ```no_run
//! use redflag_store::Store;
//! use redflag_store_postgres::PgStore;
//!
//! let mut store = PgStore::connect("postgres://redflag:secret@db.local/redflag").unwrap();
//! assert_eq!(store.describe(), "postgres://redflag@db.local:5432/redflag");
//! println!("{} parties", store.counts().unwrap().parties);
//! ```
#![deny(missing_docs)]

mod error;
mod migrate;
mod rows;
mod tx;

use std::collections::VecDeque;

use postgres::config::Host;
use postgres::{Client, Config, IsolationLevel, NoTls, Portal, Transaction};
use redflag_domain::{Event, Party, PartyId, Workspace};
use redflag_store::row::{EventRow, workspace_from_pairs};
use redflag_store::{Counts, Forgotten, ImportTx, Result, ScanQuery, Store, StoreError};

use crate::error::Context;

pub use crate::migrate::SCHEMA_VERSION;

/// The oldest PostgreSQL server this backend supports (as `server_version_num`).
pub const MIN_SERVER_VERSION: i32 = 130_000;

/// How many rows a scan fetches per round trip.
const EVENT_BATCH: i32 = 2_000;
const PARTY_BATCH: i32 = 500;

/// A redflag store in a PostgreSQL database.
pub struct PgStore {
    client: Client,
    stmts: tx::Stmts,
    describe: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("at", &self.describe)
            .finish()
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/dbname`, or
    /// libpq's `key=value` form), checks the server version and brings the schema up to date.
    ///
    /// Fails with [`StoreError::Unusable`] when the URL cannot be read, the server cannot be
    /// reached, is older than PostgreSQL 13, or holds a schema newer than this build knows.
    /// No message ever includes the password.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut config: Config = url
            .parse()
            .map_err(|e| StoreError::Unusable(format!("cannot read the PostgreSQL URL: {e}")))?;
        if config.get_application_name().is_none() {
            config.application_name("redflag");
        }
        let describe = describe(&config);
        let mut client = config
            .connect(NoTls)
            .map_err(|e| StoreError::Unusable(format!("cannot connect to {describe}: {e}")))?;
        check_version(&mut client, &describe)?;
        migrate::run(&mut client, &describe)?;
        let stmts = tx::Stmts::prepare(&mut client)?;
        Ok(PgStore {
            client,
            stmts,
            describe,
        })
    }
}

/// `postgres://user@host:port/dbname`, from what the URL said, without the password.
fn describe(config: &Config) -> String {
    let mut s = String::from("postgres://");
    if let Some(user) = config.get_user() {
        s.push_str(user);
        s.push('@');
    }
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let host = match h {
                Host::Tcp(name) => name.clone(),
                #[cfg(unix)]
                Host::Unix(path) => path.display().to_string(),
            };
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            format!("{host}:{port}")
        })
        .collect();
    if hosts.is_empty() {
        s.push_str("localhost:5432");
    } else {
        s.push_str(&hosts.join(","));
    }
    s.push('/');
    if let Some(db) = config.get_dbname().or(config.get_user()) {
        s.push_str(db);
    }
    s
}

fn check_version(client: &mut Client, describe: &str) -> Result<()> {
    let row = client
        .query_one(
            "SELECT current_setting('server_version_num'), current_setting('server_version')",
            &[],
        )
        .context("asking the server version")?;
    let num: String = row.get(0);
    let text: String = row.get(1);
    let num: i32 = num.trim().parse().map_err(|_| {
        StoreError::Unusable(format!(
            "{describe}: cannot read the server version {num:?}"
        ))
    })?;
    if num < MIN_SERVER_VERSION {
        return Err(StoreError::Unusable(format!(
            "{describe} runs PostgreSQL {text}, which is too old: redflag needs PostgreSQL 13 \
             or newer"
        )));
    }
    Ok(())
}

fn not_found(id: &PartyId) -> StoreError {
    StoreError::NotFound(format!("party {:?}", id.as_str()))
}

fn find_party(tx: &mut Transaction<'_>, id: &PartyId) -> Result<Option<Party>> {
    let sql = format!("SELECT {} FROM parties WHERE id = $1", rows::party_select());
    let row = tx
        .query_opt(sql.as_str(), &[&id.as_str()])
        .context("reading a party")?;
    match row {
        None => Ok(None),
        Some(r) => Ok(Some(
            rows::read_party(&r)
                .context("reading a party")?
                .into_party()?,
        )),
    }
}

impl Store for PgStore {
    fn begin(&mut self) -> Result<Box<dyn ImportTx + '_>> {
        let tx = self.client.transaction().context("starting an import")?;
        Ok(Box::new(tx::PgTx {
            tx,
            stmts: self.stmts.clone(),
        }))
    }

    fn workspace(&mut self) -> Result<Workspace> {
        let rows = self
            .client
            .query("SELECT key, value FROM settings", &[])
            .context("reading settings")?;
        let pairs: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        Ok(workspace_from_pairs(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )?)
    }

    fn parties(&mut self) -> Result<Vec<Party>> {
        let sql = format!("SELECT {} FROM parties ORDER BY id", rows::party_select());
        let rows = self
            .client
            .query(sql.as_str(), &[])
            .context("reading parties")?;
        rows.iter()
            .map(|r| {
                Ok(rows::read_party(r)
                    .context("reading parties")?
                    .into_party()?)
            })
            .collect()
    }

    fn party(&mut self, id: &PartyId) -> Result<Party> {
        let mut tx = self.client.transaction().context("reading a party")?;
        let party = find_party(&mut tx, id)?.ok_or_else(|| not_found(id))?;
        tx.commit().context("reading a party")?;
        Ok(party)
    }

    fn scan(
        &mut self,
        query: &ScanQuery,
        visit: &mut dyn FnMut(Party, Vec<Event>) -> Result<()>,
    ) -> Result<()> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .context("starting a scan")?;
        scan_in(&mut tx, query, visit)?;
        tx.commit().context("ending a scan")
    }

    fn forget(&mut self, party: &PartyId) -> Result<Forgotten> {
        let mut tx = self
            .client
            .transaction()
            .context("starting to forget a party")?;
        let locked = tx
            .query_opt(
                "SELECT 1 FROM parties WHERE id = $1 FOR UPDATE",
                &[&party.as_str()],
            )
            .context("looking up the party to forget")?;
        if locked.is_none() {
            return Err(not_found(party));
        }
        // Deleting the events explicitly (the foreign key would cascade) gives the count.
        let events = tx
            .execute("DELETE FROM events WHERE party = $1", &[&party.as_str()])
            .context("forgetting the party's events")?;
        tx.execute("DELETE FROM parties WHERE id = $1", &[&party.as_str()])
            .context("forgetting the party")?;
        tx.commit().context("forgetting the party")?;
        Ok(Forgotten { events })
    }

    fn counts(&mut self) -> Result<Counts> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .context("counting")?;
        let parties: i64 = tx
            .query_one("SELECT COUNT(*) FROM parties", &[])
            .context("counting parties")?
            .get(0);
        let per_kind: Vec<(String, i64)> = tx
            .query("SELECT kind, COUNT(*) FROM events GROUP BY kind", &[])
            .context("counting events")?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        tx.commit().context("counting")?;
        Counts::from_rows(parties, per_kind)
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }
}

/// Rows of one portal, fetched a batch at a time.
struct Cursor {
    portal: Portal,
    batch: i32,
    buf: VecDeque<postgres::Row>,
    done: bool,
}

impl Cursor {
    fn next(&mut self, tx: &mut Transaction<'_>, what: &str) -> Result<Option<postgres::Row>> {
        if self.buf.is_empty() && !self.done {
            let rows = tx.query_portal(&self.portal, self.batch).context(what)?;
            self.done = rows.len() < self.batch as usize;
            self.buf.extend(rows);
        }
        Ok(self.buf.pop_front())
    }
}

/// Walks parties and events side by side (both ordered by party id, byte order), so that at
/// most one party's events and one batch of rows are held at a time.
fn scan_in(
    tx: &mut Transaction<'_>,
    query: &ScanQuery,
    visit: &mut dyn FnMut(Party, Vec<Event>) -> Result<()>,
) -> Result<()> {
    if let Some(id) = &query.party
        && find_party(tx, id)?.is_none()
    {
        return Err(not_found(id));
    }
    let party_id = query.party.as_ref().map(|p| p.as_str());
    let before = query.before_at_utc();

    let mut party_sql = format!("SELECT {} FROM parties", rows::party_select());
    let mut party_params: Vec<rows::Param<'_>> = Vec::new();
    let mut event_sql = format!(
        "SELECT {} FROM events WHERE TRUE",
        redflag_store::row::event_select(query.text)
    );
    let mut event_params: Vec<rows::Param<'_>> = Vec::new();
    if let Some(id) = &party_id {
        party_sql.push_str(" WHERE id = $1");
        party_params.push(id);
        event_params.push(id);
        event_sql.push_str(&format!(" AND party = ${}", event_params.len()));
    }
    if let Some(before) = &before {
        event_params.push(before);
        event_sql.push_str(&format!(" AND at_utc < ${}", event_params.len()));
    }
    let kind = query.kind.map(|k| k.as_str());
    if let Some(kind) = &kind {
        event_params.push(kind);
        event_sql.push_str(&format!(" AND kind = ${}", event_params.len()));
    }
    party_sql.push_str(" ORDER BY id");
    event_sql.push_str(" ORDER BY party, at_utc, kind, id");

    let mut parties = Cursor {
        portal: tx
            .bind(party_sql.as_str(), &party_params)
            .context("scanning parties")?,
        batch: PARTY_BATCH,
        buf: VecDeque::new(),
        done: false,
    };
    let mut events = Cursor {
        portal: tx
            .bind(event_sql.as_str(), &event_params)
            .context("scanning events")?,
        batch: EVENT_BATCH,
        buf: VecDeque::new(),
        done: false,
    };

    let mut pending: Option<EventRow> = None;
    while let Some(row) = parties.next(tx, "scanning parties")? {
        let party = rows::read_party(&row)
            .context("scanning parties")?
            .into_party()?;
        let mut list = Vec::new();
        loop {
            let next = match pending.take() {
                Some(r) => r,
                None => match events.next(tx, "scanning events")? {
                    Some(row) => rows::read_event(&row).context("scanning events")?,
                    None => break,
                },
            };
            match next.party.as_str().cmp(party.id.as_str()) {
                std::cmp::Ordering::Equal => list.push(next.into_event()?),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn described(url: &str) -> String {
        describe(&url.parse().unwrap())
    }

    #[test]
    fn the_description_never_shows_the_password() {
        assert_eq!(
            described("postgres://alice:hunter2@db.example:6543/books"),
            "postgres://alice@db.example:6543/books"
        );
        assert_eq!(
            described("host=localhost user=bob password=hunter2 dbname=rf"),
            "postgres://bob@localhost:5432/rf"
        );
        assert_eq!(
            described("postgresql://carol:p%40ss@h1,h2/x"),
            "postgres://carol@h1:5432,h2:5432/x"
        );
        for url in [
            "postgres://alice:hunter2@db.example:6543/books",
            "host=localhost user=bob password=hunter2 dbname=rf",
        ] {
            assert!(!described(url).contains("hunter2"));
        }
    }

    #[test]
    fn an_unreachable_server_is_unusable_and_the_message_hides_the_password() {
        let err =
            PgStore::connect("postgres://u:hunter2@127.0.0.1:1/x?connect_timeout=2").unwrap_err();
        assert!(matches!(err, StoreError::Unusable(_)), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains("postgres://u@127.0.0.1:1/x"), "{msg}");
        assert!(!msg.contains("hunter2"), "{msg}");
    }
}
