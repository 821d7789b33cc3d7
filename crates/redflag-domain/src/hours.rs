//! Business hours: which minutes of which weekdays count as "inside business hours".

use std::fmt;
use std::str::FromStr;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Opening intervals per weekday (Monday first), in minutes of the day, start included and
/// end excluded: with `08:00-18:00`, 08:00 is inside and 18:00 is outside.
///
/// Written as `Mon-Fri 08:00-18:00`, with more segments separated by `,` or `;`
/// (`Mon-Fri 08:00-18:00, Sat 08:00-12:00`) and more intervals in a segment separated by spaces
/// (`Mon-Fri 08:00-12:00 13:00-17:00`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    days: [Vec<(u16, u16)>; 7],
}

/// Why business hours could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "business hours {text:?}: {why} (write them like \"Mon-Fri 08:00-18:00\" or \"Mon-Fri 08:00-18:00, Sat 08:00-12:00\")"
)]
pub struct BusinessHoursError {
    text: String,
    why: String,
}

impl Default for BusinessHours {
    /// Monday to Friday, 08:00-18:00 (flags.md: business hours).
    fn default() -> Self {
        let mut days: [Vec<(u16, u16)>; 7] = Default::default();
        for d in days.iter_mut().take(5) {
            d.push((8 * 60, 18 * 60));
        }
        BusinessHours { days }
    }
}

impl BusinessHours {
    /// Whether minute `minute` (0..1440) of weekday `weekday` (Monday = 0) is inside.
    pub fn is_open(&self, weekday: u8, minute: u16) -> bool {
        self.days[usize::from(weekday % 7)]
            .iter()
            .any(|&(s, e)| s <= minute && minute < e)
    }

    /// Whether weekday `weekday` (Monday = 0) has any business hours at all.
    pub fn is_business_day(&self, weekday: u8) -> bool {
        !self.days[usize::from(weekday % 7)].is_empty()
    }
}

const FULL_DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn parse_day(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    (0..7).find(|&i| lower == DAYS[i].to_ascii_lowercase() || lower == FULL_DAYS[i])
}

fn parse_minute(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

impl FromStr for BusinessHours {
    type Err = BusinessHoursError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |why: &str| BusinessHoursError {
            text: text.to_owned(),
            why: why.to_owned(),
        };
        let mut days: [Vec<(u16, u16)>; 7] = Default::default();
        let mut any = false;
        for segment in text.split([',', ';']) {
            let mut parts = segment.split_whitespace();
            let Some(day_part) = parts.next() else {
                continue;
            };
            let (first, last) = match day_part.split_once('-') {
                Some((a, b)) => (parse_day(a), parse_day(b)),
                None => (parse_day(day_part), parse_day(day_part)),
            };
            let (Some(first), Some(last)) = (first, last) else {
                return Err(err(&format!(
                    "{day_part:?} is not a day or a range of days"
                )));
            };
            let mut intervals = Vec::new();
            for iv in parts {
                let (s, e) = iv
                    .split_once('-')
                    .and_then(|(s, e)| Some((parse_minute(s)?, parse_minute(e)?)))
                    .ok_or_else(|| err(&format!("{iv:?} is not a time range like 08:00-18:00")))?;
                if e <= s {
                    return Err(err(&format!("{iv:?} ends before it starts")));
                }
                intervals.push((s, e));
            }
            if intervals.is_empty() {
                return Err(err(&format!("{day_part:?} has no hours")));
            }
            // A range may wrap the week (Sat-Sun, Fri-Mon).
            let mut d = first;
            loop {
                days[d].extend_from_slice(&intervals);
                if d == last {
                    break;
                }
                d = (d + 1) % 7;
            }
            any = true;
        }
        if !any {
            return Err(err("no days given"));
        }
        for d in &mut days {
            d.sort_unstable();
            d.dedup();
        }
        Ok(BusinessHours { days })
    }
}

impl fmt::Display for BusinessHours {
    /// The canonical form: consecutive days with the same hours grouped, Monday first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first_segment = true;
        let mut d = 0;
        while d < 7 {
            if self.days[d].is_empty() {
                d += 1;
                continue;
            }
            let mut end = d;
            while end + 1 < 7 && self.days[end + 1] == self.days[d] {
                end += 1;
            }
            if !first_segment {
                f.write_str(", ")?;
            }
            first_segment = false;
            if end == d {
                f.write_str(DAYS[d])?;
            } else {
                write!(f, "{}-{}", DAYS[d], DAYS[end])?;
            }
            for (s, e) in &self.days[d] {
                write!(
                    f,
                    " {:02}:{:02}-{:02}:{:02}",
                    s / 60,
                    s % 60,
                    e / 60,
                    e % 60
                )?;
            }
            d = end + 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_monday_to_friday_eight_to_six() {
        let h = BusinessHours::default();
        assert_eq!(h.to_string(), "Mon-Fri 08:00-18:00");
        assert_eq!("Mon-Fri 08:00-18:00".parse::<BusinessHours>().unwrap(), h);
        assert!(h.is_open(0, 8 * 60));
        assert!(h.is_open(4, 18 * 60 - 1));
        assert!(!h.is_open(4, 18 * 60), "18:00 is already after hours");
        assert!(!h.is_open(0, 7 * 60 + 59));
        assert!(!h.is_open(5, 10 * 60), "Saturday");
        assert!(!h.is_business_day(6));
    }

    #[test]
    fn saturday_mornings_and_lunch_breaks_can_be_written() {
        let h: BusinessHours = "Mon-Fri 08:00-12:00 13:30-17:30; Sat 08:00-12:00"
            .parse()
            .unwrap();
        assert!(h.is_open(5, 9 * 60));
        assert!(!h.is_open(5, 12 * 60));
        assert!(!h.is_open(2, 12 * 60 + 30));
        assert_eq!(
            h.to_string(),
            "Mon-Fri 08:00-12:00 13:30-17:30, Sat 08:00-12:00"
        );
        assert_eq!(h.to_string().parse::<BusinessHours>().unwrap(), h);
    }

    #[test]
    fn bad_business_hours_say_what_is_wrong() {
        for bad in [
            "",
            "Mon-Fri",
            "Mon-Fry 08:00-18:00",
            "Mon 18:00-08:00",
            "Mon 8-18",
        ] {
            assert!(bad.parse::<BusinessHours>().is_err(), "{bad:?}");
        }
    }
}
