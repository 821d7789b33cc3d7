//! Thai e-Tax invoice XML (ETDA standard ขมธอ. 3-2560, based on UN/CEFACT Cross Industry
//! Invoice): roots `TaxInvoice_`, `Receipt_`, `Invoice_`, `DebitCreditNote_`,
//! `CancellationNote_` and `AbbreviatedTaxInvoice_CrossIndustryInvoice`, namespace
//! `urn:etda:uncefact:data:standard:…` (matched by local names, any prefix).
//!
//! | field | from |
//! |---|---|
//! | id | `th:` seller tax id (13 digits, branch dropped) `:` `ExchangedDocument/ID` |
//! | issued | `ExchangedDocument/IssueDateTime`; no offset: Asia/Bangkok |
//! | due | `ApplicableHeaderTradeSettlement/SpecifiedTradePaymentTerms/DueDateDateTime`, else issue + default terms |
//! | amount | `…/SpecifiedTradeSettlementHeaderMonetarySummation/GrandTotalAmount` in `InvoiceCurrencyCode` (default THB) |
//! | seller, buyer | `ApplicableHeaderTradeAgreement/SellerTradeParty`, `BuyerTradeParty`: `Name`, `SpecifiedTaxRegistration/ID`, `DefinedTradeContact/EmailURIUniversalCommunication/URIID` |
//! | references | `ApplicableHeaderTradeAgreement/AdditionalReferencedDocument/IssuerAssignedID`, `ApplicableHeaderTradeSettlement/InvoiceReferencedDocument/IssuerAssignedID` |
//!
//! What each document becomes:
//!
//! * `TaxInvoice`, `Invoice`: an invoice. One whose `Name` says it is also a receipt
//!   (`ใบเสร็จรับเงิน/ใบกำกับภาษี`) is paid on issue: an invoice due that day and a payment
//!   (`…:paid`) at the issue time. `AbbreviatedTaxInvoice` (a cash sale) is the same.
//! * `Receipt` naming one invoice: a payment of its total against that invoice (id `th:` seller
//!   `:` receipt number), at the issue time. The invoice must be stored or in the same import,
//!   or the service reports a dangling reference. A receipt naming no invoice is a sale paid on
//!   issue (as above); one naming several is skipped and reported (the amount per invoice is not
//!   in it).
//! * `DebitCreditNote`: a debit note (`TypeCode` 80) is an invoice for the extra amount; a
//!   credit note (81) is skipped and reported, as the CSV importers do.
//! * `CancellationNote`: each invoice it names is voided when stored (the stored record again,
//!   status `void`); one not stored is reported. Importing the original again afterwards makes
//!   it open again: import cancellations after the invoices.

use std::io::BufRead;

use redflag_domain::jiff::civil::DateTime;
use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::{
    At, Currency, Decimal, Event, EventBody, EventId, Money, PartyId, Payment, Record,
};

use super::xml::{self, Element};
use super::{Trader, clean};
use crate::{Confidence, Context, Format, ImportError, Position, Sink};

/// A Thai e-Tax invoice XML file (ETDA).
pub struct ThEtax;

impl Format for ThEtax {
    fn id(&self) -> &'static str {
        "th-etax"
    }

    fn describe(&self) -> &'static str {
        "a Thai e-Tax invoice or receipt (ETDA XML)"
    }

    fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
        if is_th(&super::head_text(head)) {
            Confidence::Content
        } else {
            Confidence::No
        }
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        super::import_xml_file(input, ctx, sink, import_text)
    }
}

/// Whether decoded text starts like an ETDA document.
pub(crate) fn is_th(text: &str) -> bool {
    text.starts_with('<')
        && text.contains("_CrossIndustryInvoice")
        && text.contains("urn:etda:uncefact")
}

/// The document types, from the root's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    TaxInvoice,
    Receipt,
    Invoice,
    DebitCreditNote,
    CancellationNote,
    Abbreviated,
}

fn kind(root: &str) -> Option<Kind> {
    Some(match root.strip_suffix("_CrossIndustryInvoice")? {
        "TaxInvoice" => Kind::TaxInvoice,
        "Receipt" => Kind::Receipt,
        "Invoice" => Kind::Invoice,
        "DebitCreditNote" => Kind::DebitCreditNote,
        "CancellationNote" => Kind::CancellationNote,
        "AbbreviatedTaxInvoice" => Kind::Abbreviated,
        _ => return None,
    })
}

/// Reads one document's text.
pub(crate) fn import_text(
    text: &str,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let root = match xml::parse(text) {
        Ok(r) => r,
        Err(e) => return super::bad(sink, Position::Line(e.line), e.message),
    };
    let Some(kind) = kind(&root.name) else {
        return super::bad(
            sink,
            Position::Line(root.line),
            format!(
                "<{}> is not an ETDA e-Tax document (TaxInvoice, Receipt, Invoice, DebitCreditNote, CancellationNote or AbbreviatedTaxInvoice _CrossIndustryInvoice)",
                root.name
            ),
        );
    };
    match read(&root, kind, ctx, sink)? {
        Ok(()) => Ok(()),
        Err((at, message)) => super::bad(sink, at, message),
    }
}

fn trader(e: Option<&Element>) -> Trader {
    let get = |path: &[&str]| clean(e.and_then(|e| e.text_at(path)));
    Trader {
        name: get(&["Name"]),
        tax: get(&["SpecifiedTaxRegistration", "ID"]),
        email: get(&[
            "DefinedTradeContact",
            "EmailURIUniversalCommunication",
            "URIID",
        ])
        .filter(|m| m.contains('@')),
    }
}

/// `IssueDateTime`: RFC 3339 with an offset as written; without one, Thai time; a bare date
/// stays a date.
fn issue_time(s: &str) -> Option<At> {
    let s = s.trim();
    if s.len() == 10 {
        return super::date(s).map(At::Date);
    }
    if let Ok(at) = At::parse(s) {
        return Some(at);
    }
    let dt: DateTime = s.parse().ok()?;
    let zoned = dt.to_zoned(TimeZone::get("Asia/Bangkok").ok()?).ok()?;
    // Whole seconds, as the interchange keeps them.
    At::from_parts(
        zoned.timestamp().as_second(),
        Some(zoned.offset().seconds()),
    )
}

type Failure = (Position, String);

struct Doc {
    kind: Kind,
    number: String,
    type_code: String,
    name: String,
    seller: Trader,
    seller_tax: String,
    buyer: Trader,
    at: At,
    issued: redflag_domain::jiff::civil::Date,
    due: Option<redflag_domain::jiff::civil::Date>,
    currency: Currency,
    total: Option<Decimal>,
    references: Vec<String>,
}

fn pos(e: &Element, path: &[&str]) -> Position {
    Position::Line(e.at(path).map_or(e.line, |x| x.line))
}

fn doc(root: &Element, kind: Kind) -> Result<Doc, Failure> {
    let at = Position::Line(root.line);
    let ed = root.child("ExchangedDocument").ok_or_else(|| {
        (
            at,
            "no ExchangedDocument (the document's number and date)".to_owned(),
        )
    })?;
    let number = ed
        .text_at(&["ID"])
        .ok_or_else(|| {
            (
                pos(ed, &[]),
                "no ExchangedDocument/ID (document number)".to_owned(),
            )
        })?
        .to_owned();
    let issue = ed.text_at(&["IssueDateTime"]).ok_or_else(|| {
        (
            pos(ed, &[]),
            format!("document {number}: no ExchangedDocument/IssueDateTime (issue date)"),
        )
    })?;
    let when = issue_time(issue).ok_or_else(|| {
        (
            pos(ed, &["IssueDateTime"]),
            format!("document {number}: IssueDateTime {issue:?} is not a date and time"),
        )
    })?;
    let tx = root.child("SupplyChainTradeTransaction").ok_or_else(|| {
        (
            at,
            format!("document {number}: no SupplyChainTradeTransaction"),
        )
    })?;
    let agreement = tx.child("ApplicableHeaderTradeAgreement");
    let settlement = tx.child("ApplicableHeaderTradeSettlement");
    let seller = trader(agreement.and_then(|a| a.child("SellerTradeParty")));
    let seller_tax = seller.tax.clone().ok_or_else(|| {
        (
            agreement.map_or(at, |a| pos(a, &["SellerTradeParty"])),
            format!(
                "document {number}: no SellerTradeParty/SpecifiedTaxRegistration/ID (the seller's tax id)"
            ),
        )
    })?;
    let currency = match settlement.and_then(|s| s.text_at(&["InvoiceCurrencyCode"])) {
        None => Currency::THB,
        Some(c) => c.to_ascii_uppercase().parse().map_err(|_| {
            (
                settlement.map_or(at, |s| pos(s, &["InvoiceCurrencyCode"])),
                format!("document {number}: InvoiceCurrencyCode {c:?} is not an ISO 4217 code"),
            )
        })?,
    };
    const SUMMATION: &str = "SpecifiedTradeSettlementHeaderMonetarySummation";
    let total = match settlement.and_then(|s| s.text_at(&[SUMMATION, "GrandTotalAmount"])) {
        Some(t) => Some(super::amount(t, "GrandTotalAmount").map_err(|m| {
            (
                settlement.map_or(at, |s| pos(s, &[SUMMATION, "GrandTotalAmount"])),
                format!("document {number}: {m}"),
            )
        })?),
        None if kind == Kind::CancellationNote => None,
        None => {
            return Err((
                settlement.map_or(at, |s| pos(s, &[SUMMATION])),
                format!(
                    "document {number}: no ApplicableHeaderTradeSettlement/{SUMMATION}/GrandTotalAmount (total)"
                ),
            ));
        }
    };
    let due = match settlement
        .and_then(|s| s.text_at(&["SpecifiedTradePaymentTerms", "DueDateDateTime"]))
    {
        None => None,
        Some(d) => Some(super::date(d).ok_or_else(|| {
            (
                settlement.map_or(at, |s| pos(s, &["SpecifiedTradePaymentTerms"])),
                format!("document {number}: DueDateDateTime {d:?} is not a date"),
            )
        })?),
    };
    let mut references: Vec<String> = Vec::new();
    let refs = agreement
        .into_iter()
        .flat_map(|a| a.children("AdditionalReferencedDocument"))
        .chain(
            settlement
                .into_iter()
                .flat_map(|s| s.children("InvoiceReferencedDocument")),
        );
    for r in refs {
        if let Some(id) = r.text_at(&["IssuerAssignedID"])
            && !references.iter().any(|x| x == id)
        {
            references.push(id.to_owned());
        }
    }
    Ok(Doc {
        kind,
        type_code: ed.text_at(&["TypeCode"]).unwrap_or("").to_owned(),
        name: ed.text_at(&["Name"]).unwrap_or("").to_owned(),
        issued: when.local_date(&TimeZone::fixed(redflag_domain::jiff::tz::offset(7))),
        at: when,
        number,
        seller,
        seller_tax,
        buyer: trader(agreement.and_then(|a| a.child("BuyerTradeParty"))),
        due,
        currency,
        total,
        references,
    })
}

fn id(d: &Doc, number: &str) -> String {
    format!(
        "th:{}:{}",
        super::tax_party_id("th-tax", &d.seller_tax)
            .as_str()
            .trim_start_matches("th-tax:"),
        number.trim()
    )
}

fn read(
    root: &Element,
    kind: Kind,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<Result<(), Failure>, ImportError> {
    let at = Position::Line(root.line);
    let d = match doc(root, kind) {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };
    if d.buyer.is_us(ctx) && !d.seller.is_us(ctx) {
        super::skip(
            sink,
            at,
            format!(
                "document {} from {} to us: a bill we received, not read (only documents we issue say something about a client)",
                d.number,
                d.seller.label()
            ),
        )?;
        return Ok(Ok(()));
    }
    if d.kind == Kind::CancellationNote {
        if d.references.is_empty() {
            return Ok(Err((
                at,
                format!(
                    "cancellation note {}: names no document (AdditionalReferencedDocument/IssuerAssignedID)",
                    d.number
                ),
            )));
        }
        for r in &d.references {
            if !super::void_invoice(&id(&d, r), at, ctx, sink)? {
                super::skip(
                    sink,
                    at,
                    format!(
                        "cancellation note {} cancels {r}, which is not stored: import it first to have it voided",
                        d.number
                    ),
                )?;
            }
        }
        return Ok(Ok(()));
    }
    let Some(total) = d.total else {
        return Ok(Ok(()));
    };
    let value = match super::money_value(total, d.currency, "GrandTotalAmount") {
        Ok(v) => v,
        Err(m) => return Ok(Err((at, format!("document {}: {m}", d.number)))),
    };
    let credit = d.kind == Kind::DebitCreditNote && d.type_code != "80";
    if credit || (total.is_sign_negative() && !total.is_zero()) {
        super::skip(
            sink,
            at,
            format!(
                "credit note {} ({value} {}): not read, the interchange has no credit notes",
                d.number, d.currency
            ),
        )?;
        return Ok(Ok(()));
    }
    if d.kind == Kind::Receipt && !d.references.is_empty() {
        return receipt(&d, value, at, ctx, sink);
    }
    let paid_on_issue = matches!(d.kind, Kind::Receipt | Kind::Abbreviated)
        || d.name.contains("ใบเสร็จ")
        || d.name.to_lowercase().contains("receipt");
    let Some(party) = super::client_party(
        &d.buyer,
        "th-tax",
        "BuyerTradeParty/Name, BuyerTradeParty/SpecifiedTaxRegistration/ID",
        at,
        ctx,
        sink,
    )?
    else {
        return Ok(Ok(()));
    };
    let invoice_id = id(&d, &d.number);
    let due = match (d.due, paid_on_issue) {
        (Some(due), _) => due,
        (None, true) => d.issued,
        (None, false) => super::default_due(d.issued, ctx),
    };
    let record = super::invoice_event(&invoice_id, party.clone(), d.at, due, value, d.currency);
    if let Record::Event(e) = &record {
        ctx.add_invoice(e.clone());
    }
    sink.record(&at, record)?;
    if paid_on_issue {
        sink.record(
            &at,
            payment(
                format!("{invoice_id}:paid"),
                party,
                d.at,
                &invoice_id,
                value,
                d.currency,
            ),
        )?;
    }
    Ok(Ok(()))
}

fn payment(
    id: String,
    party: PartyId,
    at: At,
    invoice: &str,
    value: Decimal,
    c: Currency,
) -> Record {
    Record::Event(Event {
        id: EventId::new(id),
        party,
        at,
        tags: Vec::new(),
        body: EventBody::Payment(Payment {
            invoice: EventId::new(invoice),
            amount: Money::new(value, c),
        }),
    })
}

/// A receipt for earlier invoices: a payment against the one it names.
fn receipt(
    d: &Doc,
    value: Decimal,
    at: Position,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<Result<(), Failure>, ImportError> {
    let [reference] = d.references.as_slice() else {
        super::skip(
            sink,
            at,
            format!(
                "receipt {} pays {} documents ({}): not read, the amount paid on each is not in it",
                d.number,
                d.references.len(),
                d.references.join(", ")
            ),
        )?;
        return Ok(Ok(()));
    };
    let invoice_id = id(d, reference);
    // The invoice's own client, when it is known: the receipt may name the buyer differently.
    let party = match ctx.invoice(&invoice_id) {
        Some(e) => e.party.clone(),
        None => match super::client_party(
            &d.buyer,
            "th-tax",
            "BuyerTradeParty/Name, BuyerTradeParty/SpecifiedTaxRegistration/ID",
            at,
            ctx,
            sink,
        )? {
            Some(p) => p,
            None => return Ok(Ok(())),
        },
    };
    sink.record(
        &at,
        payment(
            id(d, &d.number),
            party,
            d.at,
            &invoice_id,
            value,
            d.currency,
        ),
    )?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_without_an_offset_are_thai() {
        let at = issue_time("2026-10-05T23:15:00").unwrap();
        assert_eq!(at.to_string(), "2026-10-05T23:15:00+07:00");
        assert_eq!(
            issue_time("2026-10-05T16:15:00Z").unwrap().to_string(),
            "2026-10-05T16:15:00Z"
        );
        assert_eq!(issue_time("2026-10-05").unwrap().to_string(), "2026-10-05");
        assert_eq!(
            issue_time("2026-10-05T23:15:00.250").unwrap().to_string(),
            "2026-10-05T23:15:00+07:00"
        );
        assert!(issue_time("5 Oct").is_none());
    }

    #[test]
    fn roots_name_the_kind() {
        assert_eq!(kind("Receipt_CrossIndustryInvoice"), Some(Kind::Receipt));
        assert_eq!(kind("Foo_CrossIndustryInvoice"), None);
        assert_eq!(kind("CrossIndustryInvoice"), None);
    }
}
