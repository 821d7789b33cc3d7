//! Writing domain records as interchange lines.

use std::io::{self, Write};

use redflag_domain::*;

/// Writes one JSON object with its fields in a fixed order, so that exports are stable and diff
/// well.
struct Obj<'w, W: Write + ?Sized> {
    out: &'w mut W,
    first: bool,
}

impl<'w, W: Write + ?Sized> Obj<'w, W> {
    fn new(out: &'w mut W) -> io::Result<Self> {
        out.write_all(b"{")?;
        Ok(Obj { out, first: true })
    }

    fn key(&mut self, k: &str) -> io::Result<()> {
        if !self.first {
            self.out.write_all(b",")?;
        }
        self.first = false;
        write!(self.out, "\"{k}\":")
    }

    fn str(&mut self, k: &str, v: &str) -> io::Result<()> {
        self.key(k)?;
        serde_json::to_writer(&mut *self.out, v).map_err(io::Error::other)
    }

    fn opt_str(&mut self, k: &str, v: Option<&str>) -> io::Result<()> {
        match v {
            Some(v) => self.str(k, v),
            None => Ok(()),
        }
    }

    fn raw(&mut self, k: &str, v: impl std::fmt::Display) -> io::Result<()> {
        self.key(k)?;
        write!(self.out, "{v}")
    }

    fn list(&mut self, k: &str, v: &[String]) -> io::Result<()> {
        if v.is_empty() {
            return Ok(());
        }
        self.key(k)?;
        serde_json::to_writer(&mut *self.out, v).map_err(io::Error::other)
    }

    fn money(&mut self, k: &str, m: &Money) -> io::Result<()> {
        self.str(k, &m.amount.to_string())?;
        self.str("currency", m.currency.as_str())
    }

    fn end(self) -> io::Result<()> {
        self.out.write_all(b"}\n")
    }
}

/// Writes one record as one interchange line (with its newline).
///
/// Messages also carry `signals`, the ids the classifier found when they were stored. The
/// format does not define that field, so a re-import ignores it and classifies afresh; it is
/// there for scripts that read an export.
pub fn write_record<W: Write + ?Sized>(out: &mut W, record: &Record) -> io::Result<()> {
    match record {
        Record::Workspace(w) => {
            let mut o = Obj::new(out)?;
            o.str("kind", "workspace")?;
            o.str("id", "ws")?;
            o.opt_str("timezone", w.timezone.as_deref())?;
            o.opt_str("currency", w.currency.as_ref().map(Currency::as_str))?;
            o.opt_str("business_hours", w.business_hours.as_deref())?;
            if let Some(r) = w.standard_rate {
                o.str("standard_rate", &r.to_string())?;
            }
            o.end()
        }
        Record::Party(p) => {
            let mut o = Obj::new(out)?;
            o.str("kind", "party")?;
            o.str("id", p.id.as_str())?;
            o.str("name", &p.name)?;
            o.str("role", p.role.as_str())?;
            o.opt_str("lang", p.lang.map(Lang::as_str))?;
            o.opt_str("timezone", p.timezone.as_deref())?;
            o.list("emails", &p.emails)?;
            o.list("phones", &p.phones)?;
            if let Some(s) = p.since {
                o.str("since", &s.to_string())?;
            }
            o.list("tags", &p.tags)?;
            o.end()
        }
        Record::Event(e) => write_event(out, e),
    }
}

fn write_event<W: Write + ?Sized>(out: &mut W, e: &Event) -> io::Result<()> {
    let mut o = Obj::new(out)?;
    o.str("kind", e.kind().as_str())?;
    o.str("id", e.id.as_str())?;
    o.str("party", e.party.as_str())?;
    o.str("at", &e.at.to_string())?;
    match &e.body {
        EventBody::Message(m) => {
            o.str("direction", m.direction.as_str())?;
            o.str("channel", m.channel.as_str())?;
            o.opt_str("author", m.author.as_deref())?;
            o.opt_str("subject", m.subject.as_deref())?;
            o.opt_str("thread", m.thread.as_deref())?;
            o.opt_str("text", m.text.as_deref())?;
            if !m.signals.is_empty() {
                let ids: Vec<String> = m.signals.iter().map(|s| s.as_str().to_owned()).collect();
                o.list("signals", &ids)?;
            }
        }
        EventBody::Call(c) => {
            o.str("direction", c.direction.as_str())?;
            o.raw("duration_s", c.duration_s)?;
            o.opt_str("author", c.author.as_deref())?;
        }
        EventBody::Meeting(m) => {
            o.raw("duration_min", m.duration_min)?;
            o.str("status", m.status.as_str())?;
            o.opt_str("by", m.by.map(Side::as_str))?;
        }
        EventBody::Deal(d) => {
            o.str("stage", d.stage.as_str())?;
            if let Some(v) = &d.value {
                o.money("value", v)?;
            }
            o.opt_str("subject", d.subject.as_deref())?;
        }
        EventBody::Invoice(i) => {
            o.str("due", &i.due.to_string())?;
            o.money("amount", &i.amount)?;
            o.str("status", i.status.as_str())?;
        }
        EventBody::Payment(p) => {
            o.str("invoice", p.invoice.as_str())?;
            o.money("amount", &p.amount)?;
        }
        EventBody::Time(t) => {
            o.raw("minutes", t.minutes)?;
            o.raw("billable", t.billable)?;
            o.str("activity", t.activity.as_str())?;
            o.opt_str("author", t.author.as_deref())?;
        }
        EventBody::Expense(x) => {
            o.money("amount", &x.amount)?;
            o.str("category", x.category.as_str())?;
            o.str("purpose", x.purpose.as_str())?;
        }
        EventBody::Rate(r) => {
            o.money("hourly", &r.hourly)?;
            o.str("status", r.status.as_str())?;
        }
        EventBody::Order(x) => {
            o.money("amount", &x.amount)?;
            if let Some(d) = x.discount {
                o.str("discount", &d.to_string())?;
            }
            o.opt_str("product", x.product.as_deref())?;
        }
        EventBody::Usage(u) => {
            o.str("product", &u.product)?;
            o.raw("active", u.active)?;
        }
        EventBody::Subscription(s) => {
            if let Some(end) = s.end {
                o.str("end", &end.to_string())?;
            }
            o.str("product", &s.product)?;
            o.money("amount", &s.amount)?;
            o.str("period", s.period.as_str())?;
        }
        EventBody::Incident(i) => {
            o.str("reporter", &i.reporter)?;
            o.str("category", i.category.as_str())?;
            o.str("note", &i.note)?;
            o.raw("warning_given", i.warning_given)?;
        }
        EventBody::Decision(d) => {
            o.str("decision", d.decision.as_str())?;
            o.opt_str("note", d.note.as_deref())?;
            if let Some(n) = d.next_review {
                o.str("next_review", &n.to_string())?;
            }
        }
    }
    o.list("tags", &e.tags)?;
    o.end()
}
