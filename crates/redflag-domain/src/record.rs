//! Parties and the events that happen with them: the records of `spec/interchange.md`.

use std::fmt;

use jiff::civil::Date;

use crate::money::{Currency, Decimal, Money};
use crate::signal::{SignalHit, SignalSet};
use crate::str_enum;
use crate::time::At;
use crate::vocab::*;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id as written in the source.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?}", self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_owned())
            }
        }
    };
}

id_type!(
    /// The id of a party (client or prospect), stable across imports.
    PartyId
);
id_type!(
    /// The id of an event, unique within its kind.
    EventId
);

/// A client, prospect or former client.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// Stable id.
    pub id: PartyId,
    /// Display name.
    pub name: String,
    /// Prospect, client or former.
    pub role: Role,
    /// The language to write to them in.
    pub lang: Option<Lang>,
    /// Their IANA time zone, if known.
    pub timezone: Option<String>,
    /// Addresses used to match imported mail.
    pub emails: Vec<String>,
    /// Numbers used to match imported calls and chats.
    pub phones: Vec<String>,
    /// When the relationship began.
    pub since: Option<Date>,
    /// Free labels.
    pub tags: Vec<String>,
}

/// Settings a file was made with (the interchange `workspace` line).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workspace {
    /// IANA time zone of the business.
    pub timezone: Option<String>,
    /// The currency the business counts in.
    pub currency: Option<Currency>,
    /// Business hours, e.g. `Mon-Fri 08:00-18:00`.
    pub business_hours: Option<String>,
    /// The standard hourly rate, in `currency`.
    pub standard_rate: Option<Decimal>,
}

/// Something that happened with a party.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Unique within its kind.
    pub id: EventId,
    /// Whose it is.
    pub party: PartyId,
    /// When.
    pub at: At,
    /// Free labels (`extra` on time and invoices marks out-of-scope work).
    pub tags: Vec<String>,
    /// What happened.
    pub body: EventBody,
}

impl Event {
    /// The kind of event.
    pub fn kind(&self) -> EventKind {
        self.body.kind()
    }

    /// Whether the event carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

str_enum! {
    /// The kinds of event in the interchange format.
    pub enum EventKind as "kind" {
        /// A message.
        Message = "message",
        /// A phone call.
        Call = "call",
        /// A meeting.
        Meeting = "meeting",
        /// A step in a sale.
        Deal = "deal",
        /// An invoice we issued.
        Invoice = "invoice",
        /// A payment against an invoice.
        Payment = "payment",
        /// Time spent.
        Time = "time",
        /// Money spent.
        Expense = "expense",
        /// An hourly rate put to the party.
        Rate = "rate",
        /// A product order.
        Order = "order",
        /// Product usage.
        Usage = "usage",
        /// A paid subscription.
        Subscription = "subscription",
        /// A staff incident.
        Incident = "incident",
        /// A person's decision from a review.
        Decision = "decision",
    }
}

/// The kind-specific part of an event.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // each variant is the struct of the same name
pub enum EventBody {
    Message(Message),
    Call(Call),
    Meeting(Meeting),
    Deal(Deal),
    Invoice(Invoice),
    Payment(Payment),
    Time(TimeEntry),
    Expense(Expense),
    Rate(RateChange),
    Order(Order),
    Usage(Usage),
    Subscription(Subscription),
    Incident(Incident),
    Decision(Decision),
}

impl EventBody {
    /// The kind of this body.
    pub fn kind(&self) -> EventKind {
        match self {
            EventBody::Message(_) => EventKind::Message,
            EventBody::Call(_) => EventKind::Call,
            EventBody::Meeting(_) => EventKind::Meeting,
            EventBody::Deal(_) => EventKind::Deal,
            EventBody::Invoice(_) => EventKind::Invoice,
            EventBody::Payment(_) => EventKind::Payment,
            EventBody::Time(_) => EventKind::Time,
            EventBody::Expense(_) => EventKind::Expense,
            EventBody::Rate(_) => EventKind::Rate,
            EventBody::Order(_) => EventKind::Order,
            EventBody::Usage(_) => EventKind::Usage,
            EventBody::Subscription(_) => EventKind::Subscription,
            EventBody::Incident(_) => EventKind::Incident,
            EventBody::Decision(_) => EventKind::Decision,
        }
    }
}

/// A message between us and the party.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// `in` from the party, `out` from us.
    pub direction: Direction,
    /// The medium.
    pub channel: Channel,
    /// Who wrote it (a person at the party, or a team member).
    pub author: Option<String>,
    /// Subject line.
    pub subject: Option<String>,
    /// Thread or conversation id.
    pub thread: Option<String>,
    /// The text (NFC). A review loads messages without it.
    pub text: Option<String>,
    /// The signals the classifier found (inbound only), computed when stored.
    pub signals: SignalSet,
    /// The same signals with their spans; empty when loaded for a review.
    pub hits: Vec<SignalHit>,
    /// The version of the classifier that computed them, if any did.
    pub classifier: Option<String>,
}

/// A phone call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Who called whom.
    pub direction: Direction,
    /// Length; 0 for a missed call.
    pub duration_s: u32,
    /// Who took or made it.
    pub author: Option<String>,
}

/// A meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// Planned length.
    pub duration_min: u32,
    /// What became of it.
    pub status: MeetingStatus,
    /// Who caused a status other than held.
    pub by: Option<Side>,
}

/// A step in a sale.
#[derive(Debug, Clone, PartialEq)]
pub struct Deal {
    /// The stage reached.
    pub stage: DealStage,
    /// Expected value.
    pub value: Option<Money>,
    /// What the engagement is about (used to tell a repeat request).
    pub subject: Option<String>,
}

/// An invoice we issued.
#[derive(Debug, Clone, PartialEq)]
pub struct Invoice {
    /// When payment is due.
    pub due: Date,
    /// The amount.
    pub amount: Money,
    /// Open or void.
    pub status: InvoiceStatus,
}

/// A payment received against an invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// The invoice paid.
    pub invoice: EventId,
    /// The amount.
    pub amount: Money,
}

/// Time spent on a party.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeEntry {
    /// Length.
    pub minutes: u32,
    /// Whether it can be billed.
    pub billable: bool,
    /// What it was spent on.
    pub activity: Activity,
    /// Who spent it.
    pub author: Option<String>,
}

/// Money spent on a party.
#[derive(Debug, Clone, PartialEq)]
pub struct Expense {
    /// The amount.
    pub amount: Money,
    /// On what.
    pub category: ExpenseCategory,
    /// Why.
    pub purpose: ExpensePurpose,
}

/// An hourly rate put to the party.
#[derive(Debug, Clone, PartialEq)]
pub struct RateChange {
    /// The hourly rate.
    pub hourly: Money,
    /// Proposed, accepted or refused.
    pub status: RateStatus,
}

/// A product order.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// The amount paid.
    pub amount: Money,
    /// The amount taken off, in the same currency.
    pub discount: Option<Decimal>,
    /// What was ordered.
    pub product: Option<String>,
}

/// Product usage.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    /// Which product.
    pub product: String,
    /// Whether it was actively used.
    pub active: bool,
}

/// A paid subscription or licence.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    /// When it ends, if it does.
    pub end: Option<Date>,
    /// Which product.
    pub product: String,
    /// What each period costs.
    pub amount: Money,
    /// Billing period.
    pub period: Period,
}

/// A staff incident: a team member's report of how the party treated them.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// The team member who reports it.
    pub reporter: String,
    /// What it was.
    pub category: IncidentCategory,
    /// What happened.
    pub note: String,
    /// Whether we warned the party on this occasion.
    pub warning_given: bool,
}

/// A person's verdict from a review.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The verdict.
    pub decision: Recommendation,
    /// Why.
    pub note: Option<String>,
    /// When to look again.
    pub next_review: Option<Date>,
}

/// One line of an interchange file, or one stored record.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// Workspace settings.
    Workspace(Workspace),
    /// A party.
    Party(Party),
    /// An event.
    Event(Event),
}
