//! The command line as a user and a script see it: exit codes, one-line errors that name the
//! file and line, transactional imports, idempotent re-imports, export round trips, forget,
//! backup and restore. Every test runs on SQLite and on PostgreSQL.

mod common;

use common::{Db, export, run, write};

const WS: &str = r#"{"kind":"workspace","id":"ws","timezone":"Asia/Ho_Chi_Minh","currency":"VND","business_hours":"Mon-Fri 08:00-18:00","standard_rate":"500000"}"#;

fn good_file() -> String {
    [
        WS,
        r#"{"kind":"party","id":"c1","name":"Công ty Ánh Dương","role":"client","lang":"vi"}"#,
        r#"{"kind":"invoice","id":"inv-1","party":"c1","at":"2025-01-05","due":"2025-02-04","amount":"12500000","currency":"VND"}"#,
        r#"{"kind":"payment","id":"pay-1","party":"c1","at":"2025-02-01T10:00:00+07:00","invoice":"inv-1","amount":"12500000","currency":"VND"}"#,
        r#"{"kind":"message","id":"m1","party":"c1","at":"2025-02-03T09:00:00+07:00","direction":"in","channel":"email","text":"Cảm ơn em, bên anh đã nhận file."}"#,
        r#"{"kind":"time","id":"t1","party":"c1","at":"2025-02-03","minutes":120,"billable":true,"activity":"delivery"}"#,
    ]
    .join("\n")
        + "\n"
}

backend_tests! {
    fn a_policy_file_overrides_the_defaults_end_to_end(db) {
        let story = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/acceptance/003-yolanda-new-rate/records.jsonl");
        assert_eq!(run(&db, &["import", story]).code, 0);
        let review = |extra: &[&str]| {
            let mut args = extra.to_vec();
            args.extend(["review", "--format", "json", "--as-of", "2025-06-30", "--party", "c-aloeface"]);
            let out = run(&db, &args);
            assert_eq!(out.code, 0, "{}", out.stderr);
            serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()["parties"][0].clone()
        };
        let before = review(&[]);
        assert_eq!(before["recommendation"], "watch");
        assert_eq!(before["flags"][0]["id"], "rate-stagnation");
        let dir = tempfile::tempdir().unwrap();
        let policy = write(&dir, "policy.toml", b"[rate-stagnation]\nenabled = false\n\n[workspace]\nlanguage = \"vi\"\n");
        let after = review(&["--policy", &policy]);
        assert_eq!(after["recommendation"], "keep", "{after}");
        assert_eq!(after["flags"], serde_json::json!([]));
        let bad = write(&dir, "bad.toml", b"[rate-stagnation]\nenabeld = false\n");
        let out = run(&db, &["--policy", &bad, "review"]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains("bad.toml") && out.stderr.contains("enabeld"), "{}", out.stderr);
    }

    fn explanations_follow_the_chosen_language(db) {
        let story = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/acceptance/003-yolanda-new-rate/records.jsonl");
        assert_eq!(run(&db, &["import", story]).code, 0);
        let mut seen = Vec::new();
        for lang in ["en", "vi", "th"] {
            let out = run(&db, &["review", "--format", "json", "--as-of", "2025-06-30", "--party", "c-aloeface", "--lang", lang]);
            assert_eq!(out.code, 0, "{}", out.stderr);
            let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
            let text = doc["parties"][0]["flags"][0]["explanation"].as_str().unwrap().to_owned();
            assert!(!text.is_empty());
            seen.push(text);
        }
        assert!(seen[1].chars().any(|c| "ảạấầậđơưếềệóòọ".contains(c)), "Vietnamese: {}", seen[1]);
        assert!(seen[2].chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)), "Thai: {}", seen[2]);
    }
}

backend_tests! {
    fn importing_a_good_file_reports_what_was_added(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        let out = run(&db, &["import", &f]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("6 added, 0 updated, 0 unchanged, 0 skipped"), "{}", out.stdout);
    }

    fn re_importing_updates_by_id_and_never_duplicates(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        assert_eq!(run(&db, &["import", &f]).code, 0);
        let again = run(&db, &["import", &f]);
        assert!(again.stdout.contains("0 added, 0 updated, 6 unchanged"), "{}", again.stdout);
        let changed = good_file().replace("\"minutes\":120", "\"minutes\":90");
        let g = write(&dir, "changed.jsonl", changed.as_bytes());
        let out = run(&db, &["import", &g]);
        assert!(out.stdout.contains("0 added, 1 updated, 5 unchanged"), "{}", out.stdout);
        assert_eq!(export(&db).matches("\"kind\":\"time\"").count(), 1);
        assert!(export(&db).contains("\"minutes\":90"));
    }

    fn an_export_imported_again_changes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        assert_eq!(run(&db, &["import", &f]).code, 0);
        let first = export(&db);
        let e = write(&dir, "export.jsonl", first.as_bytes());
        let out = run(&db, &["import", &e]);
        assert!(out.stdout.contains("0 added, 0 updated, 6 unchanged"), "{}", out.stdout);
        assert_eq!(export(&db), first);
    }

    fn bad_input_names_file_and_line_and_leaves_the_store_unchanged(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        assert_eq!(run(&db, &["import", &f]).code, 0);
        let before = export(&db);
        let party2 = r#"{"kind":"party","id":"c2","name":"New","role":"prospect"}"#;
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("unknown-kind.jsonl", format!("{party2}\n{{\"kind\":\"fax\",\"id\":\"x\",\"party\":\"c2\",\"at\":\"2025-01-01\"}}\n").into_bytes(), ":2: unknown kind \"fax\""),
            ("missing-field.jsonl", format!("{party2}\n{{\"kind\":\"call\",\"id\":\"k\",\"party\":\"c2\",\"at\":\"2025-01-01\",\"direction\":\"in\"}}\n").into_bytes(), ":2: missing field `duration_s`"),
            ("bad-time.jsonl", format!("{party2}\n{{\"kind\":\"call\",\"id\":\"k\",\"party\":\"c2\",\"at\":\"01/02/2025\",\"direction\":\"in\",\"duration_s\":3}}\n").into_bytes(), ":2: field `at`"),
            ("dangling.jsonl", format!("{party2}\n{{\"kind\":\"call\",\"id\":\"k\",\"party\":\"nobody\",\"at\":\"2025-01-01\",\"direction\":\"in\",\"duration_s\":3}}\n").into_bytes(), ":2: call \"k\" refers to party \"nobody\""),
            ("dangling-invoice.jsonl", format!("{party2}\n{{\"kind\":\"payment\",\"id\":\"p\",\"party\":\"c2\",\"at\":\"2025-01-01\",\"invoice\":\"inv-404\",\"amount\":\"5\",\"currency\":\"VND\"}}\n").into_bytes(), ":2: payment \"p\" refers to invoice \"inv-404\""),
            ("bad-utf8.jsonl", [party2.as_bytes(), b"\n{\"kind\":\"party\",\"id\":\"c3\",\"name\":\"\xc3\x28\",\"role\":\"client\"}\n"].concat(), ":2: invalid UTF-8"),
            ("empty.jsonl", Vec::new(), "empty"),
            ("duplicate.jsonl", format!("{party2}\n{party2}\n").into_bytes(), ":2: party \"c2\" appears twice"),
        ];
        for (name, content, needle) in cases {
            let path = write(&dir, name, &content);
            let out = run(&db, &["import", &path]);
            assert_eq!(out.code, 1, "{name}: {}", out.stderr);
            assert!(out.stderr.contains(&path), "{name}: the error names the file: {}", out.stderr);
            assert!(out.stderr.contains(needle), "{name}: {:?} should contain {needle:?}", out.stderr);
            assert_eq!(out.stderr.trim_end().lines().count(), 1, "{name}: one line: {}", out.stderr);
            assert_eq!(export(&db), before, "{name}: the store must be unchanged");
        }
    }

    fn skip_bad_reports_every_skipped_line_and_keeps_the_rest(db) {
        let dir = tempfile::tempdir().unwrap();
        let content = [
            r#"{"kind":"party","id":"c2","name":"New","role":"prospect"}"#,
            r#"{"kind":"fax","id":"x","party":"c2","at":"2025-01-01"}"#,
            r#"{"kind":"call","id":"k1","party":"c2","at":"2025-01-01T10:00:00+07:00","direction":"in","duration_s":30}"#,
            r#"{"kind":"call","id":"k2","party":"ghost","at":"2025-01-01","direction":"in","duration_s":30}"#,
        ]
        .join("\n");
        let f = write(&dir, "mixed.jsonl", content.as_bytes());
        let out = run(&db, &["import", "--skip-bad", &f]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("2 added, 0 updated, 0 unchanged, 2 skipped"), "{}", out.stdout);
        assert!(out.stderr.contains(":2: skipped: unknown kind"), "{}", out.stderr);
        assert!(out.stderr.contains(":4: skipped: call \"k2\" refers to party \"ghost\""), "{}", out.stderr);
    }

    fn a_dry_run_stores_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        let out = run(&db, &["import", "--dry-run", &f]);
        assert!(out.stdout.contains("6 added") && out.stdout.contains("dry run"), "{}", out.stdout);
        assert_eq!(export(&db), "");
    }

    fn events_may_come_before_their_party(db) {
        let dir = tempfile::tempdir().unwrap();
        let content = [
            r#"{"kind":"payment","id":"p1","party":"c9","at":"2025-01-10","invoice":"i1","amount":"100","currency":"THB"}"#,
            r#"{"kind":"invoice","id":"i1","party":"c9","at":"2025-01-01","due":"2025-01-31","amount":"100","currency":"THB"}"#,
            r#"{"kind":"party","id":"c9","name":"บริษัท ทดสอบ","role":"client","lang":"th"}"#,
        ]
        .join("\n");
        let f = write(&dir, "backwards.jsonl", content.as_bytes());
        let out = run(&db, &["import", &f]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("3 added"), "{}", out.stdout);
    }

    fn forget_removes_a_party_and_everything_about_it(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        assert_eq!(run(&db, &["import", &f]).code, 0);
        let refused = run(&db, &["forget", "c1"]);
        assert_eq!(refused.code, 1);
        assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
        assert!(export(&db).contains("Ánh Dương"), "nothing removed without --yes");
        let out = run(&db, &["forget", "c1", "--yes"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("4 events removed"), "{}", out.stdout);
        let left = export(&db);
        assert!(!left.contains("c1") && !left.contains("Ánh Dương"), "{left}");
        let missing = run(&db, &["forget", "c1", "--yes"]);
        assert_eq!(missing.code, 1);
        assert!(missing.stderr.contains("not found"), "{}", missing.stderr);
    }

    fn backup_then_restore_gives_back_the_same_records(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        assert_eq!(run(&db, &["import", &f]).code, 0);
        let before = export(&db);
        let backup = dir.path().join("backup.jsonl");
        let backup = backup.to_string_lossy();
        let out = run(&db, &["backup", &backup]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(run(&db, &["forget", "c1", "--yes"]).code, 0);
        assert_ne!(export(&db), before);
        let out = run(&db, &["restore", &backup, "--yes"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(export(&db), before);
    }

    fn a_bad_backup_leaves_the_store_as_it_was(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        assert_eq!(run(&db, &["import", &f]).code, 0);
        let before = export(&db);
        let bad = write(&dir, "bad.jsonl", b"{\"kind\":\"party\",\"id\":\"z\",\"name\":\"Z\",\"role\":\"client\"}\nnot json\n");
        let out = run(&db, &["restore", &bad, "--yes"]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains("bad.jsonl:2:"), "{}", out.stderr);
        assert_eq!(export(&db), before);
    }

    fn review_json_has_the_contract_fields(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "good.jsonl", good_file().as_bytes());
        assert_eq!(run(&db, &["import", &f]).code, 0);
        let out = run(&db, &["review", "--format", "json", "--as-of", "2025-03-01"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(doc["as_of"], "2025-03-01");
        let p = &doc["parties"][0];
        assert_eq!(p["party"], "c1");
        assert_eq!(p["name"], "Công ty Ánh Dương");
        assert_eq!(p["role"], "client");
        assert_eq!(p["recommendation"], "keep");
        assert_eq!(p["score"], 0);
        assert!(p["flags"].as_array().unwrap().is_empty());
        assert_eq!(p["economics"]["currency"], "VND");
        assert_eq!(p["economics"]["revenue_share"], 1.0);
        // 12,500,000 VND over 2 hours.
        assert_eq!(p["economics"]["effective_hourly_rate"], "6250000");
    }
}

#[test]
fn every_subcommand_has_help() {
    let db = Db::sqlite();
    for cmd in [
        "import", "review", "classify", "eval", "export", "policy", "demo", "forget", "backup",
        "restore",
    ] {
        let out = run(&db, &[cmd, "--help"]);
        assert_eq!(out.code, 0, "{cmd}: {}", out.stderr);
        assert!(
            out.stdout.contains("Usage: redflag"),
            "{cmd}: {}",
            out.stdout
        );
    }
}

#[test]
fn bad_usage_exits_2() {
    let db = Db::sqlite();
    assert_eq!(run(&db, &["review", "--format", "yaml"]).code, 2);
    assert_eq!(run(&db, &["review", "--as-of", "tomorrow"]).code, 2);
    assert_eq!(run(&db, &["no-such-command"]).code, 2);
}

#[test]
fn other_source_formats_are_named_not_misread() {
    let db = Db::sqlite();
    let dir = tempfile::tempdir().unwrap();
    // Mail, chats and calendars are read since issue 4; a cut-off calendar is refused with
    // where it ends, and sources still to come say so.
    let f = write(&dir, "meetings.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    let out = run(&db, &["import", &f]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("meetings.ics:2: BEGIN:VCALENDAR"),
        "{}",
        out.stderr
    );
    // A CSV no format recognises: one line naming its columns and the way to map them.
    let f = write(&dir, "hours.csv", b"Project,Client,Duration\r\n");
    let out = run(&db, &["import", &f]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("its columns are: Project, Client, Duration; read it through a column mapping: --mapping FILE.toml"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.trim_end().lines().count(), 1, "{}", out.stderr);
    // An e-invoice missing a part names it; an XML file that is no known source says so.
    let f = write(&dir, "invoice.xml", b"<HDon><DLHDon/></HDon>");
    let out = run(&db, &["import", &f]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("invoice.xml:1: no DLHDon/TTChung"),
        "{}",
        out.stderr
    );
    let f = write(&dir, "orders.xml", b"<?xml version=\"1.0\"?><orders/>");
    let out = run(&db, &["import", &f]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("orders.xml: this looks like an XML file that is no e-invoice"),
        "{}",
        out.stderr
    );
    // Chats are read since issue 4; a zipped export is named, not misread.
    let f = write(&dir, "WhatsApp Chat - Lan.zip", b"PK\x03\x04");
    let out = run(&db, &["import", &f]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("unzip"), "{}", out.stderr);
}

#[test]
fn classify_follows_the_evaluation_contract() {
    let db = Db::sqlite();
    let input = concat!(
        r#"{"id":"a","text":"Can you do it for half? Other agencies are cheaper.","lang":"en"}"#,
        "\n",
        r#"{"id":"b","text":"Thanks, the files arrived. See you Tuesday."}"#,
        "\n"
    );
    let out = common::run_with_stdin(&db, &["classify"], input);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    let ids: Vec<&str> = lines[0]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"discount-request"), "{ids:?}");
    assert_eq!(lines[1]["signals"], serde_json::json!([]));
    let bad = common::run_with_stdin(&db, &["classify"], "{\"id\":1}\n");
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("stdin:1:"), "{}", bad.stderr);
}

#[test]
fn the_policy_prints_and_checks() {
    let db = Db::sqlite();
    let out = run(&db, &["policy"]);
    assert_eq!(out.code, 0);
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir, "policy.toml", out.stdout.as_bytes());
    let ok = run(&db, &["policy", "check", &f]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let typo = write(&dir, "typo.toml", b"[late-payment]\ngrace-dayz = 3\n");
    let bad = run(&db, &["policy", "check", &typo]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("typo.toml")
            && bad.stderr.contains("late-payment.grace-dayz")
            && bad.stderr.contains("late-payment.grace-days"),
        "names the file, the typo and the key meant: {}",
        bad.stderr
    );
}

#[test]
fn eval_scores_a_labelled_file_and_names_a_bad_line() {
    let db = Db::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        &dir,
        "labelled.jsonl",
        concat!(
            r#"{"id":"1","lang":"en","text":"Can you do it for half? Other agencies are cheaper.","labels":["discount-request"]}"#,
            "\n",
            r#"{"id":"2","lang":"en","text":"Thanks, the files arrived. See you Tuesday.","labels":[]}"#,
            "\n",
            r#"{"id":"3","lang":"en","text":"Invoice attached, due in 30 days.","labels":["threat"]}"#,
            "\n"
        )
        .as_bytes(),
    );
    let out = run(&db, &["eval", "--format", "json", &good]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let en = &report["languages"][0];
    assert_eq!(en["group"], "en");
    assert_eq!(en["messages"], 3);
    assert_eq!(en["clean_false_alarms"], 0);
    let signal = |id: &str| {
        en["signals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["signal"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(signal("discount-request")["f1"], 1.0);
    assert_eq!(
        signal("threat")["recall"],
        0.0,
        "a missed label counts against recall"
    );
    assert_eq!(
        en["macro_f1"], 0.5,
        "mean of 1.0 and 0.0 over the two signals with support"
    );
    let bad = write(
        &dir,
        "bad.jsonl",
        b"{\"id\":\"1\",\"lang\":\"en\",\"text\":\"x\"}\n{oops}\n",
    );
    let out = run(&db, &["eval", &bad]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("bad.jsonl: line 2"), "{}", out.stderr);
}
