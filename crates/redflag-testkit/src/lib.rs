//! Helpers for redflag's tests; never part of the shipped binary.
//!
//! - [`build`]: records with sensible defaults (`party("c1").client().build()`,
//!   `message("m1", "c1").at("2025-03-01T10:00:00+07:00").inbound().text("...")`).
//! - [`harness`]: fresh stores on SQLite and PostgreSQL, cleaned up afterwards, for this
//!   crate's conformance suite and for other crates' tests.
//! - [`store_test!`]: one test body expanded into `name::sqlite` and `name::postgres` tests.
//!
//! PostgreSQL tests need `REDFLAG_TEST_DATABASE_URL` (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`); each creates and drops a database of its own.
//! Without it they are skipped with a notice, unless `CI` is set, where they fail.
//!
//! ```
//! use redflag_store::Store;
//! use redflag_testkit::build::{message, party};
//! use redflag_testkit::harness::{everything, fresh_sqlite, put_all, scan_all};
//!
//! let mut store = fresh_sqlite();
//! put_all(store.store(), [party("c1").client().record(), message("m1", "c1").text("hi").record()]);
//! let scanned = scan_all(store.store(), &everything());
//! assert_eq!(scanned[0].1.len(), 1);
//! ```
#![deny(missing_docs)]

pub mod build;
pub mod harness;

pub use harness::{Backend, TestStore};

/// Expands one test body into two tests, `$name::sqlite` and `$name::postgres`, each run on a
/// fresh store of that backend (see [`harness`]). The body sees the test file's imports.
///
/// ```
/// use redflag_store::Store;
/// use redflag_testkit::store_test;
///
/// store_test!(an_empty_store_counts_nothing, |store: &mut dyn Store| {
///     assert_eq!(store.counts().unwrap().parties, 0);
/// });
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! store_test {
    ($(#[$meta:meta])* $name:ident, |$store:ident : $ty:ty| $body:expr $(,)?) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn body($store: $ty) {
                $body
            }

            #[test]
            $(#[$meta])*
            fn sqlite() {
                $crate::harness::run(
                    $crate::harness::Backend::Sqlite,
                    concat!(module_path!(), "::sqlite"),
                    body,
                );
            }

            #[test]
            $(#[$meta])*
            fn postgres() {
                $crate::harness::run(
                    $crate::harness::Backend::Postgres,
                    concat!(module_path!(), "::postgres"),
                    body,
                );
            }
        }
    };
}
