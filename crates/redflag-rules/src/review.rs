//! The review: a streaming pass per party, then the cross-party flags in `finish`.

use std::collections::{BTreeMap, HashMap};

use redflag_domain::jiff::civil::Date;
use redflag_domain::{
    Currency, DealStage, Decimal, Direction, Event, EventBody, FlagId, IncidentCategory,
    MeetingStatus, Money, Party, RateStatus, Recommendation, Role, Severity, Side, Signal,
};

use crate::days::{Moment, as_of_day, date_of, moment, months_window_start, weekday};
use crate::explain::{self as ex, Fmt};
use crate::output::{DecisionRecord, Economics, FlagResult, PartyReview, Review, Warning};
use crate::policy::Policy;

/// How many event ids a warning lists.
const WARNING_EXAMPLES: usize = 5;

/// Reviews parties one at a time as of a date; see the crate docs.
pub struct Reviewer<'p> {
    policy: &'p Policy,
    as_of: Date,
    day: i32,
    summaries: Vec<Summary>,
    missing_rates: BTreeMap<Currency, (u64, Vec<String>)>,
    scratch: Scratch,
}

/// What `finish` needs of one party.
struct Summary {
    review: PartyReview,
    abuse_after_warning: bool,
    /// Inbound contacts in the `excessive-contact` window.
    contacts: u32,
    /// Their ids, kept only when the party could reach the per-week minimum.
    contact_ids: Option<Vec<String>>,
    revenue_econ: Decimal,
    minutes_econ: u64,
    revenue_lp: Decimal,
    minutes_lp: u64,
    /// Invoices and time entries of the low-profitability window, kept only when the party
    /// logged enough hours to be judged.
    lp_ids: Option<Vec<String>>,
}

/// Per-kind lists of `(event index, moment)`, reused from party to party so that a review
/// allocates per party, not per event.
#[derive(Default)]
struct Scratch {
    messages: Vec<(u32, Moment)>,
    contacts: Vec<(u32, Moment)>,
    signals: Vec<Vec<(u32, i32)>>,
    meetings: Vec<(u32, i32)>,
    deals: Vec<(u32, i32)>,
    invoices: Vec<(u32, i32)>,
    payments: Vec<(u32, i32)>,
    times: Vec<(u32, i32)>,
    expenses: Vec<(u32, i32)>,
    rates: Vec<(u32, i32)>,
    orders: Vec<(u32, i32)>,
    usages: Vec<(u32, i32)>,
    subscriptions: Vec<(u32, i32)>,
    incidents: Vec<(u32, i32)>,
    decisions: Vec<(u32, i32)>,
}

impl Scratch {
    fn clear(&mut self) {
        if self.signals.len() != Signal::ALL.len() {
            self.signals = vec![Vec::new(); Signal::ALL.len()];
        }
        for v in &mut self.signals {
            v.clear();
        }
        self.messages.clear();
        self.contacts.clear();
        for v in [
            &mut self.meetings,
            &mut self.deals,
            &mut self.invoices,
            &mut self.payments,
            &mut self.times,
            &mut self.expenses,
            &mut self.rates,
            &mut self.orders,
            &mut self.usages,
            &mut self.subscriptions,
            &mut self.incidents,
            &mut self.decisions,
        ] {
            v.clear();
        }
    }
}

/// A non-void invoice with what became of it.
struct InvoiceState {
    idx: u32,
    issued: i32,
    due: i32,
    amount: Money,
    paid: Decimal,
    /// The day and the payment event that brought the payments up to the amount.
    paid_on: Option<(i32, u32)>,
    /// The amount in the workspace currency (None when it has no rate).
    converted: Option<Decimal>,
}

impl<'p> Reviewer<'p> {
    /// A review as of `as_of`: every window ends on that date and nothing after it is seen.
    pub fn new(policy: &'p Policy, as_of: Date) -> Self {
        Reviewer {
            policy,
            as_of,
            day: as_of_day(as_of),
            summaries: Vec::new(),
            missing_rates: BTreeMap::new(),
            scratch: Scratch::default(),
        }
    }

    /// Assesses one party from its events (ordered by time; events after the as-of date are
    /// ignored). Flags that need no other party are decided here.
    pub fn add_party(&mut self, party: &Party, events: &[Event]) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let tz = self.policy.tz();
        let mut first_day = party.since.map(crate::days::day_number);
        // flags.md: idea-extraction. A proposal is a `proposal-sent` deal step, or our first
        // reply after each inbound ask for ideas (a later reminder of ours is not one).
        let mut idea = IdeaTrail::default();
        for (i, e) in events.iter().enumerate() {
            let m = moment(e.at, tz);
            if m.day > self.day {
                continue; // flags.md: nothing dated after the as-of date exists.
            }
            let i = i as u32;
            first_day = Some(first_day.map_or(m.day, |f| f.min(m.day)));
            let s = &mut scratch;
            match &e.body {
                EventBody::Message(msg) => {
                    s.messages.push((i, m));
                    if msg.direction == Direction::In {
                        s.contacts.push((i, m));
                        idea.last_inbound = Some(m.day);
                        // flags.md: signals count only on inbound messages.
                        for sig in msg.signals.iter() {
                            s.signals[sig as usize].push((i, m.day));
                        }
                        if msg.signals.contains(Signal::IdeaExtraction) {
                            idea.awaiting_answer = true;
                        }
                    } else if idea.awaiting_answer {
                        idea.proposals.push((i, m.day));
                        idea.awaiting_answer = false;
                    }
                }
                EventBody::Call(c) => {
                    if c.direction == Direction::In {
                        s.contacts.push((i, m));
                        idea.last_inbound = Some(m.day);
                    }
                }
                EventBody::Meeting(_) => s.meetings.push((i, m.day)),
                EventBody::Deal(d) => {
                    s.deals.push((i, m.day));
                    match d.stage {
                        DealStage::ProposalSent => idea.proposals.push((i, m.day)),
                        DealStage::Won => idea = IdeaTrail::default(),
                        _ => {}
                    }
                }
                EventBody::Invoice(_) => s.invoices.push((i, m.day)),
                EventBody::Payment(_) => s.payments.push((i, m.day)),
                EventBody::Time(_) => s.times.push((i, m.day)),
                EventBody::Expense(_) => s.expenses.push((i, m.day)),
                EventBody::Rate(_) => s.rates.push((i, m.day)),
                EventBody::Order(_) => s.orders.push((i, m.day)),
                EventBody::Usage(_) => s.usages.push((i, m.day)),
                EventBody::Subscription(_) => s.subscriptions.push((i, m.day)),
                EventBody::Incident(_) => s.incidents.push((i, m.day)),
                EventBody::Decision(_) => s.decisions.push((i, m.day)),
            }
        }
        let mut ctx = Ctx {
            p: self.policy,
            day: self.day,
            party,
            events,
            s: &scratch,
            flags: Vec::new(),
            missing: &mut self.missing_rates,
            first_day,
        };
        let summary = ctx.assess(&idea);
        self.summaries.push(summary);
        self.scratch = scratch;
    }

    /// Completes the cross-party flags (`excessive-contact`, `low-profitability`) and the
    /// revenue shares, scores and sorts.
    pub fn finish(self) -> Review {
        let p = self.policy;
        let lang = p.language;
        let client = |s: &Summary| s.review.role.is_client_like();

        // flags.md: excessive-contact; active clients have an inbound contact in the window.
        let mut active: Vec<u32> = self
            .summaries
            .iter()
            .filter(|s| client(s) && s.contacts > 0)
            .map(|s| s.contacts)
            .collect();
        active.sort_unstable();
        let median_contacts = median(&active.iter().map(|&c| Decimal::from(c)).collect::<Vec<_>>());

        // flags.md: low-profitability; the median over clients that logged hours.
        let mut rates: Vec<Decimal> = self
            .summaries
            .iter()
            .filter(|s| client(s) && s.minutes_lp > 0)
            .map(|s| s.revenue_lp * Decimal::from(60) / Decimal::from(s.minutes_lp))
            .collect();
        rates.sort_unstable();
        let median_rate = median(&rates);

        let total_revenue: Decimal = self.summaries.iter().map(|s| s.revenue_econ).sum();
        let mut parties = Vec::with_capacity(self.summaries.len());
        for mut s in self.summaries {
            let ec = &p.excessive_contact;
            if client(&s)
                && p.enabled[FlagId::ExcessiveContact]
                && let (Some(med), Some(ids)) = (median_contacts, s.contact_ids.take())
                && med > Decimal::ZERO
            {
                let c = Decimal::from(s.contacts);
                if c >= ec.multiple * med {
                    let severity = if c >= ec.high_multiple * med {
                        Severity::High
                    } else {
                        Severity::Medium
                    };
                    let weeks = Decimal::from(ec.window_days) / Decimal::from(7);
                    let per_week = c / weeks;
                    let text = ex::excessive_contact(
                        lang,
                        Fmt::dec1(per_week),
                        ec.window_days,
                        Fmt::dec1(c / med),
                        Fmt::dec1(med / weeks),
                    );
                    s.review.flags.push(FlagResult {
                        id: FlagId::ExcessiveContact,
                        severity,
                        evidence: ids,
                        explanation: text,
                    });
                }
            }
            let lp = &p.low_profitability;
            let lp_rate = (s.minutes_lp > 0)
                .then(|| s.revenue_lp * Decimal::from(60) / Decimal::from(s.minutes_lp));
            if client(&s)
                && p.enabled[FlagId::LowProfitability]
                && let (Some(med), Some(rate), Some(ids)) = (median_rate, lp_rate, s.lp_ids.take())
                && rate * Decimal::from(100) < lp.below_percent * med
            {
                let pct = if med.is_zero() {
                    Decimal::ZERO
                } else {
                    rate * Decimal::from(100) / med
                };
                let text = ex::low_profitability(
                    lang,
                    lp.months,
                    Fmt::money(rate, p.currency),
                    Fmt::hours(s.minutes_lp),
                    Fmt::pct(pct),
                    Fmt::money(med, p.currency),
                );
                s.review.flags.push(FlagResult {
                    id: FlagId::LowProfitability,
                    severity: Severity::Medium,
                    evidence: ids,
                    explanation: text,
                });
            }
            let months = Decimal::from(p.economics.months.max(1));
            s.review.economics = Economics {
                revenue_share: if total_revenue.is_zero() {
                    0.0
                } else {
                    round_f64(s.revenue_econ / total_revenue, 4)
                },
                hours_per_month: round_f64(
                    Decimal::from(s.minutes_econ) / Decimal::from(60) / months,
                    1,
                ),
                effective_hourly_rate: (s.minutes_econ > 0).then(|| {
                    money_dp(
                        s.revenue_econ * Decimal::from(60) / Decimal::from(s.minutes_econ),
                        p.currency,
                    )
                }),
                currency: p.currency,
                revenue_12m: money_dp(s.revenue_econ, p.currency),
                hours_12m: round_f64(Decimal::from(s.minutes_econ) / Decimal::from(60), 2),
                workspace_median_rate: median_rate.map(|m| money_dp(m, p.currency)),
            };
            finalize(p, &mut s.review, s.abuse_after_warning);
            parties.push(s.review);
        }
        parties.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.party.cmp(&b.party)));

        let warnings = self
            .missing_rates
            .into_iter()
            .map(|(c, (count, examples))| Warning {
                code: "missing-rate".into(),
                currency: Some(c),
                count,
                message: format!(
                    "{count} amount(s) in {c} were left out of money sums: the policy has no rate \
                     from {c} to {ws} (add it under [rates], e.g. {c} = \"...\")",
                    ws = p.currency
                ),
                examples,
            })
            .collect();
        Review {
            as_of: self.as_of,
            parties,
            warnings,
        }
    }
}

/// Sorts the flags, decides the recommendation and the score.
fn finalize(p: &Policy, r: &mut PartyReview, abuse_after_warning: bool) {
    r.flags
        .sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
    r.recommendation = recommend(r.role, &r.flags, abuse_after_warning);
    r.score = score(p, r.recommendation, &r.flags);
}

/// flags.md: Recommendation.
pub(crate) fn recommend(
    role: Role,
    flags: &[FlagResult],
    abuse_after_warning: bool,
) -> Recommendation {
    let highs = flags
        .iter()
        .filter(|f| f.severity == Severity::High)
        .count();
    let mediums = flags
        .iter()
        .filter(|f| f.severity == Severity::Medium)
        .count();
    let has = |id| flags.iter().any(|f: &FlagResult| f.id == id);
    let fear_and_high = has(FlagId::FearTactics) && highs >= 2;
    let continued_abuse = abuse_after_warning && has(FlagId::AbusiveConduct);
    if highs >= 2 || continued_abuse || fear_and_high {
        if role == Role::Prospect {
            Recommendation::Decline
        } else {
            Recommendation::LetGo
        }
    } else if highs >= 1 || mediums >= 2 {
        Recommendation::Talk
    } else if mediums == 1 {
        Recommendation::Watch
    } else {
        Recommendation::Keep
    }
}

/// The score: severity points times flag weight, summed, rounded, then held inside the band
/// of the recommendation, so a party never scores below one with a milder recommendation.
pub(crate) fn score(p: &Policy, rec: Recommendation, flags: &[FlagResult]) -> u8 {
    let sp = &p.score;
    let raw: f64 = flags
        .iter()
        .map(|f| {
            let points = match f.severity {
                Severity::Low => sp.low,
                Severity::Medium => sp.medium,
                Severity::High => sp.high,
            };
            points * p.weights[f.id]
        })
        .sum();
    let (lo, hi) = match rec {
        Recommendation::Keep => (0, sp.watch_from.saturating_sub(1)),
        Recommendation::Watch => (sp.watch_from, sp.talk_from.saturating_sub(1)),
        Recommendation::Talk => (sp.talk_from, sp.leave_from.saturating_sub(1)),
        Recommendation::LetGo | Recommendation::Decline => (sp.leave_from, 100),
    };
    let hi = hi.max(lo).min(100);
    let raw = raw.round().clamp(0.0, 100.0) as u32;
    raw.clamp(lo.min(hi), hi) as u8
}

fn median(sorted: &[Decimal]) -> Option<Decimal> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::from(2)),
    }
}

fn round_f64(d: Decimal, dp: u32) -> f64 {
    d.round_dp(dp).to_string().parse().unwrap_or(0.0)
}

/// Rounded to the currency's minor units and written with all of them ("38.00").
pub(crate) fn money_dp(d: Decimal, c: Currency) -> Decimal {
    let mut r = c.round(d);
    r.rescale(c.minor_units());
    r
}

/// The evaluation of one party's flags.
/// What idea-extraction needs from the event stream (flags.md: idea-extraction).
#[derive(Default)]
struct IdeaTrail {
    /// Our proposals: `proposal-sent` deal steps and our first reply to each ask for ideas.
    proposals: Vec<(u32, i32)>,
    /// An inbound ask for ideas that we have not answered yet.
    awaiting_answer: bool,
    /// The day of the last inbound message or call.
    last_inbound: Option<i32>,
}

struct Ctx<'a> {
    p: &'a Policy,
    day: i32,
    party: &'a Party,
    events: &'a [Event],
    s: &'a Scratch,
    flags: Vec<FlagResult>,
    missing: &'a mut BTreeMap<Currency, (u64, Vec<String>)>,
    first_day: Option<i32>,
}

fn reached(count: usize, threshold: u32) -> bool {
    count >= threshold.max(1) as usize
}

impl Ctx<'_> {
    fn start(&self, days: u32) -> i32 {
        self.day - (days as i32 - 1)
    }

    fn ev(&self, idx: u32) -> &Event {
        &self.events[idx as usize]
    }

    fn sig(&self, s: Signal) -> &[(u32, i32)] {
        &self.s.signals[s as usize]
    }

    fn sig_in(&self, s: Signal, days: u32) -> impl Iterator<Item = u32> + '_ {
        let start = self.start(days);
        self.sig(s)
            .iter()
            .filter(move |(_, d)| *d >= start)
            .map(|(i, _)| *i)
    }

    fn convert(&mut self, m: &Money, idx: u32) -> Option<Decimal> {
        match self.p.rate(m.currency) {
            Some(r) => Some(m.amount * r),
            None => {
                let entry = self.missing.entry(m.currency).or_default();
                entry.0 += 1;
                if entry.1.len() < WARNING_EXAMPLES {
                    entry
                        .1
                        .push(self.events[idx as usize].id.as_str().to_owned());
                }
                None
            }
        }
    }

    fn raise(&mut self, id: FlagId, severity: Severity, mut evidence: Vec<u32>, text: String) {
        if !self.p.enabled[id] {
            return;
        }
        evidence.sort_unstable();
        evidence.dedup();
        let evidence = evidence
            .into_iter()
            .map(|i| self.events[i as usize].id.as_str().to_owned())
            .collect();
        self.flags.push(FlagResult {
            id,
            severity,
            evidence,
            explanation: text,
        });
    }

    fn date(&self, idx: u32) -> Date {
        self.ev(idx).at.local_date(self.p.tz())
    }

    fn assess(&mut self, idea: &IdeaTrail) -> Summary {
        let role = self.party.role;
        let prospect = role == Role::Prospect;
        let client = role.is_client_like();
        let invoices = self.invoice_states();

        if prospect {
            self.idea_extraction(idea);
            self.costly_acquisition();
            self.already_helped();
            self.third_party_request();
            self.cannot_pay(&invoices);
        }
        self.chronic_stalling();
        let abuse_after_warning = self.abusive_conduct();
        self.guarantee_demand();
        self.unrealistic_expectations();
        let after_hours = self.after_hours_contact();
        self.boundary_violation(after_hours);
        if client {
            self.exploitative_terms();
            self.fear_tactics();
            self.late_payment(&invoices);
            self.blame_shifting();
            self.disrespects_time();
            self.undervalues_work();
            self.rate_stagnation(&invoices);
            self.discount_pressure();
            self.price_shopper();
            self.non_adoption();
            self.pays_only_committed(&invoices);
            self.staff_drain();
        }

        // Cross-party metrics.
        let p = self.p;
        let ec_start = self.start(p.excessive_contact.window_days);
        let contacts: Vec<u32> = self
            .s
            .contacts
            .iter()
            .filter(|(_, m)| m.day >= ec_start)
            .map(|(i, _)| *i)
            .collect();
        let ec = &p.excessive_contact;
        let could_be_excessive = client
            && Decimal::from(contacts.len() as u64) * Decimal::from(7)
                >= ec.min_per_week * Decimal::from(ec.window_days);
        let contact_ids = could_be_excessive.then(|| self.ids(&contacts));

        let econ_start = months_window_start(date_of(self.day), p.economics.months);
        let lp_start = months_window_start(date_of(self.day), p.low_profitability.months);
        let (revenue_econ, minutes_econ, _) = self.revenue_hours(&invoices, econ_start);
        let (revenue_lp, minutes_lp, lp_idx) = self.revenue_hours(&invoices, lp_start);
        let lp_ids = (client && minutes_lp >= u64::from(p.low_profitability.min_hours) * 60)
            .then(|| self.ids(&lp_idx));

        let (last_decision, next_review, review_due) = self.decisions();
        let review = PartyReview {
            party: self.party.id.clone(),
            name: self.party.name.clone(),
            role,
            score: 0,
            recommendation: Recommendation::Keep,
            flags: std::mem::take(&mut self.flags),
            economics: Economics {
                revenue_share: 0.0,
                hours_per_month: 0.0,
                effective_hourly_rate: None,
                currency: p.currency,
                revenue_12m: Decimal::ZERO,
                hours_12m: 0.0,
                workspace_median_rate: None,
            },
            last_decision,
            next_review,
            review_due,
        };
        Summary {
            review,
            abuse_after_warning,
            contacts: contacts.len() as u32,
            contact_ids,
            revenue_econ,
            minutes_econ,
            revenue_lp,
            minutes_lp,
            lp_ids,
        }
    }

    fn ids(&self, idx: &[u32]) -> Vec<String> {
        let mut idx = idx.to_vec();
        idx.sort_unstable();
        idx.dedup();
        idx.iter()
            .map(|&i| self.ev(i).id.as_str().to_owned())
            .collect()
    }

    /// flags.md: Revenue, Hours. Invoices issued and time logged from `start` to the as-of
    /// date, with the indices of both.
    fn revenue_hours(&self, invoices: &[InvoiceState], start: i32) -> (Decimal, u64, Vec<u32>) {
        let mut revenue = Decimal::ZERO;
        let mut idx = Vec::new();
        for inv in invoices.iter().filter(|i| i.issued >= start) {
            if let Some(c) = inv.converted {
                revenue += c;
            }
            idx.push(inv.idx);
        }
        let mut minutes = 0u64;
        for &(i, d) in &self.s.times {
            if d >= start
                && let EventBody::Time(t) = &self.ev(i).body
            {
                minutes += u64::from(t.minutes);
                idx.push(i);
            }
        }
        (revenue, minutes, idx)
    }

    /// Non-void invoices with their payments applied, in issue order.
    fn invoice_states(&mut self) -> Vec<InvoiceState> {
        let mut out: Vec<InvoiceState> = Vec::with_capacity(self.s.invoices.len());
        let invoices = self.s.invoices.clone();
        for (i, issued) in invoices {
            if let EventBody::Invoice(inv) = &self.ev(i).body
                && inv.status != redflag_domain::InvoiceStatus::Void
            {
                let amount = inv.amount;
                let due = crate::days::day_number(inv.due);
                let converted = self.convert(&amount, i);
                out.push(InvoiceState {
                    idx: i,
                    issued,
                    due,
                    amount,
                    paid: Decimal::ZERO,
                    paid_on: None,
                    converted,
                });
            }
        }
        if out.is_empty() {
            return out;
        }
        let by_id: HashMap<&str, usize> = out
            .iter()
            .enumerate()
            .map(|(k, inv)| (self.events[inv.idx as usize].id.as_str(), k))
            .collect();
        for &(pi, pday) in &self.s.payments {
            let EventBody::Payment(pay) = &self.events[pi as usize].body else {
                continue;
            };
            let Some(&k) = by_id.get(pay.invoice.as_str()) else {
                continue;
            };
            let inv = &mut out[k];
            if inv.paid_on.is_some() {
                continue;
            }
            let amount = if pay.amount.currency == inv.amount.currency {
                Some(pay.amount.amount)
            } else {
                // A payment in another currency: compare through the workspace currency.
                match (
                    self.p.rate(pay.amount.currency),
                    self.p.rate(inv.amount.currency),
                ) {
                    (Some(a), Some(b)) if !b.is_zero() => Some(pay.amount.amount * a / b),
                    _ => None,
                }
            };
            if let Some(a) = amount {
                inv.paid += a;
                if inv.paid >= inv.amount.amount {
                    inv.paid_on = Some((pday, pi));
                }
            }
        }
        out
    }

    // ---- prospect flags ----

    /// flags.md: idea-extraction. The silence runs from the later of the last proposal and the
    /// last inbound contact: a bare "received, thanks" after the proposal does not end it.
    fn idea_extraction(&mut self, idea: &IdeaTrail) {
        let Some(&(last_idx, last_day)) = idea.proposals.last() else {
            return;
        };
        let from = idea.last_inbound.map_or(last_day, |d| d.max(last_day));
        let silent = self.day - from;
        if silent < self.p.idea_extraction.silence_days as i32 {
            return;
        }
        let mut ev: Vec<u32> = self
            .sig(Signal::IdeaExtraction)
            .iter()
            .map(|(i, _)| *i)
            .filter(|i| *i < last_idx)
            .collect();
        let asked = !ev.is_empty();
        ev.extend(idea.proposals.iter().map(|(i, _)| *i));
        ev.sort_unstable();
        ev.dedup();
        let text = ex::idea_extraction(self.p.language, asked, self.date(last_idx), silent);
        self.raise(FlagId::IdeaExtraction, Severity::High, ev, text);
    }

    /// flags.md: costly-acquisition.
    fn costly_acquisition(&mut self) {
        let deals = self.s.deals.clone();
        let mut value: Option<(u32, Decimal)> = None;
        for (i, _) in deals {
            if let EventBody::Deal(d) = &self.ev(i).body
                && let Some(v) = d.value
                && let Some(c) = self.convert(&v, i)
            {
                value = Some((i, c));
            }
        }
        let Some((deal_idx, value)) = value else {
            return;
        };
        if value <= Decimal::ZERO {
            return;
        }
        let mut ev = Vec::new();
        let mut expenses = Decimal::ZERO;
        let events = self.events;
        for (i, _) in self.s.expenses.clone() {
            if let EventBody::Expense(x) = &events[i as usize].body
                && x.purpose == redflag_domain::ExpensePurpose::Acquisition
                && let Some(c) = self.convert(&x.amount, i)
            {
                expenses += c;
                ev.push(i);
            }
        }
        let mut minutes = 0u64;
        for &(i, _) in &self.s.times {
            if let EventBody::Time(t) = &self.ev(i).body
                && t.activity == redflag_domain::Activity::PreSale
                && !t.billable
            {
                minutes += u64::from(t.minutes);
                ev.push(i);
            }
        }
        let hours_cost = Decimal::from(minutes) * self.p.standard_rate / Decimal::from(60);
        let cost = expenses + hours_cost;
        let pct = cost * Decimal::from(100) / value;
        let ca = &self.p.costly_acquisition;
        if pct <= ca.above_percent || cost.is_zero() {
            return;
        }
        let severity = if pct > ca.high_above_percent {
            Severity::High
        } else {
            Severity::Medium
        };
        ev.push(deal_idx);
        let cur = self.p.currency;
        let text = ex::costly_acquisition(
            self.p.language,
            Fmt::money(cost, cur),
            Fmt::pct(pct),
            Fmt::money(value, cur),
            Fmt::money(expenses, cur),
            Fmt::hours(minutes),
        );
        self.raise(FlagId::CostlyAcquisition, severity, ev, text);
    }

    /// flags.md: already-helped. A subject is resolved when a deal on it was won and then
    /// closed; a later deal step (lead, proposal, verbal yes, postponed, won) on the same
    /// subject, or an inbound message tagged with it, is a new request.
    fn already_helped(&mut self) {
        fn norm(s: &str) -> String {
            s.trim().to_lowercase()
        }
        // subject -> (won idx, closed idx)
        let mut won: Vec<(String, u32)> = Vec::new();
        let mut resolved: Vec<(String, u32, u32)> = Vec::new();
        let mut hit: Option<(String, u32, u32, u32)> = None;
        for &(i, _) in &self.s.deals {
            let EventBody::Deal(d) = &self.ev(i).body else {
                continue;
            };
            let Some(subject) = d.subject.as_deref().map(norm) else {
                continue;
            };
            match d.stage {
                DealStage::Closed => {
                    if let Some(k) = won.iter().position(|(s, _)| *s == subject) {
                        let (s, w) = won.remove(k);
                        resolved.push((s, w, i));
                    }
                }
                DealStage::Lost => {}
                stage => {
                    if hit.is_none()
                        && let Some((_, w, c)) = resolved.iter().find(|(s, _, _)| *s == subject)
                    {
                        hit = Some((subject.clone(), *w, *c, i));
                    }
                    if stage == DealStage::Won {
                        won.push((subject, i));
                    }
                }
            }
        }
        if hit.is_none() {
            'outer: for &(i, _) in &self.s.messages {
                let e = self.ev(i);
                if let EventBody::Message(m) = &e.body
                    && m.direction == Direction::In
                {
                    for t in &e.tags {
                        let t = norm(t);
                        if let Some((s, w, c)) = resolved.iter().find(|(s, _, c)| *s == t && *c < i)
                        {
                            hit = Some((s.clone(), *w, *c, i));
                            break 'outer;
                        }
                    }
                }
            }
        }
        let Some((subject, w, c, req)) = hit else {
            return;
        };
        let text = ex::already_helped(self.p.language, &subject, self.date(w), self.date(c));
        self.raise(FlagId::AlreadyHelped, Severity::Low, vec![w, c, req], text);
    }

    /// flags.md: third-party-request.
    fn third_party_request(&mut self) {
        let ev: Vec<u32> = self
            .sig(Signal::ThirdParty)
            .iter()
            .map(|(i, _)| *i)
            .collect();
        if !reached(ev.len(), self.p.third_party_request.signals) {
            return;
        }
        let text = ex::third_party(self.p.language, ev.len());
        self.raise(FlagId::ThirdPartyRequest, Severity::Medium, ev, text);
    }

    /// flags.md: cannot-pay. Signals are counted per label, on messages before the payment
    /// that first brought an invoice up to its amount.
    fn cannot_pay(&mut self, invoices: &[InvoiceState]) {
        let first_paid = invoices
            .iter()
            .filter_map(|i| i.paid_on.map(|(_, pi)| pi))
            .min()
            .unwrap_or(u32::MAX);
        let mut ev = Vec::new();
        let mut labels = 0usize;
        for s in [
            Signal::DiscountRequest,
            Signal::PaymentStall,
            Signal::BarterOffer,
        ] {
            for &(i, _) in self.sig(s) {
                if i < first_paid {
                    labels += 1;
                    ev.push(i);
                }
            }
        }
        if !reached(labels, self.p.cannot_pay.signals) {
            return;
        }
        let text = ex::cannot_pay(self.p.language, labels);
        self.raise(FlagId::CannotPay, Severity::High, ev, text);
    }

    // ---- flags for prospects and clients ----

    /// flags.md: chronic-stalling.
    fn chronic_stalling(&mut self) {
        let cs = &self.p.chronic_stalling;
        let start = self.start(cs.window_days);
        let mut ev: Vec<u32> = Vec::new();
        for &(i, d) in &self.s.meetings {
            if d >= start
                && let EventBody::Meeting(m) = &self.ev(i).body
                && m.status != MeetingStatus::Held
                && m.by == Some(Side::Party)
            {
                ev.push(i);
            }
        }
        let deals = &self.s.deals;
        for &(i, d) in deals {
            if d >= start
                && let EventBody::Deal(deal) = &self.ev(i).body
                && deal.stage == DealStage::Postponed
            {
                ev.push(i);
            }
        }
        ev.extend(self.sig_in(Signal::Stalling, cs.window_days));
        let postponements = ev.len();

        // A verbal yes not followed by won within verbal-yes-days. One that is still open
        // counts whatever its age; one that was settled later counts while its deadline
        // falls in the window, so that old history does not flag a client for ever.
        let wait = cs.verbal_yes_days as i32;
        let mut stalled_yes: Vec<(u32, i32)> = Vec::new();
        for (k, &(i, d)) in deals.iter().enumerate() {
            let EventBody::Deal(deal) = &self.ev(i).body else {
                continue;
            };
            if deal.stage != DealStage::VerbalYes || self.day - d < wait {
                continue;
            }
            let mut won_day = None;
            let mut settled = false;
            for &(j, dj) in &deals[k + 1..] {
                if let EventBody::Deal(later) = &self.ev(j).body {
                    match later.stage {
                        DealStage::Won => {
                            won_day = Some(dj);
                            settled = true;
                            break;
                        }
                        DealStage::Lost | DealStage::Closed => {
                            settled = true;
                            break;
                        }
                        _ => {}
                    }
                }
            }
            let late = won_day.is_none_or(|w| w - d > wait);
            if late && (!settled || d + wait >= start) {
                stalled_yes.push((i, self.day - d));
            }
        }
        let raised = reached(postponements, cs.postponements) || !stalled_yes.is_empty();
        if !raised {
            return;
        }
        let severity = if reached(postponements, cs.high_at) {
            Severity::High
        } else {
            Severity::Medium
        };
        let counted = if reached(postponements, cs.postponements) {
            postponements
        } else {
            0
        };
        if counted == 0 {
            ev.clear();
        }
        let yes = stalled_yes.first().map(|&(i, _)| (self.date(i), wait));
        ev.extend(stalled_yes.iter().map(|(i, _)| *i));
        let text = ex::chronic_stalling(self.p.language, counted, cs.window_days, yes);
        self.raise(FlagId::ChronicStalling, severity, ev, text);
    }

    /// flags.md: abusive-conduct. Returns whether abuse continued after a recorded warning.
    fn abusive_conduct(&mut self) -> bool {
        let ac = &self.p.abusive_conduct;
        let signals: Vec<u32> = self.sig(Signal::Abuse).iter().map(|(i, _)| *i).collect();
        let mut incidents = Vec::new();
        let mut warning: Option<u32> = None;
        for &(i, _) in &self.s.incidents {
            if let EventBody::Incident(inc) = &self.ev(i).body {
                if inc.category == IncidentCategory::Abuse {
                    incidents.push(i);
                }
                if inc.warning_given && warning.is_none() {
                    warning = Some(i);
                }
            }
        }
        let after: Vec<u32> = match warning {
            Some(w) => signals
                .iter()
                .chain(&incidents)
                .copied()
                .filter(|&i| i > w)
                .collect(),
            None => Vec::new(),
        };
        let raised = reached(signals.len(), ac.signals)
            || reached(incidents.len(), ac.incidents)
            || !after.is_empty();
        if !raised {
            return false;
        }
        let mut ev: Vec<u32> = signals.iter().chain(&incidents).copied().collect();
        let warned_on = if after.is_empty() {
            None
        } else {
            let w = warning.expect("abuse after a warning implies a warning");
            ev.push(w);
            Some(self.date(w))
        };
        let text = ex::abusive_conduct(self.p.language, signals.len(), incidents.len(), warned_on);
        self.raise(FlagId::AbusiveConduct, Severity::High, ev, text);
        !after.is_empty() && self.p.enabled[FlagId::AbusiveConduct]
    }

    /// flags.md: guarantee-demand.
    fn guarantee_demand(&mut self) {
        let gd = &self.p.guarantee_demand;
        let ev: Vec<u32> = self
            .sig(Signal::GuaranteeDemand)
            .iter()
            .map(|(i, _)| *i)
            .collect();
        if !reached(ev.len(), gd.signals) {
            return;
        }
        let severity = if reached(ev.len(), gd.high_at) {
            Severity::High
        } else {
            Severity::Medium
        };
        let text = ex::guarantee_demand(self.p.language, ev.len());
        self.raise(FlagId::GuaranteeDemand, severity, ev, text);
    }

    /// flags.md: unrealistic-expectations.
    fn unrealistic_expectations(&mut self) {
        let ev: Vec<u32> = self
            .sig(Signal::UnrealisticExpectation)
            .iter()
            .map(|(i, _)| *i)
            .collect();
        if !reached(ev.len(), self.p.unrealistic_expectations.signals) {
            return;
        }
        let text = ex::unrealistic(self.p.language, ev.len());
        self.raise(FlagId::UnrealisticExpectations, Severity::Medium, ev, text);
    }

    /// flags.md: after-hours-contact. Judged on the workspace clock; a bare-date contact is
    /// outside business hours only when its whole day is (a weekend with the default hours).
    /// Returns the after-hours contacts when the rule's condition holds (used by
    /// boundary-violation whether or not this flag is enabled).
    fn after_hours_contact(&mut self) -> Option<Vec<u32>> {
        let ah = &self.p.after_hours_contact;
        let hours = &self.p.business_hours;
        let start = self.start(ah.window_days);
        let mut total = 0u64;
        let mut after = Vec::new();
        for &(i, m) in &self.s.contacts {
            if m.day < start {
                continue;
            }
            total += 1;
            let wd = weekday(m.day);
            let outside = match m.minute {
                Some(min) => !hours.is_open(wd, min),
                None => !hours.is_business_day(wd),
            };
            if outside {
                after.push(i);
            }
        }
        let n = Decimal::from(after.len() as u64);
        let t = Decimal::from(total);
        let hundred = Decimal::from(100);
        if total < u64::from(ah.min_contacts.max(1)) || n * hundred < ah.percent * t {
            return None;
        }
        let severity = if n * hundred >= ah.high_percent * t {
            Severity::High
        } else {
            Severity::Medium
        };
        let text = ex::after_hours(
            self.p.language,
            after.len(),
            total,
            ah.window_days,
            Fmt::pct(n * hundred / t),
        );
        self.raise(FlagId::AfterHoursContact, severity, after.clone(), text);
        Some(after)
    }

    /// flags.md: boundary-violation.
    fn boundary_violation(&mut self, after_hours: Option<Vec<u32>>) {
        let threats: Vec<u32> = self
            .sig(Signal::Threat)
            .iter()
            .map(|(i, _)| *i)
            .filter(|&i| public_threat(self.ev(i)))
            .collect();
        let mut ev = Vec::new();
        let threat_hit = reached(threats.len(), self.p.boundary_violation.signals);
        if threat_hit {
            ev.extend(&threats);
        }
        let window = self.p.after_hours_contact.window_days;
        let demands: Vec<u32> = self.sig_in(Signal::AvailabilityDemand, window).collect();
        let hours_hit = after_hours.is_some() && !demands.is_empty();
        if hours_hit {
            ev.extend(&demands);
            ev.extend(after_hours.unwrap_or_default());
        }
        if !threat_hit && !hours_hit {
            return;
        }
        let text = ex::boundary_violation(
            self.p.language,
            if threat_hit { threats.len() } else { 0 },
            if hours_hit { demands.len() } else { 0 },
        );
        self.raise(FlagId::BoundaryViolation, Severity::High, ev, text);
    }

    // ---- client flags ----

    /// flags.md: exploitative-terms; both signals inside the same window ending on the as-of
    /// date (flags.md: Windows).
    fn exploitative_terms(&mut self) {
        let w = self.p.exploitative_terms.window_days;
        let discounts: Vec<u32> = self.sig_in(Signal::DiscountRequest, w).collect();
        let demands: Vec<u32> = self.sig_in(Signal::AvailabilityDemand, w).collect();
        if discounts.is_empty() || demands.is_empty() {
            return;
        }
        let text = ex::exploitative_terms(self.p.language, discounts.len(), demands.len(), w);
        let ev = discounts.into_iter().chain(demands).collect();
        self.raise(FlagId::ExploitativeTerms, Severity::High, ev, text);
    }

    /// flags.md: fear-tactics.
    fn fear_tactics(&mut self) {
        let ev: Vec<u32> = self.sig(Signal::Threat).iter().map(|(i, _)| *i).collect();
        if !reached(ev.len(), self.p.fear_tactics.signals) {
            return;
        }
        let text = ex::fear_tactics(self.p.language, ev.len(), self.date(ev[ev.len() - 1]));
        self.raise(FlagId::FearTactics, Severity::High, ev, text);
    }

    /// flags.md: late-payment.
    fn late_payment(&mut self, invoices: &[InvoiceState]) {
        let lp = &self.p.late_payment;
        let day = self.day;
        // The most recently issued invoices due on or before the as-of date (issue order is
        // event order, which is time order).
        let due: Vec<&InvoiceState> = invoices.iter().filter(|i| i.due <= day).collect();
        let last = &due[due.len().saturating_sub(lp.last_invoices as usize)..];
        let is_late = |inv: &InvoiceState| match inv.paid_on {
            Some((paid, _)) => paid - inv.due > lp.grace_days as i32,
            None => day - inv.due > lp.unpaid_late_after_days as i32,
        };
        let late: Vec<&InvoiceState> = last.iter().copied().filter(|i| is_late(i)).collect();
        let any_unpaid_late = late.iter().any(|i| i.paid_on.is_none());
        let mut overdue: Vec<(&InvoiceState, i32)> = invoices
            .iter()
            .filter(|i| i.paid_on.is_none() && day - i.due > lp.unpaid_days as i32)
            .map(|i| (i, day - i.due))
            .collect();
        overdue.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.idx.cmp(&b.0.idx)));
        let advances: Vec<u32> = self
            .sig(Signal::AdvanceRequest)
            .iter()
            .map(|(i, _)| *i)
            .collect();
        let late_hit = reached(late.len(), lp.late_invoices);
        if !late_hit && overdue.is_empty() && advances.is_empty() {
            return;
        }
        let high = reached(late.len(), lp.high_late_invoices)
            || overdue
                .first()
                .is_some_and(|(_, d)| *d >= lp.high_overdue_days as i32);
        let mut ev: Vec<u32> = Vec::new();
        if late_hit {
            ev.extend(late.iter().map(|i| i.idx));
        }
        ev.extend(overdue.iter().map(|(i, _)| i.idx));
        ev.extend(&advances);
        let worst = overdue
            .first()
            .map(|(i, d)| (self.ev(i.idx).id.as_str().to_owned(), *d));
        let text = ex::late_payment(
            self.p.language,
            if late_hit { late.len() } else { 0 },
            last.len(),
            lp.grace_days,
            any_unpaid_late,
            worst,
            overdue.len().saturating_sub(1),
            lp.unpaid_days,
            advances.len(),
        );
        let severity = if high {
            Severity::High
        } else {
            Severity::Medium
        };
        self.raise(FlagId::LatePayment, severity, ev, text);
    }

    /// flags.md: blame-shifting.
    fn blame_shifting(&mut self) {
        let ev: Vec<u32> = self.sig(Signal::Blame).iter().map(|(i, _)| *i).collect();
        if !reached(ev.len(), self.p.blame_shifting.signals) {
            return;
        }
        let text = ex::blame(self.p.language, ev.len());
        self.raise(FlagId::BlameShifting, Severity::Medium, ev, text);
    }

    /// flags.md: disrespects-time. Signals count per label; missed meetings are no-shows by
    /// the party.
    fn disrespects_time(&mut self) {
        let dt = &self.p.disrespects_time;
        let rush: Vec<u32> = self.sig_in(Signal::RushDemand, dt.window_days).collect();
        let creep: Vec<u32> = self.sig_in(Signal::ScopeCreep, dt.window_days).collect();
        let start = self.start(dt.window_days);
        let missed: Vec<u32> = self
            .s
            .meetings
            .iter()
            .filter(|(_, d)| *d >= start)
            .map(|(i, _)| *i)
            .filter(|&i| {
                matches!(&self.ev(i).body, EventBody::Meeting(m)
                    if m.status == MeetingStatus::NoShow && m.by == Some(Side::Party))
            })
            .collect();
        let total = rush.len() + creep.len() + missed.len();
        if !reached(total, dt.events) {
            return;
        }
        let text = ex::disrespects_time(
            self.p.language,
            rush.len(),
            creep.len(),
            missed.len(),
            dt.window_days,
        );
        let ev = rush.into_iter().chain(creep).chain(missed).collect();
        self.raise(FlagId::DisrespectsTime, Severity::Medium, ev, text);
    }

    /// flags.md: undervalues-work.
    fn undervalues_work(&mut self) {
        let ev: Vec<u32> = self
            .sig(Signal::EffortMinimizing)
            .iter()
            .map(|(i, _)| *i)
            .collect();
        if !reached(ev.len(), self.p.undervalues_work.signals) {
            return;
        }
        let text = ex::undervalues(self.p.language, ev.len());
        self.raise(FlagId::UndervaluesWork, Severity::Low, ev, text);
    }

    /// flags.md: rate-stagnation. The effective-rate clause needs `min-hours` in the window and
    /// a relationship at least as old as the window ("for 6 months").
    fn rate_stagnation(&mut self, invoices: &[InvoiceState]) {
        let rs = &self.p.rate_stagnation;
        let mut refused = Vec::new();
        for &(i, _) in &self.s.rates {
            if let EventBody::Rate(r) = &self.ev(i).body
                && r.status == RateStatus::Refused
            {
                refused.push(i);
            }
        }
        let pushback: Vec<u32> = self
            .sig(Signal::RatePushback)
            .iter()
            .map(|(i, _)| *i)
            .collect();
        let start = months_window_start(date_of(self.day), rs.months);
        let (revenue, minutes, idx) = self.revenue_hours(invoices, start);
        let long_enough = self.first_day.is_some_and(|f| f <= start);
        let mut low_rate = None;
        if long_enough
            && minutes > 0
            && minutes >= u64::from(rs.min_hours) * 60
            && self.p.standard_rate > Decimal::ZERO
        {
            let rate = revenue * Decimal::from(60) / Decimal::from(minutes);
            if rate * Decimal::from(100) < rs.below_percent * self.p.standard_rate {
                low_rate = Some(rate);
            }
        }
        if refused.is_empty() && pushback.is_empty() && low_rate.is_none() {
            return;
        }
        let cur = self.p.currency;
        let text = ex::rate_stagnation(
            self.p.language,
            refused.last().map(|&i| self.date(i)),
            pushback.len(),
            low_rate.map(|r| {
                (
                    Fmt::money(r, cur),
                    rs.months,
                    Fmt::pct(r * Decimal::from(100) / self.p.standard_rate),
                    Fmt::money(self.p.standard_rate, cur),
                )
            }),
        );
        let mut ev: Vec<u32> = refused.into_iter().chain(pushback).collect();
        if low_rate.is_some() {
            ev.extend(idx);
        }
        self.raise(FlagId::RateStagnation, Severity::Medium, ev, text);
    }

    /// flags.md: discount-pressure (per label).
    fn discount_pressure(&mut self) {
        let dp = &self.p.discount_pressure;
        let ev: Vec<u32> = self
            .sig_in(Signal::DiscountRequest, dp.window_days)
            .chain(self.sig_in(Signal::FreeWorkRequest, dp.window_days))
            .collect();
        if !reached(ev.len(), dp.signals) {
            return;
        }
        let severity = if reached(ev.len(), dp.high_at) {
            Severity::High
        } else {
            Severity::Medium
        };
        let text = ex::discount_pressure(self.p.language, ev.len(), dp.window_days);
        self.raise(FlagId::DiscountPressure, severity, ev, text);
    }

    /// flags.md: price-shopper. An order carries a discount when its `discount` is above 0.
    fn price_shopper(&mut self) {
        let ps = &self.p.price_shopper;
        let mut discounted = Vec::new();
        let mut total = 0usize;
        for &(i, _) in &self.s.orders {
            if let EventBody::Order(o) = &self.ev(i).body {
                total += 1;
                if o.discount.is_some_and(|d| d > Decimal::ZERO) {
                    discounted.push(i);
                }
            }
        }
        let n = Decimal::from(discounted.len() as u64);
        if total < ps.min_orders.max(1) as usize
            || n * Decimal::from(100) < ps.discounted_percent * Decimal::from(total as u64)
        {
            return;
        }
        let text = ex::price_shopper(self.p.language, discounted.len(), total);
        self.raise(FlagId::PriceShopper, Severity::Low, discounted, text);
    }

    /// flags.md: non-adoption. A subscription is paid through the window when it started on or
    /// before the window's first day and has not ended before the as-of date; usage is matched
    /// to it by product name (case-insensitive).
    fn non_adoption(&mut self) {
        let w = self.p.non_adoption.window_days;
        let start = self.start(w);
        let mut ev = Vec::new();
        let mut products = Vec::new();
        for &(i, d) in &self.s.subscriptions {
            let EventBody::Subscription(sub) = &self.ev(i).body else {
                continue;
            };
            let ended = sub
                .end
                .is_some_and(|e| crate::days::day_number(e) < self.day);
            if d > start || ended {
                continue;
            }
            let product = sub.product.trim().to_lowercase();
            let mut inactive = Vec::new();
            let mut used = false;
            for &(j, dj) in &self.s.usages {
                if dj < start {
                    continue;
                }
                if let EventBody::Usage(u) = &self.ev(j).body
                    && u.product.trim().to_lowercase() == product
                {
                    if u.active {
                        used = true;
                        break;
                    }
                    inactive.push(j);
                }
            }
            if !used {
                ev.push(i);
                ev.extend(inactive);
                if !products.contains(&sub.product) {
                    products.push(sub.product.clone());
                }
            }
        }
        if products.is_empty() {
            return;
        }
        let text = ex::non_adoption(self.p.language, &products.join(", "), w);
        self.raise(FlagId::NonAdoption, Severity::Low, ev, text);
    }

    /// flags.md: pays-only-committed. Extra work is billable time tagged `extra` (or
    /// `out-of-scope`); it is covered when invoices tagged the same add up to its value.
    fn pays_only_committed(&mut self, invoices: &[InvoiceState]) {
        let after = self.p.pays_only_committed.after_days as i32;
        let is_extra = |e: &Event| {
            e.tags
                .iter()
                .any(|t| t == "extra" || t == "out-of-scope" || t == "out of scope")
        };
        let mut minutes = 0u64;
        let mut ev = Vec::new();
        for &(i, d) in &self.s.times {
            let e = self.ev(i);
            if self.day - d > after
                && let EventBody::Time(t) = &e.body
                && t.billable
                && is_extra(e)
            {
                minutes += u64::from(t.minutes);
                ev.push(i);
            }
        }
        if minutes == 0 {
            return;
        }
        let value = Decimal::from(minutes) * self.p.standard_rate / Decimal::from(60);
        let invoiced: Decimal = invoices
            .iter()
            .filter(|inv| is_extra(self.ev(inv.idx)))
            .filter_map(|inv| inv.converted)
            .sum();
        if invoiced >= value {
            return;
        }
        let cur = self.p.currency;
        let text = ex::pays_only_committed(
            self.p.language,
            Fmt::hours(minutes),
            after,
            Fmt::money(value, cur),
            Fmt::money(invoiced, cur),
        );
        self.raise(FlagId::PaysOnlyCommitted, Severity::Medium, ev, text);
    }

    /// flags.md: staff-drain. Reporters are told apart by name, ignoring case and spaces
    /// around it.
    fn staff_drain(&mut self) {
        let sd = &self.p.staff_drain;
        let start = self.start(sd.window_days);
        let mut reporters: Vec<String> = Vec::new();
        let mut incidents = Vec::new();
        for &(i, d) in &self.s.incidents {
            if d >= start
                && let EventBody::Incident(inc) = &self.ev(i).body
            {
                incidents.push(i);
                let r = inc.reporter.trim().to_lowercase();
                if !reporters.contains(&r) {
                    reporters.push(r);
                }
            }
        }
        let reporters_hit = reached(reporters.len(), sd.reporters);
        let mut total = 0u64;
        let mut comm = 0u64;
        let mut comm_ev = Vec::new();
        for &(i, _) in &self.s.times {
            if let EventBody::Time(t) = &self.ev(i).body {
                total += u64::from(t.minutes);
                if t.activity == redflag_domain::Activity::Communication {
                    comm += u64::from(t.minutes);
                    comm_ev.push(i);
                }
            }
        }
        let share_hit = total > 0
            && total >= u64::from(sd.min_minutes)
            && Decimal::from(comm) * Decimal::from(100)
                > sd.communication_percent * Decimal::from(total);
        if !reporters_hit && !share_hit {
            return;
        }
        let mut ev = Vec::new();
        if reporters_hit {
            ev.extend(incidents);
        }
        if share_hit {
            ev.extend(comm_ev);
        }
        let share = (total > 0)
            .then(|| Fmt::pct(Decimal::from(comm) * Decimal::from(100) / Decimal::from(total)));
        let text = ex::staff_drain(
            self.p.language,
            if reporters_hit { reporters.len() } else { 0 },
            sd.window_days,
            if share_hit { share } else { None },
        );
        self.raise(FlagId::StaffDrain, Severity::High, ev, text);
    }

    /// The latest decision, the next review date and whether a review is due.
    fn decisions(&self) -> (Option<DecisionRecord>, Option<Date>, bool) {
        let last = self.s.decisions.iter().rev().find_map(|&(i, _)| {
            let e = self.ev(i);
            match &e.body {
                EventBody::Decision(d) => Some(DecisionRecord {
                    id: e.id.as_str().to_owned(),
                    at: e.at.local_date(self.p.tz()),
                    decision: d.decision,
                    note: d.note.clone(),
                    next_review: d.next_review,
                }),
                _ => None,
            }
        });
        let every = self.p.yearly_review.every_months;
        let next = last.as_ref().map(|d| {
            d.next_review.unwrap_or_else(|| {
                d.at.checked_add(redflag_domain::jiff::Span::new().months(i64::from(every)))
                    .unwrap_or(Date::MAX)
            })
        });
        let due = self.party.role.is_client_like()
            && next.is_none_or(|n| crate::days::day_number(n) <= self.day);
        (last, next, due)
    }
}

/// Whether a threat is about reviews, social media or public shaming (flags.md:
/// boundary-violation): its text names them, or it is tagged `public`, `review` or
/// `social-media`.
fn public_threat(e: &Event) -> bool {
    if e.tags
        .iter()
        .any(|t| matches!(t.as_str(), "public" | "review" | "reviews" | "social-media"))
    {
        return true;
    }
    let EventBody::Message(m) = &e.body else {
        return false;
    };
    // The review loads the text of signalled messages (TextScope::Signalled); without it there
    // is no telling what the threat was about, and no guessing.
    match &m.text {
        None => false,
        Some(text) => {
            let t = text.to_lowercase();
            PUBLIC_WORDS.iter().any(|w| t.contains(w))
        }
    }
}

const PUBLIC_WORDS: &[&str] = &[
    "review",
    "facebook",
    "google",
    "social media",
    "tiktok",
    "instagram",
    "twitter",
    "online",
    "tell everyone",
    "everyone will know",
    "post about",
    "expose",
    "đánh giá",
    "mạng xã hội",
    "bóc phốt",
    "phốt",
    "lên mạng",
    "danh gia",
    "mang xa hoi",
    "boc phot",
    "len mang",
    "รีวิว",
    "โซเชียล",
    "เฟซบุ๊ก",
    "เฟสบุ๊ค",
    "ประจาน",
    "แฉ",
    "โพสต์",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(lows: usize, mediums: usize, highs: usize) -> Vec<FlagResult> {
        let mut ids = FlagId::ALL.iter().copied();
        let mut out = Vec::new();
        for (n, severity) in [
            (lows, Severity::Low),
            (mediums, Severity::Medium),
            (highs, Severity::High),
        ] {
            for _ in 0..n {
                out.push(FlagResult {
                    id: ids.next().unwrap(),
                    severity,
                    evidence: vec![],
                    explanation: String::new(),
                });
            }
        }
        out
    }

    fn rank(r: Recommendation) -> u8 {
        match r {
            Recommendation::Keep => 0,
            Recommendation::Watch => 1,
            Recommendation::Talk => 2,
            Recommendation::LetGo | Recommendation::Decline => 3,
        }
    }

    fn assess(l: usize, m: usize, h: usize) -> (Recommendation, u8) {
        let f = flags(l, m, h);
        let rec = recommend(Role::Client, &f, false);
        (rec, score(&Policy::default(), rec, &f))
    }

    #[test]
    fn the_recommendation_table() {
        for (l, m, h, expect) in [
            (0, 0, 0, Recommendation::Keep),
            (5, 0, 0, Recommendation::Keep),
            (0, 1, 0, Recommendation::Watch),
            (3, 1, 0, Recommendation::Watch),
            (0, 2, 0, Recommendation::Talk),
            (0, 0, 1, Recommendation::Talk),
            (0, 6, 1, Recommendation::Talk),
            (0, 0, 2, Recommendation::LetGo),
        ] {
            assert_eq!(assess(l, m, h).0, expect, "{l} low, {m} medium, {h} high");
        }
        assert_eq!(
            recommend(Role::Prospect, &flags(0, 0, 2), false),
            Recommendation::Decline
        );
    }

    #[test]
    fn abuse_after_a_warning_needs_the_abuse_flag_to_mean_let_go() {
        let mut f = flags(0, 0, 0);
        assert_eq!(recommend(Role::Client, &f, true), Recommendation::Keep);
        f.push(FlagResult {
            id: FlagId::AbusiveConduct,
            severity: Severity::High,
            evidence: vec![],
            explanation: String::new(),
        });
        assert_eq!(recommend(Role::Client, &f, false), Recommendation::Talk);
        assert_eq!(recommend(Role::Client, &f, true), Recommendation::LetGo);
        assert_eq!(recommend(Role::Former, &f, true), Recommendation::LetGo);
    }

    #[test]
    fn the_score_is_zero_without_flags_monotone_and_ordered_like_the_recommendation() {
        assert_eq!(assess(0, 0, 0).1, 0);
        let mut all = Vec::new();
        for l in 0..4 {
            for m in 0..4 {
                for h in 0..4 {
                    let (rec, s) = assess(l, m, h);
                    assert!(s <= 100);
                    // Adding a flag, or raising one, never lowers the score.
                    for (l2, m2, h2) in [(l + 1, m, h), (l, m + 1, h), (l, m, h + 1)] {
                        assert!(assess(l2, m2, h2).1 >= s, "{l},{m},{h} -> {l2},{m2},{h2}");
                    }
                    if l > 0 {
                        assert!(assess(l - 1, m + 1, h).1 >= s);
                    }
                    if m > 0 {
                        assert!(assess(l, m - 1, h + 1).1 >= s);
                    }
                    all.push((rank(rec), s));
                }
            }
        }
        for a in &all {
            for b in &all {
                if a.0 > b.0 {
                    assert!(a.1 > b.1, "{a:?} vs {b:?}");
                }
            }
        }
        assert_eq!(assess(5, 5, 5).1, 100, "capped");
    }

    #[test]
    fn weights_move_the_score_inside_its_band() {
        let mut p = Policy::default();
        let f = flags(0, 0, 1);
        let rec = recommend(Role::Client, &f, false);
        let base = score(&p, rec, &f);
        p.weights[f[0].id] = 0.5;
        let lighter = score(&p, rec, &f);
        assert!(lighter <= base);
        assert!(lighter >= p.score.talk_from as u8, "still a talk");
    }
}
