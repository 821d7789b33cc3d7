//! Calendar arithmetic on plain day numbers, so that the review converts each event's time to the
//! workspace clock once and then compares integers.

use redflag_domain::At;
use redflag_domain::jiff::ToSpan;
use redflag_domain::jiff::civil::Date;
use redflag_domain::jiff::tz::TimeZone;

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
pub(crate) fn day_number(d: Date) -> i32 {
    let y = i32::from(d.year());
    let m = i32::from(d.month());
    let dd = i32::from(d.day());
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (the inverse of [`day_number`]).
pub(crate) fn date_of(day: i32) -> Date {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date::new(y as i16, m as i8, d as i8).unwrap_or(Date::MIN)
}

/// Monday = 0 ... Sunday = 6.
pub(crate) fn weekday(day: i32) -> u8 {
    // 1970-01-01 was a Thursday (3).
    (day + 3).rem_euclid(7) as u8
}

/// When an event happened on the workspace clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Moment {
    /// Local day number.
    pub day: i32,
    /// Local minute of the day, `None` for a bare date.
    pub minute: Option<u16>,
}

/// Converts an event time to the workspace clock: one offset lookup, no calendar objects.
pub(crate) fn moment(at: At, tz: &TimeZone) -> Moment {
    match at {
        At::Instant { ts, .. } => {
            let local = ts.as_second() + i64::from(tz.to_offset(ts).seconds());
            Moment {
                day: local.div_euclid(86_400) as i32,
                minute: Some((local.rem_euclid(86_400) / 60) as u16),
            }
        }
        At::Date(d) => Moment {
            day: day_number(d),
            minute: None,
        },
    }
}

/// The first day number of the window of `months` calendar months that ends on `as_of`
/// (12 months to 2025-06-30 starts on 2024-07-01).
pub(crate) fn months_window_start(as_of: Date, months: u32) -> i32 {
    let start = as_of
        .checked_sub(i64::from(months).months())
        .unwrap_or(Date::MIN);
    day_number(start) + 1
}

/// The day number of `as_of` (kept here so that nothing else needs the conversion).
pub(crate) fn as_of_day(as_of: Date) -> i32 {
    day_number(as_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_match_jiff() {
        let epoch: Date = "1970-01-01".parse().unwrap();
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "2025-03-01",
            "1969-12-31",
            "2100-03-01",
        ] {
            let d: Date = s.parse().unwrap();
            let n = day_number(d);
            assert_eq!(
                i64::from(n),
                epoch.until(d).unwrap().get_days() as i64,
                "{s}"
            );
            assert_eq!(date_of(n), d);
        }
    }

    #[test]
    fn weekdays_follow_the_calendar() {
        let mon: Date = "2025-06-30".parse().unwrap();
        assert_eq!(weekday(day_number(mon)), 0);
        let sun: Date = "2025-06-29".parse().unwrap();
        assert_eq!(weekday(day_number(sun)), 6);
    }

    #[test]
    fn a_moment_is_on_the_workspace_clock() {
        let tz = TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
        let m = moment(At::parse("2025-03-01T18:00:00Z").unwrap(), &tz);
        assert_eq!(date_of(m.day).to_string(), "2025-03-02");
        assert_eq!(m.minute, Some(60));
    }

    #[test]
    fn twelve_months_end_on_the_as_of_date() {
        let d: Date = "2025-06-30".parse().unwrap();
        assert_eq!(
            date_of(months_window_start(d, 12)).to_string(),
            "2024-07-01"
        );
    }
}
