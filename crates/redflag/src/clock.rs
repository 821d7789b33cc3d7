//! The one place that reads the clock: everything else is given its dates.

use redflag_domain::jiff::civil::Date;
use redflag_domain::jiff::tz::TimeZone;

/// Today in the workspace time zone (the default `--as-of`).
#[allow(clippy::disallowed_methods)] // this is the one function allowed to read the clock
pub fn today(tz: &TimeZone) -> Date {
    redflag_domain::jiff::Timestamp::now()
        .to_zoned(tz.clone())
        .date()
}
