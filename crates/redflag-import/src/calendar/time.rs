//! DATE, DATE-TIME and DURATION values (RFC 5545 §3.3.4, §3.3.5, §3.3.6).

use redflag_domain::jiff::SignedDuration;
use redflag_domain::jiff::civil::{Date, DateTime};

use super::lines::Property;

/// A DTSTART-like value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DtValue {
    /// `VALUE=DATE`: an all-day value.
    Date(Date),
    /// No zone: the wall clock wherever the reader is (the Context's zone here).
    Floating(DateTime),
    /// `...Z`.
    Utc(DateTime),
    /// `TZID=...`.
    Zoned(DateTime, String),
}

/// `YYYYMMDD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i16 = s[0..4].parse().ok()?;
    let m: i8 = s[4..6].parse().ok()?;
    let d: i8 = s[6..8].parse().ok()?;
    Date::new(y, m, d).ok()
}

/// `YYYYMMDDTHHMMSS` (a leap second 60 is read as 59).
pub fn parse_datetime(s: &str) -> Option<DateTime> {
    let s = s.trim();
    let (d, t) = s.split_once(['T', 't'])?;
    let date = parse_date(d)?;
    if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i8 = t[0..2].parse().ok()?;
    let mi: i8 = t[2..4].parse().ok()?;
    let se: i8 = t[4..6].parse::<i8>().ok()?.min(59);
    let time = redflag_domain::jiff::civil::Time::new(h, mi, se, 0).ok()?;
    Some(date.to_datetime(time))
}

/// Reads one date or date-time value of `prop` (the first of a comma list).
pub fn dt_value(prop: &Property) -> Result<DtValue, String> {
    let raw = prop.value.split(',').next().unwrap_or("").trim();
    parse_one(raw, prop)
}

/// Every value of a list property (EXDATE, RDATE), PERIOD values read as their start.
pub fn dt_values(prop: &Property) -> Result<Vec<DtValue>, String> {
    prop.value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| parse_one(v.split('/').next().unwrap_or(v), prop))
        .collect()
}

fn parse_one(raw: &str, prop: &Property) -> Result<DtValue, String> {
    let bad = || {
        format!(
            "{} has an unreadable date or time {:?}",
            prop.name,
            clip(raw)
        )
    };
    let is_date = prop
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || (raw.len() == 8 && !raw.contains(['T', 't']));
    if is_date {
        return parse_date(raw).map(DtValue::Date).ok_or_else(bad);
    }
    if let Some(local) = raw.strip_suffix(['Z', 'z']) {
        return parse_datetime(local).map(DtValue::Utc).ok_or_else(bad);
    }
    let dt = parse_datetime(raw).ok_or_else(bad)?;
    match prop.param("TZID").map(str::trim).filter(|z| !z.is_empty()) {
        Some(z) => Ok(DtValue::Zoned(dt, z.to_owned())),
        None => Ok(DtValue::Floating(dt)),
    }
}

/// `[+-]P[nW][nD][T[nH][nM][nS]]`.
pub fn parse_duration(s: &str) -> Option<SignedDuration> {
    let s = s.trim();
    let (neg, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let s = s.strip_prefix(['P', 'p'])?;
    let mut secs: i64 = 0;
    let mut num = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in s.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => num.push(c),
            'T' if num.is_empty() => in_time = true,
            unit => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                any = true;
                let mult = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                secs = secs.checked_add(n.checked_mul(mult)?)?;
            }
        }
    }
    if !num.is_empty() || !any {
        return None;
    }
    Some(SignedDuration::from_secs(if neg { -secs } else { secs }))
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M").unwrap().as_secs(), 5400);
        assert_eq!(parse_duration("P1W").unwrap().as_secs(), 604_800);
        assert_eq!(parse_duration("-P1DT2H").unwrap().as_secs(), -93_600);
        assert!(parse_duration("P").is_none());
        assert!(parse_duration("PT5").is_none());
        assert!(parse_duration("P1H").is_none());
    }

    #[test]
    fn dates_and_times() {
        assert!(parse_datetime("20251301T000000").is_none());
        assert_eq!(
            parse_datetime("20250301T090000").unwrap().to_string(),
            "2025-03-01T09:00:00"
        );
        assert!(parse_date("2025030").is_none());
    }
}
