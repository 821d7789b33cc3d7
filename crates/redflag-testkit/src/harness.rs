//! Fresh stores for tests, on either backend, cleaned up afterwards.
//!
//! SQLite stores live in a file in a temporary folder. PostgreSQL stores get a database of
//! their own, created on the server named by `REDFLAG_TEST_DATABASE_URL` (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`) and dropped when the store is dropped, also when
//! the test panics. Without that variable a PostgreSQL test is skipped with a notice, except
//! when `CI` is set: there it fails, so that a CI that forgot the database cannot pass green.

use std::hash::{BuildHasher, RandomState};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use redflag_domain::{Event, Party, Record};
use redflag_store::{PutOutcome, ScanQuery, Store};
use redflag_store_postgres::PgStore;
use redflag_store_sqlite::SqliteStore;

/// The variable naming the PostgreSQL server that tests create their databases on.
pub const DATABASE_URL_VAR: &str = "REDFLAG_TEST_DATABASE_URL";

/// A storage backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `redflag-store-sqlite`.
    Sqlite,
    /// `redflag-store-postgres`.
    Postgres,
}

/// A store for one test, and what it lives in (removed on drop, after the store).
pub struct TestStore {
    // Declared first: the store is closed before its file or database goes.
    store: Box<dyn Store>,
    url: String,
    _home: Home,
}

enum Home {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Database(#[allow(dead_code)] TestDatabase),
}

impl TestStore {
    /// The store.
    pub fn store(&mut self) -> &mut dyn Store {
        self.store.as_mut()
    }

    /// Where it lives: the SQLite file's path, or the PostgreSQL database's URL, for a test
    /// that opens it again (as the binary would).
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl std::ops::Deref for TestStore {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        self.store.as_ref()
    }
}

impl std::ops::DerefMut for TestStore {
    fn deref_mut(&mut self) -> &mut (dyn Store + 'static) {
        self.store.as_mut()
    }
}

/// A path for a new SQLite file in a new temporary folder (removed when the folder drops).
pub fn fresh_sqlite_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("redflag-test-")
        .tempdir()
        .expect("creating a temporary folder");
    let path = dir.path().join("redflag.db");
    (dir, path)
}

/// A new, empty SQLite store in a temporary file.
pub fn fresh_sqlite() -> TestStore {
    let (dir, path) = fresh_sqlite_path();
    let store = SqliteStore::open(&path).expect("opening a fresh SQLite store");
    TestStore {
        store: Box::new(store),
        url: path.display().to_string(),
        _home: Home::Dir(dir),
    }
}

/// A new, empty PostgreSQL store in a database of its own, or `None` when
/// `REDFLAG_TEST_DATABASE_URL` is not set (see [`postgres_url`]).
pub fn fresh_postgres() -> Option<TestStore> {
    let db = fresh_postgres_database()?;
    let store = PgStore::connect(db.url()).expect("connecting to a fresh PostgreSQL database");
    Some(TestStore {
        store: Box::new(store),
        url: db.url().to_owned(),
        _home: Home::Database(db),
    })
}

/// A new, empty store on `backend` (`None`: PostgreSQL is not configured, test skipped).
pub fn fresh(backend: Backend) -> Option<TestStore> {
    match backend {
        Backend::Sqlite => Some(fresh_sqlite()),
        Backend::Postgres => fresh_postgres(),
    }
}

/// Whether this run is a CI run (`CI` set to anything but empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// The PostgreSQL server URL for tests, from `REDFLAG_TEST_DATABASE_URL`. `None` when unset
/// outside CI; panics when unset under CI.
pub fn postgres_url() -> Option<String> {
    match std::env::var(DATABASE_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if in_ci() => panic!(
            "{DATABASE_URL_VAR} is not set, but CI is: PostgreSQL tests must run in CI. Set it \
             to a server where this user may create databases, e.g. \
             postgres://postgres@127.0.0.1:5432/test"
        ),
        _ => None,
    }
}

/// A database created for one test and dropped (with `WITH (FORCE)`) when this is dropped.
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl std::fmt::Debug for TestDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDatabase")
            .field("name", &self.name)
            .finish()
    }
}

impl TestDatabase {
    /// The URL of the database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Never panic here: this may run while a failed test unwinds.
        let result =
            postgres::Client::connect(&self.admin_url, postgres::NoTls).and_then(|mut c| {
                c.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.name
                ))
            });
        if let Err(e) = result {
            eprintln!("note: could not drop test database {}: {e}", self.name);
        }
    }
}

/// Creates an empty database for one test on the server of `REDFLAG_TEST_DATABASE_URL`
/// (`None` when unset outside CI; see [`postgres_url`]). Migrations are not run: open it with
/// `PgStore::connect(db.url())`.
pub fn fresh_postgres_database() -> Option<TestDatabase> {
    let admin_url = postgres_url()?;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // pid and counter keep names unique within a run; a random part (the standard hasher's
    // random keys, so no clock is read) keeps them unique across runs and machines sharing
    // the server.
    let random = RandomState::new().hash_one(COUNTER.load(Ordering::Relaxed)) as u32;
    let name = format!(
        "redflag_t_{}_{}_{random:08x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
    );
    let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls).unwrap_or_else(|e| {
        panic!("cannot connect to the test PostgreSQL server ({DATABASE_URL_VAR}): {e}")
    });
    // CREATE DATABASE copies template1 and fails while another session touches it; parallel
    // tests make that likely enough to retry.
    let mut tries = 0;
    loop {
        match admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")) {
            Ok(()) => break,
            Err(e) if tries < 20 && e.code() == Some(&postgres::error::SqlState::OBJECT_IN_USE) => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50 * tries));
            }
            Err(e) => panic!("cannot create test database {name}: {e}"),
        }
    }
    let url = with_dbname(&admin_url, &name);
    Some(TestDatabase {
        admin_url,
        name,
        url,
    })
}

/// `url` with its database name replaced by `dbname` (URL or `key=value` form).
pub fn with_dbname(url: &str, dbname: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        // key=value: a later key wins.
        return format!("{url} dbname={dbname}");
    };
    let (base, query) = match url.find('?') {
        Some(q) => (&url[..q], &url[q..]),
        None => (url, ""),
    };
    let after_scheme = scheme_end + 3;
    let authority_end = base[after_scheme..]
        .find('/')
        .map(|i| after_scheme + i)
        .unwrap_or(base.len());
    format!("{}/{dbname}{query}", &base[..authority_end])
}

/// Runs `body` on a fresh store of `backend`; `test` names it in the notice printed when a
/// PostgreSQL test is skipped.
pub fn run(backend: Backend, test: &str, body: impl FnOnce(&mut dyn Store)) {
    match fresh(backend) {
        Some(mut store) => body(store.store()),
        None => eprintln!(
            "note: {test} skipped: set {DATABASE_URL_VAR} (e.g. \
             postgres://postgres@127.0.0.1:5432/test) to run it on PostgreSQL"
        ),
    }
}

/// Puts `records` in one import and commits it; returns what each put did.
pub fn put_all<R: Into<Record>>(
    store: &mut dyn Store,
    records: impl IntoIterator<Item = R>,
) -> Vec<PutOutcome> {
    let mut tx = store.begin().expect("begin");
    let outcomes = records
        .into_iter()
        .map(|r| tx.put(&r.into()).expect("put"))
        .collect();
    tx.commit().expect("commit");
    outcomes
}

/// Every party with its events, as a scan with `query` visits them.
pub fn scan_all(store: &mut dyn Store, query: &ScanQuery) -> Vec<(Party, Vec<Event>)> {
    let mut out = Vec::new();
    store
        .scan(query, &mut |p, e| {
            out.push((p, e));
            Ok(())
        })
        .expect("scan");
    out
}

/// A query for everything, with text.
pub fn everything() -> ScanQuery {
    ScanQuery {
        kind: None,
        before: None,
        party: None,
        text: redflag_store::TextScope::All,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_is_replaced_in_every_url_form() {
        assert_eq!(
            with_dbname("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_dbname("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_dbname("postgresql://h:1", "x"), "postgresql://h:1/x");
        assert_eq!(
            with_dbname("host=h user=u dbname=test", "x"),
            "host=h user=u dbname=test dbname=x"
        );
    }
}
