//! The project's e-invoice fixtures (`fixtures/einvoice/README.md`) against their expected
//! records, and the behaviours around them: which side is the client, replacements and
//! cancellations voiding stored invoices, one-line errors naming the field, and PDFs laid out
//! in every way the reader must accept. `REDFLAG_BLESS=1` rewrites the expectations.

mod common;

use common::{Collect, run};
use redflag_domain::{EventBody, InvoiceStatus, Party, Record, Role};
use redflag_import::{Context, Detection, Skip, by_id, detect};

const CASES: [(&str, &str); 7] = [
    ("vn-vat-invoice.xml", "vn-einvoice"),
    ("vn-usd-invoice.xml", "vn-einvoice"),
    ("vn-adjustment-invoice.xml", "vn-einvoice"),
    ("th-tax-invoice.xml", "th-etax"),
    ("th-receipt.xml", "th-etax"),
    ("th-cancellation-note.xml", "th-etax"),
    ("th-etax-receipt.pdf", "einvoice-pdf"),
];

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/einvoice")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap()
}

/// We are Sông Hồng (VN tax code) and Chao Phraya Design (TH tax id, without the branch);
/// Mekong Digital is a stored client, known by its email.
fn context() -> Context {
    let mekong = Party {
        id: "c-mekong".into(),
        name: "Mekong Digital".into(),
        role: Role::Client,
        lang: None,
        timezone: None,
        emails: vec!["ap@mekongdigital.example.com".into()],
        phones: vec![],
        since: None,
        tags: vec![],
    };
    Context::new()
        .with_me(["0319990001", "0105559000011"])
        .with_parties([&mekong])
}

fn render(sink: &Collect) -> String {
    let mut out = Vec::new();
    for (_, r) in &sink.records {
        redflag_interchange::write_record(&mut out, r).unwrap();
    }
    let mut out = String::from_utf8(out).unwrap();
    for s in &sink.skipped {
        let why = match s {
            Skip::UnknownSender { address } => format!("unknown {address}"),
            other => other.to_string(),
        };
        out.push_str(&format!("# skipped: {why}\n"));
    }
    for b in &sink.bad {
        out.push_str(&format!("# bad: {b}\n"));
    }
    out
}

fn expected_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{stem}.expected.jsonl")
}

#[test]
fn every_fixture_gives_its_expected_records() {
    let bless = std::env::var_os("REDFLAG_BLESS").is_some();
    let mut failed = Vec::new();
    for (name, id) in CASES {
        let bytes = fixture(name);
        // Recognised by content, whatever the file is called.
        let Detection::Format(format) = detect(Some("download.bin"), &bytes) else {
            panic!("{name}: not recognised");
        };
        assert_eq!(format.id(), id, "{name}");
        let got = render(&run(format, &bytes, &mut context()));
        let path = dir().join(expected_name(name));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failed.push(format!("{name}:\n--- expected\n{want}--- got\n{got}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} differ:\n{}",
        failed.len(),
        CASES.len(),
        failed.join("\n")
    );
}

#[test]
fn importing_twice_gives_the_same_records() {
    for (name, id) in CASES {
        let format = by_id(id).unwrap();
        let a = render(&run(format, &fixture(name), &mut context()));
        let b = render(&run(format, &fixture(name), &mut context()));
        assert_eq!(a, b, "{name}");
    }
}

fn invoices(sink: &Collect) -> Vec<(&redflag_domain::Event, &redflag_domain::Invoice)> {
    sink.records
        .iter()
        .filter_map(|(_, r)| match r {
            Record::Event(e) => match &e.body {
                EventBody::Invoice(i) => Some((e, i)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[test]
fn without_me_a_file_is_an_invoice_we_issued_and_a_bill_to_us_is_skipped() {
    let vn = by_id("vn-einvoice").unwrap();
    let sink = run(vn, &fixture("vn-vat-invoice.xml"), &mut Context::new());
    assert_eq!(invoices(&sink).len(), 1);
    assert_eq!(sink.parties()[0].id.as_str(), "vn-tax:0319990002");
    // We are the buyer: a bill, not read.
    let mut ctx = Context::new().with_me(["0319990002"]);
    let sink = run(vn, &fixture("vn-vat-invoice.xml"), &mut ctx);
    assert!(sink.records.is_empty(), "{:?}", sink.records);
    assert!(
        sink.skipped[0].to_string().contains("a bill we received"),
        "{:?}",
        sink.skipped
    );
    // The same for a Thai document, matched by our 13-digit id against the 18-digit one.
    let th = by_id("th-etax").unwrap();
    let mut ctx = Context::new().with_me(["0105559000022"]);
    let sink = run(th, &fixture("th-tax-invoice.xml"), &mut ctx);
    assert!(sink.records.is_empty());
    assert_eq!(sink.skipped.len(), 1);
}

#[test]
fn party_option_and_known_only() {
    let th = by_id("th-etax").unwrap();
    let mut ctx = context();
    ctx.party = Some("c-mekong".into());
    let sink = run(th, &fixture("th-tax-invoice.xml"), &mut ctx);
    assert!(sink.parties().is_empty());
    assert_eq!(invoices(&sink)[0].0.party.as_str(), "c-mekong");
    let mut ctx = context();
    ctx.known_only = true;
    let sink = run(th, &fixture("th-tax-invoice.xml"), &mut ctx);
    assert!(sink.records.is_empty());
    assert!(
        matches!(&sink.skipped[0], Skip::UnknownSender { address } if address == "บริษัท สยาม เทรดดิ้ง จำกัด")
    );
}

#[test]
fn a_cancellation_note_voids_the_stored_invoice_it_names() {
    let th = by_id("th-etax").unwrap();
    let mut ctx = context();
    let original = String::from_utf8(fixture("th-tax-invoice.xml"))
        .unwrap()
        .replace("TIV2026-0042", "TIV2026-0041");
    let first = run(th, original.as_bytes(), &mut ctx);
    let (stored, _) = invoices(&first)[0];
    let sink = run(th, &fixture("th-cancellation-note.xml"), &mut ctx);
    let voided = invoices(&sink);
    assert_eq!(voided.len(), 1, "{:?}", sink.skipped);
    let (e, i) = voided[0];
    assert_eq!(e.id.as_str(), "th:0105559000011:TIV2026-0041");
    assert_eq!(i.status, InvoiceStatus::Void);
    // Everything else as stored, so the update changes only the status.
    assert_eq!((e.party.clone(), e.at), (stored.party.clone(), stored.at));
    assert_eq!(i.amount.to_string(), "53500.00 THB");
}

#[test]
fn a_receipt_pays_the_invoice_it_names_under_that_invoices_client() {
    let th = by_id("th-etax").unwrap();
    let mut ctx = context();
    ctx.party = None;
    // The invoice is filed under Mekong (by --party); the receipt then follows it there.
    ctx.party = Some("c-mekong".into());
    run(th, &fixture("th-tax-invoice.xml"), &mut ctx);
    ctx.party = None;
    let sink = run(th, &fixture("th-receipt.xml"), &mut ctx);
    let text = render(&sink);
    assert!(sink.parties().is_empty(), "{text}");
    assert!(
        text.contains(r#""kind":"payment","id":"th:0105559000011:RCT2026-0107","party":"c-mekong","at":"2026-11-12T10:30:00+07:00","invoice":"th:0105559000011:TIV2026-0042","amount":"53500.00","currency":"THB""#),
        "{text}"
    );
}

#[test]
fn a_replacement_invoice_voids_the_original_and_an_increase_is_its_own_invoice() {
    let vn = by_id("vn-einvoice").unwrap();
    let mut ctx = context();
    run(vn, &fixture("vn-vat-invoice.xml"), &mut ctx);
    let original = String::from_utf8(fixture("vn-vat-invoice.xml")).unwrap();
    let related = "<TTHDLQuan><TCHDon>1</TCHDon><LHDCLQuan>1</LHDCLQuan><KHMSHDCLQuan>1</KHMSHDCLQuan>\
                   <KHHDCLQuan>C25TAA</KHHDCLQuan><SHDCLQuan>123</SHDCLQuan><NLHDCLQuan>2025-03-14</NLHDCLQuan></TTHDLQuan>";
    let replacement = original
        .replace("<SHDon>00000123</SHDon>", "<SHDon>124</SHDon>")
        .replace("<HTTToan>", &format!("{related}<HTTToan>"))
        .replace("13200000.000000", "14300000");
    let sink = run(vn, replacement.as_bytes(), &mut ctx);
    let inv = invoices(&sink);
    assert_eq!(inv.len(), 2, "{}", render(&sink));
    assert_eq!(inv[0].0.id.as_str(), "vn:0319990001:1C25TAA:124");
    assert_eq!(inv[0].1.status, InvoiceStatus::Open);
    assert_eq!(inv[1].0.id.as_str(), "vn:0319990001:1C25TAA:123");
    assert_eq!(inv[1].1.status, InvoiceStatus::Void);
    assert_eq!(inv[1].1.amount.to_string(), "13200000 VND");
    // Without the original stored, it is said so.
    let sink = run(vn, replacement.as_bytes(), &mut context());
    assert_eq!(invoices(&sink).len(), 1);
    assert!(
        sink.skipped[0].to_string().contains("not stored"),
        "{:?}",
        sink.skipped
    );
    // An adjustment that raises the amount is owed like an invoice.
    let increase = replacement.replace("<TCHDon>1</TCHDon>", "<TCHDon>2</TCHDon>");
    let sink = run(vn, increase.as_bytes(), &mut context());
    assert_eq!(invoices(&sink).len(), 1);
    assert!(sink.skipped.is_empty());
}

#[test]
fn an_envelope_with_two_invoices_gives_both() {
    let text = String::from_utf8(fixture("vn-usd-invoice.xml")).unwrap();
    let start = text.find("<inv:HDon>").unwrap();
    let end = text.find("</inv:HDon>").unwrap() + "</inv:HDon>".len();
    let second = text[start..end].replace("<inv:SHDon>45<", "<inv:SHDon>46<");
    let two = format!("{}{second}{}", &text[..end], &text[end..]);
    let sink = run(
        by_id("vn-einvoice").unwrap(),
        two.as_bytes(),
        &mut context(),
    );
    let ids: Vec<&str> = invoices(&sink).iter().map(|(e, _)| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["vn:0319990001:1K25TAB:45", "vn:0319990001:1K25TAB:46"]
    );
}

/// One bad item, naming `field`, and nothing else.
fn one_error(format: &str, bytes: &[u8], field: &str) {
    let sink = run(by_id(format).unwrap(), bytes, &mut context());
    assert!(sink.records.is_empty(), "{:?}", sink.records);
    assert_eq!(sink.bad.len(), 1, "{:?}", sink.bad);
    assert!(!sink.bad[0].contains('\n'), "one line: {}", sink.bad[0]);
    assert!(
        sink.bad[0].contains(field),
        "{field} not named: {}",
        sink.bad[0]
    );
}

#[test]
fn errors_are_one_line_naming_the_field() {
    let vn = String::from_utf8(fixture("vn-vat-invoice.xml")).unwrap();
    one_error(
        "vn-einvoice",
        vn.replace("<TgTTTBSo>13200000.000000</TgTTTBSo>", "")
            .as_bytes(),
        "TgTTTBSo",
    );
    one_error(
        "vn-einvoice",
        vn.replace("13200000.000000", "13.200.000").as_bytes(),
        "TgTTTBSo",
    );
    one_error(
        "vn-einvoice",
        vn.replace("13200000.000000", "13200000.5").as_bytes(),
        "TgTTTBSo",
    );
    one_error(
        "vn-einvoice",
        vn.replace("<NLap>2025-03-14</NLap>", "<NLap>14 tháng 3</NLap>")
            .as_bytes(),
        "NLap",
    );
    one_error(
        "vn-einvoice",
        vn.replace("<DVTTe>VND</DVTTe>", "<DVTTe>đô</DVTTe>")
            .as_bytes(),
        "DVTTe",
    );
    one_error(
        "vn-einvoice",
        vn.replace("<TGia>1</TGia>", "<TGia>một</TGia>").as_bytes(),
        "TGia",
    );
    one_error(
        "vn-einvoice",
        vn.replace("<DLieu>2025-04-13</DLieu>", "<DLieu>cuối tháng</DLieu>")
            .as_bytes(),
        "Hạn thanh toán",
    );
    one_error(
        "vn-einvoice",
        vn.replace("<SHDon>00000123</SHDon>", "").as_bytes(),
        "SHDon",
    );
    one_error(
        "vn-einvoice",
        vn.replace("</NDHDon>", "").as_bytes(),
        "line",
    );
    let th = String::from_utf8(fixture("th-tax-invoice.xml")).unwrap();
    one_error(
        "th-etax",
        th.replace("<ram:GrandTotalAmount>53500.00</ram:GrandTotalAmount>", "")
            .as_bytes(),
        "GrandTotalAmount",
    );
    one_error(
        "th-etax",
        th.replace("53500.00", "53,500.00").as_bytes(),
        "GrandTotalAmount",
    );
    one_error(
        "th-etax",
        th.replace(
            "<ram:IssueDateTime>2026-10-05T23:15:00",
            "<ram:IssueDateTime>5/10/2569",
        )
        .as_bytes(),
        "IssueDateTime",
    );
    one_error(
        "th-etax",
        th.replace("2026-11-04T00:00:00", "soon").as_bytes(),
        "DueDateDateTime",
    );
    one_error(
        "th-etax",
        th.replace("<ram:ID schemeID=\"TXID\">010555900001100000</ram:ID>", "")
            .as_bytes(),
        "SellerTradeParty/SpecifiedTaxRegistration/ID",
    );
    one_error(
        "th-etax",
        th.replace("THB", "baht").as_bytes(),
        "InvoiceCurrencyCode",
    );
    // An error inside a PDF's attachment says which attachment.
    let broken = th.replace("53500.00", "lots");
    let pdf = make_pdf(&[attachment(
        "ETDA-invoice.xml",
        &flate(broken.as_bytes()),
        "/Filter /FlateDecode",
        Length::Direct,
    )]);
    one_error(
        "einvoice-pdf",
        &pdf,
        "embedded ETDA-invoice.xml (object 3), line",
    );
}

// --- PDFs written here in other layouts than the fixture's, to keep the reader honest.

fn flate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

enum Length {
    Direct,
    Indirect,
    Wrong,
    Missing,
}

/// An attachment's objects: a file specification and its stream (numbers filled by `make_pdf`).
struct Attachment {
    name: String,
    dict_extra: String,
    data: Vec<u8>,
    length: Length,
    eol: &'static [u8],
    typed: bool,
}

fn attachment(name: &str, data: &[u8], filter: &str, length: Length) -> Attachment {
    Attachment {
        name: name.to_owned(),
        dict_extra: filter.to_owned(),
        data: data.to_vec(),
        length,
        eol: b"\n",
        typed: true,
    }
}

/// A PDF: catalog, the attachments (each a filespec, a stream and maybe a length object),
/// no pages needed for this reader. Objects are written in the order given.
fn make_pdf(files: &[Attachment]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![Vec::new()]; // the catalog, filled last
    let mut names = String::new();
    for f in files {
        let spec = objects.len() + 1;
        let stream = spec + 1;
        let len_obj = stream + 1;
        names.push_str(&format!("({}) {spec} 0 R ", f.name));
        objects.push(
            format!(
                "<< /Type /Filespec /F ({}) /EF << /F {stream} 0 R >> >>",
                f.name
            )
            .into_bytes(),
        );
        let length = match f.length {
            Length::Direct => format!("/Length {}", f.data.len()),
            Length::Indirect => format!("/Length {len_obj} 0 R"),
            Length::Wrong => format!("/Length {}", f.data.len() + 7),
            Length::Missing => String::new(),
        };
        let ty = if f.typed { "/Type /EmbeddedFile " } else { "" };
        let mut s = format!("<< {ty}{length} {} >>\nstream", f.dict_extra).into_bytes();
        s.extend_from_slice(f.eol);
        s.extend_from_slice(&f.data);
        s.extend_from_slice(b"\nendstream");
        objects.push(s);
        if matches!(f.length, Length::Indirect) {
            objects.push(f.data.len().to_string().into_bytes());
        }
    }
    objects[0] = format!("<< /Type /Catalog /Names << /EmbeddedFiles << /Names [{names}] >> >> >>")
        .into_bytes();
    let mut out = b"%PDF-1.4\n".to_vec();
    for (i, o) in objects.iter().enumerate() {
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    out.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    out
}

fn th_payload() -> Vec<u8> {
    fixture("th-tax-invoice.xml")
}

fn pdf_invoice_ids(pdf: &[u8]) -> (Vec<String>, Vec<String>) {
    let sink = run(by_id("einvoice-pdf").unwrap(), pdf, &mut context());
    let ids = invoices(&sink)
        .iter()
        .map(|(e, _)| e.id.as_str().to_owned())
        .collect();
    (ids, sink.bad.clone())
}

#[test]
fn pdfs_are_read_whatever_their_layout() {
    let xml = th_payload();
    let want = vec!["th:0105559000011:TIV2026-0042".to_owned()];
    let layouts = [
        (
            "uncompressed, direct length",
            attachment("a.xml", &xml, "", Length::Direct),
        ),
        (
            "flate, indirect length",
            attachment(
                "a.xml",
                &flate(&xml),
                "/Filter /FlateDecode",
                Length::Indirect,
            ),
        ),
        (
            "flate in an array, wrong length",
            attachment(
                "a.xml",
                &flate(&xml),
                "/Filter [/FlateDecode]",
                Length::Wrong,
            ),
        ),
        (
            "no length",
            attachment("a.xml", &flate(&xml), "/Filter /Fl", Length::Missing),
        ),
        (
            "raw deflate",
            attachment(
                "a.xml",
                &miniz_oxide::deflate::compress_to_vec(&xml, 6),
                "/Filter /FlateDecode",
                Length::Direct,
            ),
        ),
        ("hex then flate", {
            let hex: String = flate(&xml).iter().map(|b| format!("{b:02x}")).collect();
            attachment(
                "a.xml",
                format!("{hex}>").as_bytes(),
                "/Filter [/ASCIIHexDecode /FlateDecode]",
                Length::Direct,
            )
        }),
    ];
    for (what, a) in layouts {
        assert_eq!(
            pdf_invoice_ids(&make_pdf(&[a])),
            (want.clone(), vec![]),
            "{what}"
        );
    }
    // CRLF after `stream`, and a stream without /Type found through its file specification.
    let mut a = attachment(
        "a.xml",
        &flate(&xml),
        "/Filter /FlateDecode",
        Length::Indirect,
    );
    a.eol = b"\r\n";
    a.typed = false;
    assert_eq!(pdf_invoice_ids(&make_pdf(&[a])), (want.clone(), vec![]));
    // A file specification inside a compressed object stream (PDF 1.5), the stream untyped.
    let spec = b"<< /Type /Filespec /F (x.xml) /EF << /F 3 0 R >> >>";
    let header = b"2 0 ";
    let mut objstm_data = header.to_vec();
    objstm_data.extend_from_slice(spec);
    let packed = flate(&objstm_data);
    let mut pdf = b"%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    pdf.extend_from_slice(
        format!(
            "4 0 obj\n<< /Type /ObjStm /N 1 /First {} /Length {} /Filter /FlateDecode >>\nstream\n",
            header.len(),
            packed.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&packed);
    pdf.extend_from_slice(b"\nendstream\nendobj\n3 0 obj\n");
    let data = flate(&xml);
    pdf.extend_from_slice(
        format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            data.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&data);
    pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
    assert_eq!(pdf_invoice_ids(&pdf), (want.clone(), vec![]));
    // A Vietnamese invoice attached to a PDF is read too.
    let vn = attachment(
        "hoadon.xml",
        &flate(&fixture("vn-vat-invoice.xml")),
        "/Filter /FlateDecode",
        Length::Direct,
    );
    assert_eq!(
        pdf_invoice_ids(&make_pdf(&[vn])).0,
        vec!["vn:0319990001:1C25TAA:123".to_owned()]
    );
}

#[test]
fn a_pdf_without_an_e_invoice_is_refused_in_one_line() {
    let plain =
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    one_error("einvoice-pdf", plain, "no embedded e-invoice");
    let other = make_pdf(&[attachment("logo.txt", b"hello", "", Length::Direct)]);
    one_error("einvoice-pdf", &other, "logo.txt (object 3)");
    one_error("einvoice-pdf", b"not a pdf at all", "not a PDF");
    let lzw = make_pdf(&[attachment(
        "a.xml",
        b"xx",
        "/Filter /LZWDecode",
        Length::Direct,
    )]);
    one_error("einvoice-pdf", &lzw, "/LZWDecode filter is not supported");
    let enc = [&plain[..plain.len() - 6], b"/Encrypt 9 0 R\n%%EOF\n"].concat();
    one_error("einvoice-pdf", &enc, "encrypted");
}

#[test]
fn a_deflate_bomb_in_a_pdf_is_refused() {
    let bomb = flate(&vec![b' '; 20 << 20]);
    let pdf = make_pdf(&[attachment(
        "a.xml",
        &bomb,
        "/Filter /FlateDecode",
        Length::Direct,
    )]);
    one_error("einvoice-pdf", &pdf, "inflates past 16 MiB");
}

#[test]
fn sniffing_is_by_content() {
    let id = |b: &[u8]| match detect(Some("scan.txt"), b) {
        Detection::Format(f) => f.id().to_owned(),
        Detection::NotYet(s) => format!("not yet: {s}"),
        Detection::Unknown => "unknown".into(),
    };
    assert_eq!(
        id(b"<?xml version=\"1.0\"?><HDon><DLHDon/></HDon>"),
        "vn-einvoice"
    );
    assert_eq!(id(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "einvoice-pdf");
    // A Cross Industry Invoice of another country (Factur-X, ZUGFeRD) is not taken for ETDA.
    let cii = b"<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\">";
    assert!(id(cii).starts_with("not yet"), "{}", id(cii));
    // The XML of an Android backup is not an e-invoice.
    assert_eq!(
        id(b"<?xml version='1.0'?><calls count=\"0\"></calls>"),
        "android-calls"
    );
}
