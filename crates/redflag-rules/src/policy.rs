//! The policy: every threshold, window, count and weight of `spec/flags.md`, the business hours,
//! the time zone, the money settings and the language of explanations.
//!
//! One list of keys ([`walk`]) drives both directions, so the commented default file and the
//! reader can never disagree about what a key is called.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Index, IndexMut};

use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::{Currency, Decimal, FlagId, Lang, MAX_AMOUNT, Workspace, parse_decimal};

use redflag_domain::BusinessHours;

/// Why a policy could not be read or applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The file is not TOML.
    #[error("the policy is not valid TOML: {0}")]
    Syntax(String),
    /// A key that no policy setting has (a typo never silently does nothing).
    #[error("unknown policy key `{key}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownKey {
        /// The full key path, e.g. `late-payment.grace-dayz`.
        key: String,
        /// The closest known key, if one is close.
        suggestion: Option<String>,
    },
    /// A key whose value cannot be used.
    #[error("policy key `{key}`: {why}")]
    BadValue {
        /// The full key path, e.g. `workspace.timezone`.
        key: String,
        /// What is wrong with it.
        why: String,
    },
}

/// The workspace time zone: its IANA name and the zone itself (from the bundled database).
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    /// Looks up an IANA time zone name such as `Asia/Bangkok`.
    pub fn new(name: &str) -> Result<Zone, String> {
        TimeZone::get(name)
            .map(|tz| Zone {
                name: name.to_owned(),
                tz,
            })
            .map_err(|_| format!("{name:?} is not an IANA time zone name (e.g. Asia/Bangkok)"))
    }

    /// The IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone.
    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

/// One value per flag, indexed by [`FlagId`].
#[derive(Debug, Clone, PartialEq)]
pub struct PerFlag<T>([T; 25]);

impl<T: Copy> PerFlag<T> {
    /// The same value for every flag.
    pub fn splat(v: T) -> Self {
        PerFlag([v; 25])
    }
}

impl<T> Index<FlagId> for PerFlag<T> {
    type Output = T;
    fn index(&self, f: FlagId) -> &T {
        &self.0[f as usize]
    }
}

impl<T> IndexMut<FlagId> for PerFlag<T> {
    fn index_mut(&mut self, f: FlagId) -> &mut T {
        &mut self.0[f as usize]
    }
}

/// How a score is made (see the crate README: score formula).
#[derive(Debug, Clone, PartialEq)]
pub struct ScorePolicy {
    /// Points of a low flag.
    pub low: f64,
    /// Points of a medium flag.
    pub medium: f64,
    /// Points of a high flag.
    pub high: f64,
    /// Lowest score of a `watch` party.
    pub watch_from: u32,
    /// Lowest score of a `talk` party.
    pub talk_from: u32,
    /// Lowest score of a `let-go` / `decline` party.
    pub leave_from: u32,
}

/// `idea-extraction` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct IdeaExtraction {
    /// Days without inbound contact after our proposal.
    pub silence_days: u32,
}

/// `chronic-stalling` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ChronicStalling {
    /// Postponements that raise the flag.
    pub postponements: u32,
    /// The window they are counted in.
    pub window_days: u32,
    /// Postponements that make it high.
    pub high_at: u32,
    /// Days a verbal yes may wait for `won`.
    pub verbal_yes_days: u32,
}

/// `costly-acquisition` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct CostlyAcquisition {
    /// Cost above this percentage of the expected deal value raises it (medium).
    pub above_percent: Decimal,
    /// Above this percentage it is high.
    pub high_above_percent: Decimal,
}

/// `abusive-conduct` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct AbusiveConduct {
    /// Inbound `abuse` signals that raise it.
    pub signals: u32,
    /// Staff incidents of category `abuse` that raise it.
    pub incidents: u32,
}

/// A flag raised by a count of inbound signals (medium, or the flag's fixed severity).
#[derive(Debug, Clone, PartialEq)]
pub struct SignalCount {
    /// Signals that raise it.
    pub signals: u32,
}

/// A flag raised by a count of inbound signals, high from a second count.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalCountHigh {
    /// Signals that raise it.
    pub signals: u32,
    /// Signals that make it high.
    pub high_at: u32,
}

/// `after-hours-contact` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct AfterHours {
    /// Inbound contacts needed in the window before anything is judged.
    pub min_contacts: u32,
    /// The window.
    pub window_days: u32,
    /// Share of contacts outside business hours that raises it (medium).
    pub percent: Decimal,
    /// Share that makes it high.
    pub high_percent: Decimal,
}

/// `exploitative-terms` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ExploitativeTerms {
    /// The window both signals must fall in.
    pub window_days: u32,
}

/// `late-payment` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct LatePayment {
    /// Payment terms of an invoice that carries no due date (net 30). Every interchange invoice
    /// has a `due`, so the rules never need it; importers and letters use it.
    pub default_terms_days: u32,
    /// Days after the due date before a payment counts as late.
    pub grace_days: u32,
    /// How many of the most recent invoices are looked at.
    pub last_invoices: u32,
    /// Late invoices among them that raise it.
    pub late_invoices: u32,
    /// Late invoices among them that make it high.
    pub high_late_invoices: u32,
    /// An invoice unpaid more than this many days after due raises it.
    pub unpaid_days: u32,
    /// An invoice unpaid this many days after due or more makes it high.
    pub high_overdue_days: u32,
    /// An invoice still unpaid counts as late once it is more than this many days past due
    /// (flags.md: "an invoice still unpaid past its due date counts as late too", so 0).
    pub unpaid_late_after_days: u32,
}

/// `disrespects-time` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct DisrespectsTime {
    /// Events that raise it.
    pub events: u32,
    /// The window.
    pub window_days: u32,
}

/// `rate-stagnation` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct RateStagnation {
    /// Effective rate below this percentage of the standard rate raises it.
    pub below_percent: Decimal,
    /// Over how many months.
    pub months: u32,
    /// Hours needed in those months before the rate is judged.
    pub min_hours: u32,
}

/// `discount-pressure` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct DiscountPressure {
    /// Signals that raise it.
    pub signals: u32,
    /// The window.
    pub window_days: u32,
    /// Signals that make it high.
    pub high_at: u32,
}

/// `price-shopper` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct PriceShopper {
    /// Orders needed before it is judged.
    pub min_orders: u32,
    /// Share of discounted orders that raises it.
    pub discounted_percent: Decimal,
}

/// `non-adoption` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct NonAdoption {
    /// Days without active usage.
    pub window_days: u32,
}

/// `pays-only-committed` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct PaysOnlyCommitted {
    /// Extra time older than this many days must be covered by `extra` invoices.
    pub after_days: u32,
}

/// `excessive-contact` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ExcessiveContact {
    /// The window contacts are counted in.
    pub window_days: u32,
    /// Multiple of the median of active clients that raises it.
    pub multiple: Decimal,
    /// Contacts per week needed whatever the median.
    pub min_per_week: Decimal,
    /// Multiple that makes it high.
    pub high_multiple: Decimal,
}

/// `staff-drain` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct StaffDrain {
    /// Distinct reporters of incidents that raise it.
    pub reporters: u32,
    /// The window for incidents.
    pub window_days: u32,
    /// Communication share of all time above which it is raised.
    pub communication_percent: Decimal,
    /// Minutes of time entries needed before the share is judged (0: always).
    pub min_minutes: u32,
}

/// `low-profitability` (flags.md).
#[derive(Debug, Clone, PartialEq)]
pub struct LowProfitability {
    /// Effective rate below this percentage of the workspace median raises it.
    pub below_percent: Decimal,
    /// Hours needed in the window.
    pub min_hours: u32,
    /// The window in months.
    pub months: u32,
}

/// The economics reported next to the flags.
#[derive(Debug, Clone, PartialEq)]
pub struct EconomicsPolicy {
    /// The window in months for revenue share, hours per month and the effective rate.
    pub months: u32,
}

/// The yearly review (flags.md: actions, `yearly-review`).
#[derive(Debug, Clone, PartialEq)]
pub struct YearlyReview {
    /// A party whose last decision is older than this many months is due for review.
    pub every_months: u32,
}

/// Every setting of a review. `Policy::default()` is `spec/flags.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The workspace time zone: windows, after-hours and bare dates are judged on its clock.
    pub timezone: Zone,
    /// The currency money is counted in.
    pub currency: Currency,
    /// The standard hourly rate, in `currency`.
    pub standard_rate: Decimal,
    /// Business hours on the workspace clock.
    pub business_hours: BusinessHours,
    /// The language of explanations.
    pub language: Lang,
    /// How much one unit of a currency is worth in `currency`. The workspace currency is
    /// always 1; an amount in a currency with no rate is left out of money sums and warned about.
    pub rates: BTreeMap<Currency, Decimal>,
    /// Points and bands of the score.
    pub score: ScorePolicy,
    /// Weight of each flag in the score.
    pub weights: PerFlag<f64>,
    /// Whether each flag is assessed at all.
    pub enabled: PerFlag<bool>,
    /// flags.md: idea-extraction.
    pub idea_extraction: IdeaExtraction,
    /// flags.md: chronic-stalling.
    pub chronic_stalling: ChronicStalling,
    /// flags.md: costly-acquisition.
    pub costly_acquisition: CostlyAcquisition,
    /// flags.md: abusive-conduct.
    pub abusive_conduct: AbusiveConduct,
    /// flags.md: guarantee-demand.
    pub guarantee_demand: SignalCountHigh,
    /// flags.md: unrealistic-expectations.
    pub unrealistic_expectations: SignalCount,
    /// flags.md: third-party-request.
    pub third_party_request: SignalCount,
    /// flags.md: boundary-violation (threat signals about public revenge).
    pub boundary_violation: SignalCount,
    /// flags.md: after-hours-contact.
    pub after_hours_contact: AfterHours,
    /// flags.md: cannot-pay.
    pub cannot_pay: SignalCount,
    /// flags.md: exploitative-terms.
    pub exploitative_terms: ExploitativeTerms,
    /// flags.md: fear-tactics.
    pub fear_tactics: SignalCount,
    /// flags.md: late-payment.
    pub late_payment: LatePayment,
    /// flags.md: blame-shifting.
    pub blame_shifting: SignalCount,
    /// flags.md: disrespects-time.
    pub disrespects_time: DisrespectsTime,
    /// flags.md: undervalues-work.
    pub undervalues_work: SignalCount,
    /// flags.md: rate-stagnation.
    pub rate_stagnation: RateStagnation,
    /// flags.md: discount-pressure.
    pub discount_pressure: DiscountPressure,
    /// flags.md: price-shopper.
    pub price_shopper: PriceShopper,
    /// flags.md: non-adoption.
    pub non_adoption: NonAdoption,
    /// flags.md: pays-only-committed.
    pub pays_only_committed: PaysOnlyCommitted,
    /// flags.md: excessive-contact.
    pub excessive_contact: ExcessiveContact,
    /// flags.md: staff-drain.
    pub staff_drain: StaffDrain,
    /// flags.md: low-profitability.
    pub low_profitability: LowProfitability,
    /// Revenue share, hours per month, effective rate.
    pub economics: EconomicsPolicy,
    /// When a party is due for its yearly review.
    pub yearly_review: YearlyReview,
}

/// The default workspace time zone. Vietnam first: the product's first users write Vietnamese,
/// and Asia/Ho_Chi_Minh has had no daylight-saving change since 1975, like Asia/Bangkok.
pub const DEFAULT_TIMEZONE: &str = "Asia/Ho_Chi_Minh";

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            timezone: Zone::new(DEFAULT_TIMEZONE).expect("the bundled tz database has it"),
            currency: Currency::USD,
            standard_rate: d(50),
            business_hours: BusinessHours::default(),
            language: Lang::En,
            rates: BTreeMap::new(),
            score: ScorePolicy {
                low: 5.0,
                medium: 15.0,
                high: 35.0,
                watch_from: 20,
                talk_from: 40,
                leave_from: 70,
            },
            weights: PerFlag::splat(1.0),
            enabled: PerFlag::splat(true),
            idea_extraction: IdeaExtraction { silence_days: 21 },
            chronic_stalling: ChronicStalling {
                postponements: 3,
                window_days: 120,
                high_at: 5,
                verbal_yes_days: 60,
            },
            costly_acquisition: CostlyAcquisition {
                above_percent: d(20),
                high_above_percent: d(50),
            },
            abusive_conduct: AbusiveConduct {
                signals: 2,
                incidents: 1,
            },
            guarantee_demand: SignalCountHigh {
                signals: 1,
                high_at: 2,
            },
            unrealistic_expectations: SignalCount { signals: 1 },
            third_party_request: SignalCount { signals: 1 },
            boundary_violation: SignalCount { signals: 1 },
            after_hours_contact: AfterHours {
                min_contacts: 5,
                window_days: 90,
                percent: d(30),
                high_percent: d(50),
            },
            cannot_pay: SignalCount { signals: 2 },
            exploitative_terms: ExploitativeTerms { window_days: 90 },
            fear_tactics: SignalCount { signals: 1 },
            late_payment: LatePayment {
                default_terms_days: 30,
                grace_days: 7,
                last_invoices: 6,
                late_invoices: 2,
                high_late_invoices: 3,
                unpaid_days: 30,
                high_overdue_days: 60,
                unpaid_late_after_days: 0,
            },
            blame_shifting: SignalCount { signals: 2 },
            disrespects_time: DisrespectsTime {
                events: 3,
                window_days: 90,
            },
            undervalues_work: SignalCount { signals: 2 },
            rate_stagnation: RateStagnation {
                below_percent: d(80),
                months: 6,
                min_hours: 10,
            },
            discount_pressure: DiscountPressure {
                signals: 2,
                window_days: 180,
                high_at: 4,
            },
            price_shopper: PriceShopper {
                min_orders: 3,
                discounted_percent: d(70),
            },
            non_adoption: NonAdoption { window_days: 60 },
            pays_only_committed: PaysOnlyCommitted { after_days: 60 },
            excessive_contact: ExcessiveContact {
                window_days: 30,
                multiple: d(3),
                min_per_week: d(10),
                high_multiple: d(5),
            },
            staff_drain: StaffDrain {
                reporters: 2,
                window_days: 90,
                communication_percent: d(30),
                min_minutes: 0,
            },
            low_profitability: LowProfitability {
                below_percent: d(60),
                min_hours: 10,
                months: 12,
            },
            economics: EconomicsPolicy { months: 12 },
            yearly_review: YearlyReview { every_months: 12 },
        }
    }
}

impl Policy {
    /// The default policy with the keys of a TOML policy file applied.
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        Policy::from_toml_over(Policy::default(), text)
    }

    /// `base` with the keys that the TOML text sets applied; keys it does not set keep `base`'s
    /// values. Precedence is built-in defaults < the stored workspace line < the policy file:
    /// `Policy::from_toml_over({ let mut p = Policy::default(); p.apply_workspace(&ws)?; p }, file)`.
    pub fn from_toml_over(base: Policy, text: &str) -> Result<Policy, PolicyError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| PolicyError::Syntax(e.to_string().trim().to_owned()))?;
        let mut policy = base;
        let mut reader = Reader {
            table: &table,
            current: None,
            section: "",
            seen: Vec::new(),
        };
        walk(&mut policy, &mut reader)?;
        reader.check_unknown()?;
        policy.validate()?;
        Ok(policy)
    }

    /// The complete default policy as a commented TOML file; `from_toml` reads it back to
    /// `Policy::default()`.
    pub fn defaults_toml() -> String {
        Policy::default().to_toml()
    }

    /// This policy as a commented TOML file that `from_toml` reads back to an equal policy.
    pub fn to_toml(&self) -> String {
        let mut copy = self.clone();
        let mut w = Writer {
            out: String::from(HEADER),
        };
        // The writer never fails.
        let _ = walk(&mut copy, &mut w);
        w.out
    }

    /// Applies the settings of an interchange `workspace` line (time zone, currency, business
    /// hours, standard rate). Errors name the workspace field.
    pub fn apply_workspace(&mut self, ws: &Workspace) -> Result<(), PolicyError> {
        let bad = |key: &str, why: String| PolicyError::BadValue {
            key: format!("workspace line: {key}"),
            why,
        };
        if let Some(name) = &ws.timezone {
            self.timezone = Zone::new(name).map_err(|why| bad("timezone", why))?;
        }
        if let Some(c) = ws.currency {
            self.currency = c;
        }
        if let Some(h) = &ws.business_hours {
            self.business_hours = h.parse().map_err(|e: redflag_domain::BusinessHoursError| {
                bad("business_hours", e.to_string())
            })?;
        }
        if let Some(r) = ws.standard_rate {
            self.standard_rate = r;
        }
        Ok(())
    }

    /// The time zone of the workspace.
    pub fn tz(&self) -> &TimeZone {
        self.timezone.tz()
    }

    /// What one unit of `c` is worth in the workspace currency, if known.
    pub fn rate(&self, c: Currency) -> Option<Decimal> {
        if c == self.currency {
            Some(Decimal::ONE)
        } else {
            self.rates.get(&c).copied()
        }
    }

    fn validate(&self) -> Result<(), PolicyError> {
        let s = &self.score;
        if !(s.watch_from <= s.talk_from && s.talk_from <= s.leave_from && s.leave_from <= 100) {
            return Err(PolicyError::BadValue {
                key: "score.watch-from".into(),
                why: format!(
                    "the bands must rise: watch-from ({}) <= talk-from ({}) <= leave-from ({}) <= 100",
                    s.watch_from, s.talk_from, s.leave_from
                ),
            });
        }
        Ok(())
    }
}

const HEADER: &str = "\
# redflag policy. Every key is optional: a key you leave out keeps its default (spec/flags.md).
# Settings from a stored workspace line (time zone, currency, business hours, standard rate)
# apply before this file, so a key written here wins over them.
# Percentages are written as numbers (30 = 30%); amounts as numbers or decimal strings.
";

/// A type a policy key can hold.
trait PolicyValue: Sized {
    fn read(v: &toml::Value) -> Result<Self, String>;
    fn write(&self) -> String;
}

impl PolicyValue for u32 {
    fn read(v: &toml::Value) -> Result<Self, String> {
        v.as_integer()
            .and_then(|i| u32::try_from(i).ok())
            .ok_or_else(|| format!("expected a whole number 0 or more, found {v}"))
    }
    fn write(&self) -> String {
        self.to_string()
    }
}

impl PolicyValue for bool {
    fn read(v: &toml::Value) -> Result<Self, String> {
        v.as_bool()
            .ok_or_else(|| format!("expected true or false, found {v}"))
    }
    fn write(&self) -> String {
        self.to_string()
    }
}

impl PolicyValue for f64 {
    fn read(v: &toml::Value) -> Result<Self, String> {
        let f = match v {
            toml::Value::Integer(i) => *i as f64,
            toml::Value::Float(f) => *f,
            _ => return Err(format!("expected a number, found {v}")),
        };
        if f.is_finite() && f >= 0.0 {
            Ok(f)
        } else {
            Err(format!("expected a number 0 or more, found {v}"))
        }
    }
    fn write(&self) -> String {
        format!("{self:?}")
    }
}

impl PolicyValue for Decimal {
    fn read(v: &toml::Value) -> Result<Self, String> {
        let parsed = match v {
            toml::Value::Integer(i) => Ok(Decimal::from(*i)),
            // Rust prints the shortest text that reads back to the same float, so 0.3 is 0.3.
            toml::Value::Float(f) if f.is_finite() => {
                parse_decimal(&format!("{f}")).map_err(|e| e.to_string())
            }
            toml::Value::String(s) => parse_decimal(s).map_err(|e| e.to_string()),
            _ => Err(format!("expected a number, found {v}")),
        }?;
        if parsed.is_sign_negative() && !parsed.is_zero() {
            return Err(format!("expected a number 0 or more, found {parsed}"));
        }
        // The review multiplies rates, percentages and weights with stored amounts; capped as
        // stored amounts are, no product can overflow.
        if parsed > MAX_AMOUNT {
            return Err(format!("expected a number at most 10^15, found {parsed}"));
        }
        Ok(parsed)
    }
    fn write(&self) -> String {
        let text = self.normalize().to_string();
        // A bare number when a float reads it back exactly, else a string, which keeps every
        // digit whatever the precision.
        match text.parse::<f64>() {
            Ok(f) if format!("{f}") == text => text,
            _ => format!("\"{text}\""),
        }
    }
}

impl PolicyValue for Currency {
    fn read(v: &toml::Value) -> Result<Self, String> {
        v.as_str()
            .ok_or_else(|| format!("expected a currency code such as \"VND\", found {v}"))?
            .parse()
            .map_err(|e: redflag_domain::MoneyError| e.to_string())
    }
    fn write(&self) -> String {
        format!("\"{self}\"")
    }
}

impl PolicyValue for Lang {
    fn read(v: &toml::Value) -> Result<Self, String> {
        v.as_str()
            .ok_or_else(|| format!("expected \"vi\", \"th\" or \"en\", found {v}"))?
            .parse()
            .map_err(|e: redflag_domain::UnknownValue| e.to_string())
    }
    fn write(&self) -> String {
        format!("\"{self}\"")
    }
}

impl PolicyValue for BusinessHours {
    fn read(v: &toml::Value) -> Result<Self, String> {
        v.as_str()
            .ok_or_else(|| format!("expected a string like \"Mon-Fri 08:00-18:00\", found {v}"))?
            .parse()
            .map_err(|e: redflag_domain::BusinessHoursError| e.to_string())
    }
    fn write(&self) -> String {
        format!("\"{self}\"")
    }
}

impl PolicyValue for Zone {
    fn read(v: &toml::Value) -> Result<Self, String> {
        Zone::new(
            v.as_str()
                .ok_or_else(|| format!("expected an IANA time zone name, found {v}"))?,
        )
    }
    fn write(&self) -> String {
        format!("\"{}\"", self.name)
    }
}

/// Walks every key of the policy, in file order.
trait Visit {
    fn section(&mut self, name: &'static str, doc: &str) -> Result<(), PolicyError>;
    fn key<T: PolicyValue>(
        &mut self,
        name: &'static str,
        doc: &str,
        v: &mut T,
    ) -> Result<(), PolicyError>;
    fn rates(&mut self, rates: &mut BTreeMap<Currency, Decimal>) -> Result<(), PolicyError>;
}

/// Declares each flag section: `enabled`, then its own keys.
macro_rules! flag_section {
    ($v:ident, $p:ident, $flag:expr, $doc:expr, { $($key:literal => $field:expr, $kdoc:expr;)* }) => {{
        $v.section($flag.as_str(), $doc)?;
        $v.key("enabled", "assess this flag at all", &mut $p.enabled[$flag])?;
        $( $v.key($key, $kdoc, &mut $field)?; )*
    }};
}

fn walk<V: Visit>(p: &mut Policy, v: &mut V) -> Result<(), PolicyError> {
    v.section("workspace", "The business: clock, money, language.")?;
    v.key(
        "timezone",
        "IANA time zone; windows, bare dates and after-hours are judged on this clock",
        &mut p.timezone,
    )?;
    v.key(
        "currency",
        "ISO 4217 code that money is counted in",
        &mut p.currency,
    )?;
    v.key(
        "standard-rate",
        "standard hourly rate, in the workspace currency",
        &mut p.standard_rate,
    )?;
    v.key(
        "business-hours",
        "e.g. \"Mon-Fri 08:00-18:00, Sat 08:00-12:00\"; the end minute is outside",
        &mut p.business_hours,
    )?;
    v.key(
        "language",
        "language of explanations: \"vi\", \"th\" or \"en\"",
        &mut p.language,
    )?;
    v.rates(&mut p.rates)?;
    v.section(
        "score",
        "Score = severity points x flag weight, summed, then held inside the band of the\n\
         recommendation: keep 0..watch-from-1, watch, talk, let-go/decline leave-from..100.",
    )?;
    v.key("low", "points of a low flag", &mut p.score.low)?;
    v.key("medium", "points of a medium flag", &mut p.score.medium)?;
    v.key("high", "points of a high flag", &mut p.score.high)?;
    v.key(
        "watch-from",
        "lowest score of watch",
        &mut p.score.watch_from,
    )?;
    v.key("talk-from", "lowest score of talk", &mut p.score.talk_from)?;
    v.key(
        "leave-from",
        "lowest score of let-go / decline",
        &mut p.score.leave_from,
    )?;
    v.section("weights", "Weight of each flag in the score (0 or more).")?;
    for &f in FlagId::ALL {
        v.key(f.as_str(), "", &mut p.weights[f])?;
    }

    flag_section!(v, p, FlagId::IdeaExtraction,
        "Prospect: our proposal, then no inbound contact (high).", {
        "silence-days" => p.idea_extraction.silence_days, "days of silence after the proposal";
    });
    flag_section!(v, p, FlagId::ChronicStalling,
        "Postponements, or a verbal yes that never turns into won (medium; high at high-at).", {
        "postponements" => p.chronic_stalling.postponements, "postponements that raise it";
        "window-days" => p.chronic_stalling.window_days, "window they are counted in";
        "high-at" => p.chronic_stalling.high_at, "postponements that make it high";
        "verbal-yes-days" => p.chronic_stalling.verbal_yes_days, "days a verbal yes may wait for won";
    });
    flag_section!(v, p, FlagId::CostlyAcquisition,
        "Prospect: acquisition expenses + unbilled pre-sale hours x standard rate, against the deal value.", {
        "above-percent" => p.costly_acquisition.above_percent, "above this % of the deal value: medium";
        "high-above-percent" => p.costly_acquisition.high_above_percent, "above this %: high";
    });
    flag_section!(v, p, FlagId::AbusiveConduct,
        "Abuse signals or staff incidents; any abuse after a recorded warning (high).", {
        "signals" => p.abusive_conduct.signals, "inbound abuse signals that raise it";
        "incidents" => p.abusive_conduct.incidents, "staff incidents of category abuse that raise it";
    });
    flag_section!(v, p, FlagId::GuaranteeDemand, "Inbound guarantee-demand signals.", {
        "signals" => p.guarantee_demand.signals, "signals that raise it (medium)";
        "high-at" => p.guarantee_demand.high_at, "signals that make it high";
    });
    flag_section!(v, p, FlagId::UnrealisticExpectations,
        "Inbound unrealistic-expectation signals (medium).", {
        "signals" => p.unrealistic_expectations.signals, "signals that raise it";
    });
    flag_section!(
        v,
        p,
        FlagId::AlreadyHelped,
        "Prospect: a new request on a subject whose earlier deal was won then closed (low).",
        {}
    );
    flag_section!(v, p, FlagId::ThirdPartyRequest,
        "Prospect: inbound third-party signals (medium).", {
        "signals" => p.third_party_request.signals, "signals that raise it";
    });
    flag_section!(v, p, FlagId::BoundaryViolation,
        "Threats of public revenge, or after-hours-contact with availability-demand signals (high).", {
        "threat-signals" => p.boundary_violation.signals, "threat signals about reviews/social media that raise it";
    });
    flag_section!(v, p, FlagId::AfterHoursContact,
        "Share of inbound contacts outside business hours (medium; high at high-percent).", {
        "min-contacts" => p.after_hours_contact.min_contacts, "contacts needed in the window";
        "window-days" => p.after_hours_contact.window_days, "the window";
        "percent" => p.after_hours_contact.percent, "this % or more outside business hours: medium";
        "high-percent" => p.after_hours_contact.high_percent, "this % or more: high";
    });
    flag_section!(v, p, FlagId::CannotPay,
        "Prospect: discount-request, payment-stall, barter-offer signals before the first paid invoice (high).", {
        "signals" => p.cannot_pay.signals, "signals that raise it";
    });
    flag_section!(v, p, FlagId::ExploitativeTerms,
        "Client: discount-request and availability-demand signals in the same window (high).", {
        "window-days" => p.exploitative_terms.window_days, "the window";
    });
    flag_section!(v, p, FlagId::FearTactics, "Client: inbound threat signals (high).", {
        "signals" => p.fear_tactics.signals, "signals that raise it";
    });
    flag_section!(v, p, FlagId::LatePayment,
        "Client: late or unpaid invoices, advance requests (medium; high when long overdue or often late).", {
        "default-terms-days" => p.late_payment.default_terms_days, "payment terms of an invoice without a due date (net 30)";
        "grace-days" => p.late_payment.grace_days, "paid more than this many days after due is late";
        "last-invoices" => p.late_payment.last_invoices, "how many recent invoices are looked at";
        "late-invoices" => p.late_payment.late_invoices, "late invoices among them that raise it";
        "high-late-invoices" => p.late_payment.high_late_invoices, "late invoices among them that make it high";
        "unpaid-days" => p.late_payment.unpaid_days, "any invoice unpaid more than this many days after due raises it";
        "high-overdue-days" => p.late_payment.high_overdue_days, "unpaid this many days after due or more: high";
        "unpaid-late-after-days" => p.late_payment.unpaid_late_after_days, "an unpaid invoice counts as late once more than this many days past due";
    });
    flag_section!(v, p, FlagId::BlameShifting, "Client: inbound blame signals (medium).", {
        "signals" => p.blame_shifting.signals, "signals that raise it";
    });
    flag_section!(v, p, FlagId::DisrespectsTime,
        "Client: rush-demand / scope-creep signals and meetings they missed (medium).", {
        "events" => p.disrespects_time.events, "events that raise it";
        "window-days" => p.disrespects_time.window_days, "the window";
    });
    flag_section!(v, p, FlagId::UndervaluesWork, "Client: inbound effort-minimizing signals (low).", {
        "signals" => p.undervalues_work.signals, "signals that raise it";
    });
    flag_section!(v, p, FlagId::RateStagnation,
        "Client: refused rate, rate-pushback, or an effective rate far below the standard rate (medium).", {
        "below-percent" => p.rate_stagnation.below_percent, "effective rate below this % of the standard rate";
        "months" => p.rate_stagnation.months, "over this many months";
        "min-hours" => p.rate_stagnation.min_hours, "hours needed in those months";
    });
    flag_section!(v, p, FlagId::DiscountPressure,
        "Client: discount-request / free-work-request signals (medium; high at high-at).", {
        "signals" => p.discount_pressure.signals, "signals that raise it";
        "window-days" => p.discount_pressure.window_days, "the window";
        "high-at" => p.discount_pressure.high_at, "signals that make it high";
    });
    flag_section!(v, p, FlagId::PriceShopper, "Client: most orders carry a discount (low).", {
        "min-orders" => p.price_shopper.min_orders, "orders needed";
        "discounted-percent" => p.price_shopper.discounted_percent, "this % or more of orders discounted";
    });
    flag_section!(v, p, FlagId::NonAdoption,
        "Client: a paid subscription without active usage (low).", {
        "window-days" => p.non_adoption.window_days, "days without active usage";
    });
    flag_section!(v, p, FlagId::PaysOnlyCommitted,
        "Client: billable extra time not covered by extra invoices (medium).", {
        "after-days" => p.pays_only_committed.after_days, "extra time older than this must be invoiced";
    });
    flag_section!(v, p, FlagId::ExcessiveContact,
        "Client: contacts per week against the median of active clients (medium; high at high-multiple).", {
        "window-days" => p.excessive_contact.window_days, "the window";
        "multiple" => p.excessive_contact.multiple, "times the median that raises it";
        "min-per-week" => p.excessive_contact.min_per_week, "contacts per week needed whatever the median";
        "high-multiple" => p.excessive_contact.high_multiple, "times the median that makes it high";
    });
    flag_section!(v, p, FlagId::StaffDrain,
        "Client: incidents from several reporters, or a large communication share (high).", {
        "reporters" => p.staff_drain.reporters, "distinct reporters that raise it";
        "window-days" => p.staff_drain.window_days, "the window for incidents";
        "communication-percent" => p.staff_drain.communication_percent, "communication share above this %";
        "min-minutes" => p.staff_drain.min_minutes, "minutes of time entries needed before the share is judged";
    });
    flag_section!(v, p, FlagId::LowProfitability,
        "Client: effective hourly rate far below the workspace median (medium).", {
        "below-percent" => p.low_profitability.below_percent, "below this % of the workspace median";
        "min-hours" => p.low_profitability.min_hours, "hours needed in the window";
        "months" => p.low_profitability.months, "the window in months";
    });
    v.section(
        "economics",
        "Revenue share, hours per month and effective rate.",
    )?;
    v.key("months", "the window in months", &mut p.economics.months)?;
    v.section("yearly-review", "flags.md: yearly-review.")?;
    v.key(
        "every-months",
        "due when the last decision is older than this",
        &mut p.yearly_review.every_months,
    )?;
    Ok(())
}

struct Writer {
    out: String,
}

impl Visit for Writer {
    fn section(&mut self, name: &'static str, doc: &str) -> Result<(), PolicyError> {
        self.out.push('\n');
        for line in doc.lines() {
            self.out.push_str("# ");
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.out.push_str(&format!("[{name}]\n"));
        Ok(())
    }

    fn key<T: PolicyValue>(
        &mut self,
        name: &'static str,
        doc: &str,
        v: &mut T,
    ) -> Result<(), PolicyError> {
        let line = format!("{name} = {}", v.write());
        if doc.is_empty() {
            self.out.push_str(&line);
        } else {
            self.out.push_str(&format!("{line:<34} # {doc}"));
        }
        self.out.push('\n');
        Ok(())
    }

    fn rates(&mut self, rates: &mut BTreeMap<Currency, Decimal>) -> Result<(), PolicyError> {
        self.section(
            "rates",
            "What one unit of a currency is worth in the workspace currency, e.g. with USD:\n\
             VND = \"0.0000393\"  THB = \"0.0275\". Amounts in a currency without a rate are\n\
             left out of money sums and listed in the review's warnings.",
        )?;
        for (c, r) in rates.iter_mut() {
            let line = format!("{c} = {}", r.write());
            self.out.push_str(&line);
            self.out.push('\n');
        }
        Ok(())
    }
}

struct Reader<'a> {
    table: &'a toml::Table,
    current: Option<&'a toml::Table>,
    section: &'static str,
    /// Every (section, key) the policy knows; key "" for the section itself.
    seen: Vec<(&'static str, &'static str)>,
}

impl Reader<'_> {
    fn check_unknown(&self) -> Result<(), PolicyError> {
        let known: Vec<String> = self
            .seen
            .iter()
            .filter(|(_, k)| !k.is_empty())
            .map(|(s, k)| format!("{s}.{k}"))
            .collect();
        let unknown = |key: String| {
            let suggestion = closest(&key, &known);
            PolicyError::UnknownKey { key, suggestion }
        };
        for (name, value) in self.table {
            if !self.seen.iter().any(|(s, _)| s == name) {
                return Err(unknown(name.clone()));
            }
            if name == "rates" {
                continue;
            }
            if let Some(t) = value.as_table() {
                for k in t.keys() {
                    if !self.seen.iter().any(|(s, kk)| s == name && kk == k) {
                        return Err(unknown(format!("{name}.{k}")));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The known key nearest to a typo, when it is near enough to be a likely meaning.
fn closest(key: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), k))
        .filter(|(dist, k)| *dist <= 3.max(k.len() / 6))
        .min_by_key(|(dist, _)| *dist)
        .map(|(_, k)| k.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl<'a> Visit for Reader<'a> {
    fn section(&mut self, name: &'static str, _doc: &str) -> Result<(), PolicyError> {
        self.section = name;
        self.seen.push((name, ""));
        self.current = match self.table.get(name) {
            None => None,
            Some(toml::Value::Table(t)) => Some(t),
            Some(other) => {
                return Err(PolicyError::BadValue {
                    key: name.to_owned(),
                    why: format!("expected a section [{name}], found {other}"),
                });
            }
        };
        Ok(())
    }

    fn key<T: PolicyValue>(
        &mut self,
        name: &'static str,
        _doc: &str,
        v: &mut T,
    ) -> Result<(), PolicyError> {
        self.seen.push((self.section, name));
        if let Some(raw) = self.current.and_then(|t| t.get(name)) {
            *v = T::read(raw).map_err(|why| PolicyError::BadValue {
                key: format!("{}.{name}", self.section),
                why,
            })?;
        }
        Ok(())
    }

    fn rates(&mut self, rates: &mut BTreeMap<Currency, Decimal>) -> Result<(), PolicyError> {
        self.section("rates", "")?;
        if let Some(t) = self.current {
            for (code, raw) in t {
                let key = format!("rates.{code}");
                let c: Currency = code.parse().map_err(|e: redflag_domain::MoneyError| {
                    PolicyError::BadValue {
                        key: key.clone(),
                        why: e.to_string(),
                    }
                })?;
                let r = Decimal::read(raw).map_err(|why| PolicyError::BadValue {
                    key: key.clone(),
                    why,
                })?;
                if r.is_zero() {
                    return Err(PolicyError::BadValue {
                        key,
                        why: "a conversion rate of 0 would make every amount vanish".into(),
                    });
                }
                rates.insert(c, r);
            }
        }
        Ok(())
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_toml())
    }
}
