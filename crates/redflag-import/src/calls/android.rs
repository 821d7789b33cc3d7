//! "SMS Backup & Restore" XML (<https://synctech.com.au/sms-backup-restore/fields-in-xml-backup-files/>),
//! read as a stream: one `<call>`, `<sms>` or `<mms>` element at a time, so a backup of any
//! size reads in bounded memory.
//!
//! `<call number duration date type contact_name presentation/>`: `date` is Unix milliseconds,
//! `duration` seconds, `type` 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected,
//! 6 blocked, 7 answered on another device. Missed, voicemail, rejected and blocked calls are
//! inbound calls of 0 seconds.
//!
//! `<sms address date type body contact_name/>`: `type` 1 received, 2 sent (drafts, outbox,
//! failed and queued texts were never exchanged: skipped and reported). `<mms date msg_box
//! address>` with `<part ct="text/plain" text=.../>` parts: `msg_box` 1 received, 2 sent; a
//! group MMS (`address` joined by `~`) is filed under its first number.
//!
//! The app writes emoji as two numeric references to UTF-16 surrogates (`&#55357;&#56832;`),
//! which XML forbids: attribute values are unescaped here, pairing them.

use std::io::{BufRead, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event as Xml};
use redflag_domain::jiff::Timestamp;
use redflag_domain::{
    At, Call, Channel, Direction, Event, EventBody, EventId, Message, Record, SignalSet,
};
use redflag_text::nfc;

use super::{party_of, phone_key};
use crate::{Confidence, Context, Format, ImportError, Position, Sink, Skip};

/// Counts the newlines the XML reader consumes, so items can be placed by line.
struct Counting<'a> {
    inner: &'a mut dyn BufRead,
    newlines: u64,
}

impl Read for Counting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
        Ok(n)
    }
}

impl BufRead for Counting<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let amt = amt.min(buf.len());
            self.newlines += buf[..amt].iter().filter(|b| **b == b'\n').count() as u64;
        }
        self.inner.consume(amt);
    }
}

/// `calls-*.xml` of "SMS Backup & Restore".
pub struct AndroidCalls;

/// `sms-*.xml` of "SMS Backup & Restore".
pub struct AndroidSms;

fn has_root(head: &[u8], root: &[u8]) -> bool {
    let head = &head[..head.len().min(4096)];
    let mut needle = b"<".to_vec();
    needle.extend_from_slice(root);
    head.windows(needle.len() + 1).any(|w| {
        w.starts_with(&needle)
            && matches!(w[needle.len()], b' ' | b'>' | b'\t' | b'\r' | b'\n' | b'/')
    })
}

impl Format for AndroidCalls {
    fn id(&self) -> &'static str {
        "android-calls"
    }

    fn describe(&self) -> &'static str {
        "calls of an Android call log backup (SMS Backup & Restore calls.xml)"
    }

    fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
        if has_root(head, b"calls") {
            Confidence::Content
        } else {
            Confidence::No
        }
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        read(input, ctx, sink)
    }

    fn repeated_ids_are_copies(&self) -> bool {
        true
    }
}

impl Format for AndroidSms {
    fn id(&self) -> &'static str {
        "android-sms"
    }

    fn describe(&self) -> &'static str {
        "texts of an Android SMS backup (SMS Backup & Restore sms.xml)"
    }

    fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
        if has_root(head, b"smses") {
            Confidence::Content
        } else {
            Confidence::No
        }
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        read(input, ctx, sink)
    }

    fn repeated_ids_are_copies(&self) -> bool {
        true
    }
}

/// The attributes of one element, unescaped.
struct Attrs(Vec<(String, String)>);

impl Attrs {
    fn of(e: &BytesStart<'_>) -> Result<Attrs, String> {
        let mut out = Vec::new();
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|e| format!("bad attribute: {e}"))?;
            let key = a.key.as_ref().to_owned();
            out.push((key, unescape(&a.value)));
        }
        Ok(Attrs(out))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "null")
    }
}

/// XML entity and character references, UTF-16 surrogate pairs joined; anything unknown is
/// kept as written.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut pending_high: Option<u32> = None;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        if amp > 0 {
            pending_high = None;
        }
        let tail = &rest[amp..];
        // A reference is short; look for its ';' among the first bytes (';' is ASCII, so where
        // it is found is a character boundary even when the text around it is not).
        let Some(semi) = tail.as_bytes()[..tail.len().min(12)]
            .iter()
            .position(|b| *b == b';')
        else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..semi];
        let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok()
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok()
        } else {
            None
        };
        let named = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        };
        match (named, code) {
            (Some(c), _) => {
                out.push(c);
                pending_high = None;
            }
            (None, Some(c @ 0xD800..=0xDBFF)) => pending_high = Some(c),
            (None, Some(c @ 0xDC00..=0xDFFF)) => {
                if let Some(h) = pending_high.take() {
                    let cp = 0x10000 + ((h - 0xD800) << 10) + (c - 0xDC00);
                    out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                } else {
                    out.push('\u{fffd}');
                }
            }
            (None, Some(c)) => {
                out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                pending_high = None;
            }
            (None, None) => {
                out.push_str(&tail[..=semi]);
                pending_high = None;
            }
        }
        rest = &tail[semi + 1..];
    }
    out.push_str(rest);
    out
}

/// An MMS being read: its attributes, then the text of its parts.
struct Mms {
    attrs: Attrs,
    line: u64,
    text: String,
}

fn read(
    input: &mut dyn BufRead,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let mut reader = Reader::from_reader(Counting {
        inner: input,
        newlines: 0,
    });
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut mms: Option<Mms> = None;
    let mut root_seen = false;
    loop {
        buf.clear();
        let ev = reader.read_event_into(&mut buf);
        let line = reader.get_ref().newlines + 1;
        let at = Position::Line(line);
        let ev = match ev {
            Ok(ev) => ev,
            Err(quick_xml::Error::Io(e)) => {
                return Err(ImportError::Io {
                    at,
                    source: std::io::Error::new(e.kind(), e.to_string()),
                });
            }
            Err(e) => {
                // Nothing after a syntax error can be trusted to be read right.
                sink.bad(ImportError::Item {
                    at,
                    message: format!("not well-formed XML: {e}"),
                })?;
                return Ok(());
            }
        };
        match ev {
            Xml::Eof => break,
            Xml::Start(e) | Xml::Empty(e) if !root_seen => {
                root_seen = true;
                let name = e.local_name();
                if !matches!(name.as_ref(), "calls" | "smses") {
                    sink.bad(ImportError::Item {
                        at,
                        message: format!(
                            "<{}> is not an SMS Backup & Restore file (it starts with <calls> or <smses>)",
                            name.as_ref()
                        ),
                    })?;
                    return Ok(());
                }
            }
            ev @ (Xml::Start(_) | Xml::Empty(_)) => {
                let empty = matches!(ev, Xml::Empty(_));
                let (Xml::Start(e) | Xml::Empty(e)) = &ev else {
                    continue;
                };
                let name = e.local_name().as_ref().to_owned();
                let attrs = match Attrs::of(e) {
                    Ok(a) => a,
                    Err(message) => {
                        sink.bad(ImportError::Item { at, message })?;
                        continue;
                    }
                };
                match name.as_str() {
                    "call" => call(&attrs, at, ctx, sink)?,
                    "sms" => sms(&attrs, at, ctx, sink)?,
                    "mms" => {
                        mms = Some(Mms {
                            attrs,
                            line,
                            text: String::new(),
                        })
                    }
                    "part" => {
                        if let Some(m) = &mut mms
                            && attrs
                                .get("ct")
                                .is_some_and(|c| c.eq_ignore_ascii_case("text/plain"))
                            && let Some(t) = attrs.get("text")
                        {
                            if !m.text.is_empty() {
                                m.text.push('\n');
                            }
                            m.text.push_str(t);
                        }
                    }
                    _ => {}
                }
                // `<mms .../>` with no parts ends at once.
                if name == "mms"
                    && empty
                    && let Some(m) = mms.take()
                {
                    mms_done(m, ctx, sink)?;
                }
            }
            Xml::End(e) if e.local_name().as_ref() == "mms" => {
                if let Some(m) = mms.take() {
                    mms_done(m, ctx, sink)?;
                }
            }
            _ => {}
        }
    }
    if !root_seen {
        sink.bad(ImportError::Item {
            at: Position::Line(1),
            message: "no XML element: not an SMS Backup & Restore file".into(),
        })?;
    }
    Ok(())
}

fn when(attrs: &Attrs, ctx: &Context) -> Result<At, String> {
    let raw = attrs.get("date").ok_or("no date")?;
    let ms: i64 = raw
        .parse()
        .map_err(|_| format!("date {raw:?} is not Unix milliseconds"))?;
    let ts =
        Timestamp::from_millisecond(ms).map_err(|_| format!("date {raw:?} is out of range"))?;
    let ts = Timestamp::from_second(ts.as_second()).map_err(|e| e.to_string())?;
    Ok(At::Instant {
        ts,
        offset: ctx.timezone.to_offset(ts),
    })
}

fn call(
    attrs: &Attrs,
    at: Position,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let bad = |message: String| ImportError::Item { at, message };
    let when = match when(attrs, ctx) {
        Ok(w) => w,
        Err(m) => return Ok(sink.bad(bad(format!("call: {m}")))?),
    };
    let kind: u8 = attrs.get("type").and_then(|t| t.parse().ok()).unwrap_or(0);
    let duration: u32 = attrs
        .get("duration")
        .and_then(|d| d.parse::<i64>().ok())
        .map_or(0, |d| u32::try_from(d.max(0)).unwrap_or(u32::MAX));
    let (direction, duration_s) = match kind {
        1 | 7 => (Direction::In, duration),
        2 => (Direction::Out, duration),
        3..=6 => (Direction::In, 0),
        _ => {
            return Ok(sink.skip(
                &at,
                Skip::NotRead {
                    what: format!(
                        "a call of type {:?} (not incoming, outgoing, missed, voicemail, rejected or blocked) was left out",
                        attrs.get("type").unwrap_or("")
                    ),
                },
            )?);
        }
    };
    let number = attrs.get("number");
    let Some(party) = party_of(number, at, ctx, sink)? else {
        return Ok(());
    };
    let date = attrs.get("date").unwrap_or("");
    let event = Event {
        id: EventId::new(format!("call-{date}-{}", phone_key(number.unwrap_or("")))),
        party,
        at: when,
        tags: Vec::new(),
        body: EventBody::Call(Call {
            direction,
            duration_s,
            author: None,
        }),
    };
    Ok(sink.record(&at, Record::Event(event))?)
}

fn fnv(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[allow(clippy::too_many_arguments)]
fn text_message(
    kind: &str,
    number: Option<&str>,
    contact: Option<&str>,
    direction: Direction,
    when: At,
    date: &str,
    body: &str,
    at: Position,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let Some(party) = party_of(number, at, ctx, sink)? else {
        return Ok(());
    };
    let key = phone_key(number.unwrap_or(""));
    let text = nfc(body.trim());
    let author = match direction {
        Direction::In => contact
            .filter(|c| !c.eq_ignore_ascii_case("(Unknown)"))
            .map(nfc),
        Direction::Out => None,
    };
    let event = Event {
        id: EventId::new(format!("{kind}-{date}-{key}-{:08x}", fnv(&text))),
        party,
        at: when,
        tags: Vec::new(),
        body: EventBody::Message(Message {
            direction,
            channel: Channel::Sms,
            author,
            subject: None,
            thread: Some(format!("sms:{key}")),
            text: (!text.is_empty()).then_some(text),
            signals: SignalSet::default(),
            hits: Vec::new(),
            classifier: None,
        }),
    };
    Ok(sink.record(&at, Record::Event(event))?)
}

fn direction_of(
    box_: Option<&str>,
    what: &str,
    at: Position,
    sink: &mut dyn Sink,
) -> Result<Option<Direction>, ImportError> {
    match box_ {
        Some("1") => Ok(Some(Direction::In)),
        Some("2") => Ok(Some(Direction::Out)),
        other => {
            sink.skip(
                &at,
                Skip::NotRead {
                    what: format!(
                        "{what} of type {:?} (a draft, unsent or failed text: never exchanged) was left out",
                        other.unwrap_or("")
                    ),
                },
            )?;
            Ok(None)
        }
    }
}

fn sms(
    attrs: &Attrs,
    at: Position,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let when = match when(attrs, ctx) {
        Ok(w) => w,
        Err(m) => {
            return Ok(sink.bad(ImportError::Item {
                at,
                message: format!("sms: {m}"),
            })?);
        }
    };
    let Some(direction) = direction_of(attrs.get("type"), "an SMS", at, sink)? else {
        return Ok(());
    };
    text_message(
        "sms",
        attrs.get("address"),
        attrs.get("contact_name"),
        direction,
        when,
        attrs.get("date").unwrap_or(""),
        attrs.get("body").unwrap_or(""),
        at,
        ctx,
        sink,
    )
}

fn mms_done(m: Mms, ctx: &mut Context, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let at = Position::Line(m.line);
    let when = match when(&m.attrs, ctx) {
        Ok(w) => w,
        Err(msg) => {
            return Ok(sink.bad(ImportError::Item {
                at,
                message: format!("mms: {msg}"),
            })?);
        }
    };
    let Some(direction) = direction_of(m.attrs.get("msg_box"), "an MMS", at, sink)? else {
        return Ok(());
    };
    let address = m
        .attrs
        .get("address")
        .map(|a| a.split('~').next().unwrap_or(a));
    text_message(
        "mms",
        address,
        m.attrs.get("contact_name"),
        direction,
        when,
        m.attrs.get("date").unwrap_or(""),
        &m.text,
        at,
        ctx,
        sink,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_pair_references_become_one_emoji() {
        assert_eq!(unescape("ok &#55357;&#56832; &amp; &lt;3"), "ok 😀 & <3");
        assert_eq!(unescape("a &#56832; b"), "a \u{fffd} b");
        assert_eq!(unescape("R&D &bogus; &#x1F600;"), "R&D &bogus; 😀");
        // Found by the property test: an unfinished reference followed by Vietnamese text,
        // where byte 12 falls inside a letter.
        assert_eq!(
            unescape("&#5535được không?"),
            "&#5535được không?",
            "kept as written, no panic"
        );
    }
}
