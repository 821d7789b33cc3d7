//! Importing calendars and phone logs from the command line (issue 4): an .ics gives meetings
//! for the right party with their status and who caused it, an Android call log gives calls
//! matched by phone number in any national or international form, re-imports change nothing,
//! and a bad file leaves the store as it was. Every store test runs on SQLite and PostgreSQL.

mod common;

use common::{Db, export, import_fixture, line_with, run, write};

fn fixture(rel: &str) -> String {
    import_fixture(rel)
}

/// Lan (Vietnam) and Somchai (Thailand) are clients with a known address and phone.
fn with_clients(db: &Db, dir: &tempfile::TempDir) {
    let f = write(
        dir,
        "parties.jsonl",
        r#"{"kind":"party","id":"c-lan","name":"Công ty Phương Đông","role":"client","emails":["lan@phuongdong.example.vn"],"phones":["+84 90 123 4567"]}
{"kind":"party","id":"c-somchai","name":"Siam Trading","role":"client","emails":["somchai@siam-trading.example.co.th"],"phones":["081-234-5678"]}
"#
        .as_bytes(),
    );
    let out = run(db, &["import", &f]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

const ME: [&str; 2] = ["--me", "me@studio.example"];

backend_tests! {
    fn an_ics_imports_meetings_for_the_right_party_with_status_and_by(db) {
        let dir = tempfile::tempdir().unwrap();
        with_clients(&db, &dir);
        let ics = fixture("calendar/google-export.ics");
        let out = run(&db, &["import", &ics, ME[0], ME[1], "--timezone", "Asia/Bangkok"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.contains("7 added, 0 updated, 0 unchanged, 0 skipped; 0 new parties, 0 events from unknown senders skipped, 0 copies skipped, 1 event with no address but ours skipped"),
            "{}",
            out.stdout
        );
        let all = export(&db);
        let moved = line_with(&all, "google.com/20250311T030000Z\"");
        assert!(moved.contains("\"party\":\"c-somchai\""), "{moved}");
        assert!(moved.contains("\"status\":\"rescheduled\"") && moved.contains("\"by\":\"party\""), "{moved}");
        assert!(moved.contains("\"at\":\"2025-03-11T10:00:00+07:00\""), "{moved}");
        let cancelled = line_with(&all, "google.com/20250318T030000Z\"");
        assert!(cancelled.contains("\"status\":\"cancelled\"") && cancelled.contains("\"by\":\"party\""), "{cancelled}");
        let ours = line_with(&all, "\"id\":\"0a1b2c3d4e5f6g7h8i9j0k1l2m@google.com\"");
        assert!(ours.contains("\"status\":\"cancelled\"") && ours.contains("\"by\":\"us\""), "{ours}");
        // UTC in the file, shown in the zone given.
        assert!(ours.contains("\"at\":\"2025-03-20T09:00:00+07:00\""), "{ours}");
        assert_eq!(all.matches("\"kind\":\"meeting\"").count(), 7);
        assert!(!all.contains("20250401"), "an EXDATE is no meeting");

        let outlook = fixture("calendar/outlook-invite-se-asia.ics");
        let out = run(&db, &["import", &outlook, ME[0], ME[1]]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let all = export(&db);
        let invite = line_with(&all, "\"id\":\"040000008200E");
        assert!(invite.contains("\"party\":\"c-lan\"") && invite.contains("\"at\":\"2025-03-05T14:00:00+07:00\""), "{invite}");
        assert!(invite.contains("\"duration_min\":90") && invite.contains("\"status\":\"held\""), "{invite}");
    }

    fn a_calls_xml_imports_calls_matched_by_phone(db) {
        let dir = tempfile::tempdir().unwrap();
        with_clients(&db, &dir);
        let calls = fixture("calls/calls.xml");
        let out = run(&db, &["import", &calls, "--timezone", "Asia/Ho_Chi_Minh"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // Five calls of the clients; mum's number is no party's, the private number has none,
        // and the last line repeats the first.
        assert!(
            out.stdout.contains("5 added, 0 updated, 0 unchanged, 0 skipped; 0 new parties, 1 call or text from unknown senders skipped, 1 copy skipped, 1 call or text with no address but ours skipped"),
            "{}",
            out.stdout
        );
        let all = export(&db);
        let missed = line_with(&all, "\"id\":\"call-1741204800000-0901234567\"");
        assert!(missed.contains("\"party\":\"c-lan\"") && missed.contains("\"direction\":\"in\"") && missed.contains("\"duration_s\":0"), "{missed}");
        assert!(missed.contains("\"at\":\"2025-03-06T03:00:00+07:00\""), "{missed}");
        let th = line_with(&all, "\"id\":\"call-1741500000000-+66812345678\"");
        assert!(th.contains("\"party\":\"c-somchai\""), "{th}");
        assert_eq!(all.matches("\"kind\":\"call\"").count(), 5);
        assert!(!all.contains("987000111"));

        let sms = fixture("calls/sms.xml");
        let out = run(&db, &["import", &sms]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains("draft"), "the draft is reported: {}", out.stderr);
        let all = export(&db);
        assert_eq!(all.matches("\"channel\":\"sms\"").count(), 4, "{all}");
    }

    fn importing_the_same_calendar_and_call_log_again_changes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        with_clients(&db, &dir);
        let ics = fixture("calendar/google-export.ics");
        let calls = fixture("calls/calls.xml");
        assert_eq!(run(&db, &["import", &ics, &calls, ME[0], ME[1]]).code, 0);
        let before = export(&db);
        let out = run(&db, &["import", &ics, &calls, ME[0], ME[1]]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("0 added, 0 updated, 7 unchanged"), "{}", out.stdout);
        assert!(out.stdout.contains("0 added, 0 updated, 5 unchanged"), "{}", out.stdout);
        assert_eq!(export(&db), before);
    }

    fn a_bad_file_leaves_the_store_unchanged(db) {
        let dir = tempfile::tempdir().unwrap();
        with_clients(&db, &dir);
        let before = export(&db);
        // A good meeting first, then a broken one: nothing of the file is stored.
        let bad = write(&dir, "bad.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n\
            ORGANIZER:mailto:lan@phuongdong.example.vn\r\nDTSTART:20250301T020000Z\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nUID:b\r\nORGANIZER:mailto:lan@phuongdong.example.vn\r\n\
            DTSTART;TZID=Nowhere Standard Time:20250302T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        let out = run(&db, &["import", &bad, ME[0], ME[1]]);
        assert_ne!(out.code, 0);
        assert!(out.stderr.contains("bad.ics") && out.stderr.contains("bad.ics:7:") && out.stderr.contains("Nowhere Standard Time"), "{}", out.stderr);
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        assert_eq!(export(&db), before);
        // Cut off mid-way.
        let cut = write(&dir, "cut.xml", b"<?xml version='1.0'?>\n<calls count=\"2\">\n<call number=\"0901234567\" duration=\"5\" date=\"1741140600000\" type=\"1\" />\n<call number=\"0901");
        let out = run(&db, &["import", &cut]);
        assert_ne!(out.code, 0);
        assert!(out.stderr.contains("cut.xml"), "{}", out.stderr);
        assert_eq!(export(&db), before);
        // With --skip-bad the good meeting goes in and the bad one is reported.
        let out = run(&db, &["import", &bad, ME[0], ME[1], "--skip-bad"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("1 added"), "{}", out.stdout);
    }
}
