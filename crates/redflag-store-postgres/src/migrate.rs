//! The embedded migrations and the runner that applies them on connect.
//!
//! The same files as the SQLite backend (same names and numbers, PostgreSQL types), applied
//! once each, in order, in one transaction under an advisory lock so that two redflag
//! processes starting together do not race, and recorded in `schema_migrations`.

use postgres::Client;
use redflag_store::{Result, StoreError};

use crate::error::Context;

/// One schema change.
pub(crate) struct Migration {
    /// Its number, from the file name.
    pub version: i32,
    /// The file name in `migrations/`.
    pub name: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// Every migration, in order. Add a file here and in the SQLite backend together.
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "0001_initial.sql",
    sql: include_str!("../migrations/0001_initial.sql"),
}];

/// The schema version this build writes: the number of its last migration.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version as i64;

/// The advisory lock key held while migrating ("redflag!" in ASCII).
const LOCK_KEY: i64 = 0x7265_6466_6c61_6721;

pub(crate) fn run(client: &mut Client, name: &str) -> Result<()> {
    let unusable = |e: postgres::Error| {
        let e = crate::error::map("", e);
        StoreError::Unusable(format!(
            "PostgreSQL database {name}: cannot bring its schema up to date{e}"
        ))
    };
    let mut tx = client.transaction().map_err(unusable)?;
    // Released when the transaction ends, committed or not.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .map_err(unusable)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY,
             name    TEXT NOT NULL
         )",
    )
    .map_err(unusable)?;
    let current: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_migrations",
            &[],
        )
        .map_err(unusable)?
        .get(0);
    if current > SCHEMA_VERSION {
        return Err(StoreError::Unusable(format!(
            "PostgreSQL database {name} has schema version {current}, newer than this redflag \
             knows ({SCHEMA_VERSION}); use a newer redflag"
        )));
    }
    for m in MIGRATIONS.iter().filter(|m| i64::from(m.version) > current) {
        tx.batch_execute(m.sql).map_err(|e| {
            StoreError::Unusable(format!(
                "PostgreSQL database {name}: migration {} failed{}; is this a redflag database?",
                m.name,
                crate::error::map("", e)
            ))
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            &[&m.version, &m.name],
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
            assert_eq!(m.version, i as i32 + 1, "{} is out of sequence", m.name);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)));
        }
    }
}
