//! What a file cannot say about itself.

use std::collections::{HashMap, HashSet};

use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::{Party, PartyId};

/// What importers need to know beyond the bytes: whose addresses are ours, which party owns an
/// address, what to do with strangers, and the time zone of sources without offsets.
///
/// Importers also add to it as they go: a prospect created for an unknown sender owns its
/// address for the rest of the import.
#[derive(Debug, Clone)]
pub struct Context {
    me: HashSet<String>,
    emails: HashMap<String, PartyId>,
    phones: HashMap<String, PartyId>,
    /// Skip (and count) mail from addresses no party owns, instead of creating a prospect.
    pub known_only: bool,
    /// The zone of wall-clock times that carry no offset.
    pub timezone: TimeZone,
}

impl Default for Context {
    fn default() -> Self {
        Context::new()
    }
}

impl Context {
    /// No addresses of ours, no parties, strangers become prospects, UTC.
    pub fn new() -> Self {
        Context {
            me: HashSet::new(),
            emails: HashMap::new(),
            phones: HashMap::new(),
            known_only: false,
            timezone: TimeZone::UTC,
        }
    }

    /// Adds the user's own addresses: mail from them is outbound (`out`).
    pub fn with_me<S: AsRef<str>>(mut self, addresses: impl IntoIterator<Item = S>) -> Self {
        for a in addresses {
            self.me.insert(normalise_email(a.as_ref()));
        }
        self
    }

    /// Adds the parties whose emails and phones identify them.
    pub fn with_parties<'p>(mut self, parties: impl IntoIterator<Item = &'p Party>) -> Self {
        for p in parties {
            self.add_party(p);
        }
        self
    }

    /// Makes `party`'s emails and phones point at it. The first party to claim an address
    /// keeps it.
    pub fn add_party(&mut self, party: &Party) {
        for e in &party.emails {
            self.emails
                .entry(normalise_email(e))
                .or_insert_with(|| party.id.clone());
        }
        for p in &party.phones {
            let p = normalise_phone(p);
            if !p.is_empty() {
                self.phones.entry(p).or_insert_with(|| party.id.clone());
            }
        }
    }

    /// Whether `address` is one of ours.
    pub fn is_me(&self, address: &str) -> bool {
        self.me.contains(&normalise_email(address))
    }

    /// The party that owns an email address.
    pub fn party_by_email(&self, address: &str) -> Option<&PartyId> {
        self.emails.get(&normalise_email(address))
    }

    /// The party that owns a phone number (compared by digits, with a leading `+` kept).
    pub fn party_by_phone(&self, phone: &str) -> Option<&PartyId> {
        self.phones.get(&normalise_phone(phone))
    }

    /// Whether any address of ours is configured.
    pub fn knows_me(&self) -> bool {
        !self.me.is_empty()
    }
}

/// The id of the prospect created for mail from an unknown address: stable, so that
/// importing the same mail again finds the same party.
pub fn party_id_for_email(address: &str) -> PartyId {
    PartyId::new(format!("email:{}", normalise_email(address)))
}

/// Addresses compare without case and surrounding space or angle brackets.
pub(crate) fn normalise_email(address: &str) -> String {
    address
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_lowercase()
}

fn normalise_phone(phone: &str) -> String {
    let plus = phone.trim_start().starts_with('+');
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if plus && !digits.is_empty() {
        format!("+{digits}")
    } else {
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redflag_domain::Role;

    #[test]
    fn addresses_match_without_case_and_the_first_owner_keeps_one() {
        let party = |id: &str, email: &str| Party {
            id: id.into(),
            name: id.into(),
            role: Role::Client,
            lang: None,
            timezone: None,
            emails: vec![email.into()],
            phones: vec!["+84 90 123-4567".into()],
            since: None,
            tags: vec![],
        };
        let ctx = Context::new()
            .with_me(["Me@Example.com"])
            .with_parties(&[party("c1", "Lan@X.vn"), party("c2", "lan@x.vn")]);
        assert!(ctx.is_me("me@example.COM"));
        assert_eq!(
            ctx.party_by_email(" LAN@x.vn").map(|p| p.as_str()),
            Some("c1")
        );
        assert_eq!(
            ctx.party_by_phone("+84901234567").map(|p| p.as_str()),
            Some("c1")
        );
        assert_eq!(party_id_for_email("Lan@X.vn").as_str(), "email:lan@x.vn");
    }
}
