//! `postgres` errors turned into `StoreError`s that say what was being done.

use postgres::error::SqlState;
use redflag_store::StoreError;

/// Whether `e` is a foreign key violation (an event whose party is not stored).
pub(crate) fn is_foreign_key(e: &postgres::Error) -> bool {
    e.code() == Some(&SqlState::FOREIGN_KEY_VIOLATION)
}

/// Maps an error met while doing `what`. Server messages are kept; connection details (which
/// could hold a password) never appear in them.
pub(crate) fn map(what: &str, e: postgres::Error) -> StoreError {
    if e.is_closed() {
        return StoreError::Unusable(format!("{what}: the connection to PostgreSQL was lost"));
    }
    match e.as_db_error() {
        Some(db) => {
            let mut msg = format!("{what}: {}", db.message());
            if let Some(detail) = db.detail() {
                msg.push_str(&format!(" ({detail})"));
            }
            let code = db.code();
            if *code == SqlState::FOREIGN_KEY_VIOLATION
                || *code == SqlState::UNIQUE_VIOLATION
                || *code == SqlState::T_R_SERIALIZATION_FAILURE
            {
                StoreError::Conflict(msg)
            } else if *code == SqlState::INSUFFICIENT_PRIVILEGE
                || *code == SqlState::READ_ONLY_SQL_TRANSACTION
                || *code == SqlState::UNDEFINED_TABLE
            {
                StoreError::Unusable(msg)
            } else {
                StoreError::Other(msg)
            }
        }
        None => StoreError::Other(format!("{what}: {e}")),
    }
}

/// `.context("doing x")` on `postgres` results.
pub(crate) trait Context<T> {
    /// Maps the error, naming what was being done.
    fn context(self, what: &str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, postgres::Error> {
    fn context(self, what: &str) -> Result<T, StoreError> {
        self.map_err(|e| map(what, e))
    }
}
