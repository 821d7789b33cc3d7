//! The interchange format of `spec/interchange.md`: JSON Lines, one record per line, into which
//! every importer turns its source. This crate is the only place that knows its field names.
//!
//! ```
//! use redflag_interchange::{Reader, write_record};
//! let input = r#"{"kind":"party","id":"c1","name":"AloeFace","role":"client"}"#;
//! let lines: Vec<_> = Reader::new(input.as_bytes()).collect::<Result<_, _>>().unwrap();
//! let mut out = Vec::new();
//! write_record(&mut out, &lines[0].record).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap().trim(), input);
//! ```
#![deny(missing_docs)]

mod read;
mod write;

pub use read::{Line, LineError, MAX_LINE_BYTES, Reader, parse_line};
pub use write::write_record;
