//! Reading interchange lines into domain records, with errors that name the line and field.

use std::borrow::Cow;
use std::io::BufRead;

use redflag_domain::*;
use serde::Deserialize;
use serde_json::value::RawValue;

/// The longest line the reader accepts. A longer one is almost certainly not interchange (a
/// binary file, or a whole export on one line) and would otherwise be read into memory whole.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// Why one line could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LineError {
    /// 1-based line number.
    pub line: u64,
    /// What is wrong, naming the field where there is one.
    pub message: String,
}

/// A record and the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line number.
    pub number: u64,
    /// The record.
    pub record: Record,
}

/// Streams the records of an interchange file. Blank lines are skipped; every other line is a
/// record or an error. After an I/O error the reader stops.
pub struct Reader<R> {
    input: R,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// Reads from `input`.
    pub fn new(input: R) -> Self {
        Reader {
            input,
            line: 0,
            buf: Vec::with_capacity(1024),
            done: false,
        }
    }

    fn read_line(&mut self) -> Option<Result<(), LineError>> {
        self.buf.clear();
        self.line += 1;
        // Read in bounded steps so that a huge line is refused without being held whole.
        loop {
            let available = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.error(format!("cannot read: {e}"))));
                }
            };
            if available.is_empty() {
                if self.buf.is_empty() {
                    self.done = true;
                    return None;
                }
                return Some(Ok(()));
            }
            let (chunk, found) = match available.iter().position(|b| *b == b'\n') {
                Some(i) => (&available[..=i], true),
                None => (available, false),
            };
            let n = chunk.len();
            if self.buf.len() + n > MAX_LINE_BYTES {
                self.done = true;
                return Some(Err(self.error(format!(
                    "line is longer than {} MiB; this is not an interchange file",
                    MAX_LINE_BYTES / (1024 * 1024)
                ))));
            }
            self.buf.extend_from_slice(chunk);
            self.input.consume(n);
            if found {
                return Some(Ok(()));
            }
        }
    }

    fn error(&self, message: String) -> LineError {
        LineError {
            line: self.line,
            message,
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Line, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            if let Err(e) = self.read_line()? {
                return Some(Err(e));
            }
            let text = match std::str::from_utf8(&self.buf) {
                Ok(t) => t,
                Err(e) => {
                    return Some(Err(self.error(format!(
                        "invalid UTF-8 at byte {} of the line; interchange files are UTF-8",
                        e.valid_up_to() + 1
                    ))));
                }
            };
            let text = if self.line == 1 {
                text.strip_prefix('\u{feff}').unwrap_or(text)
            } else {
                text
            };
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            return Some(match parse_line(text) {
                Ok(record) => Ok(Line {
                    number: self.line,
                    record,
                }),
                Err(message) => Err(self.error(message)),
            });
        }
    }
}

/// Every field the format knows, as raw JSON so each can be read (and blamed) on its own.
/// Unknown fields are ignored, as the format says.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Raw<'a> {
    #[serde(borrow)]
    kind: Option<&'a RawValue>,
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    party: Option<&'a RawValue>,
    #[serde(borrow)]
    at: Option<&'a RawValue>,
    #[serde(borrow)]
    tags: Option<&'a RawValue>,
    // party
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    role: Option<&'a RawValue>,
    #[serde(borrow)]
    lang: Option<&'a RawValue>,
    #[serde(borrow)]
    timezone: Option<&'a RawValue>,
    #[serde(borrow)]
    emails: Option<&'a RawValue>,
    #[serde(borrow)]
    phones: Option<&'a RawValue>,
    #[serde(borrow)]
    since: Option<&'a RawValue>,
    // workspace
    #[serde(borrow)]
    business_hours: Option<&'a RawValue>,
    #[serde(borrow)]
    standard_rate: Option<&'a RawValue>,
    // events
    #[serde(borrow)]
    direction: Option<&'a RawValue>,
    #[serde(borrow)]
    channel: Option<&'a RawValue>,
    #[serde(borrow)]
    author: Option<&'a RawValue>,
    #[serde(borrow)]
    subject: Option<&'a RawValue>,
    #[serde(borrow)]
    thread: Option<&'a RawValue>,
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    #[serde(borrow)]
    duration_s: Option<&'a RawValue>,
    #[serde(borrow)]
    duration_min: Option<&'a RawValue>,
    #[serde(borrow)]
    status: Option<&'a RawValue>,
    #[serde(borrow)]
    by: Option<&'a RawValue>,
    #[serde(borrow)]
    stage: Option<&'a RawValue>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
    #[serde(borrow)]
    currency: Option<&'a RawValue>,
    #[serde(borrow)]
    due: Option<&'a RawValue>,
    #[serde(borrow)]
    amount: Option<&'a RawValue>,
    #[serde(borrow)]
    invoice: Option<&'a RawValue>,
    #[serde(borrow)]
    minutes: Option<&'a RawValue>,
    #[serde(borrow)]
    billable: Option<&'a RawValue>,
    #[serde(borrow)]
    activity: Option<&'a RawValue>,
    #[serde(borrow)]
    category: Option<&'a RawValue>,
    #[serde(borrow)]
    purpose: Option<&'a RawValue>,
    #[serde(borrow)]
    hourly: Option<&'a RawValue>,
    #[serde(borrow)]
    discount: Option<&'a RawValue>,
    #[serde(borrow)]
    product: Option<&'a RawValue>,
    #[serde(borrow)]
    active: Option<&'a RawValue>,
    #[serde(borrow)]
    end: Option<&'a RawValue>,
    #[serde(borrow)]
    period: Option<&'a RawValue>,
    #[serde(borrow)]
    reporter: Option<&'a RawValue>,
    #[serde(borrow)]
    note: Option<&'a RawValue>,
    #[serde(borrow)]
    warning_given: Option<&'a RawValue>,
    #[serde(borrow)]
    decision: Option<&'a RawValue>,
    #[serde(borrow)]
    next_review: Option<&'a RawValue>,
}

type FieldResult<T> = Result<T, String>;

fn is_null(v: &RawValue) -> bool {
    v.get() == "null"
}

/// An optional string field; `null` counts as absent.
fn opt_str<'a>(v: Option<&'a RawValue>, name: &str) -> FieldResult<Option<Cow<'a, str>>> {
    match v {
        None => Ok(None),
        Some(v) if is_null(v) => Ok(None),
        Some(v) => {
            let s: Cow<'a, str> = serde_json::from_str(v.get())
                .map_err(|_| format!("field `{name}` must be a string, found {}", v.get()))?;
            Ok(Some(s))
        }
    }
}

fn req_str<'a>(v: Option<&'a RawValue>, name: &str) -> FieldResult<Cow<'a, str>> {
    match opt_str(v, name)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(format!("field `{name}` is empty")),
        None => Err(format!("missing field `{name}`")),
    }
}

fn opt_owned(v: Option<&RawValue>, name: &str) -> FieldResult<Option<String>> {
    Ok(opt_str(v, name)?.map(Cow::into_owned))
}

fn opt_enum<T>(v: Option<&RawValue>, name: &str) -> FieldResult<Option<T>>
where
    T: std::str::FromStr<Err = UnknownValue>,
{
    opt_str(v, name)?
        .map(|s| s.parse::<T>().map_err(|e| format!("field `{name}`: {e}")))
        .transpose()
}

fn req_enum<T>(v: Option<&RawValue>, name: &str) -> FieldResult<T>
where
    T: std::str::FromStr<Err = UnknownValue>,
{
    opt_enum(v, name)?.ok_or_else(|| format!("missing field `{name}`"))
}

fn opt_u32(v: Option<&RawValue>, name: &str) -> FieldResult<Option<u32>> {
    match v {
        None => Ok(None),
        Some(v) if is_null(v) => Ok(None),
        Some(v) => serde_json::from_str::<u32>(v.get()).map(Some).map_err(|_| {
            format!(
                "field `{name}` must be a whole number of at least 0, found {}",
                v.get()
            )
        }),
    }
}

fn req_u32(v: Option<&RawValue>, name: &str) -> FieldResult<u32> {
    opt_u32(v, name)?.ok_or_else(|| format!("missing field `{name}`"))
}

fn opt_bool(v: Option<&RawValue>, name: &str) -> FieldResult<Option<bool>> {
    match v {
        None => Ok(None),
        Some(v) if is_null(v) => Ok(None),
        Some(v) => serde_json::from_str::<bool>(v.get())
            .map(Some)
            .map_err(|_| format!("field `{name}` must be true or false, found {}", v.get())),
    }
}

fn req_bool(v: Option<&RawValue>, name: &str) -> FieldResult<bool> {
    opt_bool(v, name)?.ok_or_else(|| format!("missing field `{name}`"))
}

fn opt_list(v: Option<&RawValue>, name: &str) -> FieldResult<Vec<String>> {
    match v {
        None => Ok(Vec::new()),
        Some(v) if is_null(v) => Ok(Vec::new()),
        Some(v) => serde_json::from_str::<Vec<String>>(v.get()).map_err(|_| {
            format!(
                "field `{name}` must be an array of strings, found {}",
                v.get()
            )
        }),
    }
}

fn opt_date(v: Option<&RawValue>, name: &str) -> FieldResult<Option<jiff::civil::Date>> {
    opt_str(v, name)?
        .map(|s| {
            parse_date(&s).map_err(|_| format!("field `{name}`: {s:?} is not a date (YYYY-MM-DD)"))
        })
        .transpose()
}

fn opt_decimal(v: Option<&RawValue>, name: &str) -> FieldResult<Option<Decimal>> {
    match v {
        None => Ok(None),
        Some(v) if is_null(v) => Ok(None),
        Some(v) if !v.get().starts_with('"') => Err(format!(
            "field `{name}` must be a decimal string such as \"1500.00\" (amounts are never JSON numbers), found {}",
            v.get()
        )),
        Some(v) => {
            let s = opt_str(Some(v), name)?.unwrap_or_default();
            parse_decimal(&s)
                .map(Some)
                .map_err(|e| format!("field `{name}`: {e}"))
        }
    }
}

fn opt_currency(v: Option<&RawValue>, name: &str) -> FieldResult<Option<Currency>> {
    opt_str(v, name)?
        .map(|s| {
            s.parse::<Currency>()
                .map_err(|e| format!("field `{name}`: {e}"))
        })
        .transpose()
}

/// A required amount with the record's required `currency`, checked against the currency's
/// minor units.
fn money(
    amount: Option<&RawValue>,
    amount_name: &str,
    currency: Option<&RawValue>,
) -> FieldResult<Money> {
    let value = opt_decimal(amount, amount_name)?
        .ok_or_else(|| format!("missing field `{amount_name}`"))?;
    let currency = opt_currency(currency, "currency")?.ok_or("missing field `currency`")?;
    let value = currency
        .check_amount(value)
        .map_err(|e| format!("field `{amount_name}`: {e}"))?;
    Ok(Money::new(value, currency))
}

fn timezone(v: Option<&RawValue>) -> FieldResult<Option<String>> {
    let Some(tz) = opt_str(v, "timezone")? else {
        return Ok(None);
    };
    jiff::tz::TimeZone::get(&tz).map_err(|_| {
        format!("field `timezone`: {tz:?} is not an IANA time zone (e.g. Asia/Bangkok)")
    })?;
    Ok(Some(tz.into_owned()))
}

/// Reads one non-blank line into a record. The message names the field at fault.
pub fn parse_line(text: &str) -> Result<Record, String> {
    let raw: Raw<'_> = serde_json::from_str(text).map_err(|e| {
        if text.starts_with('{') {
            format!("not valid JSON: {e}")
        } else {
            "not a JSON object (each line of an interchange file is one {...} record)".to_owned()
        }
    })?;
    let kind = req_str(raw.kind, "kind")?;
    if kind == "workspace" {
        return workspace(&raw).map(Record::Workspace);
    }
    let id = req_str(raw.id, "id")?.into_owned();
    if kind == "party" {
        return party(&raw, id).map(Record::Party);
    }
    let kind: EventKind = kind.parse().map_err(|e: UnknownValue| {
        format!(
            "unknown kind {:?} (expected workspace, party, or one of: {})",
            e.value,
            EventKind::NAMES.join(", ")
        )
    })?;
    let party = PartyId::new(req_str(raw.party, "party")?.into_owned());
    let at_text = req_str(raw.at, "at")?;
    let at = At::parse(&at_text).map_err(|e| format!("field `at`: {e}"))?;
    let tags = opt_list(raw.tags, "tags")?;
    let body = body(kind, &raw)?;
    Ok(Record::Event(Event {
        id: EventId::new(id),
        party,
        at,
        tags,
        body,
    }))
}

fn workspace(raw: &Raw<'_>) -> FieldResult<Workspace> {
    let business_hours = opt_owned(raw.business_hours, "business_hours")?;
    if let Some(b) = &business_hours {
        // The same grammar the rules read, so a file that imports is one the review accepts.
        b.parse::<BusinessHours>()
            .map_err(|e| format!("field `business_hours`: {e}"))?;
    }
    let currency = opt_currency(raw.currency, "currency")?;
    let standard_rate = opt_decimal(raw.standard_rate, "standard_rate")?;
    if let (Some(c), Some(r)) = (currency, standard_rate) {
        c.check_amount(r)
            .map_err(|e| format!("field `standard_rate`: {e}"))?;
    }
    // Without a currency the precision cannot be checked, but the ceiling can.
    if let Some(r) = standard_rate.filter(|r| *r > MAX_AMOUNT) {
        return Err(format!(
            "field `standard_rate`: {}",
            MoneyError::TooLarge(r)
        ));
    }
    Ok(Workspace {
        timezone: timezone(raw.timezone)?,
        currency,
        business_hours,
        standard_rate,
    })
}

fn party(raw: &Raw<'_>, id: String) -> FieldResult<Party> {
    Ok(Party {
        name: req_str(raw.name, "name")?.into_owned(),
        role: req_enum(raw.role, "role")?,
        lang: opt_enum(raw.lang, "lang")?,
        timezone: timezone(raw.timezone)?,
        emails: opt_list(raw.emails, "emails")?,
        phones: opt_list(raw.phones, "phones")?,
        since: opt_date(raw.since, "since")?,
        tags: opt_list(raw.tags, "tags")?,
        id: PartyId::new(id),
    })
}

fn body(kind: EventKind, r: &Raw<'_>) -> FieldResult<EventBody> {
    Ok(match kind {
        EventKind::Message => EventBody::Message(Message {
            direction: req_enum(r.direction, "direction")?,
            channel: req_enum(r.channel, "channel")?,
            author: opt_owned(r.author, "author")?,
            subject: opt_owned(r.subject, "subject")?,
            thread: opt_owned(r.thread, "thread")?,
            text: opt_owned(r.text, "text")?,
            signals: SignalSet::EMPTY,
            hits: Vec::new(),
            classifier: None,
        }),
        EventKind::Call => EventBody::Call(Call {
            direction: req_enum(r.direction, "direction")?,
            duration_s: req_u32(r.duration_s, "duration_s")?,
            author: opt_owned(r.author, "author")?,
        }),
        EventKind::Meeting => EventBody::Meeting(Meeting {
            duration_min: req_u32(r.duration_min, "duration_min")?,
            status: req_enum(r.status, "status")?,
            by: opt_enum(r.by, "by")?,
        }),
        EventKind::Deal => EventBody::Deal(Deal {
            stage: req_enum(r.stage, "stage")?,
            value: match opt_decimal(r.value, "value")? {
                None => None,
                Some(_) => Some(money(r.value, "value", r.currency)?),
            },
            subject: opt_owned(r.subject, "subject")?,
        }),
        EventKind::Invoice => EventBody::Invoice(Invoice {
            due: opt_date(r.due, "due")?.ok_or("missing field `due`")?,
            amount: money(r.amount, "amount", r.currency)?,
            status: opt_enum(r.status, "status")?.unwrap_or(InvoiceStatus::Open),
        }),
        EventKind::Payment => EventBody::Payment(Payment {
            invoice: EventId::new(req_str(r.invoice, "invoice")?.into_owned()),
            amount: money(r.amount, "amount", r.currency)?,
        }),
        EventKind::Time => EventBody::Time(TimeEntry {
            minutes: req_u32(r.minutes, "minutes")?,
            billable: req_bool(r.billable, "billable")?,
            activity: req_enum(r.activity, "activity")?,
            author: opt_owned(r.author, "author")?,
        }),
        EventKind::Expense => EventBody::Expense(Expense {
            amount: money(r.amount, "amount", r.currency)?,
            category: req_enum(r.category, "category")?,
            purpose: req_enum(r.purpose, "purpose")?,
        }),
        EventKind::Rate => EventBody::Rate(RateChange {
            hourly: {
                // An hourly rate may carry more places than the currency (16.67 per deliverable
                // hour, for example), so only the sign is checked.
                let h = opt_decimal(r.hourly, "hourly")?.ok_or("missing field `hourly`")?;
                let c = opt_currency(r.currency, "currency")?.ok_or("missing field `currency`")?;
                if h.is_sign_negative() && !h.is_zero() {
                    return Err("field `hourly`: a rate cannot be negative".into());
                }
                Money::new(h, c)
            },
            status: req_enum(r.status, "status")?,
        }),
        EventKind::Order => {
            let amount = money(r.amount, "amount", r.currency)?;
            let discount = opt_decimal(r.discount, "discount")?;
            if let Some(d) = discount {
                amount
                    .currency
                    .check_amount(d)
                    .map_err(|e| format!("field `discount`: {e}"))?;
            }
            EventBody::Order(Order {
                amount,
                discount,
                product: opt_owned(r.product, "product")?,
            })
        }
        EventKind::Usage => EventBody::Usage(Usage {
            product: req_str(r.product, "product")?.into_owned(),
            active: req_bool(r.active, "active")?,
        }),
        EventKind::Subscription => EventBody::Subscription(Subscription {
            end: opt_date(r.end, "end")?,
            product: req_str(r.product, "product")?.into_owned(),
            amount: money(r.amount, "amount", r.currency)?,
            period: req_enum(r.period, "period")?,
        }),
        EventKind::Incident => EventBody::Incident(Incident {
            reporter: req_str(r.reporter, "reporter")?.into_owned(),
            category: req_enum(r.category, "category")?,
            note: opt_owned(r.note, "note")?.unwrap_or_default(),
            warning_given: opt_bool(r.warning_given, "warning_given")?.unwrap_or(false),
        }),
        EventKind::Decision => EventBody::Decision(Decision {
            decision: req_enum(r.decision, "decision")?,
            note: opt_owned(r.note, "note")?,
            next_review: opt_date(r.next_review, "next_review")?,
        }),
    })
}
