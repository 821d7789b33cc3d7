//! What a review produces, serialised with exactly the field names of `spec/cli.md`.

use redflag_domain::jiff::civil::Date;
use redflag_domain::{Currency, Decimal, FlagId, PartyId, Recommendation, Role, Severity};
use serde::Serialize;
use serde::Serializer;

fn as_str<S: Serializer, T: std::fmt::Display>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

fn opt_as_str<S: Serializer, T: std::fmt::Display>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

/// The result of a review as of one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// The as-of date; nothing after it was seen.
    #[serde(serialize_with = "as_str")]
    pub as_of: Date,
    /// Every party, by score descending, then party id.
    pub parties: Vec<PartyReview>,
    /// Things the user should know about the data (e.g. amounts left out for want of a rate).
    pub warnings: Vec<Warning>,
}

impl Review {
    /// The review of one party, if it was assessed.
    pub fn party(&self, id: &str) -> Option<&PartyReview> {
        self.parties.iter().find(|p| p.party.as_str() == id)
    }
}

/// One party's assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyReview {
    /// The party's id.
    #[serde(serialize_with = "as_str")]
    pub party: PartyId,
    /// Display name.
    pub name: String,
    /// Prospect, client or former.
    #[serde(serialize_with = "as_str")]
    pub role: Role,
    /// 0 (healthy) to 100 (leave now).
    pub score: u8,
    /// keep, watch, talk, let-go (clients) or decline (prospects).
    #[serde(serialize_with = "as_str")]
    pub recommendation: Recommendation,
    /// The flags raised, most severe first, then in catalogue order.
    pub flags: Vec<FlagResult>,
    /// What letting the party go would cost and free.
    pub economics: Economics,
    /// The latest recorded decision (a `decision` event) up to the as-of date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_decision: Option<DecisionRecord>,
    /// When the party is due for review again: the last decision's `next_review`, else a year
    /// (the policy's `yearly-review.every-months`) after the last decision.
    #[serde(serialize_with = "opt_as_str", skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
    /// Whether a client's review is due (never reviewed, or `next_review` reached).
    pub review_due: bool,
}

impl PartyReview {
    /// The flag with this id, if raised.
    pub fn flag(&self, id: FlagId) -> Option<&FlagResult> {
        self.flags.iter().find(|f| f.id == id)
    }
}

/// One raised flag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlagResult {
    /// The flag's id (flags.md).
    #[serde(serialize_with = "as_str")]
    pub id: FlagId,
    /// How serious it is.
    #[serde(serialize_with = "as_str")]
    pub severity: Severity,
    /// The ids of the events that raised it, de-duplicated, in time order.
    pub evidence: Vec<String>,
    /// One sentence, in the policy's language, with the numbers.
    pub explanation: String,
}

/// The economics of a party over the policy's economics window (12 months by default).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Economics {
    /// Share of the workspace's revenue, 0..1, four decimals.
    pub revenue_share: f64,
    /// Hours logged per month (hours over the window divided by its months), one decimal.
    pub hours_per_month: f64,
    /// Revenue over hours, rounded to the currency's minor units; none without hours.
    #[serde(serialize_with = "opt_as_str")]
    pub effective_hourly_rate: Option<Decimal>,
    /// The workspace currency.
    #[serde(serialize_with = "as_str")]
    pub currency: Currency,
    /// Revenue over the window, in the workspace currency.
    #[serde(serialize_with = "as_str")]
    pub revenue_12m: Decimal,
    /// Hours logged over the window, two decimals.
    pub hours_12m: f64,
    /// The workspace median effective rate (flags.md: low-profitability).
    #[serde(serialize_with = "opt_as_str")]
    pub workspace_median_rate: Option<Decimal>,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRecord {
    /// The decision event's id.
    pub id: String,
    /// The day it was made.
    #[serde(serialize_with = "as_str")]
    pub at: Date,
    /// The verdict.
    #[serde(serialize_with = "as_str")]
    pub decision: Recommendation,
    /// Why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When to look again.
    #[serde(serialize_with = "opt_as_str", skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
}

/// Something about the data that the user should know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// A stable code, e.g. `missing-rate`.
    pub code: String,
    /// The currency concerned, for `missing-rate`.
    #[serde(serialize_with = "opt_as_str", skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// How many events it concerns.
    pub count: u64,
    /// The ids of the first few of them.
    pub examples: Vec<String>,
    /// A sentence for people, in English.
    pub message: String,
}
