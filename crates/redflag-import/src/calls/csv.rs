//! Call logs kept as a spreadsheet (CSV), in English, Vietnamese (with or without diacritics)
//! or Thai, each row a `call` event. There is no common schema (phones, PBX systems and
//! carriers all write their own), so the format is recognised by what its header names:
//!
//! | what | header synonyms (case, spacing and Vietnamese diacritics aside) |
//! |---|---|
//! | when | `date`/`ngày`/`วันที่` (+ `time`/`giờ`/`เวลา`), or one `datetime`/`date time`/`start`/`timestamp`/`ngày giờ`/`thời gian`/`วันเวลา` |
//! | number | `number`, `phone`, `phone number`, `caller`, `callee`, `số điện thoại`, `sđt`, `số`, `เบอร์`, `เบอร์โทร`, `หมายเลข` |
//! | direction | `direction`, `type`, `call type`, `status`, `hướng`, `loại`, `loại cuộc gọi`, `trạng thái`, `ประเภท`, `ทิศทาง`, `สถานะ` |
//! | duration (optional) | `duration`, `length`, `seconds`, `thời lượng`, `thời gian gọi`, `ระยะเวลา`, `เวลาสนทนา` |
//! | id (optional) | `id`, `call id` |
//!
//! A name or contact column (`name`, `tên`, `ชื่อ`...) may be there but is not read: the number
//! decides the party, and a contact renamed on the phone must not make a re-import see new
//! calls. A header needs when, number and direction. Directions: `incoming`/`in`/`received`,
//! `Gọi đến`, `สายเข้า`, `โทรเข้า` are inbound; `outgoing`/`out`/`dialed`, `Gọi đi`, `สายออก`,
//! `โทรออก` outbound; `missed`, `rejected`, `declined`, `blocked`, `voicemail`, `Nhỡ`, `Cuộc gọi
//! nhỡ`, `Từ chối`, `สายที่ไม่ได้รับ`, `ไม่ได้รับสาย`, `ปฏิเสธ` inbound calls of 0 seconds (as in
//! Android's log); Android's type numbers 1 to 7 too. Durations: seconds (`95`, `95s`), `MM:SS`
//! or `H:MM:SS`; without a duration column every call lasts 0 seconds (who called when is still
//! known).
//!
//! Times: RFC 3339 with an offset keep it; wall-clock times are in the import's time zone
//! (`--timezone`, else the workspace's). Slashed dates are day-first unless the column shows a
//! month above 12 in first place (phones in Vietnam and Thailand write day first).
//!
//! Parties are matched by number as in [`crate::calls`]: a number no party has is skipped and
//! counted. Ids: `calls-csv:ID` from an id column, else `calls-csv:` and a hash of the time, the
//! party, the direction and the duration (`#2`... for identical rows), so a re-import, or a
//! longer log of the same phone, changes nothing.

use std::io::BufRead;
use std::sync::LazyLock;

use redflag_domain::{At, Call, Direction, Event, EventBody, EventId, Record};
use redflag_text::fold_vi;

use super::party_of;
use crate::csv::dates::{self, Order};
use crate::csv::{Repeats, Row, Table, bad, hash_id, read_table, sniff_header};
use crate::{Confidence, Context, Format, ImportError, Position, Sink};

/// A call log kept as CSV (see the module docs).
pub struct CallsCsv;

const DATETIME: &[&str] = &[
    "datetime",
    "date time",
    "date/time",
    "date & time",
    "start",
    "start time",
    "call date",
    "call time",
    "timestamp",
    "ngày giờ",
    "thời gian",
    "thời điểm",
    "วันเวลา",
    "วันที่และเวลา",
    "วันที่/เวลา",
];
const DATE: &[&str] = &["date", "ngày", "วันที่"];
const TIME: &[&str] = &["time", "giờ", "เวลา"];
const NUMBER: &[&str] = &[
    "number",
    "phone",
    "phone number",
    "caller",
    "caller id",
    "callee",
    "contact number",
    "số điện thoại",
    "số máy",
    "sđt",
    "số",
    "เบอร์",
    "เบอร์โทร",
    "เบอร์โทรศัพท์",
    "หมายเลข",
    "หมายเลขโทรศัพท์",
];
const DIRECTION: &[&str] = &[
    "direction",
    "type",
    "call type",
    "status",
    "hướng",
    "loại",
    "loại cuộc gọi",
    "kiểu",
    "trạng thái",
    "ประเภท",
    "ประเภทการโทร",
    "ทิศทาง",
    "สถานะ",
];
const DURATION: &[&str] = &[
    "duration",
    "duration (s)",
    "duration (sec)",
    "duration (seconds)",
    "length",
    "seconds",
    "thời lượng",
    "thời gian gọi",
    "ระยะเวลา",
    "ระยะเวลาการโทร",
    "เวลาสนทนา",
];
const ID: &[&str] = &["id", "call id"];

/// A header's cells folded (no diacritics, lower case), once per header: the header search
/// asks about every candidate line for several columns.
fn fold_header(header: &[String]) -> Vec<String> {
    header.iter().map(|h| fold_vi(h)).collect()
}

/// The columns a call log may have, each with its synonyms above.
#[derive(Clone, Copy)]
enum Column {
    DateTime,
    Date,
    Time,
    Number,
    Direction,
    Duration,
    Id,
}

/// The synonym lists, folded once (in [`Column`] order): recognition asks about every
/// candidate header line of every file.
static SYNONYMS: LazyLock<[Vec<String>; 7]> = LazyLock::new(|| {
    [DATETIME, DATE, TIME, NUMBER, DIRECTION, DURATION, ID]
        .map(|names| names.iter().map(|n| fold_vi(n)).collect())
});

/// The first column whose folded name is a synonym of `column`.
fn col(folded: &[String], column: Column) -> Option<usize> {
    SYNONYMS[column as usize]
        .iter()
        .find_map(|n| folded.iter().position(|h| h == n))
}

fn is_calls(h: &[String]) -> bool {
    // Most candidate lines of most files name no number column: ask that first.
    let h = fold_header(h);
    col(&h, Column::Number).is_some()
        && col(&h, Column::Direction).is_some()
        && col(&h, Column::DateTime)
            .or(col(&h, Column::Date))
            .or(col(&h, Column::Time))
            .is_some()
}

impl Format for CallsCsv {
    fn id(&self) -> &'static str {
        "calls-csv"
    }

    fn describe(&self) -> &'static str {
        "a call log kept as CSV (date, number, direction, duration)"
    }

    fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
        if sniff_header(head, is_calls) {
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
        match read_table(input, is_calls, "a call log (date, number, direction)")? {
            Ok(table) => import(&table, ctx, sink),
            Err(message) => bad(sink, Position::Line(1), message),
        }
    }
}

/// Where a call log's fields are.
struct Cols {
    datetime: Option<usize>,
    date: Option<usize>,
    time: Option<usize>,
    number: Option<usize>,
    direction: Option<usize>,
    duration: Option<usize>,
    id: Option<usize>,
}

/// What a direction cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    In,
    Out,
    /// Missed, rejected, blocked, voicemail: inbound, 0 seconds.
    Missed,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::In => "in",
            Kind::Out => "out",
            Kind::Missed => "missed",
        }
    }
}

const IN: &[&str] = &[
    "in",
    "incoming",
    "inbound",
    "received",
    "answered",
    "incoming call",
    "gọi đến",
    "cuộc gọi đến",
    "đến",
    "สายเข้า",
    "โทรเข้า",
    "1",
    "7",
];
const OUT: &[&str] = &[
    "out",
    "outgoing",
    "outbound",
    "dialed",
    "dialled",
    "placed",
    "outgoing call",
    "gọi đi",
    "cuộc gọi đi",
    "đi",
    "สายออก",
    "โทรออก",
    "2",
];
const MISSED: &[&str] = &[
    "missed",
    "missed call",
    "rejected",
    "declined",
    "blocked",
    "voicemail",
    "no answer",
    "unanswered",
    "nhỡ",
    "gọi nhỡ",
    "cuộc gọi nhỡ",
    "bị nhỡ",
    "từ chối",
    "bị từ chối",
    "cuộc gọi bị từ chối",
    "สายที่ไม่ได้รับ",
    "ไม่ได้รับสาย",
    "สายที่ไม่ได้รับสาย",
    "ไม่ได้รับ",
    "ปฏิเสธ",
    "สายที่ปฏิเสธ",
    "3",
    "4",
    "5",
    "6",
];

/// Reads a direction cell (see the module docs).
fn kind(cell: &str) -> Option<Kind> {
    let c = fold_vi(cell.trim());
    let c = c.split_whitespace().collect::<Vec<_>>().join(" ");
    let is = |words: &[&str]| words.iter().any(|w| fold_vi(w) == c);
    if is(IN) {
        Some(Kind::In)
    } else if is(OUT) {
        Some(Kind::Out)
    } else if is(MISSED) {
        Some(Kind::Missed)
    } else {
        None
    }
}

/// A direction cell as an interchange direction, and whether the call was missed.
pub(crate) fn direction_word(cell: &str) -> Option<(&'static str, bool)> {
    kind(cell).map(|k| match k {
        Kind::In => ("in", false),
        Kind::Out => ("out", false),
        Kind::Missed => ("in", true),
    })
}

/// A call's length in seconds: `95`, `95s`, `95 sec`, `MM:SS`, `H:MM:SS`; empty is 0.
pub(crate) fn call_seconds(cell: &str) -> Option<u32> {
    let c = cell.trim().to_ascii_lowercase();
    let c = c
        .strip_suffix("seconds")
        .or_else(|| c.strip_suffix("sec"))
        .or_else(|| c.strip_suffix('s'))
        .unwrap_or(&c)
        .trim();
    if c.is_empty() {
        return Some(0);
    }
    let parts: Vec<u32> = c
        .split(':')
        .map(|p| {
            (!p.is_empty() && p.len() <= 9 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    match parts[..] {
        [s] => Some(s),
        [m, s] if s < 60 => m.checked_mul(60)?.checked_add(s),
        [h, m, s] if m < 60 && s < 60 => h.checked_mul(3600)?.checked_add(m * 60 + s),
        _ => None,
    }
}

fn import(t: &Table, ctx: &mut Context, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let h = &fold_header(&t.header);
    let c = Cols {
        datetime: col(h, Column::DateTime),
        date: col(h, Column::Date),
        time: col(h, Column::Time),
        number: col(h, Column::Number),
        direction: col(h, Column::Direction),
        duration: col(h, Column::Duration),
        id: col(h, Column::Id),
    };
    let order = dates::column_order(
        t.column(c.date)
            .chain(t.column(c.datetime))
            .chain(t.column(c.time)),
        Order::DayFirst,
    );
    let mut repeats = Repeats::default();
    for row in &t.rows {
        if let Err(message) = call(t, row, &c, order, ctx, sink, &mut repeats)? {
            bad(sink, row.at(), message)?;
        }
    }
    Ok(())
}

/// The column's name as written, for messages.
fn name_of(t: &Table, col: Option<usize>) -> &str {
    col.and_then(|i| t.raw_header.get(i))
        .map_or("", String::as_str)
}

/// When a call was: an instant written with its offset, a wall-clock time in the import's
/// zone, or only a date.
fn when(row: &Row, c: &Cols, order: Order, ctx: &Context) -> Option<At> {
    let local = |dt| {
        let ts = ctx.timezone.to_ambiguous_timestamp(dt).compatible().ok()?;
        Some(At::Instant {
            ts,
            offset: ctx.timezone.to_offset(ts),
        })
    };
    let whole = |cell: &str| -> Option<At> {
        let cell = cell.trim();
        if cell.is_empty() {
            return None;
        }
        if cell.len() > 10
            && let Ok(at) = At::parse(cell)
        {
            return Some(at);
        }
        dates::parse_datetime(cell, "", order).and_then(local)
    };
    if let (Some(_), Some(_)) = (c.date, c.time.or(c.datetime))
        && let Some(dt) =
            dates::parse_datetime(row.get(c.date), row.get(c.time.or(c.datetime)), order)
    {
        return local(dt);
    }
    whole(row.get(c.datetime))
        .or_else(|| whole(row.get(c.time)))
        .or_else(|| whole(row.get(c.date)))
        .or_else(|| {
            [c.date, c.datetime]
                .into_iter()
                .find_map(|col| dates::parse_date(row.get(col), order))
                .map(At::Date)
        })
}

fn call(
    t: &Table,
    row: &Row,
    c: &Cols,
    order: Order,
    ctx: &mut Context,
    sink: &mut dyn Sink,
    repeats: &mut Repeats,
) -> Result<Result<(), String>, ImportError> {
    let at = row.at();
    let Some(when) = when(row, c, order, ctx) else {
        let cells: Vec<&str> = [c.date, c.time, c.datetime]
            .into_iter()
            .flatten()
            .map(|i| row.get(Some(i)))
            .collect();
        let column = name_of(t, c.datetime.or(c.date).or(c.time));
        return Ok(Err(format!(
            "column {column:?}: {:?} is not a date and time",
            cells.join(" ").trim()
        )));
    };
    let direction_cell = row.get(c.direction);
    let Some(kind) = kind(direction_cell) else {
        return Ok(Err(format!(
            "column {:?}: {direction_cell:?} is not a call direction (incoming, outgoing, missed, rejected; Gọi đến, Gọi đi, Nhỡ; สายเข้า, สายออก, ไม่ได้รับสาย)",
            name_of(t, c.direction)
        )));
    };
    let duration_cell = row.get(c.duration);
    let Some(seconds) = call_seconds(duration_cell) else {
        return Ok(Err(format!(
            "column {:?}: {duration_cell:?} is not a duration (seconds, MM:SS or H:MM:SS)",
            name_of(t, c.duration)
        )));
    };
    let (direction, duration_s) = match kind {
        Kind::In => (Direction::In, seconds),
        Kind::Out => (Direction::Out, seconds),
        Kind::Missed => (Direction::In, 0),
    };
    let number = row.get(c.number);
    let number = (!number.is_empty()).then_some(number);
    let Some(party) = party_of(number, at, ctx, sink)? else {
        return Ok(Ok(()));
    };
    let id = match row.get(c.id) {
        // The party, not the number as written: `090...` and `+8490...` are one line.
        "" => hash_id(&[
            &when.to_string(),
            party.as_str(),
            kind.as_str(),
            &duration_s.to_string(),
        ]),
        own => own.to_owned(),
    };
    let id = repeats.unique(format!("calls-csv:{id}"));
    let event = Event {
        id: EventId::new(id),
        party,
        at: when,
        tags: Vec::new(),
        body: EventBody::Call(Call {
            direction,
            duration_s,
            author: None,
        }),
    };
    sink.record(&at, Record::Event(event))?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells
            .iter()
            .map(|c| crate::csv::normalise_header(c))
            .collect()
    }

    #[test]
    fn headers_in_three_languages_are_recognised() {
        assert!(is_calls(&header(&["Date", "Number", "Type", "Duration"])));
        assert!(is_calls(&header(&[
            "Ngày giờ",
            "Số điện thoại",
            "Loại",
            "Thời lượng"
        ])));
        assert!(is_calls(&header(&[
            "Ngay gio",
            "So dien thoai",
            "Loai",
            "Thoi luong"
        ])));
        assert!(is_calls(&header(&["วันที่", "เวลา", "เบอร์", "ประเภท"])));
        assert!(!is_calls(&header(&["Date", "Client", "Hours"])));
    }

    #[test]
    fn directions_with_and_without_diacritics() {
        for (cell, k) in [
            ("Incoming", Kind::In),
            ("Gọi đến", Kind::In),
            ("goi den", Kind::In),
            ("Gọi đi", Kind::Out),
            ("GOI DI", Kind::Out),
            ("Nhỡ", Kind::Missed),
            ("Cuộc gọi nhỡ", Kind::Missed),
            ("cuoc goi nho", Kind::Missed),
            ("สายเข้า", Kind::In),
            ("สายออก", Kind::Out),
            ("สายที่ไม่ได้รับ", Kind::Missed),
            ("ไม่ได้รับสาย", Kind::Missed),
            ("rejected", Kind::Missed),
        ] {
            assert_eq!(kind(cell), Some(k), "{cell}");
        }
        assert_eq!(kind("maybe"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(call_seconds("95"), Some(95));
        assert_eq!(call_seconds("95s"), Some(95));
        assert_eq!(call_seconds("2:05"), Some(125));
        assert_eq!(call_seconds("1:02:05"), Some(3725));
        assert_eq!(call_seconds(""), Some(0));
        assert_eq!(call_seconds("1:75"), None);
        assert_eq!(call_seconds("-5"), None);
        assert_eq!(call_seconds("99999999999"), None);
    }
}
