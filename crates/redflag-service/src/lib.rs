//! redflag's use cases, the same for the command line and the web: import files of any format
//! `redflag-import` reads (classifying inbound messages as they are stored), review as of a
//! date, classify loose messages, export, back up and restore, and forget a party.
//!
//! Every function takes the store and its other inputs explicitly; none reads the clock, the
//! environment or files of its own accord.
#![deny(missing_docs)]

mod classify;
mod export;
mod import;
mod review;

pub use classify::classify_lines;
pub use export::{ExportReport, export, restore};
pub use import::{
    ImportOptions, ImportReport, ImportSettings, Part, Skipped, import_interchange, import_into,
    import_source,
};
pub use redflag_import as formats;
pub use review::{effective_policy, review};

use redflag_store::StoreError;

/// What went wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Bad input: names the file and, where there is one, the line.
    #[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The file (or `-` for standard input).
        file: String,
        /// 1-based line number.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
    /// A policy that cannot be used.
    #[error("{file}: {message}")]
    Policy {
        /// Where the policy came from.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Output(#[source] std::io::Error),
}
