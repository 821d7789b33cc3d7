//! The embedded migrations and the runner that applies them on open.
//!
//! Each file in `migrations/` is applied once, in order, in one transaction with the others
//! pending, and recorded in `schema_migrations`. The PostgreSQL backend has the same files
//! (same names and numbers, its own types); `redflag-testkit`'s conformance suite checks that.

use redflag_store::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

use crate::error::Context;

/// One schema change.
pub(crate) struct Migration {
    /// Its number, from the file name.
    pub version: i64,
    /// The file name in `migrations/`.
    pub name: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// Every migration, in order. Add a file here and in the PostgreSQL backend together.
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "0001_initial.sql",
    sql: include_str!("../migrations/0001_initial.sql"),
}];

/// The schema version this build writes: the number of its last migration.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub(crate) fn run(conn: &mut Connection, name: &str) -> Result<()> {
    let unusable = |e: rusqlite::Error| {
        StoreError::Unusable(format!(
            "SQLite database {name}: cannot bring its schema up to date: {e}"
        ))
    };
    // Immediate: two processes opening a new file at once apply each migration once.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(unusable)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY NOT NULL,
             name    TEXT NOT NULL
         )",
    )
    .map_err(unusable)?;
    let current: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |r| r.get(0),
        )
        .map_err(unusable)?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::Unusable(format!(
            "SQLite database {name} has schema version {current}, newer than this redflag \
             knows ({SCHEMA_VERSION}); use a newer redflag"
        )));
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        tx.execute_batch(m.sql).map_err(|e| {
            StoreError::Unusable(format!(
                "SQLite database {name}: migration {} failed ({e}); is this a redflag database?",
                m.name
            ))
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
            rusqlite::params![m.version, m.name],
        )
        .map_err(unusable)?;
    }
    tx.commit().context("recording the schema version")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_migrations_is_embedded_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let embedded: Vec<&str> = MIGRATIONS.iter().map(|m| m.name).collect();
        assert_eq!(files, embedded);
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{} is out of sequence", m.name);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)));
        }
    }
}
