//! The one mapping between domain records and table rows, shared by every backend.
//!
//! Events live in one table. Besides the common columns (`kind`, `id`, `party`, `at_utc`,
//! `at_offset`, `tags`), each kind puts its values in a few shared, typed columns:
//!
//! | column | holds |
//! |---|---|
//! | `state` | message/call direction, meeting status, deal stage, invoice status, time activity, expense category, rate status, incident category, decision |
//! | `detail` | message channel, meeting `by`, expense purpose, subscription period |
//! | `quantity` | call `duration_s`, meeting `duration_min`, time `minutes` |
//! | `flag` | time `billable`, usage `active`, incident `warning_given` |
//! | `amount`, `currency` | deal value, invoice/payment/expense/order/subscription amount, rate `hourly` (decimal text) |
//! | `amount2` | order `discount` |
//! | `date2` | invoice `due`, subscription `end`, decision `next_review` |
//! | `ref_id` | payment `invoice`, message `thread` |
//! | `label` | message/call/time `author`, incident `reporter`, order/usage/subscription `product`, deal `subject` |
//! | `subject` | message `subject` |
//! | `body` | message `text`, incident `note`, decision `note` |
//! | `signals`, `hits`, `classifier` | a message's signal bits, spans (JSON) and classifier version |
//!
//! A review reads only the typed columns; `subject`, `body` and `hits` are loaded on request.

use redflag_domain::*;

/// An event as a table row. Owned (`EventRow<String>`) when written; a backend may read rows
/// as borrowed text (`EventRow<&str>`) and allocate only what the event keeps.
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(missing_docs)] // the module documentation describes every column
pub struct EventRow<S = String> {
    pub kind: S,
    pub id: S,
    pub party: S,
    pub at_utc: i64,
    pub at_offset: Option<i32>,
    pub tags: Option<S>,
    pub state: Option<S>,
    pub detail: Option<S>,
    pub quantity: Option<i64>,
    pub flag: Option<bool>,
    pub amount: Option<S>,
    pub amount2: Option<S>,
    pub currency: Option<S>,
    pub date2: Option<S>,
    pub ref_id: Option<S>,
    pub label: Option<S>,
    pub subject: Option<S>,
    pub body: Option<S>,
    pub signals: Option<i64>,
    pub hits: Option<S>,
    pub classifier: Option<S>,
}

/// The columns of the events table, in the order every backend binds and reads them.
pub const EVENT_COLUMNS: &[&str] = &[
    "kind",
    "id",
    "party",
    "at_utc",
    "at_offset",
    "tags",
    "state",
    "detail",
    "quantity",
    "flag",
    "amount",
    "amount2",
    "currency",
    "date2",
    "ref_id",
    "label",
    "subject",
    "body",
    "signals",
    "hits",
    "classifier",
];

/// The columns that a scan without text leaves out (they are read as NULL).
pub const TEXT_COLUMNS: &[&str] = &["subject", "body", "hits"];

/// The select list for events in [`EVENT_COLUMNS`] order, for both backends: text columns
/// outside `scope` are read as NULL, so rows always have the same shape.
pub fn event_select(scope: crate::TextScope) -> String {
    EVENT_COLUMNS
        .iter()
        .map(|c| match scope {
            crate::TextScope::All => (*c).to_owned(),
            _ if !TEXT_COLUMNS.contains(c) => (*c).to_owned(),
            crate::TextScope::Signalled if *c == "body" => {
                "CASE WHEN kind = 'message' AND signals <> 0 THEN body END".to_owned()
            }
            _ => "NULL".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A party as a table row.
#[derive(Debug, Clone, Default, PartialEq)]
#[allow(missing_docs)] // the fields are the party's, with lists as JSON arrays
pub struct PartyRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub lang: Option<String>,
    pub timezone: Option<String>,
    pub emails: Option<String>,
    pub phones: Option<String>,
    pub since: Option<String>,
    pub tags: Option<String>,
}

/// The columns of the parties table, in binding order.
pub const PARTY_COLUMNS: &[&str] = &[
    "id", "name", "role", "lang", "timezone", "emails", "phones", "since", "tags",
];

/// A stored row that does not make a valid record (written by another program, or corrupted).
#[derive(Debug, Clone, thiserror::Error)]
#[error("stored {kind} {id:?} is unreadable: {why}")]
pub struct RowError {
    /// The row's kind.
    pub kind: String,
    /// The row's id.
    pub id: String,
    /// What is wrong.
    pub why: String,
}

impl From<RowError> for crate::StoreError {
    fn from(e: RowError) -> Self {
        crate::StoreError::Other(e.to_string())
    }
}

fn list_to_json(list: &[String]) -> Option<String> {
    if list.is_empty() {
        None
    } else {
        Some(serde_json::to_string(list).expect("strings serialise"))
    }
}

fn list_from_json(s: Option<&str>) -> Result<Vec<String>, String> {
    match s {
        None => Ok(Vec::new()),
        Some(s) => serde_json::from_str(s).map_err(|e| format!("bad list {s:?}: {e}")),
    }
}

fn money_cols(m: &Money) -> (Option<String>, Option<String>) {
    (Some(m.amount.to_string()), Some(m.currency.to_string()))
}

impl PartyRow {
    /// The row for a party.
    pub fn from_party(p: &Party) -> PartyRow {
        PartyRow {
            id: p.id.as_str().to_owned(),
            name: p.name.clone(),
            role: p.role.as_str().to_owned(),
            lang: p.lang.map(|l| l.as_str().to_owned()),
            timezone: p.timezone.clone(),
            emails: list_to_json(&p.emails),
            phones: list_to_json(&p.phones),
            since: p.since.map(|d| d.to_string()),
            tags: list_to_json(&p.tags),
        }
    }

    /// The party of a row.
    pub fn into_party(self) -> Result<Party, RowError> {
        let err = |why: String| RowError {
            kind: "party".into(),
            id: self.id.clone(),
            why,
        };
        Ok(Party {
            role: self
                .role
                .parse()
                .map_err(|e: UnknownValue| err(e.to_string()))?,
            lang: self
                .lang
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|e: UnknownValue| err(e.to_string()))?,
            emails: list_from_json(self.emails.as_deref()).map_err(err)?,
            phones: list_from_json(self.phones.as_deref()).map_err(err)?,
            tags: list_from_json(self.tags.as_deref()).map_err(err)?,
            since: self
                .since
                .as_deref()
                .map(parse_date)
                .transpose()
                .map_err(|e| err(e.to_string()))?,
            timezone: self.timezone.clone(),
            name: self.name.clone(),
            id: PartyId::new(self.id),
        })
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredHit {
    s: String,
    a: usize,
    b: usize,
    p: f32,
}

fn hits_to_json(hits: &[SignalHit]) -> Option<String> {
    if hits.is_empty() {
        return None;
    }
    let v: Vec<StoredHit> = hits
        .iter()
        .map(|h| StoredHit {
            s: h.signal.as_str().to_owned(),
            a: h.span.0,
            b: h.span.1,
            p: h.score,
        })
        .collect();
    Some(serde_json::to_string(&v).expect("hits serialise"))
}

fn hits_from_json(s: &str) -> Result<Vec<SignalHit>, String> {
    let v: Vec<StoredHit> = serde_json::from_str(s).map_err(|e| format!("bad hits: {e}"))?;
    v.into_iter()
        .map(|h| {
            Ok(SignalHit {
                signal: h.s.parse().map_err(|e: UnknownValue| e.to_string())?,
                span: (h.a, h.b),
                score: h.p,
            })
        })
        .collect()
}

impl EventRow {
    /// The row for an event.
    pub fn from_event(e: &Event) -> EventRow {
        let (at_utc, at_offset) = e.at.to_parts();
        let mut r = EventRow {
            kind: e.kind().as_str().to_owned(),
            id: e.id.as_str().to_owned(),
            party: e.party.as_str().to_owned(),
            at_utc,
            at_offset,
            tags: list_to_json(&e.tags),
            ..EventRow::default()
        };
        let s = |v: &dyn std::fmt::Display| Some(v.to_string());
        match &e.body {
            EventBody::Message(m) => {
                r.state = s(&m.direction);
                r.detail = s(&m.channel);
                r.label = m.author.clone();
                r.subject = m.subject.clone();
                r.ref_id = m.thread.clone();
                r.body = m.text.clone();
                r.signals = Some(i64::from(m.signals.bits()));
                r.hits = hits_to_json(&m.hits);
                r.classifier = m.classifier.clone();
            }
            EventBody::Call(c) => {
                r.state = s(&c.direction);
                r.quantity = Some(i64::from(c.duration_s));
                r.label = c.author.clone();
            }
            EventBody::Meeting(m) => {
                r.state = s(&m.status);
                r.detail = m.by.map(|b| b.as_str().to_owned());
                r.quantity = Some(i64::from(m.duration_min));
            }
            EventBody::Deal(d) => {
                r.state = s(&d.stage);
                if let Some(v) = &d.value {
                    (r.amount, r.currency) = money_cols(v);
                }
                r.label = d.subject.clone();
            }
            EventBody::Invoice(i) => {
                r.state = s(&i.status);
                r.date2 = s(&i.due);
                (r.amount, r.currency) = money_cols(&i.amount);
            }
            EventBody::Payment(p) => {
                r.ref_id = Some(p.invoice.as_str().to_owned());
                (r.amount, r.currency) = money_cols(&p.amount);
            }
            EventBody::Time(t) => {
                r.state = s(&t.activity);
                r.quantity = Some(i64::from(t.minutes));
                r.flag = Some(t.billable);
                r.label = t.author.clone();
            }
            EventBody::Expense(x) => {
                r.state = s(&x.category);
                r.detail = s(&x.purpose);
                (r.amount, r.currency) = money_cols(&x.amount);
            }
            EventBody::Rate(x) => {
                r.state = s(&x.status);
                (r.amount, r.currency) = money_cols(&x.hourly);
            }
            EventBody::Order(o) => {
                (r.amount, r.currency) = money_cols(&o.amount);
                r.amount2 = o.discount.map(|d| d.to_string());
                r.label = o.product.clone();
            }
            EventBody::Usage(u) => {
                r.label = Some(u.product.clone());
                r.flag = Some(u.active);
            }
            EventBody::Subscription(x) => {
                r.date2 = x.end.map(|d| d.to_string());
                r.label = Some(x.product.clone());
                (r.amount, r.currency) = money_cols(&x.amount);
                r.detail = s(&x.period);
            }
            EventBody::Incident(i) => {
                r.state = s(&i.category);
                r.label = Some(i.reporter.clone());
                r.body = Some(i.note.clone());
                r.flag = Some(i.warning_given);
            }
            EventBody::Decision(d) => {
                r.state = s(&d.decision);
                r.body = d.note.clone();
                r.date2 = d.next_review.map(|d| d.to_string());
            }
        }
        r
    }
}

impl<S: AsRef<str>> EventRow<S> {
    /// The event of a row.
    pub fn into_event(self) -> Result<Event, RowError> {
        // The error names the row; built only when there is one.
        let err = |why: String| RowError {
            kind: self.kind.as_ref().to_owned(),
            id: self.id.as_ref().to_owned(),
            why,
        };
        let kind: EventKind = self
            .kind
            .as_ref()
            .parse()
            .map_err(|e: UnknownValue| err(e.to_string()))?;
        let at = At::from_parts(self.at_utc, self.at_offset)
            .ok_or_else(|| err(format!("bad time {} {:?}", self.at_utc, self.at_offset)))?;

        fn need<T>(v: Option<T>, col: &str) -> Result<T, String> {
            v.ok_or_else(|| format!("{col} is missing"))
        }
        fn parse<T: std::str::FromStr>(v: Option<&str>, col: &str) -> Result<T, String>
        where
            T::Err: std::fmt::Display,
        {
            need(v, col)?
                .parse()
                .map_err(|e: T::Err| format!("{col}: {e}"))
        }
        fn opt<T: std::str::FromStr>(v: Option<&str>, col: &str) -> Result<Option<T>, String>
        where
            T::Err: std::fmt::Display,
        {
            v.map(|s| s.parse().map_err(|e: T::Err| format!("{col}: {e}")))
                .transpose()
        }
        fn date(v: Option<&str>, col: &str) -> Result<Option<jiff::civil::Date>, String> {
            v.map(|s| parse_date(s).map_err(|e| format!("{col}: {e}")))
                .transpose()
        }
        fn u32_of(v: Option<i64>, col: &str) -> Result<u32, String> {
            u32::try_from(need(v, col)?).map_err(|_| format!("{col} out of range"))
        }
        let money = |amount: Option<&str>, currency: Option<&str>| -> Result<Money, String> {
            Ok(Money::new(
                parse_decimal(need(amount, "amount")?).map_err(|e| e.to_string())?,
                parse(currency, "currency")?,
            ))
        };

        let r = &self;
        let body = (|| -> Result<EventBody, String> {
            Ok(match kind {
                EventKind::Message => EventBody::Message(Message {
                    direction: parse(r.state.as_ref().map(AsRef::as_ref), "direction")?,
                    channel: parse(r.detail.as_ref().map(AsRef::as_ref), "channel")?,
                    author: owned(&r.label),
                    subject: owned(&r.subject),
                    thread: owned(&r.ref_id),
                    text: owned(&r.body),
                    signals: SignalSet::from_bits(r.signals.unwrap_or(0) as u32),
                    hits: match &r.hits {
                        Some(h) => hits_from_json(h.as_ref())?,
                        None => Vec::new(),
                    },
                    classifier: owned(&r.classifier),
                }),
                EventKind::Call => EventBody::Call(Call {
                    direction: parse(r.state.as_ref().map(AsRef::as_ref), "direction")?,
                    duration_s: u32_of(r.quantity, "duration_s")?,
                    author: owned(&r.label),
                }),
                EventKind::Meeting => EventBody::Meeting(Meeting {
                    status: parse(r.state.as_ref().map(AsRef::as_ref), "status")?,
                    by: opt(r.detail.as_ref().map(AsRef::as_ref), "by")?,
                    duration_min: u32_of(r.quantity, "duration_min")?,
                }),
                EventKind::Deal => EventBody::Deal(Deal {
                    stage: parse(r.state.as_ref().map(AsRef::as_ref), "stage")?,
                    value: match r.amount.as_ref().map(AsRef::as_ref) {
                        Some(_) => Some(money(
                            r.amount.as_ref().map(AsRef::as_ref),
                            r.currency.as_ref().map(AsRef::as_ref),
                        )?),
                        None => None,
                    },
                    subject: owned(&r.label),
                }),
                EventKind::Invoice => EventBody::Invoice(Invoice {
                    status: parse(r.state.as_ref().map(AsRef::as_ref), "status")?,
                    due: need(date(r.date2.as_ref().map(AsRef::as_ref), "due")?, "due")?,
                    amount: money(
                        r.amount.as_ref().map(AsRef::as_ref),
                        r.currency.as_ref().map(AsRef::as_ref),
                    )?,
                }),
                EventKind::Payment => EventBody::Payment(Payment {
                    invoice: EventId::new(need(owned(&r.ref_id), "invoice")?),
                    amount: money(
                        r.amount.as_ref().map(AsRef::as_ref),
                        r.currency.as_ref().map(AsRef::as_ref),
                    )?,
                }),
                EventKind::Time => EventBody::Time(TimeEntry {
                    activity: parse(r.state.as_ref().map(AsRef::as_ref), "activity")?,
                    minutes: u32_of(r.quantity, "minutes")?,
                    billable: need(r.flag, "billable")?,
                    author: owned(&r.label),
                }),
                EventKind::Expense => EventBody::Expense(Expense {
                    category: parse(r.state.as_ref().map(AsRef::as_ref), "category")?,
                    purpose: parse(r.detail.as_ref().map(AsRef::as_ref), "purpose")?,
                    amount: money(
                        r.amount.as_ref().map(AsRef::as_ref),
                        r.currency.as_ref().map(AsRef::as_ref),
                    )?,
                }),
                EventKind::Rate => EventBody::Rate(RateChange {
                    status: parse(r.state.as_ref().map(AsRef::as_ref), "status")?,
                    hourly: money(
                        r.amount.as_ref().map(AsRef::as_ref),
                        r.currency.as_ref().map(AsRef::as_ref),
                    )?,
                }),
                EventKind::Order => EventBody::Order(Order {
                    amount: money(
                        r.amount.as_ref().map(AsRef::as_ref),
                        r.currency.as_ref().map(AsRef::as_ref),
                    )?,
                    discount: r
                        .amount2
                        .as_ref()
                        .map(AsRef::as_ref)
                        .map(|d| parse_decimal(d).map_err(|e| e.to_string()))
                        .transpose()?,
                    product: owned(&r.label),
                }),
                EventKind::Usage => EventBody::Usage(Usage {
                    product: need(owned(&r.label), "product")?,
                    active: need(r.flag, "active")?,
                }),
                EventKind::Subscription => EventBody::Subscription(Subscription {
                    end: date(r.date2.as_ref().map(AsRef::as_ref), "end")?,
                    product: need(owned(&r.label), "product")?,
                    amount: money(
                        r.amount.as_ref().map(AsRef::as_ref),
                        r.currency.as_ref().map(AsRef::as_ref),
                    )?,
                    period: parse(r.detail.as_ref().map(AsRef::as_ref), "period")?,
                }),
                EventKind::Incident => EventBody::Incident(Incident {
                    category: parse(r.state.as_ref().map(AsRef::as_ref), "category")?,
                    reporter: need(owned(&r.label), "reporter")?,
                    note: owned(&r.body).unwrap_or_default(),
                    warning_given: r.flag.unwrap_or(false),
                }),
                EventKind::Decision => EventBody::Decision(Decision {
                    decision: parse(r.state.as_ref().map(AsRef::as_ref), "decision")?,
                    note: owned(&r.body),
                    next_review: date(r.date2.as_ref().map(AsRef::as_ref), "next_review")?,
                }),
            })
        })()
        .map_err(&err)?;
        Ok(Event {
            tags: list_from_json(self.tags.as_ref().map(AsRef::as_ref)).map_err(&err)?,
            id: EventId::new(self.id.as_ref()),
            party: PartyId::new(self.party.as_ref()),
            at,
            body,
        })
    }

    /// A stable fingerprint of everything in the row, so that re-importing an identical record
    /// can be told from an update without reading the old row back (FNV-1a, 64 bits).
    pub fn digest(&self) -> i64 {
        let mut h = Fnv::new();
        h.text(self.kind.as_ref());
        h.text(self.id.as_ref());
        h.text(self.party.as_ref());
        h.int(Some(self.at_utc));
        h.int(self.at_offset.map(i64::from));
        for v in [
            &self.tags,
            &self.state,
            &self.detail,
            &self.amount,
            &self.amount2,
            &self.currency,
            &self.date2,
            &self.ref_id,
            &self.label,
            &self.subject,
            &self.body,
            &self.hits,
            &self.classifier,
        ] {
            h.opt_text(v.as_ref().map(AsRef::as_ref));
        }
        h.int(self.quantity);
        h.int(self.flag.map(i64::from));
        h.int(self.signals);
        h.finish()
    }
}

/// An owned copy of an optional text column.
fn owned<S: AsRef<str>>(v: &Option<S>) -> Option<String> {
    v.as_ref().map(|s| s.as_ref().to_owned())
}

impl PartyRow {
    /// A stable fingerprint of the row (see [`EventRow::digest`]).
    pub fn digest(&self) -> i64 {
        let mut h = Fnv::new();
        h.text(&self.id);
        h.text(&self.name);
        h.text(&self.role);
        for v in [
            &self.lang,
            &self.timezone,
            &self.emails,
            &self.phones,
            &self.since,
            &self.tags,
        ] {
            h.opt_text(v.as_deref());
        }
        h.finish()
    }
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for x in b {
            self.0 ^= u64::from(*x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn text(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }
    fn opt_text(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.bytes(&[1]);
                self.text(s);
            }
            None => self.bytes(&[0]),
        }
    }
    fn int(&mut self, v: Option<i64>) {
        match v {
            Some(v) => {
                self.bytes(&[1]);
                self.bytes(&v.to_le_bytes());
            }
            None => self.bytes(&[0]),
        }
    }
    fn finish(self) -> i64 {
        self.0 as i64
    }
}

/// Workspace settings as `(key, value)` pairs for a settings table.
pub fn workspace_to_pairs(w: &Workspace) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if let Some(tz) = &w.timezone {
        v.push(("timezone", tz.clone()));
    }
    if let Some(c) = w.currency {
        v.push(("currency", c.to_string()));
    }
    if let Some(b) = &w.business_hours {
        v.push(("business_hours", b.clone()));
    }
    if let Some(r) = w.standard_rate {
        v.push(("standard_rate", r.to_string()));
    }
    v
}

/// Workspace settings from `(key, value)` pairs; unknown keys are ignored.
pub fn workspace_from_pairs<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Workspace, RowError> {
    let mut w = Workspace::default();
    let err = |why: String| RowError {
        kind: "workspace".into(),
        id: "ws".into(),
        why,
    };
    for (k, v) in pairs {
        match k {
            "timezone" => w.timezone = Some(v.to_owned()),
            "currency" => w.currency = Some(v.parse().map_err(|e: MoneyError| err(e.to_string()))?),
            "business_hours" => w.business_hours = Some(v.to_owned()),
            "standard_rate" => {
                w.standard_rate = Some(parse_decimal(v).map_err(|e| err(e.to_string()))?)
            }
            _ => {}
        }
    }
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TextScope;

    /// Both backends bind and read columns by position in these orders (`rows.rs` of each):
    /// changing a list here means changing them too.
    #[test]
    fn the_column_orders_are_the_ones_the_backends_bind() {
        assert_eq!(
            EVENT_COLUMNS.join(" "),
            "kind id party at_utc at_offset tags state detail quantity flag amount amount2 \
             currency date2 ref_id label subject body signals hits classifier"
        );
        assert_eq!(
            PARTY_COLUMNS.join(" "),
            "id name role lang timezone emails phones since tags"
        );
    }

    #[test]
    fn every_scope_selects_every_column_in_order_with_text_only_where_asked() {
        for scope in [TextScope::None, TextScope::Signalled, TextScope::All] {
            let sql = event_select(scope);
            let cols: Vec<&str> = sql.split(", ").collect();
            assert_eq!(cols.len(), EVENT_COLUMNS.len(), "{scope:?}");
            for (got, want) in cols.iter().zip(EVENT_COLUMNS) {
                let text = TEXT_COLUMNS.contains(want);
                match (scope, text) {
                    (TextScope::All, _) | (_, false) => assert_eq!(got, want),
                    (TextScope::Signalled, true) if *want == "body" => {
                        assert!(got.contains("signals <> 0"), "{got}")
                    }
                    _ => assert_eq!(*got, "NULL", "{want} in {scope:?}"),
                }
            }
        }
    }
}
