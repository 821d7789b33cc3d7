//! The project's CSV fixtures (`fixtures/csv/README.md`) against their expected records: each
//! `NAME.csv` is recognised by its header as the right tool's export, and gives exactly the
//! interchange lines (then `# skipped:` and `# bad:` lines) in `NAME.expected.jsonl`.
//! `REDFLAG_BLESS=1` rewrites the expectations.

mod common;

use common::{Collect, run};
use redflag_domain::{Currency, Party, Role, jiff::tz::TimeZone};
use redflag_import::{Context, Detection, Skip, detect};

const CASES: [(&str, &str); 7] = [
    ("toggl-detailed", "toggl"),
    ("clockify-detailed", "clockify"),
    ("harvest-time", "harvest"),
    ("xero-invoices", "xero"),
    ("quickbooks-invoices", "quickbooks"),
    ("invoiceninja-invoices", "invoiceninja"),
    ("invoiceninja-payments", "invoiceninja-payments"),
];

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/csv")
}

/// Northwind is a stored client (matched by name whatever the case); the others are new.
fn context() -> Context {
    let northwind = Party {
        id: "c-northwind".into(),
        name: "NORTHWIND PTY".into(),
        role: Role::Client,
        lang: None,
        timezone: None,
        emails: vec![],
        phones: vec![],
        since: None,
        tags: vec![],
    };
    let mut ctx = Context::new().with_parties([&northwind]);
    ctx.timezone = TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
    ctx.currency = Some(Currency::USD);
    ctx
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

#[test]
fn every_fixture_gives_its_expected_records() {
    let bless = std::env::var_os("REDFLAG_BLESS").is_some();
    let mut failed = Vec::new();
    for (name, id) in CASES {
        let bytes = std::fs::read(dir().join(format!("{name}.csv"))).unwrap();
        // Recognised by content, whatever the file is called.
        let Detection::Format(format) = detect(Some("export.txt"), &bytes) else {
            panic!("{name}: not recognised");
        };
        assert_eq!(format.id(), id, "{name}");
        let got = render(&run(format, &bytes, &mut context()));
        let path = dir().join(format!("{name}.expected.jsonl"));
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
fn importing_twice_gives_the_same_ids() {
    for (name, id) in CASES {
        let bytes = std::fs::read(dir().join(format!("{name}.csv"))).unwrap();
        let format = redflag_import::by_id(id).unwrap();
        let a = render(&run(format, &bytes, &mut context()));
        let b = render(&run(format, &bytes, &mut context()));
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn party_option_files_every_row_under_that_party_and_known_only_skips_strangers() {
    let bytes = std::fs::read(dir().join("toggl-detailed.csv")).unwrap();
    let format = redflag_import::by_id("toggl").unwrap();
    let mut ctx = context();
    ctx.party = Some("c-northwind".into());
    let sink = run(format, &bytes, &mut ctx);
    assert!(sink.parties().is_empty());
    assert_eq!(sink.records.len(), 5);
    let mut ctx = context();
    ctx.known_only = true;
    let sink = run(format, &bytes, &mut ctx);
    assert!(sink.records.is_empty());
    assert_eq!(sink.skipped.len(), 5);
}

#[test]
fn a_file_without_the_header_is_one_bad_item() {
    let format = redflag_import::by_id("xero").unwrap();
    let sink = run(format, b"Name,Amount\nA,1\n", &mut context());
    assert!(sink.records.is_empty());
    assert_eq!(sink.bad.len(), 1, "{:?}", sink.bad);
    assert!(
        sink.bad[0].contains("no header row of a Xero invoice export"),
        "{:?}",
        sink.bad
    );
}

#[test]
fn utf16_and_windows_1258_files_are_read() {
    let text = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags\r\n\
                Minh,m@x,Công ty Việt,Web,,Gọi khách,Yes,2025-03-03,09:00:00,2025-03-03,09:10:00,00:10:00,\r\n";
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let Detection::Format(f) = detect(None, &utf16) else {
        panic!("UTF-16 not recognised")
    };
    let sink = run(f, &utf16, &mut context());
    assert_eq!(sink.parties()[0].name, "Công ty Việt");
    // windows-1258: "Vi" + ê (0xEA) + combining dot below (0xF2) + "t".
    let mut cp1258 = text.replace("Công ty Việt", "C\u{f4}ng ty Vi\u{ea}\u{323}t");
    cp1258 = cp1258.replace("Gọi", "Go\u{323}i");
    let bytes: Vec<u8> = cp1258
        .chars()
        .map(|c| match c {
            '\u{f4}' => 0xf4,
            '\u{ea}' => 0xea,
            '\u{323}' => 0xf2,
            c => c as u8,
        })
        .collect();
    let sink = run(f, &bytes, &mut context());
    assert_eq!(sink.parties()[0].name, "Công ty Việt");
    let text = render(&sink);
    assert!(text.contains("\"activity\":\"communication\""), "{text}");
}
