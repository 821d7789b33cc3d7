//! Time-tracking reports: Toggl Track's and Clockify's detailed report CSV, Harvest's detailed
//! time report CSV, each row a `time` event.
//!
//! | | Toggl Track | Clockify | Harvest |
//! |---|---|---|---|
//! | when | `Start date` + `Start time` | `Start Date` + `Start Time` | `Date` (a date only) |
//! | minutes | `Duration` (`H:MM:SS`), else end − start | `Duration (h)`, `Duration (decimal)`, else end − start | `Hours` (decimal, `7,5` too) |
//! | billable | `Billable` | `Billable` | `Billable?` |
//! | author | `User` | `User` | `First Name` `Last Name` |
//!
//! Billable reads `Yes`/`No`, `true`/`false`, `1`/`0`, `Billable`/`Non-billable`, `có`/`không`,
//! `ใช่`/`ไม่`, `はい`/`いいえ`; an empty cell is not billable.
//!
//! **Activity** is guessed from the tags, task, project and description, in this order of
//! precedence: pre-sale words (`proposal`, `pitch`, `quote`, `estimate`, `báo giá`,
//! `ใบเสนอราคา`) make it `pre-sale` (a pitch meeting is pre-sale); communication words (`call`,
//! `meeting`, `email`, `phone`, `họp`, `gọi`, `email`, `ประชุม`, `โทร`) `communication`; admin words
//! (`admin`, `invoicing`, `bookkeeping`, `hành chính`, `ธุรการ`) `admin`; anything else
//! `delivery`. English words match whole words (`call` is not `recall`); Vietnamese and Thai
//! match as written (Thai has no spaces between words).
//!
//! **Tag `extra`** when a tag or the task says `extra`, `out of scope`, `out-of-scope`, `phát
//! sinh` or `นอกขอบเขต`: work beyond what was agreed.

use std::io::BufRead;

use redflag_domain::jiff::civil::DateTime;
use redflag_domain::{Activity, At, Event, EventBody, EventId, Record, TimeEntry};
use redflag_text::nfc;

use super::dates::{self, Order};
use super::{Repeats, Row, Table, bad, has_all, party_for, read_table, sniff_header};
use crate::{Confidence, Context, Format, ImportError, Position, Sink};

/// Toggl Track's detailed report CSV.
pub struct Toggl;
/// Clockify's detailed report CSV.
pub struct Clockify;
/// Harvest's detailed time report CSV.
pub struct Harvest;

fn is_toggl(h: &[String]) -> bool {
    has_all(
        h,
        &[
            &["client"],
            &["project"],
            &["start date"],
            &["start time"],
            &["duration"],
            &["billable"],
        ],
    )
}

fn is_clockify(h: &[String]) -> bool {
    has_all(
        h,
        &[
            &["client"],
            &["project"],
            &["start date"],
            &["start time"],
            &["duration (h)", "duration (decimal)"],
        ],
    )
}

fn is_harvest(h: &[String]) -> bool {
    has_all(
        h,
        &[
            &["date"],
            &["client"],
            &["project"],
            &["task"],
            &["hours"],
            &["billable?"],
        ],
    )
}

macro_rules! time_format {
    ($ty:ident, $id:literal, $describe:literal, $is:ident, $what:literal) => {
        impl Format for $ty {
            fn id(&self) -> &'static str {
                $id
            }

            fn describe(&self) -> &'static str {
                $describe
            }

            fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
                if sniff_header(head, $is) {
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
                match read_table(input, $is, $what)? {
                    Ok(table) => import_time($id, &table, ctx, sink),
                    Err(message) => bad(sink, Position::Line(1), message),
                }
            }
        }
    };
}

time_format!(
    Toggl,
    "toggl",
    "a Toggl Track detailed report (CSV)",
    is_toggl,
    "a Toggl Track detailed report"
);
time_format!(
    Clockify,
    "clockify",
    "a Clockify detailed report (CSV)",
    is_clockify,
    "a Clockify detailed report"
);
time_format!(
    Harvest,
    "harvest",
    "a Harvest detailed time report (CSV)",
    is_harvest,
    "a Harvest time report"
);

/// The columns a time report may have.
struct Cols {
    id: Option<usize>,
    client: Option<usize>,
    project: Option<usize>,
    task: Option<usize>,
    description: Option<usize>,
    tags: Option<usize>,
    billable: Option<usize>,
    start_date: Option<usize>,
    start_time: Option<usize>,
    end_date: Option<usize>,
    end_time: Option<usize>,
    duration: Option<usize>,
    hours: Option<usize>,
    user: Option<usize>,
    email: Option<usize>,
    first_name: Option<usize>,
    last_name: Option<usize>,
}

impl Cols {
    fn of(t: &Table) -> Cols {
        Cols {
            id: t.col(&["id", "time entry id", "entry id"]),
            client: t.col(&["client", "client name"]),
            project: t.col(&["project", "project name"]),
            task: t.col(&["task", "task name"]),
            description: t.col(&["description", "notes"]),
            tags: t.col(&["tags", "tag"]),
            billable: t.col(&["billable", "billable?"]),
            start_date: t.col(&["start date", "date"]),
            start_time: t.col(&["start time"]),
            end_date: t.col(&["end date"]),
            end_time: t.col(&["end time"]),
            duration: t.col(&["duration", "duration (h)"]),
            hours: t.col(&["hours", "duration (decimal)"]),
            user: t.col(&["user", "member"]),
            email: t.col(&["email"]),
            first_name: t.col(&["first name"]),
            last_name: t.col(&["last name"]),
        }
    }
}

/// Reads a billable (or any yes/no) cell; `None` for a value that says neither.
pub(crate) fn yes_no(s: &str) -> Option<bool> {
    billable(s)
}

/// Reads a billable cell; `None` for a value that says neither.
fn billable(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "non-billable" | "not billable" | "không" | "ไม่"
        | "ไม่ใช่" | "いいえ" => Some(false),
        "yes" | "y" | "true" | "1" | "billable" | "có" | "ใช่" | "はい" => Some(true),
        _ => None,
    }
}

const PRE_SALE: &[&str] = &[
    "proposal",
    "proposals",
    "pitch",
    "pitching",
    "quote",
    "quotation",
    "estimate",
    "báo giá",
    "ใบเสนอราคา",
];
const COMMUNICATION: &[&str] = &[
    "call",
    "calls",
    "meeting",
    "meetings",
    "email",
    "emails",
    "e-mail",
    "phone",
    "họp",
    "gọi",
    "ประชุม",
    "โทร",
];
const ADMIN: &[&str] = &[
    "admin",
    "administration",
    "invoicing",
    "bookkeeping",
    "hành chính",
    "ธุรการ",
];
const EXTRA: &[&str] = &[
    "extra",
    "out of scope",
    "out-of-scope",
    "phát sinh",
    "นอกขอบเขต",
];

/// Whether `text` (lower case, NFC) has `word`: whole words for plain ASCII words, as written
/// otherwise.
fn says(text: &str, word: &str) -> bool {
    if !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return text.contains(word);
    }
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == word)
}

/// The activity the words of a time entry suggest (see the module docs).
pub fn activity(text: &str) -> Activity {
    let text = nfc(text).to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| says(&text, w));
    if any(PRE_SALE) {
        Activity::PreSale
    } else if any(COMMUNICATION) {
        Activity::Communication
    } else if any(ADMIN) {
        Activity::Admin
    } else {
        Activity::Delivery
    }
}

/// Whether tags or a task mark work beyond the agreed scope.
pub fn is_extra(text: &str) -> bool {
    let text = nfc(text).to_lowercase();
    EXTRA.iter().any(|w| says(&text, w))
}

fn import_time(
    tool: &str,
    table: &Table,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let c = Cols::of(table);
    let order = dates::column_order(
        table.column(c.start_date).chain(table.column(c.end_date)),
        Order::MonthFirst,
    );
    let mut repeats = Repeats::default();
    for row in &table.rows {
        if is_total(row, &c) {
            continue;
        }
        match entry(tool, row, &c, order, ctx, sink, &mut repeats)? {
            Ok(()) => {}
            Err(message) => bad(sink, row.at(), message)?,
        }
    }
    Ok(())
}

/// Clockify and spreadsheet edits add a `Total` row without a date.
fn is_total(row: &Row, c: &Cols) -> bool {
    row.get(c.start_date).is_empty()
        && row
            .cells
            .iter()
            .any(|x| x.eq_ignore_ascii_case("total") || x.eq_ignore_ascii_case("total:"))
}

fn entry(
    tool: &str,
    row: &Row,
    c: &Cols,
    order: Order,
    ctx: &mut Context,
    sink: &mut dyn Sink,
    repeats: &mut Repeats,
) -> Result<Result<(), String>, ImportError> {
    let date = row.get(c.start_date);
    let start: Option<DateTime> = dates::parse_datetime(date, row.get(c.start_time), order);
    let at = match start {
        Some(dt) => {
            let Ok(ts) = ctx.timezone.to_ambiguous_timestamp(dt).compatible() else {
                return Ok(Err(format!(
                    "the start {dt} does not exist in the time zone"
                )));
            };
            At::Instant {
                ts,
                offset: ctx.timezone.to_offset(ts),
            }
        }
        None if c.start_time.is_some() && !row.get(c.start_time).is_empty() => {
            return Ok(Err(format!(
                "the start {:?} {:?} is not a date and time",
                date,
                row.get(c.start_time)
            )));
        }
        None => match dates::parse_date(date, order) {
            Some(d) => At::Date(d),
            None => return Ok(Err(format!("{date:?} is not a date"))),
        },
    };
    let seconds = dates::parse_duration(row.get(c.duration))
        .or_else(|| dates::parse_duration(row.get(c.hours)))
        .or_else(|| {
            let end = dates::parse_datetime(
                Some(row.get(c.end_date))
                    .filter(|d| !d.is_empty())
                    .unwrap_or(date),
                row.get(c.end_time),
                order,
            )?;
            u64::try_from(start?.duration_until(end).as_secs()).ok()
        });
    let Some(seconds) = seconds else {
        return Ok(Err("no duration, hours or end time that can be read".into()));
    };
    // To the nearest minute, as the tools round their own totals.
    let Ok(minutes) = u32::try_from(seconds.saturating_add(30) / 60) else {
        return Ok(Err(format!("{seconds} seconds is not a duration")));
    };
    let billable = match billable(row.get(c.billable)) {
        Some(b) => b,
        None => {
            return Ok(Err(format!(
                "billable {:?} is neither yes nor no",
                row.get(c.billable)
            )));
        }
    };
    let (tags_cell, task, project, description) = (
        row.get(c.tags),
        row.get(c.task),
        row.get(c.project),
        row.get(c.description),
    );
    let words = format!("{tags_cell} | {task} | {project} | {description}");
    let author = match (row.get(c.user), row.get(c.first_name), row.get(c.last_name)) {
        (u, _, _) if !u.is_empty() => Some(nfc(u)),
        (_, f, l) if !(f.is_empty() && l.is_empty()) => Some(nfc(format!("{f} {l}").trim())),
        _ => None,
    };
    let mut tags: Vec<String> = tags_cell
        .split([',', ';'])
        .map(|t| nfc(t.trim()))
        .filter(|t| !t.is_empty())
        .collect();
    if is_extra(&format!("{tags_cell} | {task}")) && !tags.iter().any(|t| t == "extra") {
        tags.push("extra".into());
    }
    let id = match row.get(c.id) {
        "" => format!(
            "{tool}:{}",
            super::hash_id(&[
                row.get(c.user),
                row.get(c.email),
                row.get(c.first_name),
                row.get(c.last_name),
                row.get(c.client),
                project,
                task,
                description,
                date,
                row.get(c.start_time),
                &seconds.to_string(),
            ])
        ),
        own => format!("{tool}:{own}"),
    };
    let id = repeats.unique(id);
    let Some(party) = party_for(row.get(c.client), row.at(), ctx, sink)? else {
        return Ok(Ok(()));
    };
    let event = Event {
        id: EventId::new(id),
        party,
        at,
        tags,
        body: EventBody::Time(TimeEntry {
            minutes,
            billable,
            activity: activity(&words),
            author,
        }),
    };
    sink.record(&row.at(), Record::Event(event))?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_from_words() {
        assert_eq!(activity("Website | Build checkout"), Activity::Delivery);
        assert_eq!(activity("Weekly call with client"), Activity::Communication);
        assert_eq!(activity("Recall bug fix"), Activity::Delivery);
        assert_eq!(activity("Họp với khách"), Activity::Communication);
        assert_eq!(activity("ประชุมลูกค้า"), Activity::Communication);
        assert_eq!(activity("Pitch meeting"), Activity::PreSale);
        assert_eq!(activity("Soạn báo giá"), Activity::PreSale);
        assert_eq!(activity("Invoicing"), Activity::Admin);
    }

    #[test]
    fn extra_work_is_tagged() {
        assert!(is_extra("Extra, urgent"));
        assert!(is_extra("Out of scope request"));
        assert!(is_extra("việc phát sinh"));
        assert!(is_extra("งานนอกขอบเขต"));
        assert!(!is_extra("Extraction pipeline"));
    }

    #[test]
    fn billable_words() {
        assert_eq!(billable("Yes"), Some(true));
        assert_eq!(billable("いいえ"), Some(false));
        assert_eq!(billable(""), Some(false));
        assert_eq!(billable("maybe"), None);
    }
}
