//! Importing time-tracking and invoice CSV exports from the command line (issue 4): a Toggl
//! report gives time for the right party, a Xero export gives invoices, re-imports change
//! nothing, and a bad file leaves the store as it was. Every test runs on SQLite and
//! PostgreSQL.

mod common;

use common::{Db, export, import_fixture, run, write};

fn fixture(name: &str) -> String {
    import_fixture(&format!("csv/{name}"))
}

/// The workspace (Vietnam) and a client whose name differs from Toggl's only in case.
fn with_client(db: &Db, dir: &tempfile::TempDir) {
    let f = write(
        dir,
        "parties.jsonl",
        r#"{"kind":"workspace","id":"ws","timezone":"Asia/Ho_Chi_Minh","currency":"VND"}
{"kind":"party","id":"c-phuongdong","name":"CÔNG TY PHƯƠNG ĐÔNG","role":"client"}
"#,
    );
    let out = run(db, &["import", &f]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

backend_tests! {
    fn a_toggl_report_imports_time_for_the_right_party(db) {
        let dir = tempfile::tempdir().unwrap();
        with_client(&db, &dir);
        let out = run(&db, &["import", &fixture("toggl-detailed.csv")]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.contains("6 added, 0 updated, 0 unchanged, 0 skipped; 1 new party"),
            "{}",
            out.stdout
        );
        assert!(!out.stderr.contains("--me"), "no mail note for a CSV: {}", out.stderr);
        let all = export(&db);
        let ours: Vec<&str> = all.lines().filter(|l| l.contains("\"party\":\"c-phuongdong\"")).collect();
        assert_eq!(ours.len(), 4, "{all}");
        assert!(ours.iter().all(|l| l.contains("\"kind\":\"time\"")));
        let extra = ours.iter().find(|l| l.contains("\"minutes\":180")).unwrap();
        assert!(extra.contains("\"extra\"") && extra.contains("\"at\":\"2025-03-04T22:15:00+07:00\""), "{extra}");
        assert!(all.contains("\"id\":\"client:siam trading\",\"name\":\"Siam Trading\",\"role\":\"client\""), "{all}");
        assert!(all.contains("\"activity\":\"pre-sale\""), "{all}");
    }

    fn a_xero_export_imports_invoices(db) {
        let dir = tempfile::tempdir().unwrap();
        with_client(&db, &dir);
        let out = run(&db, &["import", &fixture("xero-invoices.csv")]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains("skipped: draft invoice INV-0004"), "{}", out.stderr);
        let all = export(&db);
        assert_eq!(all.matches("\"kind\":\"invoice\"").count(), 3, "{all}");
        assert!(all.contains("\"id\":\"xero:INV-0002\",\"party\":\"c-phuongdong\",\"at\":\"2025-03-20\",\"due\":\"2025-04-03\",\"amount\":\"12500000\",\"currency\":\"VND\""), "{all}");
        assert!(all.contains("\"id\":\"xero:INV-0001\"") && all.contains("\"amount\":\"45000.00\",\"currency\":\"THB\""), "{all}");
        let void = all.lines().find(|l| l.contains("xero:INV-0003")).unwrap();
        assert!(void.contains("\"status\":\"void\""), "{void}");
    }

    fn importing_again_changes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        with_client(&db, &dir);
        for f in ["toggl-detailed.csv", "xero-invoices.csv", "clockify-detailed.csv", "harvest-time.csv",
                  "quickbooks-invoices.csv", "invoiceninja-invoices.csv", "invoiceninja-payments.csv"] {
            let out = run(&db, &["import", &fixture(f)]);
            assert_eq!(out.code, 0, "{f}: {}", out.stderr);
        }
        let before = export(&db);
        for f in ["toggl-detailed.csv", "xero-invoices.csv", "invoiceninja-payments.csv"] {
            let out = run(&db, &["import", &fixture(f)]);
            assert_eq!(out.code, 0, "{}", out.stderr);
            assert!(out.stdout.contains(" 0 added, 0 updated, "), "{f}: {}", out.stdout);
        }
        assert_eq!(export(&db), before);
    }

    fn a_bad_file_leaves_the_store_unchanged(db) {
        let dir = tempfile::tempdir().unwrap();
        with_client(&db, &dir);
        let before = export(&db);
        let toggl = std::fs::read_to_string(fixture("toggl-detailed.csv")).unwrap();
        // A good row, then one whose date cannot be read.
        let broken = toggl.replacen("2025-03-05,10:00:00", "yesterday,10:00:00", 1);
        let f = write(&dir, "broken.csv", &broken);
        let out = run(&db, &["import", &f]);
        assert_ne!(out.code, 0);
        assert!(out.stderr.contains("broken.csv:5"), "{}", out.stderr);
        assert_eq!(export(&db), before);
        // With --skip-bad the rest goes in and the line is reported.
        let out = run(&db, &["import", &f, "--skip-bad"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains("broken.csv:5: skipped"), "{}", out.stderr);
    }

    fn party_option_files_every_row_under_one_client(db) {
        let dir = tempfile::tempdir().unwrap();
        with_client(&db, &dir);
        let out = run(&db, &["import", &fixture("clockify-detailed.csv"), "--party", "c-phuongdong"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let all = export(&db);
        assert_eq!(all.matches("\"party\":\"c-phuongdong\"").count(), 3, "{all}");
        assert!(!all.contains("client:siam"), "{all}");
    }
}

/// Parties whose phones the call logs use, and the invoice the generic payments sheet pays.
fn with_phones_and_invoice(db: &Db, dir: &tempfile::TempDir) {
    let f = write(
        dir,
        "parties.jsonl",
        r#"{"kind":"workspace","id":"ws","timezone":"Asia/Ho_Chi_Minh","currency":"VND"}
{"kind":"party","id":"c-lan","name":"Lan","role":"client","phones":["+84 90 123 4567"]}
{"kind":"party","id":"c-phuongdong","name":"Công ty Phương Đông","role":"client"}
{"kind":"invoice","id":"INV-0002","party":"c-phuongdong","at":"2025-03-01","due":"2025-03-15","amount":"12500000","currency":"VND"}
"#,
    );
    let out = run(db, &["import", &f]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

backend_tests! {
    fn a_call_log_csv_imports_calls_and_again_changes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        with_phones_and_invoice(&db, &dir);
        let out = run(&db, &["import", &fixture("calls-vi.csv")]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("4 added, 0 updated, 0 unchanged, 0 skipped; 0 new parties, 0 calls from unknown senders skipped"), "{}", out.stdout);
        assert!(!out.stderr.contains("--me"), "{}", out.stderr);
        // The English log holds the same first calls, written differently, and a stranger.
        let out = run(&db, &["import", &fixture("calls-en.csv")]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("1 added, 0 updated, 4 unchanged, 0 skipped; 0 new parties, 1 call from unknown senders skipped"), "{}", out.stdout);
        let before = export(&db);
        assert_eq!(before.matches("\"kind\":\"call\"").count(), 5, "{before}");
        for f in ["calls-vi.csv", "calls-en.csv", "calls-vi-ascii.csv"] {
            let out = run(&db, &["import", &fixture(f)]);
            assert_eq!(out.code, 0, "{}", out.stderr);
            assert!(out.stdout.contains(" 0 added, 0 updated, "), "{f}: {}", out.stdout);
        }
        assert_eq!(export(&db), before);
    }

    fn a_mapping_saved_from_flags_reads_the_next_file(db) {
        let dir = tempfile::tempdir().unwrap();
        with_phones_and_invoice(&db, &dir);
        let saved = dir.path().join("payments.toml").to_string_lossy().into_owned();
        let csv = fixture("generic-payments.csv");
        let out = run(&db, &[
            "import", &csv, "--kind", "payment", "--map", "id=Ref", "--map", "party=Khách hàng",
            "--map", "invoice=Hóa đơn", "--map", "at=Ngày", "--map", "amount=Số tiền",
            "--set", "currency=VND", "--save-mapping", &saved,
        ]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("2 added, 0 updated, 0 unchanged, 0 skipped; 0 new parties"), "{}", out.stdout);
        let all = export(&db);
        assert!(all.contains(r#"{"kind":"payment","id":"PT-001","party":"c-phuongdong","at":"2025-03-20","invoice":"INV-0002","amount":"10000000","currency":"VND"}"#), "{all}");
        let toml = std::fs::read_to_string(&saved).unwrap();
        assert!(toml.contains("kind = \"payment\"") && toml.contains("amount = \"Số tiền\"") && toml.contains("currency = \"VND\""), "{toml}");
        // The saved mapping alone reads the same file the same way, and the project's own
        // mapping file too.
        let out = run(&db, &["import", &csv, "--mapping", &saved]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("0 added, 0 updated, 2 unchanged"), "{}", out.stdout);
        let out = run(&db, &["import", &csv, "--mapping", &fixture("generic-payments.toml")]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("0 added, 0 updated, 2 unchanged"), "{}", out.stdout);
        assert_eq!(export(&db), all);
    }

    fn mapping_errors_name_the_mapping_the_file_the_line_and_the_column(db) {
        let dir = tempfile::tempdir().unwrap();
        with_phones_and_invoice(&db, &dir);
        let before = export(&db);
        let csv = fixture("generic-payments.csv");
        // A column the file lacks.
        let m = write(&dir, "wrong.toml", "kind = \"payment\"\n[columns]\nparty = \"Khách hàng\"\ninvoice = \"Invoice no.\"\nat = \"Ngày\"\namount = \"Số tiền\"\n[fixed]\ncurrency = \"VND\"\n");
        let out = run(&db, &["import", &csv, "--mapping", &m]);
        assert_eq!(out.code, 1);
        assert_eq!(
            out.stderr.trim_end(),
            format!("redflag: {csv}:2: mapping {m}: field `invoice` names the column \"Invoice no.\", which the file lacks; its columns are: Ref, Khách hàng, Hóa đơn, Ngày, Số tiền, Ghi chú")
        );
        // A typo in a key, with the nearest key.
        let m = write(&dir, "typo.toml", "kind = \"payment\"\n[columns]\namout = \"Số tiền\"\n");
        let out = run(&db, &["import", &csv, "--mapping", &m]);
        assert_eq!(out.code, 1);
        assert_eq!(out.stderr.trim_end(), format!("redflag: {m}: unknown key `columns.amout` (did you mean `columns.amount`?)"));
        // Fields the kind needs, before anything is read.
        let out = run(&db, &["import", &csv, "--kind", "payment", "--map", "at=Ngày"]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.starts_with("redflag: mapping given with --kind/--map/--set: a payment row needs the fields party, invoice, amount;"), "{}", out.stderr);
        // A cell that cannot be read: the file, its line and the column.
        let text = std::fs::read_to_string(&csv).unwrap().replace("28/03/2025", "31/02/2025");
        let bad = write(&dir, "bad.csv", text);
        let out = run(&db, &["import", &bad, "--mapping", &fixture("generic-payments.toml")]);
        assert_eq!(out.code, 1);
        assert_eq!(out.stderr.trim_end(), format!("redflag: {bad}:4: column \"Ngày\": \"31/02/2025\" is not a date or time"));
        assert_eq!(export(&db), before, "nothing of a refused file is stored");
        // --format csv needs a mapping; a mapping cannot read another format.
        let out = run(&db, &["import", &csv, "--format", "csv"]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains("--mapping FILE.toml"), "{}", out.stderr);
        let out = run(&db, &["import", &csv, "--format", "xero", "--mapping", &fixture("generic-payments.toml")]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains("--format xero: a mapping reads a CSV by its own columns"), "{}", out.stderr);
    }
}
