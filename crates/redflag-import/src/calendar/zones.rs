//! TZID resolution: IANA names, Windows zone names (Outlook, Exchange), Outlook display names,
//! vendor-prefixed IANA paths, and else the file's own VTIMEZONE definition.

use std::collections::HashMap;

use redflag_domain::jiff::civil::{Date, DateTime};
use redflag_domain::jiff::tz::{Offset, TimeZone};
use redflag_domain::jiff::{Timestamp, ToSpan};

use super::lines::Component;
use super::rrule::{Rule, Until};
use super::time::{DtValue, dt_value, dt_values};

/// Windows zone names → IANA, after CLDR `common/supplemental/windowsZones.xml` (territory
/// "001", the zone Windows means by default). Outlook and Exchange write these as TZIDs.
pub const WINDOWS_ZONES: &[(&str, &str)] = &[
    ("Dateline Standard Time", "Etc/GMT+12"),
    ("UTC-11", "Etc/GMT+11"),
    ("Aleutian Standard Time", "America/Adak"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Marquesas Standard Time", "Pacific/Marquesas"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("UTC-09", "Etc/GMT+9"),
    ("Pacific Standard Time (Mexico)", "America/Tijuana"),
    ("UTC-08", "Etc/GMT+8"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Mountain Standard Time (Mexico)", "America/Mazatlan"),
    ("Mountain Standard Time", "America/Denver"),
    ("Yukon Standard Time", "America/Whitehorse"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Central Standard Time", "America/Chicago"),
    ("Easter Island Standard Time", "Pacific/Easter"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("Canada Central Standard Time", "America/Regina"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("Eastern Standard Time (Mexico)", "America/Cancun"),
    ("Eastern Standard Time", "America/New_York"),
    ("Haiti Standard Time", "America/Port-au-Prince"),
    ("Cuba Standard Time", "America/Havana"),
    ("US Eastern Standard Time", "America/Indiana/Indianapolis"),
    ("Turks And Caicos Standard Time", "America/Grand_Turk"),
    ("Paraguay Standard Time", "America/Asuncion"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Venezuela Standard Time", "America/Caracas"),
    ("Central Brazilian Standard Time", "America/Cuiaba"),
    ("SA Western Standard Time", "America/La_Paz"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("Tocantins Standard Time", "America/Araguaina"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("SA Eastern Standard Time", "America/Cayenne"),
    ("Argentina Standard Time", "America/Argentina/Buenos_Aires"),
    ("Greenland Standard Time", "America/Nuuk"),
    ("Montevideo Standard Time", "America/Montevideo"),
    ("Magallanes Standard Time", "America/Punta_Arenas"),
    ("Saint Pierre Standard Time", "America/Miquelon"),
    ("Bahia Standard Time", "America/Bahia"),
    ("UTC-02", "Etc/GMT+2"),
    ("Mid-Atlantic Standard Time", "Etc/GMT+2"),
    ("Azores Standard Time", "Atlantic/Azores"),
    ("Cape Verde Standard Time", "Atlantic/Cape_Verde"),
    ("UTC", "Etc/UTC"),
    ("Coordinated Universal Time", "Etc/UTC"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("Sao Tome Standard Time", "Africa/Sao_Tome"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("Jordan Standard Time", "Asia/Amman"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Middle East Standard Time", "Asia/Beirut"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("Syria Standard Time", "Asia/Damascus"),
    ("West Bank Standard Time", "Asia/Hebron"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("FLE Standard Time", "Europe/Kyiv"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("South Sudan Standard Time", "Africa/Juba"),
    ("Kaliningrad Standard Time", "Europe/Kaliningrad"),
    ("Sudan Standard Time", "Africa/Khartoum"),
    ("Libya Standard Time", "Africa/Tripoli"),
    ("Namibia Standard Time", "Africa/Windhoek"),
    ("Arabic Standard Time", "Asia/Baghdad"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("Belarus Standard Time", "Europe/Minsk"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("Volgograd Standard Time", "Europe/Volgograd"),
    ("Iran Standard Time", "Asia/Tehran"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Astrakhan Standard Time", "Europe/Astrakhan"),
    ("Azerbaijan Standard Time", "Asia/Baku"),
    ("Russia Time Zone 3", "Europe/Samara"),
    ("Mauritius Standard Time", "Indian/Mauritius"),
    ("Saratov Standard Time", "Europe/Saratov"),
    ("Georgian Standard Time", "Asia/Tbilisi"),
    ("Caucasus Standard Time", "Asia/Yerevan"),
    ("Afghanistan Standard Time", "Asia/Kabul"),
    ("West Asia Standard Time", "Asia/Tashkent"),
    ("Ekaterinburg Standard Time", "Asia/Yekaterinburg"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("Qyzylorda Standard Time", "Asia/Qyzylorda"),
    ("India Standard Time", "Asia/Kolkata"),
    ("Sri Lanka Standard Time", "Asia/Colombo"),
    ("Nepal Standard Time", "Asia/Kathmandu"),
    ("Central Asia Standard Time", "Asia/Almaty"),
    ("Bangladesh Standard Time", "Asia/Dhaka"),
    ("Omsk Standard Time", "Asia/Omsk"),
    ("Myanmar Standard Time", "Asia/Yangon"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("Altai Standard Time", "Asia/Barnaul"),
    ("W. Mongolia Standard Time", "Asia/Hovd"),
    ("North Asia Standard Time", "Asia/Krasnoyarsk"),
    ("N. Central Asia Standard Time", "Asia/Novosibirsk"),
    ("Tomsk Standard Time", "Asia/Tomsk"),
    ("China Standard Time", "Asia/Shanghai"),
    ("North Asia East Standard Time", "Asia/Irkutsk"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Malay Peninsula Standard Time", "Asia/Singapore"),
    ("W. Australia Standard Time", "Australia/Perth"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("Ulaanbaatar Standard Time", "Asia/Ulaanbaatar"),
    ("Aus Central W. Standard Time", "Australia/Eucla"),
    ("Transbaikal Standard Time", "Asia/Chita"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("North Korea Standard Time", "Asia/Pyongyang"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Yakutsk Standard Time", "Asia/Yakutsk"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("AUS Central Standard Time", "Australia/Darwin"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("West Pacific Standard Time", "Pacific/Port_Moresby"),
    ("Tasmania Standard Time", "Australia/Hobart"),
    ("Vladivostok Standard Time", "Asia/Vladivostok"),
    ("Lord Howe Standard Time", "Australia/Lord_Howe"),
    ("Bougainville Standard Time", "Pacific/Bougainville"),
    ("Russia Time Zone 10", "Asia/Srednekolymsk"),
    ("Magadan Standard Time", "Asia/Magadan"),
    ("Norfolk Standard Time", "Pacific/Norfolk"),
    ("Sakhalin Standard Time", "Asia/Sakhalin"),
    ("Central Pacific Standard Time", "Pacific/Guadalcanal"),
    ("Russia Time Zone 11", "Asia/Kamchatka"),
    ("Kamchatka Standard Time", "Asia/Kamchatka"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("UTC+12", "Etc/GMT-12"),
    ("Fiji Standard Time", "Pacific/Fiji"),
    ("Chatham Islands Standard Time", "Pacific/Chatham"),
    ("UTC+13", "Etc/GMT-13"),
    ("Tonga Standard Time", "Pacific/Tongatapu"),
    ("Samoa Standard Time", "Pacific/Apia"),
    ("Line Islands Standard Time", "Pacific/Kiritimati"),
];

/// Outlook sometimes writes the zone's display name as the TZID; the common ones of our users.
const DISPLAY_NAMES: &[(&str, &str)] = &[
    ("Bangkok, Hanoi, Jakarta", "Asia/Bangkok"),
    ("Beijing, Chongqing, Hong Kong", "Asia/Shanghai"),
    ("Kuala Lumpur, Singapore", "Asia/Singapore"),
    ("Osaka, Sapporo, Tokyo", "Asia/Tokyo"),
    ("Coordinated Universal Time", "Etc/UTC"),
    ("Dublin, Edinburgh, Lisbon, London", "Europe/London"),
    ("Amsterdam, Berlin, Bern, Rome", "Europe/Berlin"),
    ("Pacific Time (US & Canada)", "America/Los_Angeles"),
    ("Eastern Time (US & Canada)", "America/New_York"),
];

/// The IANA zone for a Windows zone name (case-insensitive).
pub fn windows_zone(name: &str) -> Option<&'static str> {
    let name = name.trim();
    WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(name))
        .map(|(_, iana)| *iana)
}

/// A zone a TZID resolved to.
#[derive(Debug, Clone)]
pub enum Zone {
    /// A real zone.
    Tz(TimeZone),
    /// The file's own VTIMEZONE rules.
    Defined(Vec<Observance>),
}

/// One STANDARD or DAYLIGHT block of a VTIMEZONE.
#[derive(Debug, Clone)]
pub struct Observance {
    start: DateTime,
    to: Offset,
    from: Offset,
    rule: Option<Rule>,
    until: Option<DateTime>,
    rdates: Vec<DateTime>,
}

impl Zone {
    /// The instant and offset of a wall-clock time in this zone.
    pub fn resolve(&self, dt: DateTime) -> Option<(Timestamp, Offset)> {
        match self {
            Zone::Tz(tz) => {
                let z = tz.to_ambiguous_zoned(dt).compatible().ok()?;
                Some((z.timestamp(), z.offset()))
            }
            Zone::Defined(obs) => {
                let off = defined_offset(obs, dt);
                Some((off.to_timestamp(dt).ok()?, off))
            }
        }
    }

    /// The wall-clock time of an instant in this zone.
    pub fn wall(&self, ts: Timestamp) -> DateTime {
        match self {
            Zone::Tz(tz) => tz.to_datetime(ts),
            Zone::Defined(obs) => {
                // Good enough for UNTIL and RECURRENCE-ID matching: the offset of the
                // wall-clock time read with UTC's.
                let utc = TimeZone::UTC.to_datetime(ts);
                defined_offset(obs, utc).to_datetime(ts)
            }
        }
    }
}

/// The offset in force at wall-clock `dt`: the latest onset not after it.
fn defined_offset(obs: &[Observance], dt: DateTime) -> Offset {
    let mut best: Option<(DateTime, Offset)> = None;
    let year = dt.year();
    for o in obs {
        let mut onsets: Vec<DateTime> = vec![o.start];
        onsets.extend(o.rdates.iter().copied());
        if let Some(rule) = &o.rule {
            // The onsets in this year and the one before are enough to know the offset.
            let from = DateTime::from(Date::new(year.saturating_sub(1), 1, 1).unwrap_or(dt.date()));
            let horizon = dt;
            if o.start <= horizon {
                let (first, synthetic) = rule_start_near(rule, o.start, from);
                let (v, _) = rule.expand(first, o.until, horizon, 64);
                // A synthetic start is not an onset itself, only where expansion begins.
                onsets.extend(v.into_iter().skip(usize::from(synthetic)));
            }
        }
        for on in onsets {
            if on <= dt && best.is_none_or(|(b, _)| on > b) {
                best = Some((on, o.to));
            }
        }
    }
    match best {
        Some((_, off)) => off,
        // Before every onset: what the earliest observance changed from.
        None => obs
            .iter()
            .min_by_key(|o| o.start)
            .map_or(Offset::UTC, |o| o.from),
    }
}

/// Where to start expanding `rule` so as not to walk centuries of yearly onsets (rules since
/// 1601 are common): the first of January of `from`'s year for a yearly BYMONTH rule (not an
/// onset itself: the flag says so), or the anniversary in that year for a plain yearly rule.
fn rule_start_near(rule: &Rule, start: DateTime, from: DateTime) -> (DateTime, bool) {
    use super::rrule::Freq;
    if rule.freq != Freq::Yearly || rule.count.is_some() || rule.interval != 1 || start >= from {
        return (start, false);
    }
    if !rule.by_month.is_empty() {
        let jan = Date::new(from.year(), 1, 1).map(|d| d.to_datetime(start.time()));
        return jan.map_or((start, false), |j| (j, true));
    }
    let years = i64::from(from.year() - start.year());
    match start.checked_add(years.years()) {
        Ok(s) if s.month() == start.month() && s.day() == start.day() => (s, false),
        _ => (start, false),
    }
}

fn parse_offset(s: &str) -> Option<Offset> {
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    if !(rest.len() == 4 || rest.len() == 6) || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = rest[0..2].parse().ok()?;
    let m: i32 = rest[2..4].parse().ok()?;
    let sec: i32 = if rest.len() == 6 {
        rest[4..6].parse().ok()?
    } else {
        0
    };
    Offset::from_seconds(sign * (h * 3600 + m * 60 + sec)).ok()
}

/// Reads a VTIMEZONE's observances; `None` when it has none usable.
fn observances(vtz: &Component) -> Option<Vec<Observance>> {
    let mut out = Vec::new();
    for c in &vtz.children {
        if c.name != "STANDARD" && c.name != "DAYLIGHT" {
            continue;
        }
        let Some(to) = c.prop("TZOFFSETTO").and_then(|p| parse_offset(&p.value)) else {
            continue;
        };
        let from = c
            .prop("TZOFFSETFROM")
            .and_then(|p| parse_offset(&p.value))
            .unwrap_or(to);
        let start = match c.prop("DTSTART").map(dt_value) {
            Some(Ok(DtValue::Floating(d) | DtValue::Zoned(d, _) | DtValue::Utc(d))) => d,
            Some(Ok(DtValue::Date(d))) => {
                d.to_datetime(redflag_domain::jiff::civil::Time::midnight())
            }
            _ => continue,
        };
        let rule = c.prop("RRULE").and_then(|p| Rule::parse(&p.value).ok());
        let until = rule.as_ref().and_then(|r| match &r.until {
            Some(Until::Local(d)) => Some(*d),
            Some(Until::Date(d)) => Some(d.to_datetime(redflag_domain::jiff::civil::Time::MAX)),
            // A UTC UNTIL is in the offset before the change.
            Some(Until::Utc(d)) => from
                .to_timestamp(*d)
                .ok()
                .map(|ts| from.to_datetime(ts))
                .or(Some(*d)),
            None => None,
        });
        let rdates = c
            .props("RDATE")
            .filter_map(|p| dt_values(p).ok())
            .flatten()
            .map(|v| match v {
                DtValue::Floating(d) | DtValue::Zoned(d, _) | DtValue::Utc(d) => d,
                DtValue::Date(d) => d.to_datetime(redflag_domain::jiff::civil::Time::midnight()),
            })
            .collect();
        out.push(Observance {
            start,
            to,
            from,
            rule,
            until,
            rdates,
        });
    }
    (!out.is_empty()).then_some(out)
}

/// Resolves TZIDs for one file, caching each.
pub struct Zones {
    defined: HashMap<String, Component>,
    cache: HashMap<String, Option<Zone>>,
}

impl Zones {
    /// Collects the VTIMEZONEs of a calendar.
    pub fn new<'c>(vtimezones: impl IntoIterator<Item = &'c Component>) -> Zones {
        let mut defined = HashMap::new();
        for c in vtimezones {
            if let Some(id) = c.prop("TZID") {
                defined
                    .entry(id.value.trim().to_owned())
                    .or_insert_with(|| c.clone());
            }
        }
        Zones {
            defined,
            cache: HashMap::new(),
        }
    }

    /// The zone a TZID names; `None` when nothing tells what it is.
    pub fn get(&mut self, tzid: &str) -> Option<&Zone> {
        if !self.cache.contains_key(tzid) {
            let z = self.lookup(tzid);
            self.cache.insert(tzid.to_owned(), z);
        }
        self.cache.get(tzid).and_then(Option::as_ref)
    }

    fn lookup(&self, tzid: &str) -> Option<Zone> {
        let name = tzid.trim().trim_matches('"');
        if let Some(tz) = iana(name) {
            return Some(Zone::Tz(tz));
        }
        if let Some(iana_name) = windows_zone(name)
            && let Some(tz) = iana(iana_name)
        {
            return Some(Zone::Tz(tz));
        }
        if let Some((_, iana_name)) = DISPLAY_NAMES.iter().find(|(d, _)| name.contains(d))
            && let Some(tz) = iana(iana_name)
        {
            return Some(Zone::Tz(tz));
        }
        // Vendor-prefixed IANA paths: /mozilla.org/20070129_1/America/New_York,
        // /freeassociation.sourceforge.net/Tzfile/Europe/Berlin, posix/Europe/Vaduz.
        let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
        for take in [3, 2] {
            if parts.len() > take
                && let Some(tz) = iana(&parts[parts.len() - take..].join("/"))
            {
                return Some(Zone::Tz(tz));
            }
        }
        if let Some(vtz) = self.defined.get(tzid.trim())
            && let Some(obs) = observances(vtz)
        {
            return Some(Zone::Defined(obs));
        }
        fixed_offset_name(name).map(|o| Zone::Tz(TimeZone::fixed(o)))
    }
}

fn iana(name: &str) -> Option<TimeZone> {
    if name.is_empty() || name.len() > 64 || !name.is_ascii() {
        return None;
    }
    TimeZone::get(name).ok()
}

/// `(UTC+07:00) ...`, `UTC+7`, `GMT+0700`: a fixed offset as the last resort.
fn fixed_offset_name(name: &str) -> Option<Offset> {
    let rest = name.trim_start_matches('(');
    let rest = rest
        .strip_prefix("UTC")
        .or_else(|| rest.strip_prefix("GMT"))?;
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '+' || c == '-' || c == ':'))
        .unwrap_or(rest.len());
    let sig = rest[..end].trim();
    if sig.is_empty() {
        return Some(Offset::UTC);
    }
    let (sign, digits) = match sig.as_bytes()[0] {
        b'+' => (1, &sig[1..]),
        b'-' => (-1, &sig[1..]),
        _ => return None,
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() <= 2 => (digits.parse::<i32>().ok()?, 0),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_windows_zone_maps_to_a_zone_jiff_knows() {
        for (w, i) in WINDOWS_ZONES {
            assert!(
                TimeZone::get(i).is_ok(),
                "{w} -> {i} is not in the tz database"
            );
        }
        assert_eq!(windows_zone("SE Asia Standard Time"), Some("Asia/Bangkok"));
        assert_eq!(windows_zone("se asia standard time"), Some("Asia/Bangkok"));
        assert_eq!(windows_zone("China Standard Time"), Some("Asia/Shanghai"));
        assert_eq!(windows_zone("Tokyo Standard Time"), Some("Asia/Tokyo"));
        assert_eq!(
            windows_zone("Singapore Standard Time"),
            Some("Asia/Singapore")
        );
        assert_eq!(windows_zone("GMT Standard Time"), Some("Europe/London"));
        assert_eq!(
            windows_zone("W. Europe Standard Time"),
            Some("Europe/Berlin")
        );
        assert_eq!(
            windows_zone("Pacific Standard Time"),
            Some("America/Los_Angeles")
        );
        assert_eq!(
            windows_zone("Eastern Standard Time"),
            Some("America/New_York")
        );
        assert_eq!(windows_zone("UTC"), Some("Etc/UTC"));
    }

    #[test]
    fn names_resolve_in_order() {
        let mut z = Zones::new([]);
        let bkk = |z: &mut Zones, name: &str| {
            let dt = super::super::time::parse_datetime("20250301T090000").unwrap();
            z.get(name)
                .and_then(|zone| zone.resolve(dt))
                .map(|(_, o)| o.seconds())
        };
        assert_eq!(bkk(&mut z, "Asia/Ho_Chi_Minh"), Some(7 * 3600));
        assert_eq!(bkk(&mut z, "SE Asia Standard Time"), Some(7 * 3600));
        assert_eq!(bkk(&mut z, "\"SE Asia Standard Time\""), Some(7 * 3600));
        assert_eq!(
            bkk(&mut z, "(UTC+07:00) Bangkok, Hanoi, Jakarta"),
            Some(7 * 3600)
        );
        assert_eq!(
            bkk(&mut z, "/mozilla.org/20070129_1/Asia/Bangkok"),
            Some(7 * 3600)
        );
        assert_eq!(bkk(&mut z, "UTC+11"), Some(11 * 3600));
        assert_eq!(bkk(&mut z, "Nowhere Standard Time"), None);
    }

    #[test]
    fn a_defined_zone_follows_its_dst_rules() {
        let cal = super::super::lines::parse(
            "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:My Eastern\nBEGIN:STANDARD\n\
             DTSTART:16011104T020000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\n\
             TZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\nBEGIN:DAYLIGHT\n\
             DTSTART:16010311T020000\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\n\
             TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nEND:DAYLIGHT\nEND:VTIMEZONE\nEND:VCALENDAR\n",
        )
        .unwrap();
        let mut z = Zones::new(&cal[0].children);
        let off = |z: &mut Zones, s: &str| {
            let dt = super::super::time::parse_datetime(s).unwrap();
            z.get("My Eastern")
                .unwrap()
                .resolve(dt)
                .unwrap()
                .1
                .seconds()
                / 3600
        };
        assert_eq!(off(&mut z, "20250115T120000"), -5);
        assert_eq!(off(&mut z, "20250701T120000"), -4);
        assert_eq!(off(&mut z, "20251201T120000"), -5);
    }
}
