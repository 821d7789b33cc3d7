//! The two backends' migrations stay in lockstep, and each backend refuses what it must.

use std::collections::BTreeMap;
use std::path::Path;

use redflag_store::{Store, StoreError};
use redflag_store_postgres::PgStore;
use redflag_store_sqlite::SqliteStore;
use redflag_testkit::build::{message, party};
use redflag_testkit::harness::{
    everything, fresh_postgres, fresh_postgres_database, fresh_sqlite, fresh_sqlite_path, put_all,
    scan_all,
};

/// Table name to its column names, in order.
type Schema = BTreeMap<String, Vec<String>>;

fn migration_files(backend: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(backend)
        .join("migrations");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn sqlite_schema(path: &str) -> Schema {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut tables = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )
        .unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|t| {
            let mut cols = conn
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                .unwrap();
            let cols: Vec<String> = cols
                .query_map([&t], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (t, cols)
        })
        .collect()
}

fn postgres_schema(url: &str) -> Schema {
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let mut schema = Schema::new();
    for row in client
        .query(
            "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns \
             WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
            &[],
        )
        .unwrap()
    {
        schema.entry(row.get(0)).or_default().push(row.get(1));
    }
    schema
}

#[test]
fn both_backends_have_the_same_migration_files() {
    let sqlite = migration_files("redflag-store-sqlite");
    let postgres = migration_files("redflag-store-postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
    assert_eq!(
        redflag_store_sqlite::SCHEMA_VERSION,
        redflag_store_postgres::SCHEMA_VERSION
    );
}

#[test]
fn both_schemas_have_the_same_tables_and_columns_in_the_same_order() {
    let sqlite = fresh_sqlite();
    let sqlite_schema = sqlite_schema(sqlite.url());
    assert_eq!(
        sqlite_schema["events"].len(),
        redflag_store::row::EVENT_COLUMNS.len() + 1
    );
    let Some(pg) = fresh_postgres() else {
        eprintln!("note: PostgreSQL schema not compared: REDFLAG_TEST_DATABASE_URL is not set");
        return;
    };
    assert_eq!(sqlite_schema, postgres_schema(pg.url()));
}

#[test]
fn a_sqlite_store_reopened_keeps_everything_and_migrates_once() {
    let (_dir, path) = fresh_sqlite_path();
    {
        let mut store = SqliteStore::open(&path).unwrap();
        put_all(
            &mut store,
            [party("c1").record(), message("m1", "c1").record()],
        );
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(scan_all(&mut store, &everything())[0].1.len(), 1);
    assert_eq!(store.describe(), format!("sqlite:{}", path.display()));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let applied: i64 = conn
        .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(applied, redflag_store_sqlite::SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_sqlite_file_from_a_newer_redflag_is_refused() {
    let (_dir, path) = fresh_sqlite_path();
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql')",
        [],
    )
    .unwrap();
    drop(conn);
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Unusable(_)), "{err:?}");
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let (_dir, path) = fresh_sqlite_path();
    std::fs::write(
        &path,
        "From: someone@example.com\n\nnot a database, an mbox".repeat(100),
    )
    .unwrap();
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Unusable(_)), "{err:?}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn forgetting_a_party_leaves_no_trace_of_it_in_the_sqlite_files() {
    let (dir, path) = fresh_sqlite_path();
    let secret = "ZEBRA-7731-private-complaint";
    let name = "Quokka Holdings Ltd";
    let mut store = SqliteStore::open(&path).unwrap();
    let mut records = vec![
        party("gone").name(name).record(),
        party("stays").record(),
        message("keep", "stays").text("ordinary").record(),
    ];
    for i in 0..200 {
        records.push(
            message(&format!("m{i}"), "gone")
                .text(&format!("{secret} {i}"))
                .record(),
        );
    }
    put_all(&mut store, records);
    // Nothing hides in the WAL or in the main file, while the store is still open.
    assert_eq!(store.forget(&"gone".into()).unwrap().events, 200);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let file = entry.unwrap().path();
        let bytes = std::fs::read(&file).unwrap();
        for needle in [secret, name] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle:?} is still in {}",
                file.display()
            );
        }
    }
    assert_eq!(scan_all(&mut store, &everything()).len(), 1);
}

#[test]
fn a_postgres_store_reconnected_keeps_everything_and_migrates_once() {
    let Some(db) = fresh_postgres_database() else {
        return;
    };
    // Several processes starting together: the advisory lock lets one migrate.
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = db.url().to_owned();
            std::thread::spawn(move || PgStore::connect(&url).map(|_| ()))
        })
        .collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    {
        let mut store = PgStore::connect(db.url()).unwrap();
        put_all(
            &mut store,
            [party("c1").record(), message("m1", "c1").record()],
        );
    }
    let mut store = PgStore::connect(db.url()).unwrap();
    assert_eq!(scan_all(&mut store, &everything())[0].1.len(), 1);
    assert!(
        store.describe().ends_with(db.name()),
        "{}",
        store.describe()
    );
    let mut client = postgres::Client::connect(db.url(), postgres::NoTls).unwrap();
    let applied: i64 = client
        .query_one("SELECT COUNT(*) FROM schema_migrations", &[])
        .unwrap()
        .get(0);
    assert_eq!(applied, redflag_store_postgres::SCHEMA_VERSION);
}

#[test]
fn a_postgres_database_from_a_newer_redflag_is_refused() {
    let Some(db) = fresh_postgres_database() else {
        return;
    };
    drop(PgStore::connect(db.url()).unwrap());
    let mut client = postgres::Client::connect(db.url(), postgres::NoTls).unwrap();
    client
        .execute(
            "INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql')",
            &[],
        )
        .unwrap();
    let err = PgStore::connect(db.url()).unwrap_err();
    assert!(matches!(err, StoreError::Unusable(_)), "{err:?}");
    assert!(err.to_string().contains("newer"), "{err}");
}
