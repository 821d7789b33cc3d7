//! rusqlite errors turned into `StoreError`s that say what was being done.

use redflag_store::StoreError;
use rusqlite::ErrorCode;

/// Whether `e` is a foreign key violation (an event whose party is not stored).
pub(crate) fn is_foreign_key(e: &rusqlite::Error) -> bool {
    e.sqlite_error()
        .is_some_and(|f| f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}

/// Maps an error met while doing `what`.
pub(crate) fn map(what: &str, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => StoreError::Conflict(format!("{what}: {e}")),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Other(format!(
            "{what}: the database stayed busy for 5 s (is another redflag writing to it?)"
        )),
        Some(
            ErrorCode::NotADatabase
            | ErrorCode::DatabaseCorrupt
            | ErrorCode::ReadOnly
            | ErrorCode::CannotOpen
            | ErrorCode::PermissionDenied,
        ) => StoreError::Unusable(format!("{what}: {e}")),
        _ => StoreError::Other(format!("{what}: {e}")),
    }
}

/// `map_err(sql_err("doing x"))`.
pub(crate) fn sql_err(what: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| map(what, e)
}

/// `.context("doing x")` on rusqlite results.
pub(crate) trait Context<T> {
    /// Maps the error, naming what was being done.
    fn context(self, what: &str) -> Result<T, StoreError>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn context(self, what: &str) -> Result<T, StoreError> {
        self.map_err(|e| map(what, e))
    }
}
