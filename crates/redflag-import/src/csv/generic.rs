//! Any CSV, read through a column mapping ([`super::mapping`]): each row becomes one record of
//! the mapping's kind. This format is never guessed from content: it is used when a mapping
//! is given ([`Context::mapping`]) or `--format csv` is asked for.
//!
//! * **Header.** The first of the first 50 lines holding every mapped column (compared without
//!   case or surrounding space) is the header; banner lines above it are skipped. A mapped
//!   column the file lacks stops the import before any row is read, naming the mapping, the
//!   field, the column and the columns the file has. So do required fields the mapping does
//!   not give ([`Mapping::check_complete`]).
//! * **Cells.** Each mapped cell is read as its field needs: dates by the mapping's
//!   `date-format` patterns, else automatically (RFC 3339 with an offset keeps it; ISO,
//!   `dd/mm/yyyy` (or month-first when the column shows a month above 12 in first place),
//!   named months; a wall-clock time is in the import's time zone); amounts exactly, with the
//!   mapping's `decimal` separator or as [`super::money`] decides; durations as seconds or
//!   `H:MM:SS` (`duration-s`) or minutes or `H:MM` (`minutes`, `duration-min`); yes/no in
//!   English, Vietnamese and Thai; directions as `in`/`out` or the call-log words
//!   (`incoming`, `Gọi đến`, `สายเข้า`; `missed` is an inbound call of 0 seconds); other words
//!   (`channel`, `status`...) as the spec writes them, case and spaces aside. An empty cell is
//!   an absent value, filled by the field's fixed value if there is one. A cell that cannot be
//!   read makes the row bad, naming its column.
//! * **Party.** The `party` cell is a stored party's id, else a name matched as other CSV
//!   clients are (a new client `client:NAME` otherwise, unless `--known-only`); `--party`
//!   files every row under one party.
//! * **Currency.** The `currency` column or fixed value, else the amount's own symbol or code,
//!   else the workspace's.
//! * **Ids.** The `id` column as written (so a payments sheet's `invoice` column must hold the
//!   invoices' ids as imported), else `csv:` and a hash of the kind and the mapped cells
//!   (`#2`... for identical rows): re-importing the file changes nothing, as long as the
//!   mapping stays the same.
//!
//! The record is then built by the interchange reader itself, so a mapped row obeys exactly
//! the rules of an interchange line (`spec/interchange.md`).

use std::io::BufRead;

use redflag_domain::jiff::civil::{Date, DateTime};
use redflag_domain::jiff::fmt::strtime::BrokenDownTime;
use redflag_domain::{At, Currency, PartyId, Record};
use redflag_text::nfc;
use serde_json::{Map, Value};

use super::dates::{self, Order};
use super::mapping::{Field, Mapping, Ty};
use super::money::{self, Style};
use super::{
    HEADER_SEARCH_LINES, Repeats, Row, Table, bad, hash_id, normalise_header, parse_table,
    party_for, party_id_for_client, read_text,
};
use crate::{Confidence, Context, Format, ImportError, Position, Sink};

/// Any CSV, read through a column mapping (see the module docs).
pub struct Csv;

impl Format for Csv {
    fn id(&self) -> &'static str {
        "csv"
    }

    fn describe(&self) -> &'static str {
        "a CSV file read through a column mapping"
    }

    fn sniff(&self, _file_name: Option<&str>, _head: &[u8]) -> Confidence {
        // Only ever chosen by a mapping or --format csv: any CSV would match.
        Confidence::No
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let Some(mapping) = ctx.mapping.clone() else {
            return bad(
                sink,
                Position::Line(1),
                "a generic CSV is read through a column mapping: give one with --mapping FILE.toml, or --kind KIND and --map FIELD=COLUMN".into(),
            );
        };
        if let Err(message) = mapping.check_complete(ctx.party.is_some()) {
            return bad(sink, Position::Line(1), message);
        }
        let text = match read_text(input)? {
            Ok(t) => t,
            Err(message) => return bad(sink, Position::Line(1), message),
        };
        let wanted: Vec<(&'static str, String)> = mapping
            .columns()
            .map(|(f, c)| (f, normalise_header(c)))
            .collect();
        let is_header = |cells: &[String]| wanted.iter().all(|(_, c)| cells.contains(c));
        let table = match parse_table(&text, &is_header) {
            Some(Ok(t)) => t,
            Some(Err(message)) => return bad(sink, Position::Line(1), message),
            None => {
                let (line, message) = missing_columns(&text, &mapping);
                return bad(sink, Position::Line(line), message);
            }
        };
        import(&table, &mapping, ctx, sink)
    }
}

/// Why no line is the header: the line with most of the mapped columns, and which of them it
/// lacks.
fn missing_columns(text: &str, mapping: &Mapping) -> (u64, String) {
    let lines = super::first_lines_cells(text, HEADER_SEARCH_LINES);
    let score = |cells: &[String]| {
        let norm: Vec<String> = cells.iter().map(|c| normalise_header(c)).collect();
        mapping
            .columns()
            .filter(|(_, c)| norm.contains(&normalise_header(c)))
            .count()
    };
    let best = lines
        .iter()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .max_by_key(|(i, cells)| (score(cells), std::cmp::Reverse(*i)));
    let Some((index, cells)) = best else {
        return (1, "the file is empty: no header row".into());
    };
    let norm: Vec<String> = cells.iter().map(|c| normalise_header(c)).collect();
    let missing: Vec<String> = mapping
        .columns()
        .filter(|(_, c)| !norm.contains(&normalise_header(c)))
        .map(|(f, c)| format!("field `{f}` names the column {c:?}"))
        .collect();
    (
        index as u64 + 1,
        format!(
            "{}: {}, which the file lacks; its columns are: {}",
            mapping.describe(),
            missing.join(", "),
            cells.join(", ")
        ),
    )
}

/// How a file's cells are read: what the mapping and the columns' evidence say.
struct Reading<'m> {
    mapping: &'m Mapping,
    order: Order,
    style: Style,
}

fn import(
    t: &Table,
    mapping: &Mapping,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let spec = mapping.spec();
    // Where each mapped field is in this file.
    let cols: Vec<(Field, Option<usize>)> = spec
        .fields
        .iter()
        .map(|f| {
            let col = mapping
                .columns()
                .find(|(name, _)| *name == f.name)
                .and_then(|(_, c)| t.col(&[normalise_header(c).as_str()]));
            (*f, col)
        })
        .collect();
    let date_cols = cols
        .iter()
        .filter(|(f, _)| matches!(f.ty, Ty::At | Ty::Date))
        .filter_map(|(_, c)| *c);
    let money_cols = cols
        .iter()
        .filter(|(f, _)| matches!(f.ty, Ty::Money | Ty::Decimal))
        .filter_map(|(_, c)| *c);
    let reading = Reading {
        mapping,
        order: dates::column_order(date_cols.flat_map(|c| t.column(Some(c))), Order::DayFirst),
        style: money::column_style(money_cols.flat_map(|c| t.column(Some(c)))),
    };
    let mut repeats = Repeats::default();
    for row in &t.rows {
        if let Err(message) = record(t, row, &cols, &reading, ctx, sink, &mut repeats)? {
            bad(sink, row.at(), message)?;
        }
    }
    Ok(())
}

/// The value of a field on a row: its cell, else its fixed value; where it came from, for
/// messages.
fn value<'a>(
    t: &Table,
    row: &'a Row,
    mapping: &'a Mapping,
    field: &Field,
    col: Option<usize>,
) -> Option<(&'a str, String)> {
    let cell = row.get(col);
    if !cell.is_empty() {
        let name = col
            .and_then(|c| t.raw_header.get(c))
            .map_or("", String::as_str);
        return Some((cell, format!("column {name:?}")));
    }
    mapping
        .fixed()
        .find(|(f, _)| *f == field.name)
        .map(|(f, v)| (v, format!("[fixed] {f}")))
}

#[allow(clippy::too_many_arguments)]
fn record(
    t: &Table,
    row: &Row,
    cols: &[(Field, Option<usize>)],
    reading: &Reading<'_>,
    ctx: &mut Context,
    sink: &mut dyn Sink,
    repeats: &mut Repeats,
) -> Result<Result<(), String>, ImportError> {
    let mapping = reading.mapping;
    let kind = mapping.kind();
    let mut json = Map::new();
    json.insert("kind".into(), kind.into());
    // Where each interchange field came from, to blame the right column.
    let mut origins: Vec<(&'static str, String)> = Vec::new();
    let mut identity: Vec<String> = vec![kind.to_owned()];
    let mut own_currency: Option<Currency> = None;
    let mut missed = false;
    let mut party_cell: Option<(String, String)> = None;
    for (field, col) in cols {
        let Some((cell, origin)) = value(t, row, mapping, field, *col) else {
            continue;
        };
        identity.push(format!("{}={cell}", field.name));
        let blame = |message: String| format!("{origin}: {message}");
        let v: Value = match field.ty {
            Ty::Id | Ty::Text => nfc(cell).into(),
            Ty::Party => {
                party_cell = Some((cell.to_owned(), origin.clone()));
                continue;
            }
            Ty::At => match read_at(cell, reading, ctx) {
                Some(at) => at.to_string().into(),
                None => return Ok(Err(blame(not_a_date(cell, reading, true)))),
            },
            Ty::Date => match read_at(cell, reading, ctx) {
                Some(At::Date(d)) => d.to_string().into(),
                Some(At::Instant { ts, offset }) => ts
                    .to_zoned(redflag_domain::jiff::tz::TimeZone::fixed(offset))
                    .date()
                    .to_string()
                    .into(),
                None => return Ok(Err(blame(not_a_date(cell, reading, false)))),
            },
            Ty::Word => word(cell).into(),
            Ty::Direction => match direction(cell) {
                Some((d, m)) => {
                    missed |= m;
                    d.into()
                }
                None => {
                    return Ok(Err(blame(format!(
                        "{cell:?} is not a direction (in, out; incoming, outgoing, missed; Gọi đến, Gọi đi, Nhỡ; สายเข้า, สายออก, ไม่ได้รับสาย)"
                    ))));
                }
            },
            Ty::Money | Ty::Decimal => match amount(cell, reading) {
                Ok(a) => {
                    if field.ty == Ty::Money {
                        own_currency = own_currency.or(a.currency);
                    }
                    a.value.to_string().into()
                }
                Err(e) => return Ok(Err(blame(e))),
            },
            Ty::Currency => match currency(cell) {
                Some(c) => c.to_string().into(),
                None => {
                    return Ok(Err(blame(format!(
                        "{cell:?} is not a currency (VND, THB, USD...)"
                    ))));
                }
            },
            Ty::Seconds => match crate::calls::csv::call_seconds(cell) {
                Some(s) => s.into(),
                None => {
                    return Ok(Err(blame(format!(
                        "{cell:?} is not a duration (seconds, MM:SS or H:MM:SS)"
                    ))));
                }
            },
            Ty::Minutes => match minutes(cell) {
                Some(m) => m.into(),
                None => {
                    return Ok(Err(blame(format!(
                        "{cell:?} is not a duration (minutes, or H:MM)"
                    ))));
                }
            },
            Ty::Bool => match super::time::yes_no(cell) {
                Some(b) => b.into(),
                None => return Ok(Err(blame(format!("{cell:?} is neither yes nor no")))),
            },
            Ty::List => cell
                .split([',', ';'])
                .map(|s| nfc(s.trim()))
                .filter(|s| !s.is_empty())
                .map(Value::from)
                .collect::<Vec<_>>()
                .into(),
        };
        json.insert(field.json.into(), v);
        origins.push((field.json, origin));
    }
    if missed && kind == "call" {
        json.insert("duration_s".into(), 0.into());
    }
    let has_money = cols.iter().any(|(f, _)| f.ty == Ty::Money);
    if has_money && !json.contains_key("currency") {
        match own_currency.or(ctx.currency) {
            Some(c) => {
                json.insert("currency".into(), c.to_string().into());
            }
            None if cols
                .iter()
                .any(|(f, _)| f.ty == Ty::Money && json.contains_key(f.json)) =>
            {
                return Ok(Err(format!(
                    "no currency: the amount names none and the workspace has none; map a currency column or give one in {} ([fixed] currency = \"VND\")",
                    mapping.describe()
                )));
            }
            None => {}
        }
    }
    if kind == "party" {
        let Some(name) = json.get("name").and_then(Value::as_str).map(str::to_owned) else {
            return Ok(Err("no name on this row".into()));
        };
        if !json.contains_key("id") {
            json.insert("id".into(), party_id_for_client(&name).as_str().into());
        }
    } else {
        let party = match (&ctx.party, party_cell) {
            (Some(p), _) => p.clone(),
            (None, Some((cell, _))) if ctx.has_party(cell.trim()) => PartyId::new(cell.trim()),
            (None, Some((cell, _))) => match party_for(&cell, row.at(), ctx, sink)? {
                Some(p) => p,
                None => return Ok(Ok(())),
            },
            (None, None) => {
                return Ok(Err("no party on this row (the party cell is empty)".into()));
            }
        };
        json.insert("party".into(), party.as_str().into());
        if !json.contains_key("id") {
            let parts: Vec<&str> = identity.iter().map(String::as_str).collect();
            json.insert("id".into(), format!("csv:{}", hash_id(&parts)).into());
        }
    }
    if let Some(Value::String(id)) = json.get("id") {
        let unique = repeats.unique(id.clone());
        json.insert("id".into(), unique.into());
    }
    let line = Value::Object(json).to_string();
    let record = match redflag_interchange::parse_line(&line) {
        Ok(r) => r,
        Err(message) => return Ok(Err(blame_field(&message, &origins))),
    };
    if let Record::Party(p) = &record {
        // Later rows (and a party's own phones and addresses) find it.
        ctx.add_party(p);
    }
    sink.record(&row.at(), record)?;
    Ok(Ok(()))
}

/// The interchange reader's message, with the column the field came from put first.
fn blame_field(message: &str, origins: &[(&'static str, String)]) -> String {
    let field = message
        .split('`')
        .nth(1)
        .and_then(|f| origins.iter().find(|(j, _)| *j == f));
    match field {
        Some((_, origin)) => format!("{origin}: {message}"),
        None => message.to_owned(),
    }
}

fn not_a_date(cell: &str, reading: &Reading<'_>, time_too: bool) -> String {
    let what = if time_too { "a date or time" } else { "a date" };
    match reading.mapping.date_formats() {
        [] => format!("{cell:?} is not {what}"),
        pats => format!(
            "{cell:?} is not {what} in the mapping's date-format ({})",
            pats.join(", ")
        ),
    }
}

/// Reads a date or date and time (see the module docs).
fn read_at(cell: &str, reading: &Reading<'_>, ctx: &Context) -> Option<At> {
    let cell = cell.trim();
    let local = |dt: DateTime| {
        let ts = ctx.timezone.to_ambiguous_timestamp(dt).compatible().ok()?;
        Some(At::Instant {
            ts,
            offset: ctx.timezone.to_offset(ts),
        })
    };
    let patterns = reading.mapping.date_formats();
    if !patterns.is_empty() {
        return patterns.iter().find_map(|p| {
            let tm = BrokenDownTime::parse(p, cell).ok()?;
            if let Some(offset) = tm.offset() {
                let ts = tm.to_timestamp().ok()?;
                let ts = redflag_domain::jiff::Timestamp::from_second(ts.as_second()).ok()?;
                return Some(At::Instant { ts, offset });
            }
            if tm.hour().is_some() {
                return local(tm.to_datetime().ok()?);
            }
            tm.to_date().ok().map(At::Date)
        });
    }
    if cell.len() > 10
        && let Ok(at) = At::parse(cell)
    {
        return Some(at);
    }
    if let Some(dt) = dates::parse_datetime(cell, "", reading.order) {
        return local(dt);
    }
    dates::parse_date(cell, reading.order)
        .filter(|_| !cell.contains(':'))
        .map(At::Date)
        .or_else(|| cell.parse::<Date>().ok().map(At::Date))
}

/// A spec word as written in a sheet: `No Show` → `no-show`, `Verbal_Yes` → `verbal-yes`.
fn word(cell: &str) -> String {
    cell.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// `in`/`out`, and whether the call was missed.
fn direction(cell: &str) -> Option<(&'static str, bool)> {
    match word(cell).as_str() {
        "in" | "inbound" | "received" | "from-them" | "them" => return Some(("in", false)),
        "out" | "outbound" | "sent" | "from-us" | "us" => return Some(("out", false)),
        _ => {}
    }
    crate::calls::csv::direction_word(cell)
}

fn amount(cell: &str, reading: &Reading<'_>) -> Result<money::Amount, String> {
    match reading.mapping.decimal() {
        Some(sep) => money::parse_amount_with(cell, sep),
        None => money::parse_amount(cell, reading.style, None),
    }
}

/// A currency cell: a code (`VND`, `Euro - EUR`) or a symbol or word (`₫`, `đ`, `฿`, `บาท`, `$`).
fn currency(cell: &str) -> Option<Currency> {
    money::currency_cell(cell).or_else(|| {
        money::parse_amount(&format!("0 {cell}"), Style::default(), None)
            .ok()
            .and_then(|a| a.currency)
    })
}

/// Minutes: `90`, `90.5` (rounded), `1:30` or `1:30:00` (hours, minutes, seconds).
fn minutes(cell: &str) -> Option<u32> {
    let c = cell.trim();
    let c = c
        .strip_suffix("min")
        .or_else(|| c.strip_suffix('m'))
        .unwrap_or(c)
        .trim();
    if c.contains(':') {
        let s = dates::parse_duration(c)?;
        return u32::try_from(s.saturating_add(30) / 60).ok();
    }
    let d = money::parse_plain_decimal(c)?;
    if d.is_sign_negative() && !d.is_zero() {
        return None;
    }
    let m = d.round();
    u32::try_from(m.mantissa()).ok().filter(|_| m.scale() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_minutes() {
        assert_eq!(word(" No Show "), "no-show");
        assert_eq!(word("Verbal_Yes"), "verbal-yes");
        assert_eq!(minutes("90"), Some(90));
        assert_eq!(minutes("1:30"), Some(90));
        assert_eq!(minutes("45 min"), Some(45));
        assert_eq!(minutes("-5"), None);
        assert_eq!(minutes("x"), None);
        assert_eq!(direction("Gọi đến"), Some(("in", false)));
        assert_eq!(direction("sent"), Some(("out", false)));
        assert_eq!(direction("missed"), Some(("in", true)));
        assert_eq!(currency("₫"), Some(Currency::VND));
        assert_eq!(currency("บาท"), Some(Currency::THB));
        assert_eq!(currency("usd"), Some(Currency::USD));
        assert_eq!(currency("xx"), None);
    }
}
