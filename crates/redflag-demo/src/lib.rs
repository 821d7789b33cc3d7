//! Demo and benchmark data for redflag: a small digital agency in Ho Chi Minh City with
//! Vietnamese, Thai and English-speaking prospects and clients, generated deterministically from
//! a seed. Pure: no I/O, no clock, no global state.
//!
//! The workspace counts in **VND** (one invoicing currency, so no conversion rates are needed),
//! in the time zone `Asia/Ho_Chi_Minh`, business hours `Mon-Fri 08:00-18:00`, standard rate
//! 800,000 VND an hour. Thai clients are invoiced in VND too.
//!
//! The 48 parties of the roster are 24 troubled personas taken from the five source articles,
//! chosen so that every flag of `spec/flags.md` fires for at least one party under the default
//! policy, and 24 healthy parties (21 clients, 3 prospects) with regular, paid, on-time
//! invoices, ordinary messages in business hours and rates at or above the standard rate.
//! [`expectations`] lists, for each party, the flags and the recommendation the default policy
//! should give. Past 48 parties the roster repeats with new ids.
//!
//! ```
//! use redflag_demo::{DemoConfig, generate};
//! use redflag_domain::{Record, jiff::civil::date};
//! let cfg = DemoConfig::new(7, date(2025, 6, 30));
//! let records: Vec<Record> = generate(&cfg).collect();
//! assert!(matches!(records[0], Record::Workspace(_)));
//! assert!(records.len() > 5_000);
//! ```
//!
//! Messages carry no signals (`signals` empty, `hits` empty): the service classifies them when
//! it imports them.
#![deny(missing_docs)]

mod base;
mod build;
mod personas;
mod rng;
mod roster;
mod texts;

use redflag_domain::jiff::civil::Date;
use redflag_domain::*;

use crate::build::{B, Ctx, Pending, STANDARD_RATE, party_id};
use crate::rng::{Rng, mix};
use crate::roster::{Kind, ROSTER};
use crate::texts::Style;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    /// Everything random follows from this seed; the same seed gives the same records.
    pub seed: u64,
    /// How many parties (default 48: the whole roster once; past 48 the roster repeats).
    pub parties: usize,
    /// The date the history ends on; nothing is dated after it.
    pub as_of: Date,
    /// History length in calendar months (default 14; the flags need at least 12).
    pub months: u32,
    /// `None`: realistic volumes (a few hundred events per client). `Some(n)`: ordinary
    /// messages, calls and time entries are added until each party has about `n` events (never
    /// fewer than its realistic history), for benchmarks.
    pub events_per_party: Option<usize>,
}

impl DemoConfig {
    /// The defaults (48 parties, 14 months, realistic volumes) for a seed and an as-of date.
    pub fn new(seed: u64, as_of: Date) -> DemoConfig {
        DemoConfig {
            seed,
            parties: ROSTER.len(),
            as_of,
            months: 14,
            events_per_party: None,
        }
    }
}

/// The standard hourly rate of the demo workspace (VND).
pub const STANDARD_HOURLY_RATE_VND: i64 = STANDARD_RATE;

/// The workspace line of the demo: `Asia/Ho_Chi_Minh`, VND, `Mon-Fri 08:00-18:00`, 800,000 VND.
pub fn workspace() -> Workspace {
    Workspace {
        timezone: Some("Asia/Ho_Chi_Minh".to_owned()),
        currency: Some(Currency::VND),
        business_hours: Some("Mon-Fri 08:00-18:00".to_owned()),
        standard_rate: Some(Decimal::from(STANDARD_RATE)),
    }
}

/// What the default policy should say about one generated party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The party's id.
    pub party: PartyId,
    /// Its name.
    pub name: String,
    /// Prospect or client.
    pub role: Role,
    /// The persona, in a few words, with the seed it comes from.
    pub persona: &'static str,
    /// Exactly the flags that should fire as of the as-of date.
    pub flags: &'static [FlagId],
    /// The recommendation those flags give.
    pub recommendation: Recommendation,
    /// Whether the party was built healthy (no flag at all by construction).
    pub healthy: bool,
}

/// The expected review of every party [`generate`] makes for `cfg`. Holds for realistic volumes
/// (`events_per_party: None`) and `months >= 14`; benchmark filler changes contact volumes.
pub fn expectations(cfg: &DemoConfig) -> Vec<Expectation> {
    (1..=cfg.parties)
        .map(|i| {
            let a = &ROSTER[(i - 1) % ROSTER.len()];
            Expectation {
                party: PartyId::new(id_of(i)),
                name: name_of(i),
                role: a.role,
                persona: a.persona,
                flags: a.flags,
                recommendation: a.recommendation,
                healthy: matches!(
                    a.kind,
                    Kind::Healthy | Kind::HealthyProduct | Kind::HealthyProspect
                ),
            }
        })
        .collect()
}

fn id_of(i: usize) -> String {
    let a = &ROSTER[(i - 1) % ROSTER.len()];
    party_id(if a.role == Role::Prospect { "p" } else { "c" }, i)
}

fn name_of(i: usize) -> String {
    let a = &ROSTER[(i - 1) % ROSTER.len()];
    let round = (i - 1) / ROSTER.len();
    if round == 0 {
        a.name.to_owned()
    } else {
        format!("{} ({})", a.name, round + 1)
    }
}

/// Streams the demo records: the workspace line first, then for each party its party record
/// followed by its events in time order. Only one party's events are held at a time.
pub fn generate(cfg: &DemoConfig) -> Generator {
    Generator {
        ctx: Ctx::new(cfg.as_of, cfg.months),
        cfg: cfg.clone(),
        started: false,
        next_party: 1,
        party: None,
        pending: Vec::new(),
        order: Vec::new(),
    }
}

/// The iterator [`generate`] returns.
#[derive(Debug)]
pub struct Generator {
    cfg: DemoConfig,
    ctx: Ctx,
    started: bool,
    next_party: usize,
    /// The current party's record, until it is emitted.
    party: Option<Party>,
    /// The current party's events, in the order they were built.
    pending: Vec<Pending>,
    /// Indexes into `pending` in time order, last first (sorting keys moves far less memory
    /// than sorting events).
    order: Vec<(i64, u32)>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.event.fmt(f)
    }
}

impl Generator {
    fn build_party(&mut self, i: usize) {
        let a = &ROSTER[(i - 1) % ROSTER.len()];
        let pid = PartyId::new(id_of(i));
        let mut rng = Rng::new(mix(self.cfg.seed, i as u64));
        let phone_tail = rng.range(1_000_000, 9_999_999);
        let (lang, tz, phone, mail) = match a.style {
            Style::Vi | Style::ViChat => (
                Lang::Vi,
                "Asia/Ho_Chi_Minh",
                format!("+8490{phone_tail}"),
                "lienhe",
            ),
            Style::Th => (
                Lang::Th,
                "Asia/Bangkok",
                format!("+6681{phone_tail}"),
                "contact",
            ),
            Style::En => (
                Lang::En,
                "Asia/Ho_Chi_Minh",
                format!("+8493{phone_tail}"),
                "hello",
            ),
        };
        let mut events = std::mem::take(&mut self.pending);
        events.clear();
        let mut b = B::new(&self.ctx, pid.clone(), rng, events);
        personas::build(&mut b, a.kind, a.style);
        if let Some(n) = self.cfg.events_per_party {
            base::fill(&mut b, a.style, n);
        }
        let since_d = b.since_d;
        let events = b.events;
        self.order.clear();
        self.order
            .extend(events.iter().enumerate().map(|(i, p)| (p.secs, i as u32)));
        // Latest first, so that `pop` yields them oldest first; ties keep build order.
        self.order
            .sort_unstable_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
        let first = since_d
            .or(self.order.last().map(|&(_, i)| events[i as usize].d))
            .unwrap_or(0);
        self.pending = events;
        self.party = Some(Party {
            id: pid.clone(),
            name: name_of(i),
            role: a.role,
            lang: Some(lang),
            timezone: Some(tz.to_owned()),
            emails: vec![format!("{mail}@{pid}.example")],
            phones: vec![phone],
            since: Some(self.ctx.date(first)),
            tags: if a.role == Role::Prospect {
                vec!["lead".to_owned()]
            } else {
                Vec::new()
            },
        });
    }

    fn next_event(&mut self) -> Option<Record> {
        let (_, i) = self.order.pop()?;
        self.pending[i as usize].event.take().map(Record::Event)
    }
}

impl Iterator for Generator {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if !self.started {
            self.started = true;
            return Some(Record::Workspace(workspace()));
        }
        if let Some(p) = self.party.take() {
            return Some(Record::Party(p));
        }
        if let Some(r) = self.next_event() {
            return Some(r);
        }
        if self.next_party > self.cfg.parties {
            return None;
        }
        let i = self.next_party;
        self.next_party += 1;
        self.build_party(i);
        self.party.take().map(Record::Party)
    }
}
