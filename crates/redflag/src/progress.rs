//! A progress line on the terminal while a file imports: only when stderr is a terminal and the
//! user did not ask for quiet, so scripts and logs never see it.

use std::io::{self, BufRead, Read, Write};
use std::time::{Duration, Instant};

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(200);

/// Wraps a reader and shows how much of `total` bytes has been read.
pub struct Progress<R> {
    inner: R,
    label: String,
    done: u64,
    total: u64,
    last: Instant,
    shown: bool,
}

impl<R> Progress<R> {
    /// Shows progress through `total` bytes of `inner`, labelled `label`.
    pub fn new(inner: R, label: &str, total: u64) -> Self {
        Progress {
            inner,
            label: label.to_owned(),
            done: 0,
            total: total.max(1),
            last: Instant::now(),
            shown: false,
        }
    }

    /// Bytes read so far.
    #[cfg(test)]
    fn done(&self) -> u64 {
        self.done
    }

    fn advance(&mut self, n: usize) {
        self.done += n as u64;
        if self.last.elapsed() >= EVERY {
            self.last = Instant::now();
            self.shown = true;
            let pct = (self.done.min(self.total) * 100) / self.total;
            let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
            let mut err = io::stderr().lock();
            let _ = write!(
                err,
                "\r{}: {pct:>3}% ({:.0} of {:.0} MB)",
                self.label,
                mb(self.done),
                mb(self.total)
            );
            let _ = err.flush();
        }
    }
}

impl<R> Drop for Progress<R> {
    fn drop(&mut self) {
        if self.shown {
            clear();
        }
    }
}

/// Clears the progress line so the summary that follows starts clean.
fn clear() {
    let _ = write!(io::stderr(), "\r\x1b[2K");
}

/// Shows how many of `total` items (the messages of a Maildir) have been started.
pub struct Count {
    label: String,
    unit: &'static str,
    done: u64,
    total: u64,
    last: Instant,
    shown: bool,
}

impl Count {
    /// Counts up to `total` items called `unit` (`messages`), labelled `label`.
    pub fn new(label: &str, total: u64, unit: &'static str) -> Self {
        Count {
            label: label.to_owned(),
            unit,
            done: 0,
            total: total.max(1),
            last: Instant::now(),
            shown: false,
        }
    }

    /// One more item started.
    pub fn advance(&mut self) {
        self.done += 1;
        if self.last.elapsed() >= EVERY {
            self.last = Instant::now();
            self.shown = true;
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r{}", self.line());
            let _ = err.flush();
        }
    }

    fn line(&self) -> String {
        let done = self.done.min(self.total);
        format!(
            "{}: {:>3}% ({done} of {} {})",
            self.label,
            done * 100 / self.total,
            self.total,
            self.unit
        )
    }
}

impl Drop for Count {
    fn drop(&mut self) {
        if self.shown {
            clear();
        }
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.advance(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Progress<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.advance(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_says_how_many_of_how_many() {
        let mut c = Count::new("Maildir", 4, "messages");
        c.advance();
        assert_eq!(c.line(), "Maildir:  25% (1 of 4 messages)");
        for _ in 0..5 {
            c.advance();
        }
        assert_eq!(c.line(), "Maildir: 100% (4 of 4 messages)");
    }

    #[test]
    fn the_bytes_pass_through_unchanged_and_are_counted() {
        let data: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut p = Progress::new(
            io::BufReader::with_capacity(4096, &data[..]),
            "t",
            data.len() as u64,
        );
        let mut lines = 0;
        let mut out = Vec::new();
        loop {
            let buf = p.fill_buf().unwrap();
            if buf.is_empty() {
                break;
            }
            let n = buf.len().min(1000);
            out.extend_from_slice(&buf[..n]);
            p.consume(n);
            lines += 1;
        }
        assert!(lines > 1);
        assert_eq!(out, data);
        assert_eq!(p.done(), data.len() as u64);
    }
}
