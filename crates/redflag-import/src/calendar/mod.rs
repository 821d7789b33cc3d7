//! Calendars: iCalendar files (`.ics`, RFC 5545) as Google Calendar, Outlook, Apple Calendar
//! and Thunderbird export them, and as invites arrive by mail. Each VEVENT with a counterpart
//! becomes `meeting` events (`spec/interchange.md`).
//!
//! - **Times**: UTC (`...Z`), floating (read in [`Context::timezone`]), zoned by `TZID`: an
//!   IANA name, a Windows zone name ("SE Asia Standard Time" → Asia/Bangkok, see
//!   [`zones::WINDOWS_ZONES`]), an Outlook display name, a vendor-prefixed IANA path, else the
//!   file's own VTIMEZONE rules. All-day events are dates. `at` keeps the event zone's offset.
//! - **Length**: DTEND − DTSTART, else DURATION, else 0 (a day for an all-day event).
//! - **Recurrence**: RRULE (see [`rrule`] for what is expanded and what is reported as not
//!   supported), RDATE, EXDATE (an excluded date is no meeting at all), RECURRENCE-ID overrides.
//!   Expansion stops at COUNT or UNTIL, at [`MAX_OCCURRENCES`], and at [`HORIZON_DAYS`] days after
//!   the newest DTSTAMP / LAST-MODIFIED / CREATED in the file (its export date: later
//!   occurrences have not happened; a later export adds them), or a year after DTSTART when the
//!   file has no stamp.
//! - **Status**: `cancelled` for STATUS:CANCELLED or METHOD:CANCEL; `rescheduled` for the
//!   original slot of an occurrence an override moves (the new slot is a meeting of its own, id
//!   suffixed `/moved`) and for an earlier version (lower SEQUENCE) of the same UID with another
//!   DTSTART in the same file; `held` otherwise (there is no "planned" status: a review ignores
//!   what lies after its date). `by` is `us` when the ORGANIZER is one of the user's addresses
//!   (or the Google calendar's own address, `X-WR-CALNAME`), `party` for any other organizer,
//!   unset without one.
//! - **Party**: the first ORGANIZER or ATTENDEE address (rooms and resources aside) that a party
//!   owns; else the organizer if not us, else the first attendee not us, who becomes a new
//!   prospect named after them (id from the address) unless [`Context::known_only`]. Events with
//!   no address outside ours are skipped and counted.
//! - **Ids**: the UID; `UID/20250301T020000Z` (UTC) or `UID/20250301` (all-day) per occurrence of
//!   a recurring event or per override.

pub mod lines;
pub mod rrule;
pub mod time;
pub mod zones;

use std::collections::HashMap;
use std::io::{BufRead, Read};

use redflag_domain::jiff::civil::{Date, DateTime, Time};
use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::jiff::{SignedDuration, Timestamp, ToSpan};
use redflag_domain::{
    At, Event, EventBody, EventId, Meeting, MeetingStatus, Party, PartyId, Record, Role, Side,
};

use crate::context::normalise_email;
use crate::{
    Confidence, Context, Format, ImportError, Position, Sink, Skip, extension, party_id_for_email,
};
use lines::{Component, Property};
use rrule::{Rule, RuleError, Until};
use time::{DtValue, dt_value, dt_values, parse_duration};
use zones::{Zone, Zones};

/// The largest calendar file read (whole: overrides may come anywhere in it).
pub const MAX_BYTES: usize = 256 << 20;
/// The most occurrences one recurring event yields.
pub const MAX_OCCURRENCES: usize = 1000;
/// How far past the file's newest stamp occurrences are expanded.
pub const HORIZON_DAYS: i64 = 90;

/// An iCalendar file (`.ics`).
pub struct Ics;

impl Format for Ics {
    fn id(&self) -> &'static str {
        "ics"
    }

    fn describe(&self) -> &'static str {
        "calendar events (.ics)"
    }

    fn sniff(&self, file_name: Option<&str>, head: &[u8]) -> Confidence {
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        let rest = &head[start..];
        if rest.len() >= 15 && rest[..15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR") {
            return Confidence::Content;
        }
        match extension(file_name).as_deref() {
            Some("ics" | "ical" | "icalendar" | "ifb") => Confidence::Extension,
            _ => Confidence::No,
        }
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let first = Position::Line(1);
        let mut bytes = Vec::new();
        input
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| ImportError::Io { at: first, source })?;
        if bytes.len() > MAX_BYTES {
            return Ok(sink.bad(ImportError::Item {
                at: first,
                message: format!("the calendar is larger than {} MB", MAX_BYTES >> 20),
            })?);
        }
        let (text, _) = crate::text::decode(&bytes);
        if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with(['[', '{'])
        {
            return Ok(sink.bad(ImportError::Item {
                at: first,
                message: "this is a jCal (JSON) calendar, which is not read: export the calendar \
                          as .ics (iCalendar text)"
                    .into(),
            })?);
        }
        let top = match lines::parse(&text) {
            Ok(t) => t,
            Err(e) => {
                return Ok(sink.bad(ImportError::Item {
                    at: Position::Line(e.line),
                    message: e.message,
                })?);
            }
        };
        let mut calendars = 0;
        for c in &top {
            if c.name != "VCALENDAR" {
                sink.bad(ImportError::Item {
                    at: Position::Line(c.line),
                    message: format!("BEGIN:{} outside any BEGIN:VCALENDAR", c.name),
                })?;
                continue;
            }
            calendars += 1;
            import_calendar(c, ctx, sink)?;
        }
        if calendars == 0 && top.is_empty() {
            sink.bad(ImportError::Item {
                at: first,
                message: "not an iCalendar file: no BEGIN:VCALENDAR".into(),
            })?;
        }
        Ok(())
    }
}

/// A person named by ORGANIZER or ATTENDEE.
#[derive(Debug, Clone)]
struct Person {
    address: String,
    name: Option<String>,
}

fn person(p: &Property) -> Option<Person> {
    if p.param("CUTYPE")
        .is_some_and(|c| c.eq_ignore_ascii_case("ROOM") || c.eq_ignore_ascii_case("RESOURCE"))
    {
        return None;
    }
    let v = p.value.trim();
    // `get`: the 7th byte may fall inside a character (`ma\u{a0}...`).
    let addr = if v
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
    {
        &v[7..]
    } else {
        v
    };
    let addr = normalise_email(addr);
    if !addr.contains('@') || addr.contains(char::is_whitespace) {
        return None;
    }
    let name = p
        .param("CN")
        .map(|n| n.trim().trim_matches('\'').trim())
        .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(&addr))
        .map(redflag_text::nfc);
    Some(Person {
        address: addr,
        name,
    })
}

/// One VEVENT, read.
#[derive(Debug, Clone)]
struct Ev {
    line: u64,
    uid: Option<String>,
    start: DtValue,
    end: Option<DtValue>,
    duration: Option<SignedDuration>,
    rrule: Option<Property>,
    rdates: Vec<DtValue>,
    exdates: Vec<DtValue>,
    rid: Option<DtValue>,
    cancelled: bool,
    sequence: i64,
    stamp: Option<DateTime>,
    organizer: Option<Person>,
    attendees: Vec<Person>,
}

/// Reads one VEVENT: `Ok(None)` when it has no DTSTART (no time: nothing to import), an error
/// with the line of the property at fault.
fn read_event(c: &Component) -> Result<Option<Ev>, (u64, String)> {
    fn at(p: &Property) -> impl Fn(String) -> (u64, String) + use<> {
        let line = p.line;
        move |m| (line, m)
    }
    let Some(start) = c.prop("DTSTART") else {
        return Ok(None);
    };
    let start = dt_value(start).map_err(at(start))?;
    let end = match c.prop("DTEND") {
        Some(p) => Some(dt_value(p).map_err(at(p))?),
        None => None,
    };
    let duration = match c.prop("DURATION") {
        Some(p) if end.is_none() => Some(parse_duration(&p.value).ok_or_else(|| {
            (
                p.line,
                format!("DURATION {:?} is not a duration", clip(&p.value)),
            )
        })?),
        _ => None,
    };
    let mut rdates = Vec::new();
    for p in c.props("RDATE") {
        if p.value.trim().is_empty() {
            continue;
        }
        rdates.extend(dt_values(p).map_err(at(p))?);
    }
    let mut exdates = Vec::new();
    for p in c.props("EXDATE") {
        if p.value.trim().is_empty() {
            continue;
        }
        exdates.extend(dt_values(p).map_err(at(p))?);
    }
    let rid = match c.prop("RECURRENCE-ID") {
        Some(p) => Some(dt_value(p).map_err(at(p))?),
        None => None,
    };
    let status = c
        .prop("STATUS")
        .map(|p| p.value.trim().to_ascii_uppercase());
    let sequence = c
        .prop("SEQUENCE")
        .and_then(|p| p.value.trim().parse::<i64>().ok())
        .unwrap_or(0);
    let stamp = ["LAST-MODIFIED", "DTSTAMP"]
        .iter()
        .filter_map(|n| c.prop(n))
        .filter_map(|p| {
            p.value
                .trim()
                .strip_suffix('Z')
                .and_then(time::parse_datetime)
        })
        .max();
    Ok(Some(Ev {
        line: c.line,
        uid: c
            .prop("UID")
            .map(|p| lines::unescape(p.value.trim()))
            .filter(|u| !u.is_empty()),
        start,
        end,
        duration,
        rrule: c.prop("RRULE").cloned(),
        rdates,
        exdates,
        rid,
        cancelled: status.as_deref() == Some("CANCELLED"),
        sequence,
        stamp,
        organizer: c.prop("ORGANIZER").and_then(person),
        attendees: c.props("ATTENDEE").filter_map(person).collect(),
    }))
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// A time read and placed: the record's `at`, and the key occurrences are matched by.
#[derive(Debug, Clone, Copy)]
struct Placed {
    at: At,
}

impl Placed {
    fn key(&self) -> String {
        match self.at {
            At::Date(d) => d.strftime("%Y%m%d").to_string(),
            At::Instant { ts, .. } => ts.strftime("%Y%m%dT%H%M%SZ").to_string(),
        }
    }

    fn timestamp(&self) -> Option<Timestamp> {
        match self.at {
            At::Instant { ts, .. } => Some(ts),
            At::Date(_) => None,
        }
    }
}

/// What one calendar needs while its events are read.
struct Cal<'a> {
    zones: Zones,
    tz: TimeZone,
    cancel_all: bool,
    calendar_me: Option<String>,
    horizon: Option<DateTime>,
    ctx: &'a mut Context,
}

impl Cal<'_> {
    fn is_me(&self, address: &str) -> bool {
        self.ctx.is_me(address) || self.calendar_me.as_deref() == Some(address)
    }

    fn zone(&mut self, tzid: &str) -> Result<Zone, String> {
        self.zones.get(tzid).cloned().ok_or_else(|| {
            format!(
                "the time zone {tzid:?} is neither an IANA nor a Windows zone name, and the file \
                 does not define it (VTIMEZONE)"
            )
        })
    }

    fn place(&mut self, v: &DtValue) -> Result<Placed, String> {
        let at = match v {
            DtValue::Date(d) => At::Date(*d),
            DtValue::Utc(dt) => {
                let ts = redflag_domain::jiff::tz::Offset::UTC
                    .to_timestamp(*dt)
                    .map_err(|_| "a time out of range".to_owned())?;
                At::Instant {
                    ts,
                    offset: self.tz.to_offset(ts),
                }
            }
            DtValue::Floating(dt) => {
                let z = self
                    .tz
                    .to_ambiguous_zoned(*dt)
                    .compatible()
                    .map_err(|_| "a time out of range".to_owned())?;
                At::Instant {
                    ts: z.timestamp(),
                    offset: z.offset(),
                }
            }
            DtValue::Zoned(dt, tzid) => {
                let zone = self.zone(tzid)?;
                let (ts, offset) = zone
                    .resolve(*dt)
                    .ok_or_else(|| "a time out of range".to_owned())?;
                At::Instant { ts, offset }
            }
        };
        Ok(Placed { at })
    }

    /// The wall clock in which `start`'s recurrence is expanded, and back.
    fn frame(&mut self, start: &DtValue) -> Result<Frame, String> {
        Ok(match start {
            DtValue::Date(_) => Frame::Dates,
            DtValue::Utc(_) => Frame::Zone(Zone::Tz(TimeZone::UTC)),
            DtValue::Floating(_) => Frame::Floating,
            DtValue::Zoned(_, tzid) => Frame::Zone(self.zone(tzid)?),
        })
    }
}

enum Frame {
    Dates,
    Floating,
    Zone(Zone),
}

fn wall_of(v: &DtValue) -> DateTime {
    match v {
        DtValue::Date(d) => d.to_datetime(Time::midnight()),
        DtValue::Floating(d) | DtValue::Utc(d) | DtValue::Zoned(d, _) => *d,
    }
}

fn import_calendar(
    cal: &Component,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let cancel_all = cal
        .prop("METHOD")
        .is_some_and(|m| m.value.trim().eq_ignore_ascii_case("CANCEL"));
    let calendar_me = cal
        .prop("X-WR-CALNAME")
        .map(|p| normalise_email(&p.value))
        .filter(|a| a.contains('@') && !a.contains(char::is_whitespace));
    let zones = Zones::new(cal.children.iter().filter(|c| c.name == "VTIMEZONE"));
    let mut events = Vec::new();
    for c in cal.children.iter().filter(|c| c.name == "VEVENT") {
        match read_event(c) {
            Ok(Some(ev)) => events.push(ev),
            Ok(None) => sink.skip(
                &Position::Line(c.line),
                Skip::NotRead {
                    what: "an event with no DTSTART (no time) was left out".into(),
                },
            )?,
            Err((line, message)) => sink.bad(ImportError::Item {
                at: Position::Line(line),
                message,
            })?,
        }
    }
    let horizon = events
        .iter()
        .filter_map(|e| e.stamp)
        .max()
        .and_then(|s| s.checked_add(HORIZON_DAYS.days()).ok());
    let tz = ctx.timezone.clone();
    let mut cal = Cal {
        zones,
        tz,
        cancel_all,
        calendar_me,
        horizon,
        ctx,
    };
    // Group by UID, in the order UIDs first appear.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<Ev>> = HashMap::new();
    for (i, ev) in events.into_iter().enumerate() {
        let uid = ev.uid.clone().unwrap_or_else(|| format!("\u{0}{i}"));
        if !groups.contains_key(&uid) {
            order.push(uid.clone());
        }
        groups.entry(uid).or_default().push(ev);
    }
    for uid in order {
        let group = groups.remove(&uid).unwrap_or_default();
        match import_group(&mut cal, group, sink) {
            Ok(()) => {}
            Err(GroupError::Bad(line, message)) => sink.bad(ImportError::Item {
                at: Position::Line(line),
                message,
            })?,
            Err(GroupError::Stop(e)) => return Err(e),
        }
    }
    Ok(())
}

enum GroupError {
    Bad(u64, String),
    Stop(ImportError),
}

impl From<crate::Stop> for GroupError {
    fn from(_: crate::Stop) -> Self {
        GroupError::Stop(ImportError::Stopped)
    }
}

/// One record to emit.
struct Out {
    id: String,
    at: At,
    minutes: u32,
    status: MeetingStatus,
    by: Option<Side>,
}

fn fallback_uid(ev: &Ev) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!(
        "{:?}\u{0}{}",
        ev.start,
        ev.organizer.as_ref().map_or("", |o| o.address.as_str())
    );
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("ics-{h:016x}")
}

fn import_group(cal: &mut Cal<'_>, group: Vec<Ev>, sink: &mut dyn Sink) -> Result<(), GroupError> {
    let (mut masters, overrides): (Vec<Ev>, Vec<Ev>) =
        group.into_iter().partition(|e| e.rid.is_none());
    // Versions of the same event: the highest SEQUENCE (then the newest stamp, then the last
    // in the file) is the current one.
    masters.sort_by_key(|m| (m.sequence, m.stamp));
    let master = masters.pop();
    let older = masters;
    let Some(lead) = master.as_ref().or(overrides.first()) else {
        return Ok(());
    };
    let line = lead.line;
    let pos = Position::Line(line);
    let bad = |m: String| GroupError::Bad(line, m);
    let uid = lead.uid.clone().unwrap_or_else(|| fallback_uid(lead));

    // The party, from every address the event names.
    let mut people: Vec<&Person> = Vec::new();
    for e in master.iter().chain(&overrides) {
        people.extend(e.organizer.iter());
        people.extend(e.attendees.iter());
    }
    let Some(party) = party_for(cal, &people, &pos, sink)? else {
        return Ok(());
    };

    let mut outs: Vec<Out> = Vec::new();
    let mut overridden: HashMap<String, &Ev> = HashMap::new();
    for o in &overrides {
        let rid = o.rid.as_ref().expect("partitioned on it");
        let key = cal.place(rid).map_err(bad)?.key();
        // The newest version of an override wins.
        match overridden.get(&key) {
            Some(prev) if (prev.sequence, prev.stamp) > (o.sequence, o.stamp) => {}
            _ => {
                overridden.insert(key, o);
            }
        }
    }

    if let Some(m) = &master {
        let recurring = m.rrule.is_some() || !m.rdates.is_empty();
        let minutes = minutes(cal, m).map_err(bad)?;
        let status = status_of(cal, m);
        if recurring {
            let occ = occurrences(cal, m, &pos, sink)?;
            for p in occ {
                let key = p.key();
                if overridden.contains_key(&key) {
                    continue;
                }
                outs.push(Out {
                    id: format!("{uid}/{key}"),
                    at: p.at,
                    minutes,
                    status: status.0,
                    by: status.1,
                });
            }
        } else {
            let start = cal.place(&m.start).map_err(bad)?;
            if !overridden.contains_key(&start.key()) {
                outs.push(Out {
                    id: uid.clone(),
                    at: start.at,
                    minutes,
                    status: status.0,
                    by: status.1,
                });
            }
            // An earlier version at another time: that slot was moved.
            for o in &older {
                if o.rrule.is_some() {
                    continue;
                }
                let Ok(was) = cal.place(&o.start) else {
                    continue;
                };
                if was.key() != start.key() && !outs.iter().any(|x| x.id.ends_with(&was.key())) {
                    outs.push(Out {
                        id: format!("{uid}/{}", was.key()),
                        at: was.at,
                        minutes: minutes_or_zero(cal, o),
                        status: MeetingStatus::Rescheduled,
                        by: side(cal, m.organizer.as_ref()),
                    });
                }
            }
        }
    }

    let mut keys: Vec<&String> = overridden.keys().collect();
    keys.sort();
    for key in keys {
        let o = overridden[key];
        let rid_at = cal
            .place(o.rid.as_ref().expect("an override"))
            .map_err(bad)?;
        let start = cal.place(&o.start).map_err(bad)?;
        let minutes = minutes(cal, o).map_err(bad)?;
        let id = format!("{uid}/{key}");
        let (status, by) = status_of(cal, o);
        if status == MeetingStatus::Cancelled {
            outs.push(Out {
                id,
                at: rid_at.at,
                minutes,
                status,
                by,
            });
        } else if start.key() != *key {
            let by = side(cal, o.organizer.as_ref());
            outs.push(Out {
                id: id.clone(),
                at: rid_at.at,
                minutes,
                status: MeetingStatus::Rescheduled,
                by,
            });
            outs.push(Out {
                id: format!("{id}/moved"),
                at: start.at,
                minutes,
                status: MeetingStatus::Held,
                by: None,
            });
        } else {
            outs.push(Out {
                id,
                at: start.at,
                minutes,
                status,
                by,
            });
        }
    }
    for o in outs {
        let event = Event {
            id: EventId::new(o.id),
            party: party.clone(),
            at: o.at,
            tags: Vec::new(),
            body: EventBody::Meeting(Meeting {
                duration_min: o.minutes,
                status: o.status,
                by: if o.status == MeetingStatus::Held {
                    None
                } else {
                    o.by
                },
            }),
        };
        sink.record(&pos, Record::Event(event))?;
    }
    Ok(())
}

/// The status of one VEVENT and who caused it.
fn status_of(cal: &Cal<'_>, e: &Ev) -> (MeetingStatus, Option<Side>) {
    if e.cancelled || cal.cancel_all {
        (MeetingStatus::Cancelled, side(cal, e.organizer.as_ref()))
    } else {
        (MeetingStatus::Held, None)
    }
}

fn side(cal: &Cal<'_>, organizer: Option<&Person>) -> Option<Side> {
    organizer.map(|o| {
        if cal.is_me(&o.address) {
            Side::Us
        } else {
            Side::Party
        }
    })
}

fn minutes_or_zero(cal: &mut Cal<'_>, e: &Ev) -> u32 {
    minutes(cal, e).unwrap_or(0)
}

/// The planned length in minutes.
fn minutes(cal: &mut Cal<'_>, e: &Ev) -> Result<u32, String> {
    let secs: i64 = match (&e.start, &e.end) {
        (DtValue::Date(s), Some(end)) => {
            let end_date = match end {
                DtValue::Date(d) => *d,
                other => wall_of(other).date(),
            };
            (end_date - *s).get_days() as i64 * 86_400
        }
        (_, Some(end)) => {
            let s = cal.place(&e.start)?;
            let en = cal.place(end)?;
            match (s.timestamp(), en.timestamp()) {
                (Some(a), Some(b)) => b.as_second() - a.as_second(),
                _ => 0,
            }
        }
        (start, None) => match e.duration {
            Some(d) => d.as_secs(),
            None if matches!(start, DtValue::Date(_)) => 86_400,
            None => 0,
        },
    };
    if secs < 0 {
        return Err("the event ends before it starts (DTEND or DURATION)".into());
    }
    Ok(u32::try_from((secs + 30) / 60).unwrap_or(u32::MAX))
}

/// Every occurrence of a recurring master: DTSTART, the RRULE's, the RDATEs, less the EXDATEs.
fn occurrences(
    cal: &mut Cal<'_>,
    m: &Ev,
    pos: &Position,
    sink: &mut dyn Sink,
) -> Result<Vec<Placed>, GroupError> {
    let bad = |msg: String| GroupError::Bad(m.line, msg);
    let frame = cal.frame(&m.start).map_err(bad)?;
    let start_wall = wall_of(&m.start);
    let horizon = cal
        .horizon
        .unwrap_or_else(|| start_wall.checked_add(366.days()).unwrap_or(DateTime::MAX));
    let mut walls: Vec<DateTime> = vec![start_wall];
    if let Some(p) = &m.rrule {
        match Rule::parse(&p.value) {
            Ok(rule) => {
                let until = rule.until.as_ref().map(|u| match (u, &frame) {
                    (Until::Date(d), _) => d.to_datetime(Time::MAX),
                    (Until::Local(d), _) => *d,
                    (Until::Utc(d), Frame::Zone(z)) => redflag_domain::jiff::tz::Offset::UTC
                        .to_timestamp(*d)
                        .map(|ts| z.wall(ts))
                        .unwrap_or(*d),
                    (Until::Utc(d), Frame::Floating) => redflag_domain::jiff::tz::Offset::UTC
                        .to_timestamp(*d)
                        .map(|ts| cal.tz.to_datetime(ts))
                        .unwrap_or(*d),
                    (Until::Utc(d), Frame::Dates) => *d,
                });
                let (v, cut) = rule.expand(start_wall, until, horizon, MAX_OCCURRENCES);
                walls = v;
                if cut {
                    sink.skip(
                        pos,
                        Skip::NotRead {
                            what: format!(
                                "only the first {MAX_OCCURRENCES} occurrences of this recurring \
                                 event were imported"
                            ),
                        },
                    )?;
                }
            }
            Err(RuleError::Unsupported(what)) => {
                sink.skip(
                    pos,
                    Skip::NotRead {
                        what: format!(
                            "RRULE {what} is not supported: only the first occurrence of this \
                             recurring event was imported"
                        ),
                    },
                )?;
            }
            Err(RuleError::Invalid(what)) => {
                return Err(GroupError::Bad(p.line, format!("bad RRULE: {what}")));
            }
        }
    }
    let mut out: Vec<Placed> = Vec::with_capacity(walls.len());
    for w in walls {
        let v = match (&frame, &m.start) {
            (Frame::Dates, _) => DtValue::Date(w.date()),
            (Frame::Floating, _) => DtValue::Floating(w),
            (Frame::Zone(_), DtValue::Utc(_)) => DtValue::Utc(w),
            (Frame::Zone(_), DtValue::Zoned(_, tz)) => DtValue::Zoned(w, tz.clone()),
            (Frame::Zone(_), _) => DtValue::Floating(w),
        };
        out.push(cal.place(&v).map_err(bad)?);
    }
    for r in &m.rdates {
        out.push(cal.place(r).map_err(bad)?);
    }
    let mut ex_keys = Vec::new();
    let mut ex_dates: Vec<Date> = Vec::new();
    for x in &m.exdates {
        match x {
            DtValue::Date(d) if !matches!(m.start, DtValue::Date(_)) => ex_dates.push(*d),
            other => ex_keys.push(cal.place(other).map_err(bad)?.key()),
        }
    }
    let start_is_date = matches!(m.start, DtValue::Date(_));
    out.retain(|p| {
        let key = p.key();
        if ex_keys.contains(&key) {
            return false;
        }
        match p.at {
            At::Instant { ts, offset } if !start_is_date && !ex_dates.is_empty() => {
                !ex_dates.contains(&offset.to_datetime(ts).date())
            }
            _ => true,
        }
    });
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.key()));
    Ok(out)
}

/// Finds (or creates) the party of an event; `None` when it is skipped (reported).
fn party_for(
    cal: &mut Cal<'_>,
    people: &[&Person],
    pos: &Position,
    sink: &mut dyn Sink,
) -> Result<Option<PartyId>, GroupError> {
    let others: Vec<&Person> = people
        .iter()
        .copied()
        .filter(|p| !cal.is_me(&p.address))
        .collect();
    if let Some(id) = others
        .iter()
        .find_map(|p| cal.ctx.party_by_email(&p.address).cloned())
    {
        return Ok(Some(id));
    }
    // `people` lists organizers before attendees.
    let Some(who) = others.first() else {
        sink.skip(pos, Skip::NoCounterparty)?;
        return Ok(None);
    };
    if cal.ctx.known_only {
        sink.skip(
            pos,
            Skip::UnknownSender {
                address: who.address.clone(),
            },
        )?;
        return Ok(None);
    }
    // The name from any mention of the address that carries one.
    let name = others
        .iter()
        .filter(|p| p.address == who.address)
        .find_map(|p| p.name.clone())
        .unwrap_or_else(|| who.address.clone());
    let party = Party {
        id: party_id_for_email(&who.address),
        name,
        role: Role::Prospect,
        lang: None,
        timezone: None,
        emails: vec![who.address.clone()],
        phones: Vec::new(),
        since: None,
        tags: Vec::new(),
    };
    cal.ctx.add_party(&party);
    let id = party.id.clone();
    sink.record(pos, Record::Party(party))?;
    Ok(Some(id))
}
