//! When a record happened: an instant with its original UTC offset, or a bare date.

use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Neither an RFC 3339 timestamp nor a `YYYY-MM-DD` date.
    #[error(
        "{0:?} is not an RFC 3339 timestamp with offset (2025-03-01T23:14:00+07:00) or a date (2025-03-01)"
    )]
    Unreadable(String),
    /// A timestamp without an offset: the instant would be a guess.
    #[error("{0:?} has no UTC offset; write it as e.g. 2025-03-01T23:14:00+07:00")]
    NoOffset(String),
}

/// The `at` of a record.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum At {
    /// A known instant, with the offset it was written in (kept so that an export reproduces it).
    Instant {
        /// The instant.
        ts: Timestamp,
        /// The offset it was written with.
        offset: Offset,
    },
    /// Only the day is known.
    Date(Date),
}

impl At {
    /// Reads an RFC 3339 timestamp with offset, or a plain date.
    pub fn parse(s: &str) -> Result<At, TimeError> {
        if s.len() == 10 {
            return s
                .parse::<Date>()
                .map(At::Date)
                .map_err(|_| TimeError::Unreadable(s.to_owned()));
        }
        let pieces = Pieces::parse(s).map_err(|_| TimeError::Unreadable(s.to_owned()))?;
        let Some(time) = pieces.time() else {
            return Err(TimeError::Unreadable(s.to_owned()));
        };
        let offset = match pieces.offset() {
            Some(jiff::fmt::temporal::PiecesOffset::Zulu) => Offset::UTC,
            Some(jiff::fmt::temporal::PiecesOffset::Numeric(n)) => n.offset(),
            _ => return Err(TimeError::NoOffset(s.to_owned())),
        };
        let ts = offset
            .to_timestamp(DateTime::from_parts(pieces.date(), time))
            .map_err(|_| TimeError::Unreadable(s.to_owned()))?;
        // Whole seconds: sub-second precision means nothing to any rule, and keeping the
        // stored form exact makes export-then-import change nothing.
        let ts = Timestamp::from_second(ts.as_second()).expect("in range: came from a timestamp");
        Ok(At::Instant { ts, offset })
    }

    /// An instant from Unix seconds and an offset in seconds.
    pub fn from_parts(unix_seconds: i64, offset_seconds: Option<i32>) -> Option<At> {
        match offset_seconds {
            Some(off) => Some(At::Instant {
                ts: Timestamp::from_second(unix_seconds).ok()?,
                offset: Offset::from_seconds(off).ok()?,
            }),
            None => Some(At::Date(
                Timestamp::from_second(unix_seconds)
                    .ok()?
                    .to_zoned(TimeZone::UTC)
                    .date(),
            )),
        }
    }

    /// The stored form: Unix seconds (a date is its midnight UTC) and the offset (none for a date).
    pub fn to_parts(self) -> (i64, Option<i32>) {
        match self {
            At::Instant { ts, offset } => (ts.as_second(), Some(offset.seconds())),
            At::Date(d) => (
                d.to_zoned(TimeZone::UTC)
                    .map(|z| z.timestamp().as_second())
                    .unwrap_or(0),
                None,
            ),
        }
    }

    /// The calendar day this happened on, in `tz` (a date is its own day wherever you are).
    pub fn local_date(self, tz: &TimeZone) -> Date {
        match self {
            At::Instant { ts, .. } => tz.to_datetime(ts).date(),
            At::Date(d) => d,
        }
    }

    /// The instant, taking a bare date as its midnight in `tz`; for ordering records.
    pub fn instant(self, tz: &TimeZone) -> Timestamp {
        match self {
            At::Instant { ts, .. } => ts,
            At::Date(d) => tz
                .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .unwrap_or(Timestamp::UNIX_EPOCH),
        }
    }

    /// Whether this is a bare date.
    pub fn is_date(self) -> bool {
        matches!(self, At::Date(_))
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Instant { ts, offset } => {
                let dt = offset.to_datetime(*ts);
                write!(f, "{}", dt.strftime("%Y-%m-%dT%H:%M:%S"))?;
                if *offset == Offset::UTC {
                    f.write_str("Z")
                } else {
                    let secs = offset.seconds();
                    let sign = if secs < 0 { '-' } else { '+' };
                    let secs = secs.unsigned_abs();
                    write!(f, "{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
                }
            }
            At::Date(d) => write!(f, "{d}"),
        }
    }
}

impl fmt::Debug for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "At({self})")
    }
}

/// The first day of the `days`-day window that ends on `as_of`, both ends included
/// (`flags.md`: "in N days" means the N days that end on the as-of date).
pub fn window_start(as_of: Date, days: i64) -> Date {
    as_of
        .checked_sub((days - 1).max(0).days())
        .unwrap_or(Date::MIN)
}

/// Reads a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<Date, TimeError> {
    if s.len() != 10 {
        return Err(TimeError::Unreadable(s.to_owned()));
    }
    s.parse::<Date>()
        .map_err(|_| TimeError::Unreadable(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_their_offset_through_display() {
        for s in [
            "2025-03-01T23:14:00+07:00",
            "2025-03-01T16:14:00Z",
            "2024-12-31T23:59:59-05:30",
        ] {
            assert_eq!(At::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn a_date_is_a_date() {
        let at = At::parse("2025-03-01").unwrap();
        assert!(at.is_date());
        assert_eq!(at.to_string(), "2025-03-01");
        let (secs, off) = at.to_parts();
        assert_eq!(At::from_parts(secs, off), Some(at));
    }

    #[test]
    fn a_timestamp_without_offset_is_refused() {
        assert!(matches!(
            At::parse("2025-03-01T23:14:00"),
            Err(TimeError::NoOffset(_))
        ));
        for bad in [
            "yesterday",
            "2025-13-01",
            "2025-02-30",
            "2025-03-01T25:00:00Z",
            "",
        ] {
            assert!(At::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn local_date_follows_the_zone() {
        let at = At::parse("2025-03-01T23:14:00+07:00").unwrap();
        assert_eq!(at.local_date(&TimeZone::UTC).to_string(), "2025-03-01");
        let at = At::parse("2025-03-01T18:00:00Z").unwrap();
        let bkk = TimeZone::get("Asia/Bangkok").unwrap();
        assert_eq!(at.local_date(&bkk).to_string(), "2025-03-02");
    }

    #[test]
    fn a_window_of_n_days_includes_both_ends() {
        let d: Date = "2025-06-30".parse().unwrap();
        assert_eq!(window_start(d, 1), d);
        assert_eq!(window_start(d, 90).to_string(), "2025-04-02");
    }
}
