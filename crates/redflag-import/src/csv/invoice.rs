//! Invoice exports: Xero's sales invoice export (and its import template), QuickBooks Online's
//! invoice and sales reports, Invoice Ninja's invoice and payment exports, into `invoice`
//! events, and `payment` events where the file says when money came in.
//!
//! Exports write one row per line item: rows are grouped by invoice number, and the invoice's
//! date, due date, total, status and client come from its first row (a total missing, as in
//! Xero's import template, is the sum of the line amounts, or of quantity × unit amount).
//!
//! | | Xero | QuickBooks | Invoice Ninja | Invoice Ninja payments |
//! |---|---|---|---|---|
//! | number | `InvoiceNumber` | `Num`, `No.`, `Invoice no.` | `Invoice Number`, `Number` | `Invoice Number`, `Invoice` |
//! | client | `ContactName` | `Customer`, `Name` | `Client` | `Client` |
//! | dates | `InvoiceDate`, `DueDate`: `dd/mm/yyyy` unless the column shows month-first | `Date`, `Due date`: `mm/dd/yyyy` unless the column shows day-first | `Invoice Date`, `Due Date`: ISO | `Date`: `mm/dd/yyyy` unless the column shows day-first |
//! | amount | `Total`, else line sums | `Amount`, `Total` | `Amount` | `Amount` |
//! | currency | `Currency` | `Currency`, else the workspace's | `Currency`, else the symbol (`$13.50`) | the symbol |
//!
//! Ids: `xero:NUMBER`, `quickbooks:NUMBER`, `invoiceninja:NUMBER`; a payment is
//! `TOOL:NUMBER:paid` (a paid-date column on the invoice row) or
//! `invoiceninja:NUMBER:payment:HASH` (a payments file row: date and amount hashed).
//!
//! Status: `Void`, `Voided`, `Deleted`, `Cancelled`, `Reversed` → `void`; drafts (never sent)
//! are skipped and reported; anything else is `open`. Credit notes (Xero `Type` credit, a
//! QuickBooks `Credit Memo`, a negative total) and refunds are skipped and reported, as are
//! QuickBooks rows of other transaction types (payments there name no invoice). Xero's
//! export has no payment date, only `InvoiceAmountPaid`: a payment is made only when a
//! paid-date column (`FullyPaidOnDate`, `PaidDate`, `Paid Date`, `Payment Date`) is there.

use std::io::BufRead;

use redflag_domain::jiff::civil::Date;
use redflag_domain::{
    At, Currency, Decimal, Event, EventBody, EventId, Invoice, InvoiceStatus, Money, Payment,
    Record,
};

use super::dates::{self, Order};
use super::money::{self, Style};
use super::{Repeats, Row, Table, bad, has_all, party_for, read_table, sniff_header};
use crate::{Confidence, Context, Format, ImportError, Position, Sink, Skip};

/// Xero's sales invoice export (Business › Invoices › Export), or its import template.
pub struct Xero;
/// A QuickBooks Online invoice list or sales report exported to CSV.
pub struct QuickBooks;
/// Invoice Ninja's invoice export (v4 and v5, English headers).
pub struct InvoiceNinja;
/// Invoice Ninja's payment export.
pub struct InvoiceNinjaPayments;

const NUMBER_QB: &[&str] = &[
    "num",
    "no.",
    "no",
    "invoice no.",
    "invoice no",
    "invoice #",
    "invoice number",
];
const CUSTOMER_QB: &[&str] = &["customer", "name", "customer name", "customer full name"];
const NUMBER_NINJA: &[&str] = &["invoice number", "number", "invoice #"];

fn is_xero(h: &[String]) -> bool {
    has_all(
        h,
        &[
            &["contactname"],
            &["invoicenumber"],
            &["invoicedate"],
            &["duedate"],
        ],
    )
}

fn is_quickbooks(h: &[String]) -> bool {
    has_all(
        h,
        &[
            CUSTOMER_QB,
            NUMBER_QB,
            &["date", "invoice date", "transaction date"],
            &["due date"],
            &["amount", "total", "open balance"],
        ],
    ) && !has_all(h, &[&["client"]])
}

fn is_ninja(h: &[String]) -> bool {
    has_all(
        h,
        &[
            &["client", "client name"],
            NUMBER_NINJA,
            &["amount"],
            &["invoice date", "date"],
            &["due date"],
        ],
    )
}

fn is_ninja_payments(h: &[String]) -> bool {
    has_all(
        h,
        &[
            &["client", "client name"],
            &["invoice number", "invoice"],
            &["amount"],
            &["date", "payment date"],
        ],
    ) && !has_all(h, &[&["due date"]])
}

macro_rules! invoice_format {
    ($ty:ident, $id:literal, $describe:literal, $is:ident, $what:literal, $run:ident) => {
        impl Format for $ty {
            fn id(&self) -> &'static str {
                $id
            }

            fn describe(&self) -> &'static str {
                $describe
            }

            fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
                if sniff_header(head, $is) {
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
                match read_table(input, $is, $what)? {
                    Ok(table) => $run(&table, ctx, sink),
                    Err(message) => bad(sink, Position::Line(1), message),
                }
            }
        }
    };
}

invoice_format!(
    Xero,
    "xero",
    "a Xero invoice export (CSV)",
    is_xero,
    "a Xero invoice export",
    xero
);
invoice_format!(
    QuickBooks,
    "quickbooks",
    "a QuickBooks Online invoice report (CSV)",
    is_quickbooks,
    "a QuickBooks invoice report",
    quickbooks
);
invoice_format!(
    InvoiceNinja,
    "invoiceninja",
    "an Invoice Ninja invoice export (CSV)",
    is_ninja,
    "an Invoice Ninja invoice export",
    ninja
);
invoice_format!(
    InvoiceNinjaPayments,
    "invoiceninja-payments",
    "an Invoice Ninja payment export (CSV)",
    is_ninja_payments,
    "an Invoice Ninja payment export",
    ninja_payments
);

/// Where an invoice's fields are, in one tool's export.
struct Cols {
    tool: &'static str,
    number: Option<usize>,
    client: Option<usize>,
    date: Option<usize>,
    due: Option<usize>,
    total: Option<usize>,
    line_amount: Option<usize>,
    quantity: Option<usize>,
    unit: Option<usize>,
    currency: Option<usize>,
    status: Option<usize>,
    kind: Option<usize>,
    paid: Option<usize>,
    paid_date: Option<usize>,
    order: Order,
}

fn xero(t: &Table, ctx: &mut Context, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let c = Cols {
        tool: "xero",
        number: t.col(&["invoicenumber"]),
        client: t.col(&["contactname"]),
        date: t.col(&["invoicedate"]),
        due: t.col(&["duedate"]),
        total: t.col(&["total"]),
        line_amount: t.col(&["lineamount"]),
        quantity: t.col(&["quantity"]),
        unit: t.col(&["unitamount"]),
        currency: t.col(&["currency"]),
        status: t.col(&["status"]),
        kind: t.col(&["type"]),
        paid: t.col(&["invoiceamountpaid"]),
        paid_date: t.col(&["fullypaidondate", "paiddate", "paid date", "payment date"]),
        order: Order::DayFirst,
    };
    invoices(t, c, ctx, sink)
}

fn quickbooks(t: &Table, ctx: &mut Context, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let c = Cols {
        tool: "quickbooks",
        number: t.col(NUMBER_QB),
        client: t.col(CUSTOMER_QB),
        date: t.col(&["date", "invoice date", "transaction date"]),
        due: t.col(&["due date"]),
        total: t.col(&["amount", "total", "total amount"]),
        line_amount: None,
        quantity: None,
        unit: None,
        currency: t.col(&["currency"]),
        status: t.col(&["status"]),
        kind: t.col(&["transaction type", "type"]),
        paid: None,
        paid_date: t.col(&["paid date", "date paid", "payment date"]),
        order: Order::MonthFirst,
    };
    invoices(t, c, ctx, sink)
}

fn ninja(t: &Table, ctx: &mut Context, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let c = Cols {
        tool: "invoiceninja",
        number: t.col(NUMBER_NINJA),
        client: t.col(&["client", "client name"]),
        date: t.col(&["invoice date", "date"]),
        due: t.col(&["due date"]),
        total: t.col(&["amount", "total"]),
        line_amount: None,
        quantity: None,
        unit: None,
        currency: t.col(&["currency"]),
        status: t.col(&["status"]),
        kind: None,
        paid: None,
        paid_date: t.col(&["paid date", "payment date"]),
        order: Order::MonthFirst,
    };
    invoices(t, c, ctx, sink)
}

/// Rows grouped by invoice number, in file order; rows without a number on their own.
fn groups(t: &Table, number: Option<usize>) -> Vec<(String, Vec<&Row>)> {
    let mut out: Vec<(String, Vec<&Row>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for row in &t.rows {
        let n = row.get(number).to_owned();
        if n.is_empty() {
            out.push((n, vec![row]));
            continue;
        }
        match index.get(&n) {
            Some(&i) => {
                let group: &mut (String, Vec<&Row>) = &mut out[i];
                group.1.push(row);
            }
            None => {
                index.insert(n.clone(), out.len());
                out.push((n, vec![row]));
            }
        }
    }
    out
}

/// Report rows that are no invoice: QuickBooks totals, a footer with the print time, blank
/// separators.
fn is_report_line(row: &Row, c: &Cols) -> bool {
    let filled = row.cells.iter().filter(|x| !x.is_empty()).count();
    row.get(c.number).is_empty()
        && (filled <= 1
            || row
                .cells
                .iter()
                .any(|x| x.to_lowercase().starts_with("total")))
}

fn void_or_draft(status: &str) -> (bool, bool) {
    let s = status.trim().to_lowercase();
    let void = matches!(
        s.as_str(),
        "void" | "voided" | "deleted" | "cancelled" | "canceled" | "reversed"
    );
    (void, s == "draft")
}

/// The currency of a row: its column, the amount's own mark, the header's code, the workspace's.
fn currency_of(
    t: &Table,
    row: &Row,
    currency_col: Option<usize>,
    amount_col: Option<usize>,
    ctx: &Context,
) -> Option<Currency> {
    money::currency_cell(row.get(currency_col))
        .or_else(|| {
            money::parse_amount(row.get(amount_col), Style::default(), None)
                .ok()
                .and_then(|a| a.currency)
        })
        .or_else(|| amount_col.and_then(|i| money::header_currency(&t.header[i])))
        .or(ctx.currency)
}

fn invoices(t: &Table, c: Cols, ctx: &mut Context, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let order = dates::column_order(t.column(c.date).chain(t.column(c.due)), c.order);
    let styles =
        [c.total, c.line_amount, c.unit, c.paid].map(|col| money::column_style(t.column(col)));
    for (number, rows) in groups(t, c.number) {
        let first = rows[0];
        if is_report_line(first, &c) {
            continue;
        }
        if let Err(message) = invoice(t, &c, order, styles, &number, &rows, ctx, sink)? {
            bad(sink, first.at(), message)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn invoice(
    t: &Table,
    c: &Cols,
    order: Order,
    [total_style, line_style, unit_style, paid_style]: [Style; 4],
    number: &str,
    rows: &[&Row],
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<Result<(), String>, ImportError> {
    let first = rows[0];
    let at = first.at();
    let kind = first.get(c.kind).to_lowercase();
    if kind.contains("credit") {
        sink.skip(
            &at,
            Skip::NotRead {
                what: format!("credit note {number} (not an invoice)"),
            },
        )?;
        return Ok(Ok(()));
    }
    if !kind.is_empty() && !kind.contains("invoice") && kind != "accrec" {
        sink.skip(
            &at,
            Skip::NotRead {
                what: format!("{number} a {} row, not an invoice", first.get(c.kind))
                    .trim_start()
                    .to_owned(),
            },
        )?;
        return Ok(Ok(()));
    }
    if number.is_empty() {
        return Ok(Err("no invoice number on this row".into()));
    }
    let (void, draft) = void_or_draft(first.get(c.status));
    if draft {
        sink.skip(
            &at,
            Skip::NotRead {
                what: format!("draft invoice {number} (never sent)"),
            },
        )?;
        return Ok(Ok(()));
    }
    let date = |col: Option<usize>, what: &str| -> Result<Date, String> {
        let s = first.get(col);
        dates::parse_date(s, order)
            .ok_or_else(|| format!("invoice {number}: {what} {s:?} is not a date"))
    };
    let issued = match date(c.date, "date") {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };
    let due = match date(c.due, "due date") {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };
    let amount_col = if first.get(c.total).is_empty() {
        c.line_amount.or(c.unit)
    } else {
        c.total
    };
    let Some(currency) = currency_of(t, first, c.currency, amount_col, ctx) else {
        return Ok(Err(format!(
            "invoice {number}: no currency (the file names none and the workspace has none; \
             import a workspace line with a currency first)"
        )));
    };
    let read = |s: &str, style: Style| -> Result<Decimal, String> {
        money::parse_amount(s, style, Some(currency))
            .map(|a| a.value)
            .map_err(|e| format!("invoice {number}: {e}"))
    };
    let total = if !first.get(c.total).is_empty() {
        read(first.get(c.total), total_style)
    } else if c.line_amount.is_some() {
        money::checked_sum(
            rows.iter().map(|r| read(r.get(c.line_amount), line_style)),
            || format!("invoice {number}: the line amounts add up to more than can be stored"),
        )
    } else if c.quantity.is_some() && c.unit.is_some() {
        money::checked_sum(
            rows.iter().map(|r| {
                let q = money::parse_plain_decimal(r.get(c.quantity))
                    .ok_or_else(|| format!("invoice {number}: quantity {:?}", r.get(c.quantity)))?;
                q.checked_mul(read(r.get(c.unit), unit_style)?)
                    .ok_or_else(|| {
                        format!("invoice {number}: quantity times unit price is too large")
                    })
            }),
            || format!("invoice {number}: the line amounts add up to more than can be stored"),
        )
        .map(|d| currency.round(d))
    } else {
        Err(format!("invoice {number}: no total"))
    };
    let total = match total {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    if total.is_sign_negative() && !total.is_zero() {
        sink.skip(
            &at,
            Skip::NotRead {
                what: format!("invoice {number} has a negative total (a credit note)"),
            },
        )?;
        return Ok(Ok(()));
    }
    let total = match currency.check_amount(total) {
        // `1495.0000` (Xero) is written as the currency writes it: `1495.00`.
        Ok(t) => currency.round(t),
        Err(e) => return Ok(Err(format!("invoice {number}: {e}"))),
    };
    let Some(party) = party_for(first.get(c.client), at, ctx, sink)? else {
        return Ok(Ok(()));
    };
    let id = format!("{}:{number}", c.tool);
    sink.record(
        &at,
        Record::Event(Event {
            id: EventId::new(id.clone()),
            party: party.clone(),
            at: At::Date(issued),
            tags: Vec::new(),
            body: EventBody::Invoice(Invoice {
                due,
                amount: Money::new(total, currency),
                status: if void {
                    InvoiceStatus::Void
                } else {
                    InvoiceStatus::Open
                },
            }),
        }),
    )?;
    let paid_on = first.get(c.paid_date);
    if void || paid_on.is_empty() {
        return Ok(Ok(()));
    }
    let Some(paid_on) = dates::parse_date(paid_on, order) else {
        return Ok(Err(format!(
            "invoice {number}: paid date {paid_on:?} is not a date"
        )));
    };
    let paid = match first.get(c.paid) {
        "" => total,
        s => match read(s, paid_style) {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        },
    };
    if paid.is_zero() || paid.is_sign_negative() {
        return Ok(Ok(()));
    }
    let paid = match currency.check_amount(paid) {
        Ok(p) => currency.round(p),
        Err(e) => return Ok(Err(format!("invoice {number}: {e}"))),
    };
    sink.record(
        &at,
        Record::Event(Event {
            id: EventId::new(format!("{id}:paid")),
            party,
            at: At::Date(paid_on),
            tags: Vec::new(),
            body: EventBody::Payment(Payment {
                invoice: EventId::new(id),
                amount: Money::new(paid, currency),
            }),
        }),
    )?;
    Ok(Ok(()))
}

fn ninja_payments(t: &Table, ctx: &mut Context, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let client = t.col(&["client", "client name"]);
    let invoice = t.col(&["invoice number", "invoice"]);
    let amount = t.col(&["amount"]);
    let date = t.col(&["date", "payment date"]);
    let currency_col = t.col(&["currency"]);
    let order = dates::column_order(t.column(date), Order::MonthFirst);
    let style = money::column_style(t.column(amount));
    let mut repeats = Repeats::default();
    for row in &t.rows {
        let at = row.at();
        let number = row.get(invoice);
        if number.is_empty() && row.cells.iter().filter(|x| !x.is_empty()).count() <= 1 {
            continue;
        }
        let result = (|| {
            if number.is_empty() {
                return Err("no invoice number on this payment".to_owned());
            }
            let on = dates::parse_date(row.get(date), order)
                .ok_or_else(|| format!("{:?} is not a date", row.get(date)))?;
            let currency = currency_of(t, row, currency_col, amount, ctx).ok_or_else(|| {
                "no currency (the amount has no symbol and the workspace has no currency)"
                    .to_owned()
            })?;
            let value = money::parse_amount(row.get(amount), style, Some(currency))?.value;
            Ok((on, currency, value))
        })();
        let (on, currency, value) = match result {
            Ok(x) => x,
            Err(message) => {
                bad(sink, at, message)?;
                continue;
            }
        };
        if value.is_sign_negative() || value.is_zero() {
            sink.skip(
                &at,
                Skip::NotRead {
                    what: format!("a refund or empty payment on invoice {number}"),
                },
            )?;
            continue;
        }
        let value = match currency.check_amount(value) {
            Ok(v) => currency.round(v),
            Err(e) => {
                bad(sink, at, e.to_string())?;
                continue;
            }
        };
        let Some(party) = party_for(row.get(client), at, ctx, sink)? else {
            continue;
        };
        let id = repeats.unique(format!(
            "invoiceninja:{number}:payment:{}",
            &super::hash_id(&[&on.to_string(), &value.to_string(), currency.as_str()])[..16]
        ));
        sink.record(
            &at,
            Record::Event(Event {
                id: EventId::new(id),
                party,
                at: At::Date(on),
                tags: Vec::new(),
                body: EventBody::Payment(Payment {
                    invoice: EventId::new(format!("invoiceninja:{number}")),
                    amount: Money::new(value, currency),
                }),
            }),
        )?;
    }
    Ok(())
}
