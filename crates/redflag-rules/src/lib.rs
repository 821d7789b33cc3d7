//! redflag's rules: the flag catalogue of `spec/flags.md` turned into code, the policy that holds
//! every threshold, and the review that raises flags with their evidence, scores each party,
//! recommends keep / watch / talk / let-go / decline and reports the economics of letting go.
//!
//! Pure: no I/O, never the clock. The as-of date is an input, and nothing dated after it is seen.
//!
//! A review streams: [`Reviewer::add_party`] takes one party with its events (ordered by time)
//! and keeps a compact summary; [`Reviewer::finish`] completes the flags that compare parties
//! (`excessive-contact`, `low-profitability`) and the revenue shares.
//!
//! ```
//! use redflag_domain::jiff::civil::date;
//! use redflag_domain::*;
//! use redflag_rules::{Policy, Reviewer};
//!
//! let policy = Policy::from_toml("[workspace]\nlanguage = \"en\"\n").unwrap();
//! let party = Party {
//!     id: "p-1".into(), name: "Lotus Spa".into(), role: Role::Prospect, lang: None,
//!     timezone: None, emails: vec![], phones: vec![], since: None, tags: vec![],
//! };
//! let mut signals = SignalSet::EMPTY;
//! signals.insert(Signal::ThirdParty);
//! let ask = Event {
//!     id: "m-1".into(), party: party.id.clone(),
//!     at: At::parse("2025-06-02T10:00:00+07:00").unwrap(), tags: vec![],
//!     body: EventBody::Message(Message {
//!         direction: Direction::In, channel: Channel::Email, author: None, subject: None,
//!         thread: None, text: None, signals, hits: vec![], classifier: None,
//!     }),
//! };
//! let mut reviewer = Reviewer::new(&policy, date(2025, 6, 30));
//! reviewer.add_party(&party, &[ask]);
//! let review = reviewer.finish();
//! let p = &review.parties[0];
//! assert_eq!(p.recommendation, Recommendation::Watch);
//! assert_eq!(p.flags[0].id, FlagId::ThirdPartyRequest);
//! assert_eq!(p.flags[0].evidence, vec!["m-1".to_string()]);
//! ```
#![deny(missing_docs)]

mod days;
mod explain;
mod output;
mod policy;
mod review;

pub use output::{DecisionRecord, Economics, FlagResult, PartyReview, Review, Warning};
pub use policy::{
    AbusiveConduct, AfterHours, ChronicStalling, CostlyAcquisition, DEFAULT_TIMEZONE,
    DiscountPressure, DisrespectsTime, EconomicsPolicy, ExcessiveContact, ExploitativeTerms,
    IdeaExtraction, LatePayment, LowProfitability, NonAdoption, PaysOnlyCommitted, PerFlag, Policy,
    PolicyError, PriceShopper, RateStagnation, ScorePolicy, SignalCount, SignalCountHigh,
    StaffDrain, YearlyReview, Zone,
};
pub use redflag_domain::{BusinessHours, BusinessHoursError};
pub use review::Reviewer;

/// Which roles a flag applies to (flags.md: the "applies to" column; `former` is assessed as a
/// client).
pub fn applies_to(flag: redflag_domain::FlagId, role: redflag_domain::Role) -> bool {
    use redflag_domain::FlagId::*;
    let prospect = role == redflag_domain::Role::Prospect;
    match flag {
        IdeaExtraction | CostlyAcquisition | AlreadyHelped | ThirdPartyRequest | CannotPay => {
            prospect
        }
        ChronicStalling
        | AbusiveConduct
        | GuaranteeDemand
        | UnrealisticExpectations
        | BoundaryViolation
        | AfterHoursContact => true,
        _ => role.is_client_like(),
    }
}
