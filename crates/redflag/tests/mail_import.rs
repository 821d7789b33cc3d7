//! Importing mail from the command line (issue 4): mbox, .eml and Maildir, filed under the
//! party that owns the address, strangers as prospects or skipped, idempotent re-imports, and
//! a bad file leaving the store as it was. Every store test runs on SQLite and PostgreSQL.

mod common;

use std::path::PathBuf;

use common::{Db, export, import_fixture, line_with, run, write};

fn fixture(name: &str) -> String {
    import_fixture(&format!("mail/{name}"))
}

/// Lan is a client whose address is known; the stranger is not.
fn with_lan(db: &Db, dir: &tempfile::TempDir) {
    let f = write(
        dir,
        "parties.jsonl",
        br#"{"kind":"party","id":"c-lan","name":"Lan Design Co","role":"client","emails":["Lan@Client.example"]}
"#,
    );
    let out = run(db, &["import", &f]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

const ME: [&str; 2] = ["--me", "me@studio.example"];

backend_tests! {
    fn an_mbox_files_each_mail_under_the_party_that_owns_the_address(db) {
        let dir = tempfile::tempdir().unwrap();
        with_lan(&db, &dir);
        let mbox = fixture("takeout.mboxrd");
        let out = run(&db, &["import", &mbox, ME[0], ME[1]]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // Lan's mail in, ours out, the stranger's as a new prospect; the copy of Lan's first
        // mail (the same Message-ID under two labels) is counted, not stored twice.
        assert!(out.stdout.contains("4 added, 0 updated, 0 unchanged, 0 skipped; 1 new party, 0 mails from unknown senders skipped, 1 copy skipped"), "{}", out.stdout);
        let all = export(&db);
        let m1 = line_with(&all, "\"id\":\"m1@client.example\"");
        assert!(m1.contains("\"party\":\"c-lan\"") && m1.contains("\"direction\":\"in\""), "{m1}");
        assert!(m1.contains("\"at\":\"2025-03-03T21:14:00+07:00\""), "{m1}");
        let m2 = line_with(&all, "\"id\":\"m2@studio.example\"");
        assert!(m2.contains("\"party\":\"c-lan\"") && m2.contains("\"direction\":\"out\""), "{m2}");
        let stranger = line_with(&all, "\"id\":\"email:stranger@new.example\"");
        assert!(stranger.contains("\"role\":\"prospect\"") && stranger.contains("\"name\":\"Stranger\""), "{stranger}");
        assert_eq!(all.matches("\"kind\":\"message\"").count(), 3);
    }

    fn known_only_skips_and_counts_mail_from_unknown_senders(db) {
        let dir = tempfile::tempdir().unwrap();
        with_lan(&db, &dir);
        let out = run(&db, &["import", &fixture("takeout.mboxrd"), ME[0], ME[1], "--known-only"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("2 added, 0 updated, 0 unchanged, 0 skipped; 0 new parties, 1 mail from unknown senders skipped, 1 copy skipped"), "{}", out.stdout);
        assert!(!export(&db).contains("stranger"));
    }

    fn importing_the_same_mail_again_changes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        with_lan(&db, &dir);
        let mbox = fixture("takeout.mboxrd");
        assert_eq!(run(&db, &["import", &mbox, ME[0], ME[1]]).code, 0);
        let before = export(&db);
        let again = run(&db, &["import", &mbox, ME[0], ME[1]]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert!(again.stdout.contains("0 added, 0 updated, 3 unchanged, 0 skipped; 0 new parties"), "{}", again.stdout);
        assert_eq!(export(&db), before);
    }

    fn a_malformed_mbox_leaves_the_store_unchanged_unless_bad_mail_is_skipped(db) {
        let dir = tempfile::tempdir().unwrap();
        with_lan(&db, &dir);
        let before = export(&db);
        let good = b"From lan@client.example Mon Mar  3 14:14:00 2025\nFrom: Lan <lan@client.example>\nDate: Mon, 3 Mar 2025 21:14:00 +0700\nMessage-ID: <ok@client.example>\n\nfine\n\n";
        let undated = b"From - \nFrom: Lan <lan@client.example>\nMessage-ID: <undated@client.example>\n\nwhen?\n";
        let f = write(&dir, "bad.mbox", [&good[..], &undated[..]].concat());
        let out = run(&db, &["import", &f, ME[0], ME[1]]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains(&format!("bad.mbox: message 2 (byte {}): no usable Date", good.len())), "{}", out.stderr);
        assert_eq!(export(&db), before);
        let out = run(&db, &["import", &f, ME[0], ME[1], "--skip-bad"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("1 added, 0 updated, 0 unchanged, 1 skipped"), "{}", out.stdout);
        assert!(out.stderr.contains("message 2 (byte"), "{}", out.stderr);
    }

    fn a_maildir_is_one_import_and_its_copies_are_counted(db) {
        let dir = tempfile::tempdir().unwrap();
        let src = PathBuf::from(fixture("maildir"));
        let root = dir.path().join("Mail");
        for rel in [
            "cur/1741140000.M1P1.host:2,S",
            ".Sent/cur/1741143600.M2P1.host:2,S",
            ".Archive/new/1741140000.M3P1.host",
            "tmp/1741140001.M9P9.host",
        ] {
            let to = root.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(src.join(rel), to).unwrap();
        }
        let root = root.to_string_lossy().into_owned();
        let out = run(&db, &["import", &root, ME[0], ME[1]]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // Lan as a prospect, her mail and our answer; the archived copy skipped; tmp/ unread.
        assert!(out.stdout.contains("3 added, 0 updated, 0 unchanged, 0 skipped; 1 new party, 0 mails from unknown senders skipped, 1 copy skipped"), "{}", out.stdout);
        let all = export(&db);
        assert!(line_with(&all, "md2@studio.example").contains("\"direction\":\"out\""));
    }

    fn eml_files_dry_run_and_forced_format(db) {
        let dir = tempfile::tempdir().unwrap();
        let out = run(&db, &["import", &fixture("vi-windows-1258.eml"), &fixture("reply-th.eml"), ME[0], ME[1], "--dry-run"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("(dry run: nothing stored)"), "{}", out.stdout);
        assert!(!export(&db).contains("message"));
        // Content decides, not the name; --format forces.
        let raw = std::fs::read(fixture("reply-vi.eml")).unwrap();
        let f = write(&dir, "saved-mail.txt", &raw);
        let out = run(&db, &["import", &f, ME[0], ME[1]]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let out = run(&db, &["import", &f, ME[0], ME[1], "--format", "eml"]);
        assert!(out.stdout.contains("0 added, 0 updated, 1 unchanged"), "{}", out.stdout);
        let all = export(&db);
        let m = line_with(&all, "reply-vi@congty.vn");
        // Only the sender's own words; the quoted offer stays out.
        assert!(m.contains("\"text\":\"Được, nhưng em bớt thêm chút nhé.\""), "{m}");
        assert!(m.contains("\"author\":\"Nguyễn Văn An\""), "{m}");
    }
}

#[test]
fn the_maildir_walk_finds_every_message_file_of_nested_folders() {
    // mail-parser's Maildir++ tree: six placeholder files (not mail) in four folders.
    let db = Db::sqlite();
    let tree = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/email/mail-parser/maildir");
    let tree = tree.to_string_lossy().into_owned();
    let out = run(&db, &["import", &tree, "--skip-bad"]);
    assert_eq!(
        out.stderr.matches("skipped: not a mail message").count(),
        6,
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("Nested Folder/cur/"), "{}", out.stderr);
    let out = run(&db, &["import", &tree]);
    assert_eq!(out.code, 1);
}

#[test]
fn a_folder_that_is_not_a_maildir_is_refused() {
    let db = Db::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let out = run(&db, &["import", &dir.path().to_string_lossy()]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("not a Maildir"), "{}", out.stderr);
}
