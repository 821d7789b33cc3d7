//! The ordinary life of a client or prospect: monthly work, time entries, messages, calls,
//! meetings, invoices paid on time. Healthy parties are only this; troubled personas add their
//! story on top.

use redflag_domain::*;

use crate::build::{B, STANDARD_RATE, hm, round_k};
use crate::texts::{self, Style};

/// Team members who log time and take calls.
pub(crate) const TEAM: &[&str] = &["Hà", "Minh", "Lan", "Quang", "Nok", "Ploy"];

/// How a client's ordinary months look.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    /// The relationship began `since_d` days before the as-of date.
    pub(crate) since_d: i64,
    /// Hourly rate, per mille of the standard rate.
    pub(crate) rate_pm: i64,
    /// Communication share of the time logged, per mille.
    pub(crate) comm_pm: i64,
    /// Whether the monthly invoice covers communication time too.
    pub(crate) bill_comm: bool,
    /// Delivery hours per month, range.
    pub(crate) delivery_h: (i64, i64),
    /// Inbound and outbound messages per month, ranges.
    pub(crate) msgs_in: (i64, i64),
    pub(crate) msgs_out: (i64, i64),
    /// Calls per month (either direction).
    pub(crate) calls: (i64, i64),
    /// Invoices issued on or after this day (`d` at most this) are paid 15-40 days late.
    pub(crate) late_from: Option<i64>,
}

impl Base {
    pub(crate) fn healthy(b: &mut B<'_>, since_d: i64) -> Base {
        Base {
            since_d,
            rate_pm: b.rng.range(22, 28) * 50,
            comm_pm: b.rng.range(100, 170),
            bill_comm: true,
            delivery_h: (18, 28),
            msgs_in: (7, 10),
            msgs_out: (7, 11),
            calls: (1, 3),
            late_from: None,
        }
    }
}

fn channel(b: &mut B<'_>, style: Style) -> Channel {
    match style {
        Style::ViChat => Channel::Chat,
        Style::En => {
            if b.rng.chance(850) {
                Channel::Email
            } else {
                Channel::Chat
            }
        }
        Style::Vi | Style::Th => {
            if b.rng.chance(500) {
                Channel::Email
            } else {
                Channel::Chat
            }
        }
    }
}

fn scaled(b: &mut B<'_>, range: (i64, i64), span: i64) -> i64 {
    (b.rng.range(range.0, range.1) * span + 15) / 30
}

/// Ordinary inbound and outbound messages in business hours between days `hi` and `lo`.
pub(crate) fn chatter(b: &mut B<'_>, style: Style, hi: i64, lo: i64, n_in: i64, n_out: i64) {
    for _ in 0..n_in {
        let (d, m) = b.biz_slot(lo, hi);
        let text = *b.rng.pick(texts::inbound(style));
        let ch = channel(b, style);
        b.inn(d, m, ch, text);
    }
    for _ in 0..n_out {
        let (d, m) = b.biz_slot(lo, hi);
        let text = *b.rng.pick(texts::outbound(style));
        let ch = channel(b, style);
        let author = *b.rng.pick(TEAM);
        b.msg_full(d, m, Direction::Out, ch, Some(author), None, text);
    }
}

/// A client's months: work, messages, calls, a monthly meeting, invoices and payments.
pub(crate) fn client(b: &mut B<'_>, style: Style, o: &Base) {
    let ctx = b.ctx;
    b.since_d = Some(o.since_d);
    let start = o.since_d.min(ctx.window_days);
    let rate = STANDARD_RATE * o.rate_pm / 1000;
    let first = ctx.biz_back(start);
    b.rate(first, hm(10, 0), rate, RateStatus::Accepted);
    if o.since_d <= ctx.window_days {
        let value = rate * o.delivery_h.1 * 12;
        b.deal(
            ctx.biz_back(o.since_d + 20),
            hm(9, 30),
            DealStage::Lead,
            Some(value),
            "retainer",
        );
        b.deal(
            ctx.biz_back(o.since_d + 10),
            hm(15, 0),
            DealStage::ProposalSent,
            Some(value),
            "retainer",
        );
        b.deal(first, hm(11, 0), DealStage::Won, Some(value), "retainer");
    }
    let months = ctx.months.clone();
    for (hi, lo) in months {
        if lo > start {
            continue;
        }
        let hi = hi.min(start);
        let span = hi - lo + 1;
        // Work.
        let target = scaled(b, o.delivery_h, span) * 60;
        let mut delivery = 0;
        while delivery < target {
            let minutes = b.rng.range(4, 16) * 15;
            let (d, m) = b.biz_slot(lo, hi);
            let who = *b.rng.pick(TEAM);
            b.time(d, m, minutes as u32, true, Activity::Delivery, who, &[]);
            delivery += minutes;
        }
        let comm_target = delivery * o.comm_pm / (1000 - o.comm_pm);
        let mut comm = 0;
        while comm < comm_target {
            let minutes = (b.rng.range(2, 6) * 15).min(comm_target - comm).max(15);
            let (d, m) = b.biz_slot(lo, hi);
            let who = *b.rng.pick(TEAM);
            b.time(
                d,
                m,
                minutes as u32,
                false,
                Activity::Communication,
                who,
                &[],
            );
            comm += minutes;
        }
        let mut admin = 0;
        if span >= 10 && b.rng.chance(500) {
            let (d, m) = b.biz_slot(lo, hi);
            b.time(d, m, 30, false, Activity::Admin, "Hà", &[]);
            admin = 30;
        }
        // Contact.
        let n_in = scaled(b, o.msgs_in, span);
        let n_out = scaled(b, o.msgs_out, span);
        chatter(b, style, hi, lo, n_in, n_out);
        for _ in 0..scaled(b, o.calls, span) {
            let (d, m) = b.biz_slot(lo, hi);
            let dir = if b.rng.chance(500) {
                Direction::In
            } else {
                Direction::Out
            };
            let secs = b.rng.range(90, 1500) as u32;
            let who = *b.rng.pick(TEAM);
            b.call(d, m, dir, secs, Some(who));
        }
        if span >= 14 {
            let (d, m) = b.biz_slot(lo, hi);
            if b.rng.chance(100) && d - 2 >= lo {
                b.meeting(d, m, 60, MeetingStatus::Rescheduled, Some(Side::Us));
                let d2 = ctx.biz_fwd(d - 2);
                b.meeting(d2, m, 60, MeetingStatus::Held, None);
            } else {
                b.meeting(d, m, 60, MeetingStatus::Held, None);
            }
        }
        if b.rng.chance(150) {
            let (d, m) = b.biz_slot(lo, hi);
            let amount = b.rng.range(3, 12) * 100_000;
            b.expense(
                d,
                m,
                amount,
                ExpenseCategory::Travel,
                ExpensePurpose::Delivery,
            );
        }
        // Invoice for the month, a few days after it ends.
        if lo >= 4 {
            let issue = ctx.biz_fwd(lo - 3);
            let billed = delivery + admin + if o.bill_comm { comm } else { 0 };
            let amount = round_k(billed * rate / 60);
            let late = o.late_from.is_some_and(|from| issue <= from);
            let after = if late {
                30 + b.rng.range(15, 40)
            } else {
                b.rng.range(5, 26)
            };
            b.invoice_paid(issue, amount, Some(after), &[]);
        }
    }
    // The yearly review.
    let review = b.rng.range(150, 330);
    if review < start {
        let d = ctx.biz_back(review);
        b.decision(
            d,
            hm(16, 0),
            Recommendation::Keep,
            "Yearly review: good client, keep.",
            Some(365),
        );
    }
}

/// A product client: a monthly subscription, orders of add-ons, regular use, a little support.
/// `discounted(i)` says whether order `i` carries a discount.
pub(crate) fn product_client(
    b: &mut B<'_>,
    style: Style,
    since_d: i64,
    monthly: i64,
    active_until: i64,
    discounted: &dyn Fn(usize) -> bool,
) {
    let ctx = b.ctx;
    b.since_d = Some(since_d);
    let start = since_d.min(ctx.window_days);
    let first = ctx.biz_back(start);
    b.deal(
        first,
        hm(10, 0),
        DealStage::Won,
        Some(monthly * 12),
        "booknow",
    );
    b.subscription(first, hm(10, 30), "booknow", monthly, Period::Month);
    // Orders of template packs, every two months or so.
    let mut i = 0;
    let mut d = start - 10;
    while d > 5 {
        let day = ctx.biz_back(d);
        let list = b.rng.range(30, 60) * 100_000;
        let off = if discounted(i) {
            Some(list * b.rng.range(20, 40) / 100 / 1000 * 1000)
        } else {
            None
        };
        let paid = list - off.unwrap_or(0);
        b.order(day, hm(14, 0), paid, off, "template-pack");
        let after = b.rng.range(2, 10);
        b.invoice_paid(day, paid, Some(after), &[]);
        i += 1;
        d -= b.rng.range(55, 70);
    }
    let months = ctx.months.clone();
    for (hi, lo) in months {
        if lo > start {
            continue;
        }
        let hi = hi.min(start);
        let span = hi - lo + 1;
        let n_in = scaled(b, (2, 4), span);
        let n_out = scaled(b, (2, 4), span);
        chatter(b, style, hi, lo, n_in, n_out);
        if span >= 10 {
            let (d, m) = b.biz_slot(lo, hi);
            let who = *b.rng.pick(TEAM);
            b.time(d, m, 15, false, Activity::Communication, who, &[]);
            let (d, m) = b.biz_slot(lo, hi);
            b.time(d, m, 60, true, Activity::Delivery, who, &[]);
        }
        if lo >= 4 {
            let issue = ctx.biz_fwd(lo - 3);
            let after = b.rng.range(3, 20);
            b.invoice_paid(issue, monthly, Some(after), &[]);
        }
    }
    // Usage: a check-in every week or so while they use it, then inactive pings.
    let mut d = start - 2;
    while d >= 0 {
        let active = d >= active_until;
        b.usage(d, hm(20, 0), "booknow", active);
        d -= if active { b.rng.range(6, 10) } else { 30 };
    }
}

/// A healthy prospect: asks, meets, receives a proposal, keeps talking.
pub(crate) fn prospect(b: &mut B<'_>, style: Style, since_d: i64) {
    let ctx = b.ctx;
    let pool = texts::prospect_inbound(style);
    let value = b.rng.range(8, 20) * 10_000_000;
    b.deal(
        ctx.biz_back(since_d),
        hm(9, 0),
        DealStage::Lead,
        Some(value),
        "website",
    );
    let mut d = since_d;
    let mut k = 0;
    while d >= 1 {
        let (dd, m) = b.biz_slot(d, d);
        let text = pool[k % pool.len()];
        let ch = if style == Style::En {
            Channel::Email
        } else {
            Channel::Chat
        };
        b.inn(dd, m, ch, text);
        let reply = *b.rng.pick(texts::outbound(style));
        b.out(ctx.biz_fwd(dd - 1).max(0), m, ch, reply);
        k += 1;
        d -= b.rng.range(4, 9);
    }
    let meet = ctx.biz_back(since_d - 5);
    b.meeting(meet, hm(14, 0), 60, MeetingStatus::Held, None);
    b.expense(
        meet,
        hm(12, 0),
        450_000,
        ExpenseCategory::Meal,
        ExpensePurpose::Acquisition,
    );
    for (i, minutes) in [120, 180, 90].into_iter().enumerate() {
        let d = ctx.biz_back(since_d - 7 - 3 * i as i64);
        b.time(d, hm(9, 0), minutes, false, Activity::PreSale, "Hà", &[]);
    }
    let sent = ctx.biz_back(since_d - 16);
    b.deal(
        sent,
        hm(16, 0),
        DealStage::ProposalSent,
        Some(value),
        "website",
    );
}

/// Extra ordinary events to reach about `n` events (benchmarks). Kept cheap: no author, one
/// allocation for the text.
pub(crate) fn fill(b: &mut B<'_>, style: Style, n: usize) {
    let w = b.ctx.window_days;
    let ins = texts::inbound(style);
    let outs = texts::outbound(style);
    while b.events.len() < n {
        let r = b.rng.next_u64();
        let (d, m) = b.biz_slot(0, w);
        match r % 100 {
            0..=29 => {
                b.inn(d, m, Channel::Chat, ins[(r >> 16) as usize % ins.len()]);
            }
            30..=54 => {
                let text = outs[(r >> 16) as usize % outs.len()];
                b.out(d, m, Channel::Email, text);
            }
            55..=69 => {
                let dir = if r & 1 == 0 {
                    Direction::In
                } else {
                    Direction::Out
                };
                b.call(d, m, dir, 60 + (r >> 20) as u32 % 900, None);
            }
            _ => {
                let act = if r.is_multiple_of(7) {
                    Activity::Communication
                } else {
                    Activity::Delivery
                };
                let minutes = 15 * (2 + (r >> 24) as u32 % 10);
                b.push(
                    d,
                    m,
                    &[],
                    EventBody::Time(TimeEntry {
                        minutes,
                        billable: act == Activity::Delivery,
                        activity: act,
                        author: None,
                    }),
                );
            }
        }
    }
}
