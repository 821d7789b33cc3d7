//! Dates, times and durations as the tools write them.
//!
//! Dates: `2025-03-01` (ISO, Toggl, Clockify by default, Invoice Ninja invoices), `2025/03/01`,
//! `01/03/2025` or `03/01/2025` (Xero writes the organisation's order, day first outside the
//! US; QuickBooks and Invoice Ninja payments month first), with `.` or `-` also accepted
//! between the parts and 2-digit years read as 20xx; `1 Mar 2025`, `01-Mar-2025`,
//! `Mar 1, 2025`. Whether a slashed column is day- or month-first is decided per column: a
//! first part above 12 anywhere makes it day-first, a second part above 12 month-first, else
//! the tool's own default.
//!
//! Times: `14:05`, `14:05:09`, `2:05 PM`, `02:05:09 pm`.
//!
//! Durations: `1:30:00`, `1:30` (hours and minutes), `90:00:00` (Toggl writes hours past 24),
//! or decimal hours `1.5` / `1,5`.

use redflag_domain::jiff::civil::{Date, DateTime, Time};

/// Which part of a slashed date is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// `dd/mm/yyyy`.
    DayFirst,
    /// `mm/dd/yyyy`.
    MonthFirst,
}

fn numeric_parts(s: &str) -> Option<[u32; 3]> {
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let mut out = [0; 3];
    for (o, p) in out.iter_mut().zip(&parts) {
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    Some(out)
}

/// The order of a column's slashed dates: from a value that decides it, else `default`.
pub fn column_order<'a>(values: impl Iterator<Item = &'a str>, default: Order) -> Order {
    for v in values {
        let d = v.split_whitespace().next().unwrap_or("");
        if d.len() >= 4 && d.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            continue; // year first
        }
        if let Some([a, b, _]) = numeric_parts(d) {
            if a > 12 && b <= 12 {
                return Order::DayFirst;
            }
            if b > 12 && a <= 12 {
                return Order::MonthFirst;
            }
        }
    }
    default
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_name(s: &str) -> Option<i8> {
    let s = s.to_ascii_lowercase();
    if s.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| s.starts_with(m))
        .map(|i| i as i8 + 1)
}

fn year(y: u32) -> Option<i16> {
    let y = if y < 100 { 2000 + y } else { y };
    i16::try_from(y).ok().filter(|y| (1900..=2200).contains(y))
}

fn ymd(y: u32, m: u32, d: u32) -> Option<Date> {
    Date::new(year(y)?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// Reads a date (see the module docs); a time after it is ignored.
pub fn parse_date(s: &str, order: Order) -> Option<Date> {
    let s = s.trim();
    let first = s.split(['T', ' ']).next().unwrap_or("");
    if let Some([a, b, c]) = numeric_parts(first) {
        if first.find(['/', '.', '-']) == Some(4) {
            return ymd(a, b, c);
        }
        return match order {
            Order::DayFirst => ymd(c, b, a),
            Order::MonthFirst => ymd(c, a, b),
        };
    }
    // `1 Mar 2025`, `01-Mar-2025`, `Mar 1, 2025`, `March 1 2025`.
    let words: Vec<&str> = s
        .split([' ', '-', ','])
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    if words.len() != 3 {
        return None;
    }
    let num = |w: &str| w.parse::<u32>().ok();
    if let (Some(d), Some(m), Some(y)) = (num(words[0]), month_name(words[1]), num(words[2])) {
        return ymd(y, m as u32, d);
    }
    if let (Some(m), Some(d), Some(y)) = (month_name(words[0]), num(words[1]), num(words[2])) {
        return ymd(y, m as u32, d);
    }
    None
}

/// Reads a time of day (see the module docs).
pub fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim().to_ascii_lowercase();
    let (clock, pm) = if let Some(c) = s.strip_suffix("pm") {
        (c.trim(), Some(true))
    } else if let Some(c) = s.strip_suffix("am") {
        (c.trim(), Some(false))
    } else {
        (s.as_str(), None)
    };
    let parts: Vec<u32> = clock
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (mut h, m, sec) = match parts[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return None,
    };
    match pm {
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) if h != 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    Time::new(
        i8::try_from(h).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(sec).ok()?,
        0,
    )
    .ok()
}

/// A date and a time of day from two cells, or from one cell holding both.
pub fn parse_datetime(date: &str, time: &str, order: Order) -> Option<DateTime> {
    let d = parse_date(date, order)?;
    let time = if time.trim().is_empty() {
        // `2025-03-01 14:05` in one cell.
        date.trim().split_once([' ', 'T'])?.1
    } else {
        time
    };
    Some(d.to_datetime(parse_time(time)?))
}

/// A duration in seconds (see the module docs).
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.contains(':') {
        let parts: Vec<u64> = s
            .split(':')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        return match parts[..] {
            [h, m] if m < 60 => h.checked_mul(3600)?.checked_add(m * 60),
            [h, m, sec] if m < 60 && sec < 60 => h.checked_mul(3600)?.checked_add(m * 60 + sec),
            _ => None,
        };
    }
    let hours = super::money::parse_plain_decimal(s)?;
    // A decimal multiplication panics on overflow; a cell of 28 nines is not a duration.
    let seconds = hours
        .checked_mul(redflag_domain::Decimal::from(3600))?
        .round();
    u64::try_from(seconds.mantissa())
        .ok()
        .filter(|_| seconds.scale() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slashed_dates_follow_the_columns_evidence() {
        let col = ["03/04/2025", "13/04/2025"];
        assert_eq!(
            column_order(col.into_iter(), Order::MonthFirst),
            Order::DayFirst
        );
        let col = ["03/04/2025", "04/13/2025"];
        assert_eq!(
            column_order(col.into_iter(), Order::DayFirst),
            Order::MonthFirst
        );
        assert_eq!(
            column_order(["03/04/2025"].into_iter(), Order::DayFirst),
            Order::DayFirst
        );
        assert_eq!(
            parse_date("03/04/2025", Order::DayFirst)
                .unwrap()
                .to_string(),
            "2025-04-03"
        );
        assert_eq!(
            parse_date("03/04/25", Order::MonthFirst)
                .unwrap()
                .to_string(),
            "2025-03-04"
        );
    }

    #[test]
    fn named_months_and_iso_dates() {
        for s in [
            "2025-03-01",
            "2025/03/01",
            "1 Mar 2025",
            "01-Mar-2025",
            "Mar 1, 2025",
            "2025-03-01T10:00:00",
        ] {
            assert_eq!(
                parse_date(s, Order::MonthFirst)
                    .map(|d| d.to_string())
                    .as_deref(),
                Some("2025-03-01"),
                "{s}"
            );
        }
        assert_eq!(parse_date("31/02/2025", Order::DayFirst), None);
        assert_eq!(parse_date("Total", Order::DayFirst), None);
    }

    #[test]
    fn times_and_durations() {
        assert_eq!(parse_time("2:05 PM").unwrap().to_string(), "14:05:00");
        assert_eq!(parse_time("12:30 am").unwrap().to_string(), "00:30:00");
        assert_eq!(parse_time("23:59:59").unwrap().to_string(), "23:59:59");
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_duration("01:30:00"), Some(5400));
        assert_eq!(parse_duration("90:00:00"), Some(324_000));
        assert_eq!(parse_duration("1:30"), Some(5400));
        assert_eq!(parse_duration("1.5"), Some(5400));
        assert_eq!(parse_duration("7,5"), Some(27_000));
        assert_eq!(parse_duration("abc"), None);
        assert_eq!(parse_duration("-1"), None);
    }
}
