//! What a file cannot say about itself.

use std::collections::{HashMap, HashSet};

use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::{Currency, Event, EventBody, Party, PartyId};

use crate::csv::Mapping;

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
    /// Chat display names and numbers of ours (`with_me` values read as names and phones).
    me_names: HashSet<String>,
    me_phones: HashSet<String>,
    /// Party names (normalised by [`normalise_name`]) and ids, to match chat participants.
    names: HashMap<String, PartyId>,
    ids: HashSet<String>,
    /// Skip (and count) mail from addresses no party owns, instead of creating a prospect.
    pub known_only: bool,
    /// The zone of wall-clock times that carry no offset.
    pub timezone: TimeZone,
    /// File every item of a chat export under this existing party (`--party`), whoever the
    /// participants are.
    pub party: Option<PartyId>,
    /// The currency of amounts whose file names none (the workspace's).
    pub currency: Option<Currency>,
    /// How the rows of a generic CSV become records (`--mapping`, `--map`): read by the `csv`
    /// format only.
    pub mapping: Option<Mapping>,
    /// Payment terms, in days after the issue date, of an invoice whose file gives no due date
    /// (an e-invoice usually has none): the policy's `default-terms-days`, net 30 by default
    /// (`spec/flags.md`, late-payment).
    pub default_terms_days: u32,
    /// Invoices already stored (or read earlier in this import), by id: a cancellation or a
    /// replacement names the invoice it voids, and the void copy needs that invoice's fields.
    invoices: HashMap<String, Event>,
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
            me_names: HashSet::new(),
            me_phones: HashSet::new(),
            names: HashMap::new(),
            ids: HashSet::new(),
            known_only: false,
            timezone: TimeZone::UTC,
            party: None,
            currency: None,
            mapping: None,
            default_terms_days: 30,
            invoices: HashMap::new(),
        }
    }

    /// Adds invoices the file may refer to (the stored ones); other events are ignored.
    pub fn with_invoices(mut self, events: impl IntoIterator<Item = Event>) -> Self {
        for e in events {
            self.add_invoice(e);
        }
        self
    }

    /// Remembers an invoice (an event of any other kind is ignored); the last one with an id
    /// wins, as a re-import would.
    pub fn add_invoice(&mut self, event: Event) {
        if matches!(event.body, EventBody::Invoice(_)) {
            self.invoices.insert(event.id.as_str().to_owned(), event);
        }
    }

    /// A stored (or already read) invoice by id.
    pub fn invoice(&self, id: &str) -> Option<&Event> {
        self.invoices.get(id)
    }

    /// Adds the user's own addresses: mail from them is outbound (`out`). Each is also one of
    /// the user's chat display names (compared as [`Context::is_me_in_chat`] says) or, when it
    /// has digits only, phone numbers.
    pub fn with_me<S: AsRef<str>>(mut self, addresses: impl IntoIterator<Item = S>) -> Self {
        for a in addresses {
            let a = a.as_ref();
            self.me.insert(normalise_email(a));
            self.me_names.insert(normalise_name(a));
            if looks_like_phone(a) {
                self.me_phones.insert(normalise_phone(a));
            }
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
        self.ids.insert(party.id.as_str().to_owned());
        self.names
            .entry(normalise_name(&party.name))
            .or_insert_with(|| party.id.clone());
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

    /// The party that owns a phone number (compared by digits, with a leading `+` kept; a
    /// national `0...` number also matches its `+84`/`+66` form).
    pub fn party_by_phone(&self, phone: &str) -> Option<&PartyId> {
        let p = normalise_phone(phone);
        // A national number matches its international form (VN +84, TH +66), and back.
        self.phones.get(&p).or_else(|| {
            crate::calls::phone_variants(&p)
                .iter()
                .find_map(|v| self.phones.get(v))
        })
    }

    /// Whether any address of ours is configured.
    pub fn knows_me(&self) -> bool {
        !self.me.is_empty()
    }

    /// Whether a chat sender (a display name, or a number for people not in the phone's
    /// contacts) is the user: names compare without case, spacing or a leading `~`, numbers
    /// by their digits.
    pub fn is_me_in_chat(&self, sender: &str) -> bool {
        self.me_names.contains(&normalise_name(sender))
            || (looks_like_phone(sender) && self.me_phones.contains(&normalise_phone(sender)))
    }

    /// The party whose name is `name` (compared as [`Context::is_me_in_chat`] says); the first
    /// party with a name keeps it.
    pub fn party_by_name(&self, name: &str) -> Option<&PartyId> {
        self.names.get(&normalise_name(name))
    }

    /// Whether a party with this id is stored or was read in this import.
    pub fn has_party(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

/// Chat names compare NFC, lower-case, with runs of space (including the no-break spaces)
/// collapsed and the `~` newer WhatsApp puts before people not in the contacts dropped.
pub(crate) fn normalise_name(name: &str) -> String {
    let name = redflag_text::nfc(name.trim().trim_start_matches('~'));
    name.split(|c: char| {
        c.is_whitespace() || matches!(c, '\u{202f}' | '\u{a0}' | '\u{200e}' | '\u{200f}')
    })
    .filter(|w| !w.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase()
}

/// A sender shown as a number (`+84 90 123 4567`): digits with only `+ - ( ) .` and spaces.
pub(crate) fn looks_like_phone(s: &str) -> bool {
    let s = s.trim().trim_start_matches('~').trim();
    s.chars().filter(char::is_ascii_digit).count() >= 6
        && s.chars().all(|c| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || matches!(c, '+' | '-' | '(' | ')' | '.' | '\u{202f}' | '\u{a0}')
        })
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

pub(crate) fn normalise_phone(phone: &str) -> String {
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
