//! Builders for records with sensible defaults, so a test states only what it is about.
//!
//! Every event starts at `2025-01-01T09:00:00+07:00` with the defaults listed on its
//! constructor. Setters that do not apply to the event's kind panic with a message naming
//! both: a test that sets a meeting's `billable` is a broken test.
//!
//! ```
//! use redflag_testkit::build::{invoice, message, party};
//! use redflag_domain::{EventBody, Role};
//!
//! let p = party("c1").client().name("Acme").build();
//! assert_eq!(p.role, Role::Client);
//! let m = message("m1", "c1").at("2025-03-01T10:00:00+07:00").inbound().text("Hi").build();
//! let EventBody::Message(body) = &m.body else { unreachable!() };
//! assert_eq!(body.text.as_deref(), Some("Hi"));
//! let i = invoice("i1", "c1").amount("12500000", "VND").due("2025-03-31").build();
//! assert_eq!(i.at.to_string(), "2025-01-01T09:00:00+07:00");
//! ```

use redflag_domain::*;

fn money(amount: &str, currency: &str) -> Money {
    Money::new(
        parse_decimal(amount).unwrap_or_else(|e| panic!("test amount: {e}")),
        currency
            .parse()
            .unwrap_or_else(|e| panic!("test currency: {e}")),
    )
}

fn date(s: &str) -> jiff::civil::Date {
    parse_date(s).unwrap_or_else(|e| panic!("test date: {e}"))
}

/// Builds a [`Party`]: a prospect named after its id, with nothing else set.
#[derive(Debug, Clone)]
pub struct PartyBuilder(Party);

/// A party with id `id`.
pub fn party(id: &str) -> PartyBuilder {
    PartyBuilder(Party {
        id: PartyId::new(id),
        name: format!("Party {id}"),
        role: Role::Prospect,
        lang: None,
        timezone: None,
        emails: Vec::new(),
        phones: Vec::new(),
        since: None,
        tags: Vec::new(),
    })
}

impl PartyBuilder {
    /// Display name.
    pub fn name(mut self, name: &str) -> Self {
        self.0.name = name.to_owned();
        self
    }
    /// A prospect (the default).
    pub fn prospect(mut self) -> Self {
        self.0.role = Role::Prospect;
        self
    }
    /// A client.
    pub fn client(mut self) -> Self {
        self.0.role = Role::Client;
        self
    }
    /// A former client.
    pub fn former(mut self) -> Self {
        self.0.role = Role::Former;
        self
    }
    /// Language.
    pub fn lang(mut self, lang: Lang) -> Self {
        self.0.lang = Some(lang);
        self
    }
    /// IANA time zone.
    pub fn timezone(mut self, tz: &str) -> Self {
        self.0.timezone = Some(tz.to_owned());
        self
    }
    /// Adds an email address.
    pub fn email(mut self, email: &str) -> Self {
        self.0.emails.push(email.to_owned());
        self
    }
    /// Adds a phone number.
    pub fn phone(mut self, phone: &str) -> Self {
        self.0.phones.push(phone.to_owned());
        self
    }
    /// When the relationship began (`YYYY-MM-DD`).
    pub fn since(mut self, day: &str) -> Self {
        self.0.since = Some(date(day));
        self
    }
    /// Adds a tag.
    pub fn tag(mut self, tag: &str) -> Self {
        self.0.tags.push(tag.to_owned());
        self
    }
    /// The party.
    pub fn build(self) -> Party {
        self.0
    }
    /// The party as a record.
    pub fn record(self) -> Record {
        Record::Party(self.0)
    }
}

impl From<PartyBuilder> for Party {
    fn from(b: PartyBuilder) -> Party {
        b.0
    }
}

impl From<PartyBuilder> for Record {
    fn from(b: PartyBuilder) -> Record {
        Record::Party(b.0)
    }
}

/// Builds [`Workspace`] settings, all empty to start with.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceBuilder(Workspace);

/// Empty workspace settings.
pub fn workspace() -> WorkspaceBuilder {
    WorkspaceBuilder::default()
}

impl WorkspaceBuilder {
    /// IANA time zone.
    pub fn timezone(mut self, tz: &str) -> Self {
        self.0.timezone = Some(tz.to_owned());
        self
    }
    /// Currency code.
    pub fn currency(mut self, code: &str) -> Self {
        self.0.currency = Some(
            code.parse()
                .unwrap_or_else(|e| panic!("test currency: {e}")),
        );
        self
    }
    /// Business hours, e.g. `Mon-Fri 08:00-18:00`.
    pub fn business_hours(mut self, hours: &str) -> Self {
        self.0.business_hours = Some(hours.to_owned());
        self
    }
    /// Standard hourly rate.
    pub fn standard_rate(mut self, rate: &str) -> Self {
        self.0.standard_rate = Some(parse_decimal(rate).unwrap_or_else(|e| panic!("{e}")));
        self
    }
    /// The settings.
    pub fn build(self) -> Workspace {
        self.0
    }
    /// The settings as a record.
    pub fn record(self) -> Record {
        Record::Workspace(self.0)
    }
}

impl From<WorkspaceBuilder> for Record {
    fn from(b: WorkspaceBuilder) -> Record {
        Record::Workspace(b.0)
    }
}

/// Builds an [`Event`] of any kind; start from the function named after the kind.
#[derive(Debug, Clone)]
pub struct EventBuilder(Event);

/// The time every built event starts at.
pub const DEFAULT_AT: &str = "2025-01-01T09:00:00+07:00";

fn event(id: &str, party: &str, body: EventBody) -> EventBuilder {
    EventBuilder(Event {
        id: EventId::new(id),
        party: PartyId::new(party),
        at: At::parse(DEFAULT_AT).expect("valid default"),
        tags: Vec::new(),
        body,
    })
}

/// An inbound email with no text, subject, author or signals.
pub fn message(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Message(Message {
            direction: Direction::In,
            channel: Channel::Email,
            author: None,
            subject: None,
            thread: None,
            text: None,
            signals: SignalSet::EMPTY,
            hits: Vec::new(),
            classifier: None,
        }),
    )
}

/// An inbound call of 60 s.
pub fn call(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Call(Call {
            direction: Direction::In,
            duration_s: 60,
            author: None,
        }),
    )
}

/// A held meeting of 60 minutes.
pub fn meeting(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Meeting(Meeting {
            duration_min: 60,
            status: MeetingStatus::Held,
            by: None,
        }),
    )
}

/// A lead, without value or subject.
pub fn deal(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Deal(Deal {
            stage: DealStage::Lead,
            value: None,
            subject: None,
        }),
    )
}

/// An open invoice of 1000.00 USD due 2025-01-31.
pub fn invoice(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Invoice(Invoice {
            due: date("2025-01-31"),
            amount: money("1000.00", "USD"),
            status: InvoiceStatus::Open,
        }),
    )
}

/// A payment of 1000.00 USD against `invoice`.
pub fn payment(id: &str, party: &str, invoice: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Payment(Payment {
            invoice: EventId::new(invoice),
            amount: money("1000.00", "USD"),
        }),
    )
}

/// An hour of billable delivery.
pub fn time(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Time(TimeEntry {
            minutes: 60,
            billable: true,
            activity: Activity::Delivery,
            author: None,
        }),
    )
}

/// A 50.00 USD meal to win the party.
pub fn expense(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Expense(Expense {
            amount: money("50.00", "USD"),
            category: ExpenseCategory::Meal,
            purpose: ExpensePurpose::Acquisition,
        }),
    )
}

/// A proposed rate of 100.00 USD an hour.
pub fn rate(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Rate(RateChange {
            hourly: money("100.00", "USD"),
            status: RateStatus::Proposed,
        }),
    )
}

/// An order of 100.00 USD, without discount or product.
pub fn order(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Order(Order {
            amount: money("100.00", "USD"),
            discount: None,
            product: None,
        }),
    )
}

/// Active use of product `app`.
pub fn usage(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Usage(Usage {
            product: "app".to_owned(),
            active: true,
        }),
    )
}

/// A monthly subscription to `app` at 10.00 USD, without end.
pub fn subscription(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Subscription(Subscription {
            end: None,
            product: "app".to_owned(),
            amount: money("10.00", "USD"),
            period: Period::Month,
        }),
    )
}

/// An incident of category `other` reported by `staff`, with an empty note and no warning.
pub fn incident(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Incident(Incident {
            reporter: "staff".to_owned(),
            category: IncidentCategory::Other,
            note: String::new(),
            warning_given: false,
        }),
    )
}

/// A decision to keep, without note or next review.
pub fn decision(id: &str, party: &str) -> EventBuilder {
    event(
        id,
        party,
        EventBody::Decision(Decision {
            decision: Recommendation::Keep,
            note: None,
            next_review: None,
        }),
    )
}

/// An event of `kind` with that kind's defaults (as the constructor of the same name; a
/// payment is against invoice `i1`).
pub fn of_kind(kind: EventKind, id: &str, party: &str) -> EventBuilder {
    match kind {
        EventKind::Message => message(id, party),
        EventKind::Call => call(id, party),
        EventKind::Meeting => meeting(id, party),
        EventKind::Deal => deal(id, party),
        EventKind::Invoice => invoice(id, party),
        EventKind::Payment => payment(id, party, "i1"),
        EventKind::Time => time(id, party),
        EventKind::Expense => expense(id, party),
        EventKind::Rate => rate(id, party),
        EventKind::Order => order(id, party),
        EventKind::Usage => usage(id, party),
        EventKind::Subscription => subscription(id, party),
        EventKind::Incident => incident(id, party),
        EventKind::Decision => decision(id, party),
    }
}

macro_rules! wrong_kind {
    ($self:ident, $setter:literal) => {
        panic!(
            "{}() does not apply to a {} event ({:?})",
            $setter,
            $self.0.kind(),
            $self.0.id
        )
    };
}

impl EventBuilder {
    /// When: RFC 3339 with offset, or a bare `YYYY-MM-DD`.
    pub fn at(mut self, at: &str) -> Self {
        self.0.at = At::parse(at).unwrap_or_else(|e| panic!("test time: {e}"));
        self
    }
    /// Adds a tag (e.g. `extra`).
    pub fn tag(mut self, tag: &str) -> Self {
        self.0.tags.push(tag.to_owned());
        self
    }

    /// Message or call from the party.
    pub fn inbound(self) -> Self {
        self.direction(Direction::In)
    }
    /// Message or call from us.
    pub fn outbound(self) -> Self {
        self.direction(Direction::Out)
    }
    /// Message or call direction.
    pub fn direction(mut self, d: Direction) -> Self {
        match &mut self.0.body {
            EventBody::Message(m) => m.direction = d,
            EventBody::Call(c) => c.direction = d,
            _ => wrong_kind!(self, "direction"),
        }
        self
    }
    /// Message channel.
    pub fn channel(mut self, c: Channel) -> Self {
        match &mut self.0.body {
            EventBody::Message(m) => m.channel = c,
            _ => wrong_kind!(self, "channel"),
        }
        self
    }
    /// Author of a message, call or time entry; reporter of an incident.
    pub fn author(mut self, who: &str) -> Self {
        let who = who.to_owned();
        match &mut self.0.body {
            EventBody::Message(m) => m.author = Some(who),
            EventBody::Call(c) => c.author = Some(who),
            EventBody::Time(t) => t.author = Some(who),
            EventBody::Incident(i) => i.reporter = who,
            _ => wrong_kind!(self, "author"),
        }
        self
    }
    /// Subject of a message or a deal.
    pub fn subject(mut self, s: &str) -> Self {
        let s = Some(s.to_owned());
        match &mut self.0.body {
            EventBody::Message(m) => m.subject = s,
            EventBody::Deal(d) => d.subject = s,
            _ => wrong_kind!(self, "subject"),
        }
        self
    }
    /// Message thread.
    pub fn thread(mut self, t: &str) -> Self {
        match &mut self.0.body {
            EventBody::Message(m) => m.thread = Some(t.to_owned()),
            _ => wrong_kind!(self, "thread"),
        }
        self
    }
    /// Message text.
    pub fn text(mut self, t: &str) -> Self {
        match &mut self.0.body {
            EventBody::Message(m) => m.text = Some(t.to_owned()),
            _ => wrong_kind!(self, "text"),
        }
        self
    }
    /// Adds a signal hit on a message (and its bit to the message's signal set).
    pub fn hit(mut self, signal: Signal, span: (usize, usize), score: f32) -> Self {
        match &mut self.0.body {
            EventBody::Message(m) => {
                m.signals.insert(signal);
                m.hits.push(SignalHit {
                    signal,
                    span,
                    score,
                });
            }
            _ => wrong_kind!(self, "hit"),
        }
        self
    }
    /// Adds signals to a message's set, without spans.
    pub fn signals(mut self, signals: &[Signal]) -> Self {
        match &mut self.0.body {
            EventBody::Message(m) => signals.iter().for_each(|s| m.signals.insert(*s)),
            _ => wrong_kind!(self, "signals"),
        }
        self
    }
    /// The classifier version of a message's signals.
    pub fn classifier(mut self, version: &str) -> Self {
        match &mut self.0.body {
            EventBody::Message(m) => m.classifier = Some(version.to_owned()),
            _ => wrong_kind!(self, "classifier"),
        }
        self
    }
    /// Call length in seconds.
    pub fn duration_s(mut self, s: u32) -> Self {
        match &mut self.0.body {
            EventBody::Call(c) => c.duration_s = s,
            _ => wrong_kind!(self, "duration_s"),
        }
        self
    }
    /// A missed call.
    pub fn missed(self) -> Self {
        self.duration_s(0)
    }
    /// Meeting length in minutes, or time entry minutes.
    pub fn minutes(mut self, min: u32) -> Self {
        match &mut self.0.body {
            EventBody::Meeting(m) => m.duration_min = min,
            EventBody::Time(t) => t.minutes = min,
            _ => wrong_kind!(self, "minutes"),
        }
        self
    }
    /// What became of a meeting.
    pub fn meeting_status(mut self, status: MeetingStatus) -> Self {
        match &mut self.0.body {
            EventBody::Meeting(m) => m.status = status,
            _ => wrong_kind!(self, "meeting_status"),
        }
        self
    }
    /// Who caused a meeting status other than held.
    pub fn by(mut self, side: Side) -> Self {
        match &mut self.0.body {
            EventBody::Meeting(m) => m.by = Some(side),
            _ => wrong_kind!(self, "by"),
        }
        self
    }
    /// A deal's stage.
    pub fn stage(mut self, stage: DealStage) -> Self {
        match &mut self.0.body {
            EventBody::Deal(d) => d.stage = stage,
            _ => wrong_kind!(self, "stage"),
        }
        self
    }
    /// The amount of an invoice, payment, expense, order or subscription, a deal's value or a
    /// rate's hourly figure.
    pub fn amount(mut self, amount: &str, currency: &str) -> Self {
        let m = money(amount, currency);
        match &mut self.0.body {
            EventBody::Deal(d) => d.value = Some(m),
            EventBody::Invoice(i) => i.amount = m,
            EventBody::Payment(p) => p.amount = m,
            EventBody::Expense(x) => x.amount = m,
            EventBody::Rate(r) => r.hourly = m,
            EventBody::Order(o) => o.amount = m,
            EventBody::Subscription(s) => s.amount = m,
            _ => wrong_kind!(self, "amount"),
        }
        self
    }
    /// An invoice's due date.
    pub fn due(mut self, day: &str) -> Self {
        match &mut self.0.body {
            EventBody::Invoice(i) => i.due = date(day),
            _ => wrong_kind!(self, "due"),
        }
        self
    }
    /// A void invoice.
    pub fn void(mut self) -> Self {
        match &mut self.0.body {
            EventBody::Invoice(i) => i.status = InvoiceStatus::Void,
            _ => wrong_kind!(self, "void"),
        }
        self
    }
    /// Whether a time entry can be billed.
    pub fn billable(mut self, yes: bool) -> Self {
        match &mut self.0.body {
            EventBody::Time(t) => t.billable = yes,
            _ => wrong_kind!(self, "billable"),
        }
        self
    }
    /// What a time entry was spent on.
    pub fn activity(mut self, a: Activity) -> Self {
        match &mut self.0.body {
            EventBody::Time(t) => t.activity = a,
            _ => wrong_kind!(self, "activity"),
        }
        self
    }
    /// An expense's category.
    pub fn expense_category(mut self, c: ExpenseCategory) -> Self {
        match &mut self.0.body {
            EventBody::Expense(x) => x.category = c,
            _ => wrong_kind!(self, "expense_category"),
        }
        self
    }
    /// An expense's purpose.
    pub fn purpose(mut self, p: ExpensePurpose) -> Self {
        match &mut self.0.body {
            EventBody::Expense(x) => x.purpose = p,
            _ => wrong_kind!(self, "purpose"),
        }
        self
    }
    /// Where a rate stands.
    pub fn rate_status(mut self, s: RateStatus) -> Self {
        match &mut self.0.body {
            EventBody::Rate(r) => r.status = s,
            _ => wrong_kind!(self, "rate_status"),
        }
        self
    }
    /// An order's discount (in the order's currency).
    pub fn discount(mut self, amount: &str) -> Self {
        match &mut self.0.body {
            EventBody::Order(o) => {
                o.discount = Some(parse_decimal(amount).unwrap_or_else(|e| panic!("{e}")))
            }
            _ => wrong_kind!(self, "discount"),
        }
        self
    }
    /// The product of an order, usage or subscription.
    pub fn product(mut self, p: &str) -> Self {
        match &mut self.0.body {
            EventBody::Order(o) => o.product = Some(p.to_owned()),
            EventBody::Usage(u) => u.product = p.to_owned(),
            EventBody::Subscription(s) => s.product = p.to_owned(),
            _ => wrong_kind!(self, "product"),
        }
        self
    }
    /// Whether usage was active.
    pub fn active(mut self, yes: bool) -> Self {
        match &mut self.0.body {
            EventBody::Usage(u) => u.active = yes,
            _ => wrong_kind!(self, "active"),
        }
        self
    }
    /// When a subscription ends.
    pub fn end(mut self, day: &str) -> Self {
        match &mut self.0.body {
            EventBody::Subscription(s) => s.end = Some(date(day)),
            _ => wrong_kind!(self, "end"),
        }
        self
    }
    /// A subscription's billing period.
    pub fn period(mut self, p: Period) -> Self {
        match &mut self.0.body {
            EventBody::Subscription(s) => s.period = p,
            _ => wrong_kind!(self, "period"),
        }
        self
    }
    /// An incident's category.
    pub fn incident_category(mut self, c: IncidentCategory) -> Self {
        match &mut self.0.body {
            EventBody::Incident(i) => i.category = c,
            _ => wrong_kind!(self, "incident_category"),
        }
        self
    }
    /// The note of an incident or a decision.
    pub fn note(mut self, note: &str) -> Self {
        match &mut self.0.body {
            EventBody::Incident(i) => i.note = note.to_owned(),
            EventBody::Decision(d) => d.note = Some(note.to_owned()),
            _ => wrong_kind!(self, "note"),
        }
        self
    }
    /// Whether we warned the party on an incident.
    pub fn warning_given(mut self, yes: bool) -> Self {
        match &mut self.0.body {
            EventBody::Incident(i) => i.warning_given = yes,
            _ => wrong_kind!(self, "warning_given"),
        }
        self
    }
    /// A decision's verdict.
    pub fn verdict(mut self, r: Recommendation) -> Self {
        match &mut self.0.body {
            EventBody::Decision(d) => d.decision = r,
            _ => wrong_kind!(self, "verdict"),
        }
        self
    }
    /// When to review a decision again.
    pub fn next_review(mut self, day: &str) -> Self {
        match &mut self.0.body {
            EventBody::Decision(d) => d.next_review = Some(date(day)),
            _ => wrong_kind!(self, "next_review"),
        }
        self
    }

    /// The event.
    pub fn build(self) -> Event {
        self.0
    }
    /// The event as a record.
    pub fn record(self) -> Record {
        Record::Event(self.0)
    }
}

impl From<EventBuilder> for Event {
    fn from(b: EventBuilder) -> Event {
        b.0
    }
}

impl From<EventBuilder> for Record {
    fn from(b: EventBuilder) -> Record {
        Record::Event(b.0)
    }
}
