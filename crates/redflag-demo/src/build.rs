//! The calendar of one generation run and the builder that turns "d days before the as-of date,
//! at hh:mm" into events with stable ids.

use redflag_domain::jiff::civil::{Date, Time};
use redflag_domain::jiff::tz::Offset;
use redflag_domain::jiff::{Span, Timestamp, ToSpan};
use redflag_domain::*;

use crate::rng::Rng;

/// The standard hourly rate of the demo workspace, in VND.
pub(crate) const STANDARD_RATE: i64 = 800_000;

/// Minutes after midnight.
pub(crate) const fn hm(h: u32, m: u32) -> u32 {
    h * 60 + m
}

/// The calendar of one run. `d` everywhere is "days before the as-of date" (0 = the as-of day).
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub(crate) as_of: Date,
    /// Unix seconds of the as-of date's midnight at +07:00.
    midnight: i64,
    /// Weekday of the as-of date, Monday = 0.
    wd0: i64,
    /// `d` of the first day of the window.
    pub(crate) window_days: i64,
    offset: Offset,
    /// Calendar-month segments of the window, oldest first, as `(first d, last d)`.
    pub(crate) months: Vec<(i64, i64)>,
}

impl Ctx {
    pub(crate) fn new(as_of: Date, months: u32) -> Ctx {
        let offset = Offset::constant(7);
        let midnight_of = |d: Date| -> i64 {
            offset
                .to_timestamp(d.to_datetime(Time::midnight()))
                .map(|t| t.as_second())
                .unwrap_or(0)
        };
        let midnight = midnight_of(as_of);
        let start = as_of
            .checked_sub(Span::new().months(i64::from(months.max(1))))
            .unwrap_or(as_of);
        let window_days = (midnight - midnight_of(start)) / 86_400;
        let mut bounds = vec![window_days];
        let mut first = start.first_of_month();
        loop {
            first = match first.checked_add(1.month()) {
                Ok(f) => f,
                Err(_) => break,
            };
            if first > as_of {
                break;
            }
            bounds.push((midnight - midnight_of(first)) / 86_400);
        }
        let mut segments = Vec::new();
        for (i, &hi) in bounds.iter().enumerate() {
            let lo = bounds.get(i + 1).map(|n| n + 1).unwrap_or(0);
            if hi >= lo {
                segments.push((hi, lo));
            }
        }
        Ctx {
            as_of,
            midnight,
            wd0: i64::from(as_of.weekday().to_monday_zero_offset()),
            window_days,
            offset,
            months: segments,
        }
    }

    /// Monday = 0 ... Sunday = 6.
    pub(crate) fn weekday(&self, d: i64) -> i64 {
        (self.wd0 - d).rem_euclid(7)
    }

    pub(crate) fn is_weekend(&self, d: i64) -> bool {
        self.weekday(d) >= 5
    }

    /// The business day on or before day `d` (a weekend moves to its Friday), or the Monday after
    /// when the Friday falls outside the window.
    pub(crate) fn biz_back(&self, d: i64) -> i64 {
        match self.weekday(d) {
            5 if d < self.window_days => d + 1,
            6 if d + 1 < self.window_days => d + 2,
            5 => d - 2,
            6 => d - 1,
            _ => d,
        }
    }

    /// The business day on or after day `d` (a weekend moves to its Monday), or the Friday before
    /// when the Monday is after the as-of date.
    pub(crate) fn biz_fwd(&self, d: i64) -> i64 {
        match self.weekday(d) {
            5 if d >= 2 => d - 2,
            6 if d >= 1 => d - 1,
            5 => d + 1,
            6 => d + 2,
            _ => d,
        }
    }

    /// Whether minute `m` of day `d` is inside Mon-Fri 08:00-18:00.
    pub(crate) fn in_hours(&self, d: i64, m: u32) -> bool {
        !self.is_weekend(d) && (hm(8, 0)..hm(18, 0)).contains(&m)
    }

    pub(crate) fn date(&self, d: i64) -> Date {
        self.as_of
            .checked_sub(Span::new().days(d))
            .unwrap_or(self.as_of)
    }

    pub(crate) fn at(&self, d: i64, minute: u32) -> At {
        let secs = self.midnight - d * 86_400 + i64::from(minute) * 60;
        match Timestamp::from_second(secs) {
            Ok(ts) => At::Instant {
                ts,
                offset: self.offset,
            },
            Err(_) => At::Date(self.as_of),
        }
    }

    /// Unix seconds, for ordering.
    pub(crate) fn secs(&self, d: i64, minute: u32) -> i64 {
        self.midnight - d * 86_400 + i64::from(minute) * 60
    }
}

/// Money in the demo's currency.
pub(crate) fn vnd(amount: i64) -> Money {
    Money::new(Decimal::from(amount), Currency::VND)
}

/// Rounds to the nearest thousand dong, as invoices are written.
pub(crate) fn round_k(amount: i64) -> i64 {
    (amount + 500) / 1000 * 1000
}

fn prefix(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Message => "msg",
        EventKind::Call => "call",
        EventKind::Meeting => "mtg",
        EventKind::Deal => "deal",
        EventKind::Invoice => "inv",
        EventKind::Payment => "pay",
        EventKind::Time => "time",
        EventKind::Expense => "exp",
        EventKind::Rate => "rate",
        EventKind::Order => "ord",
        EventKind::Usage => "use",
        EventKind::Subscription => "sub",
        EventKind::Incident => "inc",
        EventKind::Decision => "dec",
    }
}

fn push_num(s: &mut String, n: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = buf.len() - i;
    for _ in digits..width {
        s.push('0');
    }
    for &b in &buf[i..] {
        s.push(b as char);
    }
}

/// `c-017` style ids: a prefix and at least three digits.
pub(crate) fn party_id(prefix: &str, n: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + 8);
    s.push_str(prefix);
    s.push('-');
    push_num(&mut s, n as u32, 3);
    s
}

/// An event waiting to be emitted, with its sort key.
pub(crate) struct Pending {
    pub(crate) secs: i64,
    /// Day (days before the as-of date) and minute of day, for the builder's own counts.
    pub(crate) d: i64,
    pub(crate) minute: u32,
    /// Taken out when emitted.
    pub(crate) event: Option<Event>,
}

/// Builds one party's events.
pub(crate) struct B<'c> {
    pub(crate) ctx: &'c Ctx,
    pub(crate) pid: PartyId,
    pub(crate) rng: Rng,
    pub(crate) events: Vec<Pending>,
    /// When the relationship began, if the story says so (else: the first event).
    pub(crate) since_d: Option<i64>,
    counters: [u32; 14],
}

impl<'c> B<'c> {
    pub(crate) fn new(ctx: &'c Ctx, pid: PartyId, rng: Rng, events: Vec<Pending>) -> Self {
        B {
            ctx,
            pid,
            rng,
            events,
            since_d: None,
            counters: [0; 14],
        }
    }

    fn next_id(&mut self, kind: EventKind) -> EventId {
        let slot = kind as usize;
        self.counters[slot] += 1;
        let p = prefix(kind);
        let pid = self.pid.as_str();
        let mut s = String::with_capacity(p.len() + pid.len() + 7);
        s.push_str(p);
        s.push('-');
        s.push_str(pid);
        s.push('-');
        push_num(&mut s, self.counters[slot], 4);
        EventId::new(s)
    }

    /// Whether day `d` is inside the window.
    pub(crate) fn inside(&self, d: i64) -> bool {
        (0..=self.ctx.window_days).contains(&d)
    }

    /// Adds an event; events outside the window are dropped (and take no id).
    pub(crate) fn push(
        &mut self,
        d: i64,
        minute: u32,
        tags: &[&str],
        body: EventBody,
    ) -> Option<EventId> {
        if !self.inside(d) {
            return None;
        }
        let id = self.next_id(body.kind());
        self.events.push(Pending {
            secs: self.ctx.secs(d, minute),
            d,
            minute,
            event: Some(Event {
                id: id.clone(),
                party: self.pid.clone(),
                at: self.ctx.at(d, minute),
                tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                body,
            }),
        });
        Some(id)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn msg_full(
        &mut self,
        d: i64,
        minute: u32,
        direction: Direction,
        channel: Channel,
        author: Option<&str>,
        subject: Option<&str>,
        text: &str,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Message(Message {
                direction,
                channel,
                author: author.map(str::to_owned),
                subject: subject.map(str::to_owned),
                thread: None,
                text: Some(text.to_owned()),
                signals: SignalSet::EMPTY,
                hits: Vec::new(),
                classifier: None,
            }),
        )
    }

    /// An inbound message.
    pub(crate) fn inn(
        &mut self,
        d: i64,
        minute: u32,
        channel: Channel,
        text: &str,
    ) -> Option<EventId> {
        self.msg_full(d, minute, Direction::In, channel, None, None, text)
    }

    /// An outbound message.
    pub(crate) fn out(
        &mut self,
        d: i64,
        minute: u32,
        channel: Channel,
        text: &str,
    ) -> Option<EventId> {
        self.msg_full(d, minute, Direction::Out, channel, None, None, text)
    }

    pub(crate) fn call(
        &mut self,
        d: i64,
        minute: u32,
        direction: Direction,
        duration_s: u32,
        author: Option<&str>,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Call(Call {
                direction,
                duration_s,
                author: author.map(str::to_owned),
            }),
        )
    }

    pub(crate) fn meeting(
        &mut self,
        d: i64,
        minute: u32,
        duration_min: u32,
        status: MeetingStatus,
        by: Option<Side>,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Meeting(Meeting {
                duration_min,
                status,
                by,
            }),
        )
    }

    pub(crate) fn deal(
        &mut self,
        d: i64,
        minute: u32,
        stage: DealStage,
        value: Option<i64>,
        subject: &str,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Deal(Deal {
                stage,
                value: value.map(vnd),
                subject: Some(subject.to_owned()),
            }),
        )
    }

    /// An invoice issued on day `d`, due `due_days` later.
    pub(crate) fn invoice(
        &mut self,
        d: i64,
        minute: u32,
        due_days: i64,
        amount: i64,
        tags: &[&str],
    ) -> Option<EventId> {
        let due = self.ctx.date(d - due_days);
        self.push(
            d,
            minute,
            tags,
            EventBody::Invoice(Invoice {
                due,
                amount: vnd(amount),
                status: InvoiceStatus::Open,
            }),
        )
    }

    pub(crate) fn payment(
        &mut self,
        d: i64,
        minute: u32,
        invoice: EventId,
        amount: i64,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Payment(Payment {
                invoice,
                amount: vnd(amount),
            }),
        )
    }

    /// An invoice and, when `pay_after` days later is not after the as-of date, its payment.
    pub(crate) fn invoice_paid(
        &mut self,
        d: i64,
        amount: i64,
        pay_after: Option<i64>,
        tags: &[&str],
    ) {
        let minute = hm(9, 0) + self.rng.range(0, 120) as u32;
        if let Some(inv) = self.invoice(d, minute, 30, amount, tags)
            && let Some(after) = pay_after
        {
            let pd = d - after;
            if pd >= 0 {
                let pd = self.ctx.biz_fwd(pd).max(0);
                let pm = hm(9, 30) + self.rng.range(0, 420) as u32;
                self.payment(pd.min(d), pm, inv, amount);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn time(
        &mut self,
        d: i64,
        minute: u32,
        minutes: u32,
        billable: bool,
        activity: Activity,
        author: &str,
        tags: &[&str],
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            tags,
            EventBody::Time(TimeEntry {
                minutes,
                billable,
                activity,
                author: Some(author.to_owned()),
            }),
        )
    }

    pub(crate) fn expense(
        &mut self,
        d: i64,
        minute: u32,
        amount: i64,
        category: ExpenseCategory,
        purpose: ExpensePurpose,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Expense(Expense {
                amount: vnd(amount),
                category,
                purpose,
            }),
        )
    }

    pub(crate) fn rate(
        &mut self,
        d: i64,
        minute: u32,
        hourly: i64,
        status: RateStatus,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Rate(RateChange {
                hourly: vnd(hourly),
                status,
            }),
        )
    }

    pub(crate) fn order(
        &mut self,
        d: i64,
        minute: u32,
        amount: i64,
        discount: Option<i64>,
        product: &str,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Order(Order {
                amount: vnd(amount),
                discount: discount.map(Decimal::from),
                product: Some(product.to_owned()),
            }),
        )
    }

    pub(crate) fn usage(
        &mut self,
        d: i64,
        minute: u32,
        product: &str,
        active: bool,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Usage(Usage {
                product: product.to_owned(),
                active,
            }),
        )
    }

    pub(crate) fn subscription(
        &mut self,
        d: i64,
        minute: u32,
        product: &str,
        amount: i64,
        period: Period,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Subscription(Subscription {
                end: None,
                product: product.to_owned(),
                amount: vnd(amount),
                period,
            }),
        )
    }

    pub(crate) fn incident(
        &mut self,
        d: i64,
        minute: u32,
        reporter: &str,
        category: IncidentCategory,
        note: &str,
        warning_given: bool,
    ) -> Option<EventId> {
        self.push(
            d,
            minute,
            &[],
            EventBody::Incident(Incident {
                reporter: reporter.to_owned(),
                category,
                note: note.to_owned(),
                warning_given,
            }),
        )
    }

    pub(crate) fn decision(
        &mut self,
        d: i64,
        minute: u32,
        decision: Recommendation,
        note: &str,
        next_review_in: Option<i64>,
    ) -> Option<EventId> {
        let next_review = next_review_in.map(|n| self.ctx.date(d - n));
        self.push(
            d,
            minute,
            &[],
            EventBody::Decision(Decision {
                decision,
                note: Some(note.to_owned()),
                next_review,
            }),
        )
    }

    /// A random business day in `[lo, hi]` (`d` values, either order) and a time inside business
    /// hours (08:30-17:30).
    pub(crate) fn biz_slot(&mut self, a: i64, b: i64) -> (i64, u32) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let d = self.ctx.biz_back(self.rng.range(lo, hi));
        let m = hm(8, 30) + self.rng.range(0, 540) as u32;
        (d, m)
    }

    /// A random time outside business hours on a day in `[lo, hi]`: a weekday evening or night,
    /// or any time at the weekend.
    pub(crate) fn night_slot(&mut self, lo: i64, hi: i64) -> (i64, u32) {
        let d = self.rng.range(lo, hi);
        if self.ctx.is_weekend(d) {
            return (d, hm(7, 0) + self.rng.range(0, 900) as u32);
        }
        let m = if self.rng.chance(250) {
            hm(5, 0) + self.rng.range(0, 170) as u32
        } else {
            hm(19, 0) + self.rng.range(0, 299) as u32
        };
        (d, m)
    }

    /// Inbound contacts (messages and calls) in the last `days` days: (inside hours, outside).
    pub(crate) fn inbound_split(&self, days: i64) -> (usize, usize) {
        let mut inside = 0;
        let mut outside = 0;
        for p in &self.events {
            let inbound = match p.event.as_ref().map(|e| &e.body) {
                Some(EventBody::Message(m)) => m.direction == Direction::In,
                Some(EventBody::Call(c)) => c.direction == Direction::In,
                _ => false,
            };
            if !inbound || p.d >= days {
                continue;
            }
            if self.ctx.in_hours(p.d, p.minute) {
                inside += 1;
            } else {
                outside += 1;
            }
        }
        (inside, outside)
    }
}
