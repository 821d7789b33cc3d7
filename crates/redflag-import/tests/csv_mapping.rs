//! Any CSV through a column mapping (format `csv`): one mapping per record kind gives the
//! interchange line it should; a missing column, a missing field and a bad cell are each one
//! message naming what is wrong; ids are stable across imports.

mod common;

use common::{Collect, run};
use redflag_domain::{Currency, Party, Role, jiff::tz::TimeZone};
use redflag_import::{Context, Mapping, by_id};

fn context(mapping: &str) -> Context {
    let lan = Party {
        id: "c-lan".into(),
        name: "Công ty Lan".into(),
        role: Role::Client,
        lang: None,
        timezone: None,
        emails: vec![],
        phones: vec![],
        since: None,
        tags: vec![],
    };
    let mut ctx = Context::new().with_parties([&lan]);
    ctx.timezone = TimeZone::get("Asia/Bangkok").unwrap();
    ctx.currency = Some(Currency::THB);
    ctx.mapping = Some(Mapping::parse(mapping).unwrap().with_source("m.toml"));
    ctx
}

fn import(mapping: &str, csv: &str) -> Collect {
    run(by_id("csv").unwrap(), csv.as_bytes(), &mut context(mapping))
}

fn lines(sink: &Collect) -> Vec<String> {
    sink.records
        .iter()
        .map(|(_, r)| {
            let mut out = Vec::new();
            redflag_interchange::write_record(&mut out, r).unwrap();
            String::from_utf8(out).unwrap().trim_end().to_owned()
        })
        .collect()
}

/// (kind, mapping body after `kind = ...`, CSV, what the last record's line must contain)
const KINDS: &[(&str, &str, &str, &str)] = &[
    (
        "message",
        "[columns]\nparty = \"Khách\"\nat = \"Ngày\"\ndirection = \"Hướng\"\ntext = \"Nội dung\"\n[fixed]\nchannel = \"Chat\"",
        "Khách,Ngày,Hướng,Nội dung\nCông ty Lan,03/03/2025 21:05,Gọi đến,Giảm giá chút đi em\n",
        r#""party":"c-lan","at":"2025-03-03T21:05:00+07:00","direction":"in","channel":"chat","text":"Giảm giá chút đi em""#,
    ),
    (
        "call",
        "[columns]\nparty = \"Client\"\nat = \"When\"\ndirection = \"Type\"\nduration-s = \"Length\"",
        "Client,When,Type,Length\nc-lan,2025-03-03T21:05:00+07:00,missed,30\n",
        r#""at":"2025-03-03T21:05:00+07:00","direction":"in","duration_s":0"#,
    ),
    (
        "meeting",
        "[columns]\nparty = \"Client\"\nat = \"Start\"\nduration-min = \"Length\"\nstatus = \"Status\"\nby = \"By\"",
        "Client,Start,Length,Status,By\nc-lan,2025-03-05 10:00,1:30,No Show,Party\n",
        r#""duration_min":90,"status":"no-show","by":"party""#,
    ),
    (
        "deal",
        "[columns]\nparty = \"Client\"\nat = \"Date\"\nstage = \"Stage\"\nvalue = \"Value\"",
        "Client,Date,Stage,Value\nc-lan,2025-03-01,Proposal Sent,\"฿45,000.00\"\n",
        r#""at":"2025-03-01","stage":"proposal-sent","value":"45000.00","currency":"THB""#,
    ),
    (
        "invoice",
        "date-format = \"%d.%m.%Y\"\n[columns]\nid = \"No\"\nparty = \"Client\"\nat = \"Issued\"\ndue = \"Due\"\namount = \"Total\"\ncurrency = \"Cur\"",
        "No,Client,Issued,Due,Total,Cur\nHD-7,c-lan,01.03.2025,15.03.2025,12.500.000,VND\n",
        r#""id":"HD-7","party":"c-lan","at":"2025-03-01","due":"2025-03-15","amount":"12500000","currency":"VND""#,
    ),
    (
        "payment",
        "decimal = \",\"\n[columns]\nparty = \"Khách hàng\"\ninvoice = \"Hóa đơn\"\nat = \"Ngày\"\namount = \"Số tiền\"\n[fixed]\ncurrency = \"THB\"",
        "Khách hàng;Hóa đơn;Ngày;Số tiền\nCÔNG TY LAN;HD-7;20/03/2025;1.070,50\n",
        r#""party":"c-lan","at":"2025-03-20","invoice":"HD-7","amount":"1070.50","currency":"THB""#,
    ),
    (
        "time",
        "[columns]\nparty = \"Client\"\nat = \"Date\"\nminutes = \"Hours\"\nbillable = \"Billable\"\n[fixed]\nactivity = \"delivery\"",
        "Client,Date,Hours,Billable\nc-lan,2025-03-03,2:15,có\n",
        r#""at":"2025-03-03","minutes":135,"billable":true,"activity":"delivery""#,
    ),
    (
        "expense",
        "[columns]\nparty = \"Client\"\nat = \"Date\"\namount = \"Amount\"\ncategory = \"Category\"\n[fixed]\npurpose = \"acquisition\"",
        "Client,Date,Amount,Category\nc-lan,2025-03-03,850 บาท,Meal\n",
        r#""amount":"850","currency":"THB","category":"meal","purpose":"acquisition""#,
    ),
    (
        "rate",
        "[columns]\nparty = \"Client\"\nat = \"Date\"\nhourly = \"Rate\"\nstatus = \"Status\"",
        "Client,Date,Rate,Status\nc-lan,2025-03-03,1500,Refused\n",
        r#""hourly":"1500","currency":"THB","status":"refused""#,
    ),
    (
        "order",
        "[columns]\nparty = \"Client\"\nat = \"Date\"\namount = \"Paid\"\ndiscount = \"Discount\"\nproduct = \"Item\"",
        "Client,Date,Paid,Discount,Item\nc-lan,2025-03-03,900.00,100.00,Logo pack\n",
        r#""amount":"900.00","currency":"THB","discount":"100.00","product":"Logo pack""#,
    ),
    (
        "usage",
        "[columns]\nparty = \"Client\"\nat = \"Month\"\nproduct = \"Product\"\nactive = \"Active\"",
        "Client,Month,Product,Active\nc-lan,2025-03-01,App,no\n",
        r#""product":"App","active":false"#,
    ),
    (
        "subscription",
        "[columns]\nparty = \"Client\"\nat = \"Start\"\nend = \"End\"\nproduct = \"Plan\"\namount = \"Price\"\nperiod = \"Period\"",
        "Client,Start,End,Plan,Price,Period\nc-lan,2025-01-01,2025-12-31,Pro,\"$49.00\",Month\n",
        r#""end":"2025-12-31","product":"Pro","amount":"49.00","currency":"USD","period":"month""#,
    ),
    (
        "incident",
        "[columns]\nparty = \"Client\"\nat = \"When\"\nreporter = \"Who\"\ncategory = \"What\"\nnote = \"Note\"\nwarning-given = \"Warned\"",
        "Client,When,Who,What,Note,Warned\nc-lan,2025-03-03 22:00,Minh,Harassment,Shouted on the phone,yes\n",
        r#""reporter":"Minh","category":"harassment","note":"Shouted on the phone","warning_given":true"#,
    ),
    (
        "decision",
        "[columns]\nparty = \"Client\"\nat = \"Date\"\ndecision = \"Verdict\"\nnext-review = \"Next\"",
        "Client,Date,Verdict,Next\nc-lan,2025-03-31,Let go,2025-06-30\n",
        r#""decision":"let-go","next_review":"2025-06-30""#,
    ),
    (
        "party",
        "[columns]\nname = \"Tên\"\nphones = \"Điện thoại\"\nemails = \"Email\"\n[fixed]\nrole = \"client\"\nlang = \"vi\"",
        "Tên,Điện thoại,Email\nAnh Tuấn,\"+84 90 111 2222; 0912 333 444\",tuan@example.vn\n",
        r#""id":"client:anh tuấn","name":"Anh Tuấn","role":"client","lang":"vi","emails":["tuan@example.vn"],"phones":["+84 90 111 2222","0912 333 444"]"#,
    ),
];

#[test]
fn every_kind_can_be_mapped() {
    for (kind, body, csv, want) in KINDS {
        let mapping = format!("kind = \"{kind}\"\n{body}\n");
        let sink = import(&mapping, csv);
        assert!(sink.bad.is_empty(), "{kind}: {:?}", sink.bad);
        let lines = lines(&sink);
        let last = lines.last().unwrap_or_else(|| panic!("{kind}: no record"));
        assert!(
            last.starts_with(&format!("{{\"kind\":\"{kind}\"")),
            "{kind}: {last}"
        );
        assert!(last.contains(want), "{kind}:\n{last}\nlacks\n{want}");
    }
}

#[test]
fn every_event_kind_of_the_spec_is_offered() {
    for kind in redflag_domain::EventKind::NAMES {
        assert!(Mapping::new(kind).is_ok(), "{kind}");
        assert!(KINDS.iter().any(|(k, ..)| k == kind), "{kind} has no test");
    }
}

#[test]
fn a_new_client_is_made_for_an_unknown_name_and_ids_are_stable() {
    let mapping = "kind = \"payment\"\n[columns]\nparty = \"Client\"\ninvoice = \"Inv\"\nat = \"Date\"\namount = \"Amount\"\n";
    let csv = "Client,Inv,Date,Amount\nSiam Trading,I-1,2025-03-01,100\nSiam Trading,I-1,2025-03-01,100\n";
    let a = lines(&import(mapping, csv));
    assert!(a[0].contains("\"id\":\"client:siam trading\""), "{a:?}");
    assert_eq!(a.len(), 3, "{a:?}");
    let id = |l: &str| {
        l.split("\"id\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(id(&a[1]).starts_with("csv:"));
    assert_eq!(
        id(&a[2]),
        format!("{}#2", id(&a[1])),
        "identical rows are told apart"
    );
    assert_eq!(
        a,
        lines(&import(mapping, csv)),
        "the same file gives the same ids"
    );
}

#[test]
fn a_column_the_file_lacks_is_named_with_the_files_columns() {
    let mapping = "kind = \"payment\"\n[columns]\nparty = \"Client\"\ninvoice = \"Invoice no.\"\nat = \"Date\"\namount = \"Amount\"\n";
    let sink = import(
        mapping,
        "Report\nClient,Inv,Date,Amount\nc-lan,I-1,2025-03-01,100\n",
    );
    assert!(sink.records.is_empty());
    assert_eq!(
        sink.bad,
        [
            "line 2: mapping m.toml: field `invoice` names the column \"Invoice no.\", which the file lacks; its columns are: Client, Inv, Date, Amount"
        ]
    );
}

#[test]
fn missing_fields_are_reported_before_any_row_is_read() {
    let sink = import(
        "kind = \"time\"\n[columns]\nparty = \"Client\"\nat = \"Date\"\n",
        "Client,Date\nc-lan,2025-03-01\nc-lan,nonsense\n",
    );
    assert!(sink.records.is_empty());
    assert_eq!(sink.bad.len(), 1, "{:?}", sink.bad);
    assert!(
        sink.bad[0].starts_with(
            "line 1: mapping m.toml: a time row needs the fields minutes, billable, activity;"
        ),
        "{}",
        sink.bad[0]
    );
}

#[test]
fn a_bad_cell_names_its_line_and_column() {
    let mapping = "kind = \"invoice\"\n[columns]\nparty = \"Client\"\nat = \"Issued\"\ndue = \"Due\"\namount = \"Total\"\nstatus = \"State\"\n";
    let csv = "Client,Issued,Due,Total,State\nc-lan,2025-03-01,2025-03-15,12 apples,open\nc-lan,2025-03-01,soon,100,open\nc-lan,2025-03-01,2025-03-15,100,Paid\n";
    let sink = import(mapping, csv);
    assert!(sink.records.is_empty(), "{:?}", lines(&sink));
    assert_eq!(sink.bad.len(), 3, "{:?}", sink.bad);
    assert_eq!(
        sink.bad[0],
        "line 2: column \"Total\": \"12 apples\" is not an amount"
    );
    assert_eq!(
        sink.bad[1],
        "line 3: column \"Due\": \"soon\" is not a date"
    );
    assert!(
        sink.bad[2].starts_with("line 4: column \"State\": field `status`"),
        "{}",
        sink.bad[2]
    );
}

#[test]
fn party_option_files_every_row_under_that_party() {
    let mut ctx = context(
        "kind = \"usage\"\n[columns]\nat = \"Month\"\nproduct = \"Product\"\nactive = \"Active\"\n",
    );
    ctx.party = Some("c-lan".into());
    let sink = run(
        by_id("csv").unwrap(),
        b"Month,Product,Active\n2025-03-01,App,yes\n",
        &mut ctx,
    );
    assert!(
        lines(&sink)[0].contains("\"party\":\"c-lan\""),
        "{:?}",
        lines(&sink)
    );
}

#[test]
fn without_a_mapping_the_format_says_how_to_give_one() {
    let mut ctx = Context::new();
    let sink = run(by_id("csv").unwrap(), b"a,b\n1,2\n", &mut ctx);
    assert!(
        sink.bad[0].contains("--mapping FILE.toml"),
        "{:?}",
        sink.bad
    );
}

#[test]
fn the_project_fixture_reads_with_its_mapping() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/csv");
    let mapping = std::fs::read_to_string(dir.join("generic-payments.toml")).unwrap();
    let csv = std::fs::read_to_string(dir.join("generic-payments.csv")).unwrap();
    let sink = import(&mapping, &csv);
    assert!(sink.bad.is_empty(), "{:?}", sink.bad);
    let l = lines(&sink);
    assert_eq!(l.len(), 3, "{l:?}");
    assert!(l[1].contains("\"id\":\"PT-001\",\"party\":\"client:công ty phương đông\",\"at\":\"2025-03-20\",\"invoice\":\"INV-0002\",\"amount\":\"10000000\",\"currency\":\"VND\""), "{}", l[1]);
    assert!(
        l[2].contains("\"party\":\"client:công ty phương đông\""),
        "the same client whatever the case: {}",
        l[2]
    );
}
