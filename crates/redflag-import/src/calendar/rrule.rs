//! RRULE expansion (RFC 5545 §3.3.10), on wall-clock times: the rule is applied in the
//! event's own zone and each occurrence converted to an instant afterwards, so that a weekly
//! 09:00 meeting stays at 09:00 across a DST change.
//!
//! Supported: `FREQ` `DAILY`, `WEEKLY`, `MONTHLY`, `YEARLY`; `INTERVAL`, `COUNT`, `UNTIL`,
//! `WKST`; `BYDAY` (plain weekdays for every frequency, with an ordinal such as `2TU` or `-1FR`
//! for `MONTHLY`, and for `YEARLY` together with `BYMONTH`); `BYMONTHDAY` (negative counts from
//! the month's end) for `MONTHLY` and `YEARLY`; `BYMONTH` for every frequency.
//!
//! Not supported (a rule using them is reported, never guessed): `FREQ` `HOURLY`, `MINUTELY`,
//! `SECONDLY`; `BYSETPOS`, `BYYEARDAY`, `BYWEEKNO`, `BYHOUR`, `BYMINUTE`, `BYSECOND`; `BYDAY`
//! with an ordinal under `DAILY` or `WEEKLY`, or under `YEARLY` without `BYMONTH`;
//! `BYMONTHDAY` under `WEEKLY`; RFC 7529 `RSCALE` and `SKIP`.

use redflag_domain::jiff::ToSpan;
use redflag_domain::jiff::civil::{Date, DateTime, Weekday};

/// How often the rule repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    /// Every `interval` days.
    Daily,
    /// Every `interval` weeks.
    Weekly,
    /// Every `interval` months.
    Monthly,
    /// Every `interval` years.
    Yearly,
}

/// The end given by `UNTIL`, in the form it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Until {
    /// `UNTIL=20250301`.
    Date(Date),
    /// `UNTIL=20250301T090000` (the event's own wall clock).
    Local(DateTime),
    /// `UNTIL=20250301T020000Z`.
    Utc(DateTime),
}

/// A parsed rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `FREQ`.
    pub freq: Freq,
    /// `INTERVAL` (1 by default).
    pub interval: i32,
    /// `COUNT`: how many occurrences, DTSTART included.
    pub count: Option<u32>,
    /// `UNTIL` (inclusive).
    pub until: Option<Until>,
    /// `BYDAY`: an optional ordinal and a weekday.
    pub by_day: Vec<(Option<i32>, Weekday)>,
    /// `BYMONTHDAY` (1..=31 or -31..=-1).
    pub by_month_day: Vec<i32>,
    /// `BYMONTH` (1..=12).
    pub by_month: Vec<i8>,
    /// `WKST` (Monday by default).
    pub week_start: Weekday,
}

/// Why a rule cannot be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// It is not a valid RRULE.
    Invalid(String),
    /// It is valid but uses a part this version does not expand.
    Unsupported(String),
}

impl Rule {
    /// Parses the value of an `RRULE` property.
    pub fn parse(value: &str) -> Result<Rule, RuleError> {
        let invalid = |m: String| RuleError::Invalid(m);
        let unsupported = |m: &str| RuleError::Unsupported(m.to_owned());
        let mut freq = None;
        let mut rule = Rule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            week_start: Weekday::Monday,
        };
        for part in value.trim().split(';').filter(|p| !p.trim().is_empty()) {
            let (name, v) = part
                .split_once('=')
                .ok_or_else(|| invalid(format!("RRULE part {part:?} has no '='")))?;
            let v = v.trim();
            match name.trim().to_ascii_uppercase().as_str() {
                "FREQ" => {
                    freq = Some(match v.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        "HOURLY" | "MINUTELY" | "SECONDLY" => {
                            return Err(unsupported(&format!("FREQ={v}")));
                        }
                        _ => return Err(invalid(format!("FREQ={v:?} is not a frequency"))),
                    })
                }
                "INTERVAL" => {
                    rule.interval = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=10_000).contains(n))
                        .ok_or_else(|| invalid(format!("INTERVAL={v:?}")))?
                }
                "COUNT" => {
                    rule.count = Some(
                        v.parse()
                            .ok()
                            .filter(|n| *n >= 1)
                            .ok_or_else(|| invalid(format!("COUNT={v:?}")))?,
                    )
                }
                "UNTIL" => {
                    rule.until =
                        Some(parse_until(v).ok_or_else(|| invalid(format!("UNTIL={v:?}")))?)
                }
                "BYDAY" => {
                    for d in v.split(',') {
                        rule.by_day.push(
                            parse_by_day(d.trim())
                                .ok_or_else(|| invalid(format!("BYDAY value {d:?}")))?,
                        );
                    }
                }
                "BYMONTHDAY" => {
                    for d in v.split(',') {
                        let n: i32 = d
                            .trim()
                            .parse()
                            .ok()
                            .filter(|n: &i32| *n != 0 && n.abs() <= 31)
                            .ok_or_else(|| invalid(format!("BYMONTHDAY value {d:?}")))?;
                        rule.by_month_day.push(n);
                    }
                }
                "BYMONTH" => {
                    for m in v.split(',') {
                        let n: i8 = m
                            .trim()
                            .parse()
                            .ok()
                            .filter(|n| (1..=12).contains(n))
                            .ok_or_else(|| invalid(format!("BYMONTH value {m:?}")))?;
                        rule.by_month.push(n);
                    }
                }
                "WKST" => {
                    rule.week_start = weekday(v).ok_or_else(|| invalid(format!("WKST={v:?}")))?;
                }
                other @ ("BYSETPOS" | "BYYEARDAY" | "BYWEEKNO" | "BYHOUR" | "BYMINUTE"
                | "BYSECOND" | "RSCALE" | "SKIP") => return Err(unsupported(other)),
                other if other.starts_with("X-") => {}
                other => return Err(invalid(format!("unknown RRULE part {other}"))),
            }
        }
        rule.freq = freq.ok_or_else(|| invalid("RRULE without FREQ".into()))?;
        if rule.count.is_some() && rule.until.is_some() {
            return Err(invalid("RRULE has both COUNT and UNTIL".into()));
        }
        let ordinals = rule.by_day.iter().any(|(n, _)| n.is_some());
        match rule.freq {
            Freq::Daily | Freq::Weekly if ordinals => {
                return Err(unsupported("BYDAY with an ordinal under DAILY or WEEKLY"));
            }
            Freq::Yearly if ordinals && rule.by_month.is_empty() => {
                return Err(unsupported(
                    "BYDAY with an ordinal under YEARLY without BYMONTH",
                ));
            }
            Freq::Weekly if !rule.by_month_day.is_empty() => {
                return Err(unsupported("BYMONTHDAY under WEEKLY"));
            }
            _ => {}
        }
        Ok(rule)
    }

    /// The occurrences from `start` (always the first, as RFC 5545 counts it), in order, that
    /// fall on or before `horizon`, at most `max`. `until` is `UNTIL` already turned into the
    /// event's wall clock by the caller (a UTC `UNTIL` needs the zone). The flag is true when
    /// `max` cut the list short.
    pub fn expand(
        &self,
        start: DateTime,
        until: Option<DateTime>,
        horizon: DateTime,
        max: usize,
    ) -> (Vec<DateTime>, bool) {
        let end = match until {
            Some(u) => u.min(horizon),
            None => horizon,
        };
        let mut out = vec![start];
        if start > end {
            return (out, false);
        }
        let limit = self.count.map_or(max, |c| (c as usize).min(max));
        let cut = |out: &Vec<DateTime>| out.len() >= limit;
        // Empty periods (BYMONTHDAY=31 in a 30-day month...) must not loop forever: give up
        // after this many periods with nothing new.
        let mut barren = 0u32;
        let mut period = 0i64;
        loop {
            if cut(&out) {
                let truncated = self.count.is_none_or(|c| c as usize > max);
                return (out, truncated);
            }
            let Some(mut cands) = self.period(start, period) else {
                break;
            };
            period += 1;
            cands.sort();
            cands.dedup();
            let first = cands.first().copied();
            let mut added = false;
            for c in cands {
                if c <= start {
                    continue;
                }
                if c > end {
                    return (out, false);
                }
                out.push(c);
                added = true;
                if cut(&out) {
                    break;
                }
            }
            if added {
                barren = 0;
            } else {
                barren += 1;
                if barren > 2_000 {
                    break;
                }
                if let Some(f) = first
                    && f > end
                {
                    break;
                }
                if self.period_start(start, period).is_none_or(|p| p > end) {
                    break;
                }
            }
        }
        (out, false)
    }

    /// The first day of period `k` (for the early stop).
    fn period_start(&self, start: DateTime, k: i64) -> Option<DateTime> {
        let n = k.checked_mul(i64::from(self.interval))?;
        let d = start.date();
        let date = match self.freq {
            Freq::Daily => d.checked_add(n.days()).ok()?,
            Freq::Weekly => week_start(d, self.week_start)
                .checked_add((n * 7).days())
                .ok()?,
            Freq::Monthly => d.first_of_month().checked_add(n.months()).ok()?,
            Freq::Yearly => d.first_of_year().checked_add(n.years()).ok()?,
        };
        Some(date.to_datetime(start.time()))
    }

    /// The candidates of period `k` (before filtering by start and end).
    fn period(&self, start: DateTime, k: i64) -> Option<Vec<DateTime>> {
        let n = k.checked_mul(i64::from(self.interval))?;
        if n > 200_000 {
            return None;
        }
        let d = start.date();
        let time = start.time();
        let month_ok =
            |date: Date| self.by_month.is_empty() || self.by_month.contains(&date.month());
        let mut days: Vec<Date> = Vec::new();
        match self.freq {
            Freq::Daily => {
                let day = d.checked_add(n.days()).ok()?;
                let wd_ok =
                    self.by_day.is_empty() || self.by_day.iter().any(|(_, w)| *w == day.weekday());
                let md_ok = self.by_month_day.is_empty()
                    || self
                        .by_month_day
                        .iter()
                        .any(|m| month_day(day, *m) == Some(day));
                if month_ok(day) && wd_ok && md_ok {
                    days.push(day);
                }
            }
            Freq::Weekly => {
                let ws = week_start(d, self.week_start)
                    .checked_add((n * 7).days())
                    .ok()?;
                let wanted: Vec<Weekday> = if self.by_day.is_empty() {
                    vec![d.weekday()]
                } else {
                    self.by_day.iter().map(|(_, w)| *w).collect()
                };
                for i in 0..7 {
                    let day = ws.checked_add(i.days()).ok()?;
                    if wanted.contains(&day.weekday()) && month_ok(day) {
                        days.push(day);
                    }
                }
            }
            Freq::Monthly => {
                let first = d.first_of_month().checked_add(n.months()).ok()?;
                if month_ok(first) {
                    days.extend(self.days_in_month(first, d.day()));
                }
            }
            Freq::Yearly => {
                let year = d.year().checked_add(i16::try_from(n).ok()?)?;
                let months: Vec<i8> = if self.by_month.is_empty() {
                    vec![d.month()]
                } else {
                    self.by_month.clone()
                };
                for m in months {
                    let first = Date::new(year, m, 1).ok()?;
                    if self.by_month.is_empty()
                        && self.by_day.is_empty()
                        && self.by_month_day.is_empty()
                    {
                        // The anniversary; skipped in years without it (29 February).
                        if let Ok(day) = Date::new(year, m, d.day()) {
                            days.push(day);
                        }
                    } else if self.by_month.is_empty()
                        && !self.by_day.is_empty()
                        && self.by_month_day.is_empty()
                    {
                        // Plain weekdays all year long.
                        for mm in 1..=12 {
                            let f = Date::new(year, mm, 1).ok()?;
                            days.extend(self.days_in_month(f, d.day()));
                        }
                    } else {
                        days.extend(self.days_in_month(first, d.day()));
                    }
                }
            }
        }
        Some(days.into_iter().map(|day| day.to_datetime(time)).collect())
    }

    /// The days of the month starting at `first` that BYDAY / BYMONTHDAY select; without
    /// either, the day of the month of DTSTART (none when the month is too short).
    fn days_in_month(&self, first: Date, start_day: i8) -> Vec<Date> {
        let len = first.days_in_month();
        let all = (0..len).filter_map(|i| first.checked_add(i64::from(i).days()).ok());
        if self.by_day.is_empty() && self.by_month_day.is_empty() {
            return Date::new(first.year(), first.month(), start_day)
                .ok()
                .into_iter()
                .collect();
        }
        all.filter(|day| {
            let md_ok = self.by_month_day.is_empty()
                || self
                    .by_month_day
                    .iter()
                    .any(|m| month_day(*day, *m) == Some(*day));
            let wd_ok = self.by_day.is_empty()
                || self.by_day.iter().any(|(ord, w)| {
                    *w == day.weekday()
                        && match ord {
                            None => true,
                            Some(o) => nth_weekday_of_month(first, *o, *w) == Some(*day),
                        }
                });
            md_ok && wd_ok
        })
        .collect()
    }
}

/// The `n`th (from 1, or from -1 at the end) `weekday` of the month of `first`.
pub fn nth_weekday_of_month(first: Date, n: i32, weekday: Weekday) -> Option<Date> {
    let first = first.first_of_month();
    let n = i8::try_from(n).ok()?;
    let d = first.nth_weekday_of_month(n, weekday).ok()?;
    (d.month() == first.month()).then_some(d)
}

/// The day of `day`'s month that BYMONTHDAY `m` names.
fn month_day(day: Date, m: i32) -> Option<Date> {
    let len = i32::from(day.days_in_month());
    let dom = if m > 0 { m } else { len + m + 1 };
    if dom < 1 || dom > len {
        return None;
    }
    Date::new(day.year(), day.month(), i8::try_from(dom).ok()?).ok()
}

fn week_start(d: Date, wkst: Weekday) -> Date {
    let back = (d.weekday().to_monday_zero_offset() - wkst.to_monday_zero_offset()).rem_euclid(7);
    d.checked_sub(i64::from(back).days()).unwrap_or(d)
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s.to_ascii_uppercase().as_str() {
        "MO" => Weekday::Monday,
        "TU" => Weekday::Tuesday,
        "WE" => Weekday::Wednesday,
        "TH" => Weekday::Thursday,
        "FR" => Weekday::Friday,
        "SA" => Weekday::Saturday,
        "SU" => Weekday::Sunday,
        _ => return None,
    })
}

fn parse_by_day(s: &str) -> Option<(Option<i32>, Weekday)> {
    if s.len() < 2 || !s.is_char_boundary(s.len() - 2) {
        return None;
    }
    let (num, day) = s.split_at(s.len() - 2);
    let w = weekday(day)?;
    if num.is_empty() {
        return Some((None, w));
    }
    let n: i32 = num.trim_start_matches('+').parse().ok()?;
    (n != 0 && n.abs() <= 53).then_some((Some(n), w))
}

fn parse_until(v: &str) -> Option<Until> {
    if let Some(local) = v.strip_suffix(['Z', 'z']) {
        return super::time::parse_datetime(local).map(Until::Utc);
    }
    if v.len() == 8 {
        return super::time::parse_date(v).map(Until::Date);
    }
    super::time::parse_datetime(v).map(Until::Local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use redflag_domain::jiff::civil::date;

    fn dt(s: &str) -> DateTime {
        super::super::time::parse_datetime(s).unwrap()
    }

    fn run(rule: &str, start: &str, until: Option<&str>) -> Vec<String> {
        let r = Rule::parse(rule).unwrap();
        let (v, _) = r.expand(dt(start), until.map(dt), dt("20301231T000000"), 500);
        v.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn weekly_on_several_days_with_count() {
        let v = run("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4", "20250303T090000", None);
        assert_eq!(
            v,
            [
                "2025-03-03T09:00:00",
                "2025-03-05T09:00:00",
                "2025-03-10T09:00:00",
                "2025-03-12T09:00:00"
            ]
        );
    }

    #[test]
    fn every_other_week_until_a_date() {
        let v = run(
            "FREQ=WEEKLY;INTERVAL=2",
            "20250303T090000",
            Some("20250401T000000"),
        );
        assert_eq!(v.len(), 3, "{v:?}"); // 3, 17, 31 March
    }

    #[test]
    fn monthly_by_ordinal_weekday_and_last_day() {
        let v = run("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "20250131T100000", None);
        assert_eq!(
            v,
            [
                "2025-01-31T10:00:00",
                "2025-02-28T10:00:00",
                "2025-03-28T10:00:00"
            ]
        );
        let v = run(
            "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3",
            "20250131T100000",
            None,
        );
        assert_eq!(v[1], "2025-02-28T10:00:00");
        // The 31st: months without one are skipped, as RFC 5545 says.
        let v = run("FREQ=MONTHLY;COUNT=3", "20250131T100000", None);
        assert_eq!(
            v,
            [
                "2025-01-31T10:00:00",
                "2025-03-31T10:00:00",
                "2025-05-31T10:00:00"
            ]
        );
    }

    #[test]
    fn yearly_by_month_and_ordinal_like_a_dst_rule() {
        let v = run(
            "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU;COUNT=2",
            "20070311T020000",
            None,
        );
        assert_eq!(v, ["2007-03-11T02:00:00", "2008-03-09T02:00:00"]);
    }

    #[test]
    fn daily_with_interval_and_the_horizon() {
        let r = Rule::parse("FREQ=DAILY;INTERVAL=3").unwrap();
        let (v, cut) = r.expand(dt("20250101T080000"), None, dt("20250110T000000"), 500);
        assert_eq!(v.len(), 3);
        assert!(!cut);
        let (v, cut) = r.expand(dt("20250101T080000"), None, dt("20990101T000000"), 10);
        assert_eq!((v.len(), cut), (10, true));
    }

    #[test]
    fn unsupported_and_invalid_parts_are_told_apart() {
        assert!(matches!(
            Rule::parse("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1"),
            Err(RuleError::Unsupported(_))
        ));
        assert!(matches!(
            Rule::parse("FREQ=HOURLY"),
            Err(RuleError::Unsupported(_))
        ));
        assert!(matches!(
            Rule::parse("FREQ=FOO"),
            Err(RuleError::Invalid(_))
        ));
        assert!(matches!(
            Rule::parse("BYDAY=MO"),
            Err(RuleError::Invalid(_))
        ));
        assert_eq!(
            nth_weekday_of_month(date(2025, 3, 1), -1, Weekday::Sunday),
            Some(date(2025, 3, 30))
        );
    }

    #[test]
    fn a_rule_that_never_matches_ends() {
        let v = run(
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "20250101T080000",
            None,
        );
        assert_eq!(v.len(), 1);
    }
}
