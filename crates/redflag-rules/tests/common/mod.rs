//! Small builders for review tests: parties with events placed relative to the as-of date.
#![allow(dead_code)]

use redflag_domain::jiff::civil::Date;
use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::*;
use redflag_rules::{PartyReview, Policy, Review, Reviewer};

/// The as-of date of most tests: Monday 30 June 2025.
pub fn as_of() -> Date {
    "2025-06-30".parse().unwrap()
}

/// `days` before the as-of date at `hh:mm` on the default workspace clock (+07:00).
pub fn ago(days: i64, hm: &str) -> String {
    let d = as_of()
        .checked_sub(redflag_domain::jiff::Span::new().days(days))
        .unwrap();
    format!("{d}T{hm}:00+07:00")
}

/// The bare date `days` before the as-of date.
pub fn ago_date(days: i64) -> String {
    as_of()
        .checked_sub(redflag_domain::jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

/// A decimal from text.
pub fn dec(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

/// Money in `cur`.
pub fn money(s: &str, cur: &str) -> Money {
    Money::new(dec(s), cur.parse().unwrap())
}

/// A party and its events.
#[derive(Clone)]
pub struct P {
    pub party: Party,
    pub events: Vec<Event>,
    n: usize,
}

impl P {
    pub fn new(id: &str, role: Role) -> P {
        P {
            party: Party {
                id: id.into(),
                name: format!("{id} Ltd"),
                role,
                lang: None,
                timezone: None,
                emails: vec![],
                phones: vec![],
                since: None,
                tags: vec![],
            },
            events: vec![],
            n: 0,
        }
    }
    pub fn client(id: &str) -> P {
        P::new(id, Role::Client)
    }
    pub fn prospect(id: &str) -> P {
        P::new(id, Role::Prospect)
    }
    pub fn former(id: &str) -> P {
        P::new(id, Role::Former)
    }

    /// Adds an event with a generated id `<prefix>-<n>` and returns the id.
    pub fn push(&mut self, prefix: &str, at: &str, tags: &[&str], body: EventBody) -> String {
        self.n += 1;
        let id = format!("{}-{prefix}-{}", self.party.id, self.n);
        self.push_id(&id, at, tags, body);
        id
    }

    pub fn push_id(&mut self, id: &str, at: &str, tags: &[&str], body: EventBody) {
        self.events.push(Event {
            id: id.into(),
            party: self.party.id.clone(),
            at: At::parse(at).unwrap(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            body,
        });
    }

    fn message(dir: Direction, signals: &[Signal], text: Option<&str>) -> EventBody {
        EventBody::Message(Message {
            direction: dir,
            channel: Channel::Email,
            author: None,
            subject: None,
            thread: None,
            text: text.map(str::to_owned),
            signals: signals.iter().copied().collect(),
            hits: vec![],
            classifier: None,
        })
    }

    /// An inbound message with these signals.
    pub fn inbound(&mut self, at: &str, signals: &[Signal]) -> String {
        self.push("msg", at, &[], P::message(Direction::In, signals, None))
    }

    /// An inbound message with its text loaded.
    pub fn inbound_text(&mut self, at: &str, signals: &[Signal], text: &str) -> String {
        self.push(
            "msg",
            at,
            &[],
            P::message(Direction::In, signals, Some(text)),
        )
    }

    /// An outbound message (its signals, if any, must not count).
    pub fn outbound(&mut self, at: &str, signals: &[Signal]) -> String {
        self.push("msg", at, &[], P::message(Direction::Out, signals, None))
    }

    pub fn call_in(&mut self, at: &str, duration_s: u32) -> String {
        self.push(
            "call",
            at,
            &[],
            EventBody::Call(Call {
                direction: Direction::In,
                duration_s,
                author: None,
            }),
        )
    }

    pub fn call_out(&mut self, at: &str) -> String {
        self.push(
            "call",
            at,
            &[],
            EventBody::Call(Call {
                direction: Direction::Out,
                duration_s: 60,
                author: None,
            }),
        )
    }

    pub fn meeting(&mut self, at: &str, status: MeetingStatus, by: Option<Side>) -> String {
        self.push(
            "meet",
            at,
            &[],
            EventBody::Meeting(Meeting {
                duration_min: 60,
                status,
                by,
            }),
        )
    }

    pub fn deal(
        &mut self,
        at: &str,
        stage: DealStage,
        value: Option<Money>,
        subject: Option<&str>,
    ) -> String {
        self.push(
            "deal",
            at,
            &[],
            EventBody::Deal(Deal {
                stage,
                value,
                subject: subject.map(str::to_owned),
            }),
        )
    }

    pub fn invoice(&mut self, id: &str, at: &str, due: &str, amount: Money) -> String {
        self.invoice_tagged(id, at, due, amount, &[])
    }

    pub fn invoice_tagged(
        &mut self,
        id: &str,
        at: &str,
        due: &str,
        amount: Money,
        tags: &[&str],
    ) -> String {
        self.push_id(
            id,
            at,
            tags,
            EventBody::Invoice(Invoice {
                due: due.parse().unwrap(),
                amount,
                status: InvoiceStatus::Open,
            }),
        );
        id.to_owned()
    }

    pub fn void_invoice(&mut self, id: &str, at: &str, due: &str, amount: Money) -> String {
        self.push_id(
            id,
            at,
            &[],
            EventBody::Invoice(Invoice {
                due: due.parse().unwrap(),
                amount,
                status: InvoiceStatus::Void,
            }),
        );
        id.to_owned()
    }

    pub fn payment(&mut self, at: &str, invoice: &str, amount: Money) -> String {
        self.push(
            "pay",
            at,
            &[],
            EventBody::Payment(Payment {
                invoice: invoice.into(),
                amount,
            }),
        )
    }

    pub fn time(
        &mut self,
        at: &str,
        minutes: u32,
        billable: bool,
        activity: Activity,
        tags: &[&str],
    ) -> String {
        self.push(
            "time",
            at,
            tags,
            EventBody::Time(TimeEntry {
                minutes,
                billable,
                activity,
                author: None,
            }),
        )
    }

    pub fn expense(&mut self, at: &str, amount: Money, purpose: ExpensePurpose) -> String {
        self.push(
            "exp",
            at,
            &[],
            EventBody::Expense(Expense {
                amount,
                category: ExpenseCategory::Meal,
                purpose,
            }),
        )
    }

    pub fn rate(&mut self, at: &str, hourly: Money, status: RateStatus) -> String {
        self.push(
            "rate",
            at,
            &[],
            EventBody::Rate(RateChange { hourly, status }),
        )
    }

    pub fn order(&mut self, at: &str, amount: Money, discount: Option<&str>) -> String {
        self.push(
            "order",
            at,
            &[],
            EventBody::Order(Order {
                amount,
                discount: discount.map(dec),
                product: None,
            }),
        )
    }

    pub fn usage(&mut self, at: &str, product: &str, active: bool) -> String {
        self.push(
            "use",
            at,
            &[],
            EventBody::Usage(Usage {
                product: product.into(),
                active,
            }),
        )
    }

    pub fn subscription(&mut self, at: &str, end: Option<&str>, product: &str) -> String {
        self.push(
            "sub",
            at,
            &[],
            EventBody::Subscription(Subscription {
                end: end.map(|e| e.parse().unwrap()),
                product: product.into(),
                amount: money("100", "USD"),
                period: Period::Month,
            }),
        )
    }

    pub fn incident(
        &mut self,
        at: &str,
        reporter: &str,
        category: IncidentCategory,
        warning_given: bool,
    ) -> String {
        self.push(
            "inc",
            at,
            &[],
            EventBody::Incident(Incident {
                reporter: reporter.into(),
                category,
                note: "note".into(),
                warning_given,
            }),
        )
    }

    pub fn decision(&mut self, at: &str, decision: Recommendation, next: Option<&str>) -> String {
        self.push(
            "dec",
            at,
            &[],
            EventBody::Decision(Decision {
                decision,
                note: Some("talked".into()),
                next_review: next.map(|n| n.parse().unwrap()),
            }),
        )
    }
}

/// Reviews the parties as of `as_of` with `policy`, giving each its events in time order.
pub fn review_with(policy: &Policy, as_of: Date, parties: &[&P]) -> Review {
    let tz: &TimeZone = policy.tz();
    let mut r = Reviewer::new(policy, as_of);
    for p in parties {
        let mut events = p.events.clone();
        events.sort_by_key(|e| e.at.instant(tz));
        r.add_party(&p.party, &events);
    }
    r.finish()
}

/// Reviews the parties with the default policy as of [`as_of`].
pub fn review(parties: &[&P]) -> Review {
    review_with(&Policy::default(), as_of(), parties)
}

/// Reviews one party with the default policy.
pub fn one(p: &P) -> PartyReview {
    review(&[p]).parties.remove(0)
}

/// Reviews one party with a policy.
pub fn one_with(policy: &Policy, p: &P) -> PartyReview {
    review_with(policy, as_of(), &[p]).parties.remove(0)
}

/// The severity of `flag`, if raised.
pub fn sev(r: &PartyReview, flag: FlagId) -> Option<Severity> {
    r.flag(flag).map(|f| f.severity)
}

/// The evidence of `flag` (empty if not raised).
pub fn evidence(r: &PartyReview, flag: FlagId) -> Vec<String> {
    r.flag(flag).map(|f| f.evidence.clone()).unwrap_or_default()
}

/// Ids as owned strings.
pub fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// How many days before the as-of date (a Monday) the `k`-th weekday (Mon-Fri) before it falls,
/// cycling within the last 80 days.
pub fn workday(k: usize) -> i64 {
    let days: Vec<i64> = (1..=80).filter(|d| d % 7 != 1 && d % 7 != 2).collect();
    days[k % days.len()]
}
