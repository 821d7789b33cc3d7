//! Vietnamese e-invoice XML (hóa đơn điện tử, Decree 123/2020/NĐ-CP, Circular 78/2021/TT-BTC;
//! the tree as GDT Decision 1450/QĐ-TCT lays it out): root `HDon` (any namespace prefix; also
//! inside the `TDiep` envelope of messages to and from the tax authority, every `HDon` of
//! which is read).
//!
//! | field | from |
//! |---|---|
//! | id | `vn:` seller `MST` `:` `KHMSHDon` + `KHHDon` `:` `SHDon` (leading zeros dropped): `vn:0312345678:1C25TAA:123` |
//! | issued | `TTChung/NLap` (a date) |
//! | due | a vendor field `TTKhac/TTin` whose `TTruong` is "Hạn thanh toán" (or "Han TT", "Due date"), else issue + default terms |
//! | amount | `NDHDon/TToan/TgTTTBSo` (total incl. tax) in `TTChung/DVTTe` (default VND; `đ`, `VNĐ` read as VND); `TGia` (exchange rate) checked, not stored |
//! | seller, buyer | `NDHDon/NBan`, `NDHDon/NMua`: `Ten` (else the buyer person `HVTNMHang`), `MST`, `DCTDTu` (email) |
//!
//! Related invoices (`TTChung/TTHDLQuan`: `TCHDon` 1 replacement, 2 adjustment; the original's
//! `KHMSHDCLQuan`, `KHHDCLQuan`, `SHDCLQuan`). A **replacement** is an invoice of its own and
//! voids the original when that is stored (imported earlier; a note says so otherwise). An
//! **adjustment** that raises the amount is an invoice of its own (the client owes the
//! difference); one that lowers it (a negative total, like a credit note) or only corrects
//! details (a zero total) is skipped and reported, since the interchange has no credit notes.
//! A negative total without a reference is skipped the same way. The XML carries no
//! cancellation status (that lives in the tax authority's lookup portal), so a cancelled
//! invoice cannot be recognised from its file.

use std::io::BufRead;

use redflag_domain::{At, Currency};
use redflag_text::fold_vi;

use super::xml::{self, Element};
use super::{Trader, clean};
use crate::{Confidence, Context, Format, ImportError, Position, Sink};

/// A Vietnamese e-invoice XML file (`HDon`).
pub struct VnEinvoice;

impl Format for VnEinvoice {
    fn id(&self) -> &'static str {
        "vn-einvoice"
    }

    fn describe(&self) -> &'static str {
        "a Vietnamese e-invoice (hóa đơn điện tử XML)"
    }

    fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
        if is_vn(&super::head_text(head)) {
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

/// Whether decoded text starts like a Vietnamese e-invoice.
pub(crate) fn is_vn(text: &str) -> bool {
    text.starts_with('<') && super::has_element(text, "HDon")
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
    // One invoice, or a tax-authority envelope (`TDiep/DLieu`) carrying one or more.
    let mut invoices = Vec::new();
    let mut stack = vec![&root];
    while let Some(e) = stack.pop() {
        if e.name == "HDon" {
            invoices.push(e);
        } else {
            stack.extend(e.children.iter().rev());
        }
    }
    if invoices.is_empty() {
        return super::bad(
            sink,
            Position::Line(root.line),
            format!(
                "<{}> is not a Vietnamese e-invoice (no HDon element)",
                root.name
            ),
        );
    }
    for hdon in invoices {
        if let Err((at, message)) = read(hdon, ctx, sink)? {
            super::bad(sink, at, message)?;
        }
    }
    Ok(())
}

/// A required field's text, or an error naming it.
fn need<'a>(e: &'a Element, path: &[&str], what: &str) -> Result<&'a str, (Position, String)> {
    e.text_at(path).ok_or_else(|| {
        (
            Position::Line(e.line),
            format!("no {} ({what})", path.join("/")),
        )
    })
}

fn line(e: &Element, path: &[&str]) -> Position {
    Position::Line(e.at(path).map_or(e.line, |x| x.line))
}

fn trader(e: Option<&Element>) -> Trader {
    let get = |name: &str| clean(e.and_then(|e| e.text_at(&[name])));
    Trader {
        name: get("Ten").or_else(|| get("HVTNMHang")),
        tax: get("MST"),
        email: get("DCTDTu").filter(|m| m.contains('@')),
    }
}

/// `DVTTe`: an ISO code; `đ`, `VNĐ` and the like are dong.
fn currency(s: Option<&str>) -> Result<Currency, String> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(Currency::VND);
    };
    if matches!(
        s.to_lowercase().as_str(),
        "đ" | "vnđ" | "vnd" | "đồng" | "dong" | "vn đồng"
    ) {
        return Ok(Currency::VND);
    }
    s.to_ascii_uppercase()
        .parse()
        .map_err(|_| format!("DVTTe (currency) {s:?} is not an ISO 4217 code"))
}

/// A number with leading zeros dropped (`0000123` → `123`), else as written.
fn number(s: &str) -> String {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let n = t.trim_start_matches('0');
        if n.is_empty() { "0".into() } else { n.into() }
    } else {
        t.to_owned()
    }
}

fn invoice_id(seller_tax: &str, form: &str, series: &str, no: &str) -> String {
    format!(
        "vn:{}:{}{}:{}",
        seller_tax.trim(),
        form.trim(),
        series.trim(),
        number(no)
    )
}

/// A vendor field (`TTKhac/TTin{TTruong, DLieu}`) giving the due date, anywhere in the data.
fn due_field(dl: &Element) -> Option<(&Element, &str)> {
    let mut stack = vec![dl];
    while let Some(e) = stack.pop() {
        if e.name == "TTin"
            && let Some(name) = e.text_at(&["TTruong"])
        {
            let f = fold_vi(name).to_lowercase();
            if f.contains("han thanh toan") || f == "han tt" || f.contains("due date") {
                return e.text_at(&["DLieu"]).map(|v| (e, v));
            }
        }
        stack.extend(e.children.iter());
    }
    None
}

type Read = Result<(), (Position, String)>;

fn read(hdon: &Element, ctx: &mut Context, sink: &mut dyn Sink) -> Result<Read, ImportError> {
    let at = Position::Line(hdon.line);
    let Some(dl) = hdon.child("DLHDon") else {
        return Ok(Err((at, "no DLHDon (the invoice data) in HDon".into())));
    };
    let Some(ttc) = dl.child("TTChung") else {
        return Ok(Err((at, "no DLHDon/TTChung (general information)".into())));
    };
    let Some(nd) = dl.child("NDHDon") else {
        return Ok(Err((at, "no DLHDon/NDHDon (the invoice content)".into())));
    };
    let fields = (|| {
        let form = need(ttc, &["KHMSHDon"], "invoice form")?;
        let series = need(ttc, &["KHHDon"], "invoice series")?;
        let no = need(ttc, &["SHDon"], "invoice number")?;
        let seller = trader(nd.child("NBan"));
        let Some(seller_tax) = seller.tax.clone() else {
            return Err((
                line(nd, &["NBan"]),
                "no NBan/MST (the seller's tax code)".to_owned(),
            ));
        };
        let label = format!("{}{}-{}", form.trim(), series.trim(), no.trim());
        let id = invoice_id(&seller_tax, form, series, no);
        let nlap = need(ttc, &["NLap"], "issue date")?;
        let issued = super::date(nlap).ok_or_else(|| {
            (
                line(ttc, &["NLap"]),
                format!("invoice {label}: NLap (issue date) {nlap:?} is not a date"),
            )
        })?;
        let currency = currency(ttc.text_at(&["DVTTe"]))
            .map_err(|m| (line(ttc, &["DVTTe"]), format!("invoice {label}: {m}")))?;
        if let Some(rate) = ttc.text_at(&["TGia"]) {
            let r = super::amount(rate, "TGia (exchange rate)")
                .map_err(|m| (line(ttc, &["TGia"]), format!("invoice {label}: {m}")))?;
            if r.is_sign_negative() {
                return Err((
                    line(ttc, &["TGia"]),
                    format!("invoice {label}: TGia (exchange rate) {rate:?} is negative"),
                ));
            }
        }
        let total_text = nd.text_at(&["TToan", "TgTTTBSo"]).ok_or_else(|| {
            (
                line(nd, &["TToan"]),
                format!("invoice {label}: no TToan/TgTTTBSo (total including tax)"),
            )
        })?;
        let total = super::amount(total_text, "TgTTTBSo (total including tax)").map_err(|m| {
            (
                line(nd, &["TToan", "TgTTTBSo"]),
                format!("invoice {label}: {m}"),
            )
        })?;
        let value =
            super::money_value(total, currency, "TgTTTBSo (total including tax)").map_err(|m| {
                (
                    line(nd, &["TToan", "TgTTTBSo"]),
                    format!("invoice {label}: {m}"),
                )
            })?;
        let due = match due_field(dl) {
            Some((e, v)) => super::date(v).ok_or_else(|| {
                (
                    Position::Line(e.line),
                    format!(
                        "invoice {label}: TTKhac due date (Hạn thanh toán) {v:?} is not a date"
                    ),
                )
            })?,
            None => super::default_due(issued, ctx),
        };
        let related = ttc.child("TTHDLQuan").map(|r| {
            let nature = r.text_at(&["TCHDon"]).unwrap_or("").to_owned();
            let original = match (
                r.text_at(&["KHMSHDCLQuan"]),
                r.text_at(&["KHHDCLQuan"]),
                r.text_at(&["SHDCLQuan"]),
            ) {
                (Some(f), Some(s), Some(n)) => Some((
                    invoice_id(&seller_tax, f, s, n),
                    format!("{}{}-{}", f.trim(), s.trim(), n.trim()),
                )),
                _ => None,
            };
            (nature, original)
        });
        Ok(Fields {
            label,
            id,
            seller,
            buyer: trader(nd.child("NMua")),
            issued,
            due,
            currency,
            total,
            value,
            related,
        })
    })();
    let f = match fields {
        Ok(f) => f,
        Err(e) => return Ok(Err(e)),
    };
    if f.buyer.is_us(ctx) && !f.seller.is_us(ctx) {
        super::skip(
            sink,
            at,
            format!(
                "invoice {} from {} to us: a bill we received, not read (only invoices we issue say something about a client)",
                f.label,
                f.seller.label()
            ),
        )?;
        return Ok(Ok(()));
    }
    let (nature, original) = match &f.related {
        Some((n, o)) => (n.as_str(), o.clone()),
        None => ("", None),
    };
    let negative = f.total.is_sign_negative() && !f.total.is_zero();
    if nature == "2" || negative {
        let of = original
            .as_ref()
            .map(|(_, l)| format!(" of invoice {l}"))
            .unwrap_or_default();
        if negative {
            super::skip(
                sink,
                at,
                format!(
                    "invoice {} lowers the amount{of} by {} {} (an adjustment or credit note): not read, the interchange has no credit notes",
                    f.label, f.value, f.currency
                ),
            )?;
            return Ok(Ok(()));
        }
        if f.total.is_zero() {
            super::skip(
                sink,
                at,
                format!(
                    "invoice {} adjusts details{of} without changing the amount: nothing to import",
                    f.label
                ),
            )?;
            return Ok(Ok(()));
        }
    }
    let Some(party) = super::client_party(&f.buyer, "vn-tax", "NMua/Ten, NMua/MST", at, ctx, sink)?
    else {
        return Ok(Ok(()));
    };
    let record = super::invoice_event(&f.id, party, At::Date(f.issued), f.due, f.value, f.currency);
    if let redflag_domain::Record::Event(e) = &record {
        ctx.add_invoice(e.clone());
    }
    sink.record(&at, record)?;
    if nature == "1"
        && let Some((original_id, original_label)) = original
        && !super::void_invoice(&original_id, at, ctx, sink)?
    {
        super::skip(
            sink,
            at,
            format!(
                "invoice {} replaces invoice {original_label}, which is not stored: import the original first to have it voided",
                f.label
            ),
        )?;
    }
    Ok(Ok(()))
}

struct Fields {
    label: String,
    id: String,
    seller: Trader,
    buyer: Trader,
    issued: redflag_domain::jiff::civil::Date,
    due: redflag_domain::jiff::civil::Date,
    currency: Currency,
    total: redflag_domain::Decimal,
    value: redflag_domain::Decimal,
    related: Option<(String, Option<(String, String)>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_currencies() {
        assert_eq!(number("0000123"), "123");
        assert_eq!(number("000"), "0");
        assert_eq!(number("A12"), "A12");
        assert_eq!(currency(Some("đ")), Ok(Currency::VND));
        assert_eq!(currency(None), Ok(Currency::VND));
        assert_eq!(currency(Some("usd")), Ok(Currency::USD));
        assert!(currency(Some("đô")).unwrap_err().contains("DVTTe"));
    }
}
