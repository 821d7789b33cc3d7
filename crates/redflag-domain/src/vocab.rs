//! Closed sets of values that the contract spells as kebab-case strings.

/// A string that is not one of the values a closed set allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?} (expected one of: {})", expected.join(", "))]
pub struct UnknownValue {
    /// What kind of value was expected, e.g. "role".
    pub what: &'static str,
    /// The string that was given.
    pub value: String,
    /// Every accepted spelling.
    pub expected: &'static [&'static str],
}

/// Declares an enum whose variants are spelled as fixed strings in the contract, with
/// `as_str`, `FromStr`, `Display` and the list of all variants.
#[macro_export]
macro_rules! str_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The spellings of every value, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The contract's spelling of this value.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::UnknownValue {
                        what: $what,
                        value: s.to_owned(),
                        expected: $name::NAMES,
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

str_enum! {
    /// Where a party stands with us.
    pub enum Role as "role" {
        /// Not yet a client.
        Prospect = "prospect",
        /// A paying client.
        Client = "client",
        /// A client we no longer work with; assessed as a client.
        Former = "former",
    }
}

impl Role {
    /// Whether flags that apply to clients apply to this role (`former` counts as a client).
    pub fn is_client_like(self) -> bool {
        matches!(self, Role::Client | Role::Former)
    }
}

str_enum! {
    /// A language the product reads and writes.
    pub enum Lang as "language" {
        /// Vietnamese.
        Vi = "vi",
        /// Thai.
        Th = "th",
        /// English.
        En = "en",
    }
}

str_enum! {
    /// Who sent a message or placed a call.
    pub enum Direction as "direction" {
        /// From the party to us.
        In = "in",
        /// From us to the party.
        Out = "out",
    }
}

str_enum! {
    /// The medium of a message.
    pub enum Channel as "channel" {
        /// Email.
        Email = "email",
        /// A chat app (Zalo, LINE, WhatsApp, Messenger, Telegram...).
        Chat = "chat",
        /// A text message.
        Sms = "sms",
        /// Our note of what was said on a call.
        CallNote = "call-note",
        /// An answer on an intake form.
        Form = "form",
        /// Our note of what was said in a meeting.
        MeetingNote = "meeting-note",
    }
}

str_enum! {
    /// What became of a meeting.
    pub enum MeetingStatus as "meeting status" {
        /// It took place.
        Held = "held",
        /// It was moved to another time.
        Rescheduled = "rescheduled",
        /// It was called off.
        Cancelled = "cancelled",
        /// Someone did not turn up.
        NoShow = "no-show",
    }
}

str_enum! {
    /// Who caused a meeting status other than held.
    pub enum Side as "side" {
        /// The party.
        Party = "party",
        /// Our side.
        Us = "us",
    }
}

str_enum! {
    /// A step in a sale.
    pub enum DealStage as "deal stage" {
        /// First contact.
        Lead = "lead",
        /// We sent a proposal or ideas.
        ProposalSent = "proposal-sent",
        /// They said yes, but nothing is signed.
        VerbalYes = "verbal-yes",
        /// They put the decision off.
        Postponed = "postponed",
        /// Signed.
        Won = "won",
        /// They went elsewhere or said no.
        Lost = "lost",
        /// The engagement ended, its subject resolved.
        Closed = "closed",
    }
}

str_enum! {
    /// Whether an invoice counts.
    pub enum InvoiceStatus as "invoice status" {
        /// Issued and valid.
        Open = "open",
        /// Cancelled; left out of revenue and lateness.
        Void = "void",
    }
}

str_enum! {
    /// What a time entry was spent on.
    pub enum Activity as "activity" {
        /// The work itself.
        Delivery = "delivery",
        /// Calls, mail, meetings with the party.
        Communication = "communication",
        /// Pitching and proposals before a sale.
        PreSale = "pre-sale",
        /// Administration.
        Admin = "admin",
    }
}

str_enum! {
    /// What money was spent on.
    pub enum ExpenseCategory as "expense category" {
        /// Meals.
        Meal = "meal",
        /// Gifts.
        Gift = "gift",
        /// Entertainment.
        Entertainment = "entertainment",
        /// Travel.
        Travel = "travel",
        /// Anything else.
        Other = "other",
    }
}

str_enum! {
    /// Why money was spent.
    pub enum ExpensePurpose as "expense purpose" {
        /// To win the party.
        Acquisition = "acquisition",
        /// To do the work.
        Delivery = "delivery",
    }
}

str_enum! {
    /// Where a proposed hourly rate stands.
    pub enum RateStatus as "rate status" {
        /// Put to the party.
        Proposed = "proposed",
        /// The party agreed.
        Accepted = "accepted",
        /// The party refused.
        Refused = "refused",
    }
}

str_enum! {
    /// How often a subscription bills.
    pub enum Period as "period" {
        /// Monthly.
        Month = "month",
        /// Yearly.
        Year = "year",
    }
}

str_enum! {
    /// What a staff incident was about.
    pub enum IncidentCategory as "incident category" {
        /// Insults, swearing, mockery.
        Abuse = "abuse",
        /// Threats.
        Threat = "threat",
        /// Harassment.
        Harassment = "harassment",
        /// Anything else.
        Other = "other",
    }
}

str_enum! {
    /// What we do about a party: a review's recommendation or a person's decision.
    pub enum Recommendation as "recommendation" {
        /// No flag above low.
        Keep = "keep",
        /// One medium flag.
        Watch = "watch",
        /// Time for a frank conversation.
        Talk = "talk",
        /// End the relationship with a client.
        LetGo = "let-go",
        /// Turn a prospect down.
        Decline = "decline",
    }
}

str_enum! {
    /// How serious a flag is.
    pub enum Severity as "severity" {
        /// Worth knowing.
        Low = "low",
        /// Worth watching.
        Medium = "medium",
        /// Worth acting on.
        High = "high",
    }
}
