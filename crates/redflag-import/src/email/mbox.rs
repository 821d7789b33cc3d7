//! Splitting an mbox into messages, streaming, in bounded memory.
//!
//! mbox is a family (RFC 4155): every message starts with a `From ` separator line. mboxo
//! writers escape body lines starting `From ` as `>From `; mboxrd writers (Thunderbird, Google
//! Takeout) add one `>` to every `>*From ` line; some writers escape nothing. The rules here:
//!
//! - a separator is a line starting `From ` that looks like an envelope (`From -`,
//!   `From sender`, or `From sender` followed by an asctime date with a `HH:MM` time), at the
//!   start of the file or after a blank line, and is followed by a header line
//!   (`Name: value`); so "From Russia with love" in a body, even after a blank line and
//!   before a line that looks like a header, is body text (MimeKit's `unmunged.mbox`);
//! - writers that leave out the blank line (MimeKit's `simple.mbox`) are still split when the
//!   envelope is followed by a header that starts messages (`From:`, `Return-Path:`,
//!   `Received:`, `Date:`...), not just any `Name: value` line;
//! - the blank line before a separator belongs to the separator, not to the message;
//! - one `>` is removed from every `>+From ` line (exact for mboxrd; for mboxo it turns an
//!   escaped `>From ` back into `From `, and loses a `>` only on lines that had one to begin
//!   with, which mboxo cannot tell apart anyway).

use std::io::BufRead;

/// A message is refused (and its bytes skipped) beyond this size: mail services cap messages
/// at 25 to 50 MB, and memory must stay bounded whatever the file holds.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// One message of an mbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MboxMessage {
    /// 1-based.
    pub number: u64,
    /// Byte offset of its `From ` line.
    pub offset: u64,
    /// The message (headers and body), unescaped, without the separator line.
    pub bytes: Vec<u8>,
    /// Whether it was cut short at [`MAX_MESSAGE_BYTES`].
    pub truncated: bool,
}

/// What the splitter yields: a message, or an I/O error (after which it stops), or text found
/// before the first separator.
#[derive(Debug)]
pub enum MboxItem {
    /// A message.
    Message(MboxMessage),
    /// Non-blank text before the first `From ` line, at this byte offset: not an mbox there.
    Preamble {
        /// Byte offset of the first such line.
        offset: u64,
    },
    /// Reading failed at this byte offset.
    Io {
        /// Where.
        offset: u64,
        /// Why.
        error: std::io::Error,
    },
}

/// Streams the messages of an mbox.
///
/// ```
/// use redflag_import::email::mbox::{MboxItem, Splitter};
/// let mbox = b"From a@b Mon Jul  8 12:08:34 2011\nFrom: a@b\n\nhello\n>From here\n\nFrom Russia with love\n\nFrom - \nSubject: 2\n\nbye\n";
/// let bodies: Vec<String> = Splitter::new(&mbox[..])
///     .map(|m| match m { MboxItem::Message(m) => String::from_utf8(m.bytes).unwrap(), _ => panic!() })
///     .collect();
/// assert_eq!(bodies, ["From: a@b\n\nhello\nFrom here\n\nFrom Russia with love\n", "Subject: 2\n\nbye\n"]);
/// ```
pub struct Splitter<R> {
    input: R,
    /// Byte offset of the next unread line.
    offset: u64,
    line: Vec<u8>,
    /// A line read ahead that still has to be handled.
    held: Option<(u64, Vec<u8>)>,
    current: Option<MboxMessage>,
    /// The current message ended with this blank line, which may belong to the next separator.
    blank_pending: Option<&'static [u8]>,
    prev_blank: bool,
    started: bool,
    preamble_reported: bool,
    number: u64,
    done: bool,
}

impl<R: BufRead> Splitter<R> {
    /// Reads from `input`.
    pub fn new(input: R) -> Self {
        Splitter {
            input,
            offset: 0,
            line: Vec::with_capacity(256),
            held: None,
            current: None,
            blank_pending: None,
            prev_blank: true,
            started: false,
            preamble_reported: false,
            number: 0,
            done: false,
        }
    }

    /// Reads the next line into `self.line`; false at the end. Lines longer than the message
    /// cap are read in pieces, so memory stays bounded by the cap.
    fn read_line(&mut self) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        if let Some(h) = self.held.take() {
            return Ok(Some(h));
        }
        self.line.clear();
        let start = self.offset;
        let mut limited =
            <&mut R as std::io::Read>::take(&mut self.input, MAX_MESSAGE_BYTES as u64 + 1);
        let n = limited.read_until(b'\n', &mut self.line)?;
        if n == 0 {
            return Ok(None);
        }
        self.offset += n as u64;
        Ok(Some((start, std::mem::take(&mut self.line))))
    }

    fn finish_current(&mut self) -> Option<MboxMessage> {
        self.blank_pending = None;
        self.current.take()
    }

    fn push_line(&mut self, line: &[u8]) {
        let Some(msg) = self.current.as_mut() else {
            return;
        };
        if msg.truncated {
            return;
        }
        let line = unescape(line);
        if msg.bytes.len() + line.len() > MAX_MESSAGE_BYTES {
            msg.truncated = true;
            msg.bytes = Vec::new();
            return;
        }
        msg.bytes.extend_from_slice(line);
    }

    fn step(&mut self) -> Option<MboxItem> {
        loop {
            let (at, line) = match self.read_line() {
                Ok(Some(l)) => l,
                Ok(None) => {
                    self.done = true;
                    return self.finish_current().map(MboxItem::Message);
                }
                Err(error) => {
                    self.done = true;
                    return Some(MboxItem::Io {
                        offset: self.offset,
                        error,
                    });
                }
            };
            let blank = is_blank(&line);
            if is_separator(&line) {
                // A separator only if a header follows.
                let next = match self.read_line() {
                    Ok(n) => n,
                    Err(error) => {
                        self.done = true;
                        return Some(MboxItem::Io {
                            offset: self.offset,
                            error,
                        });
                    }
                };
                let header_follows = next.as_ref().is_some_and(|(_, l)| {
                    if self.prev_blank {
                        is_header(l)
                    } else {
                        starts_message(l)
                    }
                });
                self.held = next;
                if header_follows {
                    self.prev_blank = false;
                    self.started = true;
                    self.number += 1;
                    let new = MboxMessage {
                        number: self.number,
                        offset: at,
                        bytes: Vec::new(),
                        truncated: false,
                    };
                    let done = self.finish_current();
                    self.current = Some(new);
                    if let Some(m) = done {
                        return Some(MboxItem::Message(m));
                    }
                    continue;
                }
            }
            self.prev_blank = blank;
            if !self.started {
                if !blank && !self.preamble_reported {
                    self.preamble_reported = true;
                    return Some(MboxItem::Preamble { offset: at });
                }
                continue;
            }
            // A blank line is held back: if a separator follows it, it is the separator's.
            if let Some(b) = self.blank_pending.take() {
                self.push_line(b);
            }
            if blank {
                self.blank_pending = Some(if line.len() == 2 { b"\r\n" } else { b"\n" });
            } else {
                self.push_line(&line);
            }
        }
    }
}

impl<R: BufRead> Iterator for Splitter<R> {
    type Item = MboxItem;

    fn next(&mut self) -> Option<MboxItem> {
        if self.done {
            return None;
        }
        self.step()
    }
}

fn is_blank(line: &[u8]) -> bool {
    matches!(line, b"\n" | b"\r\n")
}

/// `From -`, `From sender`, or `From sender date...` where the date has an `H:MM` time.
fn is_separator(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let rest = String::from_utf8_lossy(rest);
    let mut words = rest.split_whitespace();
    let Some(sender) = words.next() else {
        // A bare `From ` line (MimeKit's "From - " has a dash).
        return false;
    };
    let rest: Vec<&str> = words.collect();
    if rest.is_empty() {
        return sender == "-" || sender.contains('@') || sender == "MAILER-DAEMON";
    }
    let has_time = rest.iter().any(|w| {
        let mut parts = w.split(':');
        let h = parts.next().unwrap_or("");
        let m = parts.next().unwrap_or("");
        !h.is_empty()
            && h.len() <= 2
            && h.bytes().all(|b| b.is_ascii_digit())
            && m.len() == 2
            && m.bytes().all(|b| b.is_ascii_digit())
    });
    let has_year = rest
        .iter()
        .any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()));
    has_time && has_year
}

/// `Name: value`, or a folded continuation is not a first header.
fn is_header(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        return false;
    };
    colon > 0
        && line[..colon]
            .iter()
            .all(|b| matches!(b, 0x21..=0x39 | 0x3b..=0x7e))
}

/// A header that mail starts with (the first header of a stored message).
fn starts_message(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        return false;
    };
    let name = String::from_utf8_lossy(&line[..colon]).to_ascii_lowercase();
    matches!(
        name.as_str(),
        "from"
            | "return-path"
            | "received"
            | "date"
            | "message-id"
            | "delivered-to"
            | "x-gm-thrid"
            | "x-gmail-labels"
            | "x-mozilla-status"
            | "x-mozilla-status2"
            | "x-account-key"
            | "x-uidl"
            | "mime-version"
    )
}

/// `>From ` → `From `, `>>From ` → `>From `.
fn unescape(line: &[u8]) -> &[u8] {
    let quotes = line.iter().take_while(|b| **b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        &line[1..]
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(input: &[u8]) -> Vec<String> {
        Splitter::new(input)
            .map(|m| match m {
                MboxItem::Message(m) => String::from_utf8(m.bytes).unwrap(),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn separators_need_a_blank_line_before_and_a_header_after() {
        let mbox = b"From - Mon Jul 11 12:08:34 2011\nSubject: 1\n\nFrom Russia with love\nYear: 1963\n\nFrom bob@example.com Fri Jul  8 12:08:34 2011\nSubject: 2\n\ntext\nFrom - Mon Jul 11 12:08:34 2011\nSubject: not a separator: no blank line before\n\nFrom bob@example.com\n\n";
        let got = split(mbox);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].ends_with("From Russia with love\nYear: 1963\n"));
        assert!(got[1].contains("not a separator"));
        assert!(got[1].ends_with("From bob@example.com\n"));
    }

    #[test]
    fn without_a_blank_line_an_envelope_needs_a_header_that_starts_mail() {
        let mbox = b"From - \nFrom: a@b\n\nx\nFrom - \nFrom: c@d\n\ny\n";
        assert_eq!(split(mbox), ["From: a@b\n\nx\n", "From: c@d\n\ny\n"]);
    }

    #[test]
    fn mboxrd_unescaping_removes_exactly_one_quote() {
        let mbox = b"From a@b Mon Jul  8 12:08:34 2011\nSubject: x\n\n>From a\n>>From b\n> From c\n>>>From d\n";
        assert_eq!(
            split(mbox),
            ["Subject: x\n\nFrom a\n>From b\n> From c\n>>From d\n"]
        );
    }

    #[test]
    fn crlf_files_and_the_blank_line_before_a_separator() {
        let mbox =
            b"From - \r\nSubject: 1\r\n\r\nbody\r\n\r\n\r\nFrom - \r\nSubject: 2\r\n\r\nb2\r\n";
        assert_eq!(
            split(mbox),
            ["Subject: 1\r\n\r\nbody\r\n\r\n", "Subject: 2\r\n\r\nb2\r\n"]
        );
    }

    #[test]
    fn text_before_the_first_separator_is_reported_once() {
        let items: Vec<_> =
            Splitter::new(&b"junk\nmore\n\nFrom - \nSubject: 1\n\nx\n"[..]).collect();
        assert!(matches!(items[0], MboxItem::Preamble { offset: 0 }));
        assert!(matches!(&items[1], MboxItem::Message(m) if m.offset == 11 && m.number == 1));
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn oversized_messages_are_cut_not_held() {
        let mut mbox = b"From - \nSubject: big\n\n".to_vec();
        let line = vec![b'a'; 1 << 20];
        for _ in 0..(MAX_MESSAGE_BYTES >> 20) + 1 {
            mbox.extend_from_slice(&line);
            mbox.push(b'\n');
        }
        mbox.extend_from_slice(b"\nFrom - \nSubject: small\n\nok\n");
        let items: Vec<_> = Splitter::new(&mbox[..])
            .map(|i| match i {
                MboxItem::Message(m) => (m.truncated, m.bytes.len()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(items, [(true, 0), (false, 19)]);
    }
}
