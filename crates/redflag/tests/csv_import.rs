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
