//! Interchange JSON Lines (`spec/interchange.md`), read by `redflag-interchange`.

use std::io::BufRead;

use redflag_interchange::Reader;

use crate::{Confidence, Context, Format, ImportError, Position, Sink, extension};

/// Interchange JSON Lines: one record per line.
pub struct Interchange;

impl Format for Interchange {
    fn id(&self) -> &'static str {
        "interchange"
    }

    fn describe(&self) -> &'static str {
        "interchange JSON Lines (spec/interchange.md)"
    }

    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence {
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace());
        if let Some(start) = start {
            let rest = &head[start..];
            let line = rest.split(|b| *b == b'\n').next().unwrap_or(rest);
            if rest.starts_with(b"{") && contains(line, b"\"kind\"") {
                return Confidence::Content;
            }
        }
        match extension(file_name).as_deref() {
            Some("jsonl" | "ndjson") => Confidence::Extension,
            _ => Confidence::No,
        }
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        _ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        for item in Reader::new(input) {
            match item {
                Ok(line) => sink.record(&Position::Line(line.number), line.record)?,
                Err(e) => sink.bad(ImportError::Item {
                    at: Position::Line(e.line),
                    message: e.message,
                })?,
            }
        }
        Ok(())
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
