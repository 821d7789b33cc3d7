//! Phone logs: the Android app "SMS Backup & Restore" (SyncTech) writes calls to
//! `calls-<time>.xml` and texts to `sms-<time>.xml`; each call becomes a `call` event, each SMS
//! (and each MMS with text) a `message` event on channel `sms`.
//!
//! Numbers are matched against the parties' phones by digits, and a national number matches
//! its international form in Vietnam and Thailand (`0901234567` = `+84901234567`,
//! `081 234 5678` = `+66812345678`; see `phone_variants`). A phone's log is mostly personal
//! (family, deliveries, one-time codes), so a number no party has is skipped and counted, never
//! made a prospect: add the party's phone first.

pub mod android;
pub mod csv;

pub use android::{AndroidCalls, AndroidSms};
pub use csv::CallsCsv;

use crate::{Context, ImportError, Position, Sink, Skip};

/// Whether a format id is one of the phone-log formats here (calls and texts matched by
/// number; `--party` does not apply).
pub fn is_phone_format(id: &str) -> bool {
    matches!(id, "android-calls" | "android-sms" | "calls-csv")
}

/// The other spellings of a normalised number (`+` and digits) that mean the same line:
/// `+84X`/`+66X` ⇄ `0X`, `0084X` → `+84X`, and a bare `84X` of a full length. A national `0X`
/// is tried as Vietnamese first, then Thai.
pub(crate) fn phone_variants(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    for cc in ["84", "66"] {
        if let Some(rest) = p.strip_prefix(&format!("+{cc}")) {
            out.push(format!("0{rest}"));
        } else if let Some(rest) = p.strip_prefix(&format!("00{cc}")) {
            out.push(format!("+{cc}{rest}"));
            out.push(format!("0{rest}"));
        } else if let Some(rest) = p.strip_prefix(cc)
            && (11..=12).contains(&p.len())
        {
            out.push(format!("+{cc}{rest}"));
            out.push(format!("0{rest}"));
        }
    }
    if let Some(rest) = p.strip_prefix('0')
        && !rest.starts_with('0')
        && !rest.is_empty()
    {
        out.push(format!("+84{rest}"));
        out.push(format!("+66{rest}"));
    }
    out
}

/// The party of a number, or why it is skipped.
pub(crate) fn party_of(
    number: Option<&str>,
    at: Position,
    ctx: &Context,
    sink: &mut dyn Sink,
) -> Result<Option<redflag_domain::PartyId>, ImportError> {
    let Some(number) = number.filter(|n| n.chars().any(|c| c.is_ascii_digit())) else {
        sink.skip(&at, Skip::NoCounterparty)?;
        return Ok(None);
    };
    match ctx.party_by_phone(number) {
        Some(p) => Ok(Some(p.clone())),
        None => {
            sink.skip(
                &at,
                Skip::UnknownSender {
                    address: phone_key(number),
                },
            )?;
            Ok(None)
        }
    }
}

/// The digits of a number (with a leading `+` kept), for ids.
pub(crate) fn phone_key(phone: &str) -> String {
    let plus = phone.trim_start().starts_with('+');
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if plus { format!("+{digits}") } else { digits }
}

#[cfg(test)]
mod tests {
    use redflag_domain::{Party, Role};

    use crate::Context;

    fn party(id: &str, phone: &str) -> Party {
        Party {
            id: id.into(),
            name: id.into(),
            role: Role::Client,
            lang: None,
            timezone: None,
            emails: vec![],
            phones: vec![phone.into()],
            since: None,
            tags: vec![],
        }
    }

    #[test]
    fn national_and_international_forms_of_a_number_match() {
        let ctx = Context::new()
            .with_parties(&[party("vn", "+84 90 123 4567"), party("th", "081-234-5678")]);
        let id = |n: &str| ctx.party_by_phone(n).map(|p| p.as_str().to_owned());
        assert_eq!(id("0901234567").as_deref(), Some("vn"));
        assert_eq!(id("090 123 4567").as_deref(), Some("vn"));
        assert_eq!(id("+84901234567").as_deref(), Some("vn"));
        assert_eq!(id("0084901234567").as_deref(), Some("vn"));
        assert_eq!(id("+66812345678").as_deref(), Some("th"));
        assert_eq!(id("+66 81 234 5678").as_deref(), Some("th"));
        assert_eq!(id("0812345679"), None);
        assert_eq!(id("+1 812 345 678"), None);
    }
}
