//! E-invoices: Vietnamese e-invoice XML (`HDon`, Decree 123/2020/NĐ-CP, Circular 78/2021/TT-BTC),
//! Thai e-Tax invoice XML (ETDA ขมธอ. 3-2560, `*_CrossIndustryInvoice`), and a PDF that carries
//! either as an embedded file (the Thai e-Tax PDF/A-3), into `invoice` and `payment` events of
//! the client, who is created as a `client` party when no party matches.
//!
//! * **Which side is the client.** An e-invoice names a seller and a buyer; one of them is the
//!   user. `--me` values (a tax code, or the name as the invoice writes it; a branch code such
//!   as `0102182292-998` or a Thai 18-digit tax id + branch also matches its 10- or 13-digit
//!   head) are matched against both: when the buyer is the user and the seller is not, the file
//!   is a bill we received, skipped and reported (what we pay others says nothing about our
//!   clients). Otherwise, `--me` or not, the file is an invoice we issued and the buyer is the
//!   client.
//! * **Parties.** `--party` wins; else the party with the id of the buyer's tax code
//!   (`vn-tax:0312345678`, `th-tax:0105555012345`: created by an earlier e-invoice); else the
//!   party owning the buyer's email; else the party with the buyer's name (as chat names
//!   compare); else a new `client`, id from the tax code (or `client:NAME` without one, as the
//!   CSV importers name theirs), with the buyer's email so that their mail finds them;
//!   `--known-only` skips it instead.
//! * **Times.** Both countries are on UTC+7 all year and their documents are written in local
//!   time: a Thai `IssueDateTime` without an offset is read in Asia/Bangkok whatever
//!   `--timezone` says (a workspace in UTC would otherwise move late-evening invoices to the
//!   next day); a Vietnamese `NLap` is a date and stays one.
//! * **Due dates.** Neither format requires one. A Thai `DueDateDateTime` or a Vietnamese
//!   vendor field (`TTKhac/TTin` whose `TTruong` says "Hạn thanh toán" or "due date") is used
//!   when present; otherwise the invoice is due [`Context::default_terms_days`] after issue
//!   (the policy's `default-terms-days`, net 30), as the interchange needs a due date.
//! * **Money.** Totals incl. tax (`TgTTTBSo`, `GrandTotalAmount`) as exact decimals in the
//!   document's currency (`DVTTe`, default VND; `InvoiceCurrencyCode`, default THB); a
//!   Vietnamese exchange rate (`TGia`) is checked but not stored (the interchange has no field
//!   for it, and the amount owed is the one in the invoice's currency).
//!
//! The documents' other kinds (adjustments, replacements, receipts, credit, debit and
//! cancellation notes) are described in [`vn`] and [`th`]; the PDF reader in [`pdf`].

pub mod pdf;
pub mod th;
pub mod vn;
mod xml;

use std::io::{BufRead, Read};

use redflag_domain::jiff::ToSpan;
use redflag_domain::jiff::civil::Date;
use redflag_domain::{
    At, Currency, Decimal, Event, EventBody, EventId, Invoice, InvoiceStatus, PartyId, Record,
};
use redflag_text::nfc;

use crate::{Context, ImportError, Position, Sink, Skip};

pub use pdf::EinvoicePdf;
pub use th::ThEtax;
pub use vn::VnEinvoice;

/// The largest e-invoice XML read (a document is a few kilobytes; a thousand-line invoice is
/// under a megabyte).
pub const MAX_XML_BYTES: usize = 16 << 20;

/// Whether a format id is one of the e-invoice formats here.
pub fn is_einvoice_format(id: &str) -> bool {
    matches!(id, "vn-einvoice" | "th-etax" | "einvoice-pdf")
}

/// Reads a whole e-invoice XML file (up to [`MAX_XML_BYTES`]), decodes its charset and hands
/// the text to the document reader `read`.
pub(crate) fn import_xml_file(
    input: &mut dyn BufRead,
    ctx: &mut Context,
    sink: &mut dyn Sink,
    read: fn(&str, &mut Context, &mut dyn Sink) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let bytes = match read_limited(input, MAX_XML_BYTES, "the XML file")? {
        Ok(b) => b,
        Err(message) => return bad(sink, Position::Line(1), message),
    };
    let (text, _) = crate::text::decode(&bytes);
    read(&text, ctx, sink)
}

/// Reads at most `limit` bytes; `Ok(Err(message))` when there are more.
pub(crate) fn read_limited(
    input: &mut dyn BufRead,
    limit: usize,
    what: &str,
) -> Result<Result<Vec<u8>, String>, ImportError> {
    let mut bytes = Vec::new();
    input
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ImportError::Io {
            at: Position::Line(1),
            source,
        })?;
    if bytes.len() > limit {
        return Ok(Err(format!(
            "{what} is larger than {} MiB, more than any e-invoice; refused",
            limit >> 20
        )));
    }
    Ok(Ok(bytes))
}

/// The first bytes of a document as text, for sniffing: decoded, BOM and leading space gone.
pub(crate) fn head_text(head: &[u8]) -> String {
    let head = &head[..head.len().min(8192)];
    let (text, _) = crate::text::decode(head);
    text.trim_start_matches('\u{feff}').trim_start().to_owned()
}

/// Whether `text` has an element whose local name is `name` (`<HDon`, `<inv:HDon`).
pub(crate) fn has_element(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = &text[..i];
        let after = &text[i + name.len()..];
        let prefix_ok = before.ends_with('<')
            || before
                .rsplit_once('<')
                .is_some_and(|(_, p)| p.ends_with(':') && !p.contains(['>', ' ', '/']));
        prefix_ok && after.starts_with([' ', '>', '/', '\t', '\r', '\n'])
    })
}

/// A seller or buyer as the document names it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Trader {
    pub name: Option<String>,
    pub tax: Option<String>,
    pub email: Option<String>,
}

impl Trader {
    /// For messages: the name, else the tax code.
    pub fn label(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.tax.clone())
            .unwrap_or_else(|| "(unnamed)".into())
    }

    /// The tax code and its head without a branch (`0102182292-998` → `0102182292`; a Thai
    /// 18-digit id + branch → its 13 digits).
    fn tax_keys(&self) -> Vec<String> {
        let Some(t) = &self.tax else {
            return Vec::new();
        };
        let mut keys = vec![t.clone()];
        if let Some((head, _)) = t.split_once('-') {
            keys.push(head.to_owned());
        }
        if t.len() == 18 && t.bytes().all(|b| b.is_ascii_digit()) {
            keys.push(t[..13].to_owned());
        }
        keys
    }

    /// Whether `--me` names this trader (tax code, name or email).
    pub fn is_us(&self, ctx: &Context) -> bool {
        self.tax_keys().iter().any(|k| ctx.is_me_in_chat(k))
            || self.name.as_deref().is_some_and(|n| ctx.is_me_in_chat(n))
            || self.email.as_deref().is_some_and(|e| ctx.is_me(e))
    }
}

/// The trimmed, NFC text of an optional field.
pub(crate) fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty() && *s != "-")
        .map(nfc)
}

/// The party id made from a tax code: `vn-tax:0312345678`, `th-tax:0105555012345` (a Thai
/// branch suffix dropped: the branches are one client).
pub(crate) fn tax_party_id(scheme: &str, tax: &str) -> PartyId {
    let t: String = tax
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let t = if scheme == "th-tax" && t.len() == 18 && t.bytes().all(|b| b.is_ascii_digit()) {
        t[..13].to_owned()
    } else {
        t
    };
    PartyId::new(format!("{scheme}:{t}"))
}

/// The client party (see the module docs). `Ok(None)`: skipped or reported bad.
pub(crate) fn client_party(
    buyer: &Trader,
    scheme: &str,
    fields: &str,
    at: Position,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<Option<PartyId>, ImportError> {
    if let Some(p) = &ctx.party {
        return Ok(Some(p.clone()));
    }
    let tax_id = buyer.tax.as_deref().map(|t| tax_party_id(scheme, t));
    if let Some(id) = &tax_id
        && ctx.has_party(id.as_str())
    {
        return Ok(Some(id.clone()));
    }
    if let Some(p) = buyer.email.as_deref().and_then(|e| ctx.party_by_email(e)) {
        return Ok(Some(p.clone()));
    }
    if let Some(p) = buyer.name.as_deref().and_then(|n| ctx.party_by_name(n)) {
        return Ok(Some(p.clone()));
    }
    let id = match (&tax_id, &buyer.name) {
        (Some(id), _) => id.clone(),
        (None, Some(name)) => crate::csv::party_id_for_client(name),
        (None, None) => {
            sink.bad(ImportError::Item {
                at,
                message: format!(
                    "no buyer name or tax code ({fields}); pass --party ID to file it under a client"
                ),
            })?;
            return Ok(None);
        }
    };
    let emails = buyer.email.iter().cloned().collect();
    crate::csv::client_by_id(id, buyer.label(), emails, at, ctx, sink)
}

/// A decimal as e-invoices write it (`2200.000000`, `-500000`, `1070.00`); `field` names it
/// in the error.
pub(crate) fn amount(s: &str, field: &str) -> Result<Decimal, String> {
    let t = s.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    redflag_domain::parse_decimal(t).map_err(|_| format!("{field} {s:?} is not an amount"))
}

/// `amount` checked against the currency's minor units and written as the currency writes it
/// (`2200.000000` VND → `2200`).
pub(crate) fn money_value(
    value: Decimal,
    currency: Currency,
    field: &str,
) -> Result<Decimal, String> {
    let v = value.abs();
    currency
        .check_amount(v)
        .map(|v| currency.round(v))
        .map_err(|e| format!("{field}: {e}"))
}

/// A date written `YYYY-MM-DD` (a time after it ignored) or `dd/mm/yyyy`.
pub(crate) fn date(s: &str) -> Option<Date> {
    let s = s.trim();
    let day = s.split(['T', ' ']).next().unwrap_or(s);
    if let Ok(d) = day.parse::<Date>() {
        return Some(d);
    }
    let mut parts = day.split(['/', '-', '.']);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// The due date of an invoice issued on `issued` with none written: the default terms later.
pub(crate) fn default_due(issued: Date, ctx: &Context) -> Date {
    issued
        .checked_add(i64::from(ctx.default_terms_days).days())
        .unwrap_or(issued)
}

/// The invoice event.
pub(crate) fn invoice_event(
    id: &str,
    party: PartyId,
    at: At,
    due: Date,
    amount: Decimal,
    currency: Currency,
) -> Record {
    Record::Event(Event {
        id: EventId::new(id),
        party,
        at,
        tags: Vec::new(),
        body: EventBody::Invoice(Invoice {
            due,
            amount: redflag_domain::Money::new(amount, currency),
            status: InvoiceStatus::Open,
        }),
    })
}

/// Voids a stored invoice (a replacement or a cancellation names it): the stored record again,
/// status `void`. `Ok(false)` when no such invoice is stored or read.
pub(crate) fn void_invoice(
    id: &str,
    at: Position,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<bool, ImportError> {
    let Some(mut event) = ctx.invoice(id).cloned() else {
        return Ok(false);
    };
    if let EventBody::Invoice(i) = &mut event.body {
        i.status = InvoiceStatus::Void;
    }
    ctx.add_invoice(event.clone());
    sink.record(&at, Record::Event(event))?;
    Ok(true)
}

pub(crate) use crate::csv::bad;

/// Sends a skip with a reason.
pub(crate) fn skip(sink: &mut dyn Sink, at: Position, what: String) -> Result<(), ImportError> {
    Ok(sink.skip(&at, Skip::NotRead { what })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_are_found_with_or_without_a_prefix() {
        assert!(has_element("<HDon>", "HDon"));
        assert!(has_element("<inv:HDon xmlns:inv=\"x\">", "HDon"));
        assert!(!has_element("<HDonX>", "HDon"));
        assert!(!has_element("text HDon here", "HDon"));
    }

    #[test]
    fn dates_and_amounts() {
        assert_eq!(
            date("2025-03-01").map(|d| d.to_string()).as_deref(),
            Some("2025-03-01")
        );
        assert_eq!(
            date("2025-03-01T10:00:00")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2025-03-01")
        );
        assert_eq!(
            date("05/03/2025").map(|d| d.to_string()).as_deref(),
            Some("2025-03-05")
        );
        assert!(date("31/02/2025").is_none());
        assert!(date("soon").is_none());
        assert_eq!(
            amount("2200.000000", "x").unwrap().to_string(),
            "2200.000000"
        );
        assert_eq!(
            money_value(amount("2200.000000", "x").unwrap(), Currency::VND, "x")
                .unwrap()
                .to_string(),
            "2200"
        );
        assert!(
            amount("1,070.00", "GrandTotalAmount")
                .unwrap_err()
                .contains("GrandTotalAmount")
        );
        assert!(money_value(amount("10.5", "x").unwrap(), Currency::VND, "TgTTTBSo").is_err());
    }

    #[test]
    fn tax_ids_name_parties_without_the_thai_branch() {
        assert_eq!(
            tax_party_id("th-tax", "010555501234500000").as_str(),
            "th-tax:0105555012345"
        );
        assert_eq!(
            tax_party_id("vn-tax", " 0102182292-998 ").as_str(),
            "vn-tax:0102182292-998"
        );
    }
}
