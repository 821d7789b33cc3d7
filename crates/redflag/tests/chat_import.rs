//! Importing chat exports from the command line (issue 4): a WhatsApp export filed under the
//! party it is with, re-imports that change nothing, a bad file that leaves the store as it
//! was, and `--party`. Every store test runs on SQLite and PostgreSQL.

mod common;

use common::{Db, export, import_fixture, run, write};

fn fixture(name: &str) -> String {
    import_fixture(&format!("chat/{name}"))
}

/// Lan is a client the store knows by name; Hoa one we will file a chat under by hand.
fn with_clients(db: &Db, dir: &tempfile::TempDir) {
    let f = write(
        dir,
        "parties.jsonl",
        "{\"kind\":\"party\",\"id\":\"c-lan\",\"name\":\"Chị Lan\",\"role\":\"client\",\"phones\":[\"+84 90 123 4567\"]}\n\
         {\"kind\":\"party\",\"id\":\"c-hoa\",\"name\":\"Hoa Studio\",\"role\":\"client\"}\n"
            .as_bytes(),
    );
    let out = run(db, &["import", &f]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

const TZ: [&str; 2] = ["--timezone", "Asia/Ho_Chi_Minh"];

backend_tests! {
    fn a_whatsapp_export_is_filed_under_the_party_it_is_with(db) {
        let dir = tempfile::tempdir().unwrap();
        with_clients(&db, &dir);
        let chat = fixture("whatsapp-vi-android.txt");
        let out = run(&db, &["import", &chat, "--me", "Minh", TZ[0], TZ[1]]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("7 added, 0 updated, 0 unchanged, 0 skipped; 0 new parties"), "{}", out.stdout);
        let all = export(&db);
        let messages: Vec<&str> = all.lines().filter(|l| l.contains("\"channel\":\"chat\"")).collect();
        assert_eq!(messages.len(), 6, "{all}");
        assert!(messages.iter().all(|l| l.contains("\"party\":\"c-lan\"")), "{all}");
        let discount = messages.iter().find(|l| l.contains("Giảm giá thêm 30%")).unwrap();
        assert!(discount.contains("\"at\":\"2024-01-15T23:47:00+07:00\"") && discount.contains("\"direction\":\"in\""), "{discount}");
        assert!(messages.iter().any(|l| l.contains("\"direction\":\"out\"") && l.contains("\"author\":\"Minh\"")));
        let call = all.lines().find(|l| l.contains("\"kind\":\"call\"")).unwrap();
        assert!(call.contains("\"duration_s\":0") && call.contains("\"party\":\"c-lan\""), "{call}");
    }

    fn importing_the_same_chat_again_changes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        with_clients(&db, &dir);
        let chat = fixture("whatsapp-vi-android.txt");
        assert_eq!(run(&db, &["import", &chat, "--me", "Minh", TZ[0], TZ[1]]).code, 0);
        let before = export(&db);
        let again = run(&db, &["import", &chat, "--me", "Minh", TZ[0], TZ[1]]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert!(again.stdout.contains("0 added, 0 updated, 7 unchanged, 0 skipped"), "{}", again.stdout);
        assert_eq!(export(&db), before);
        // A stranger's chat makes a prospect once; the second import finds it.
        let zalo = fixture("zalo-transcript.txt");
        let first = run(&db, &["import", &zalo, TZ[0], TZ[1]]);
        assert!(first.stdout.contains("4 added") && first.stdout.contains("1 new party"), "{}", first.stdout);
        let second = run(&db, &["import", &zalo, TZ[0], TZ[1]]);
        assert!(second.stdout.contains("0 added, 0 updated, 3 unchanged") && second.stdout.contains("0 new parties"), "{}", second.stdout);
    }

    fn a_bad_chat_file_leaves_the_store_unchanged_unless_bad_lines_are_skipped(db) {
        let dir = tempfile::tempdir().unwrap();
        with_clients(&db, &dir);
        let before = export(&db);
        // Day-first (13/02), so 31/02 is no date at all.
        let f = write(&dir, "WhatsApp Chat with Chị Lan.txt", "13/02/24, 10:00 - Chị Lan: Chào em\n31/02/24, 10:05 - Chị Lan: ???\n14/02/24, 09:00 - Minh: Dạ\n".as_bytes());
        let out = run(&db, &["import", &f, "--me", "Minh"]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains(":2") && out.stderr.contains("no such date"), "{}", out.stderr);
        assert_eq!(export(&db), before);
        let out = run(&db, &["import", &f, "--me", "Minh", "--skip-bad"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("2 added, 0 updated, 0 unchanged, 1 skipped"), "{}", out.stdout);
    }

    fn party_files_a_whole_chat_under_one_existing_party(db) {
        let dir = tempfile::tempdir().unwrap();
        with_clients(&db, &dir);
        let line = fixture("line-en.txt");
        let out = run(&db, &["import", &line, "--party", "c-hoa", TZ[0], TZ[1]]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("5 added") && out.stdout.contains("0 new parties"), "{}", out.stdout);
        let all = export(&db);
        assert_eq!(all.matches("\"party\":\"c-hoa\"").count(), 5, "{all}");
        assert!(!all.contains("Somchai\",\"role\""), "no prospect made: {all}");
        // A party that does not exist, or --party on mail, is refused before anything is stored.
        let out = run(&db, &["import", &line, "--party", "nobody"]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains("no party has the id \"nobody\""), "{}", out.stderr);
        let jsonl = write(&dir, "more.jsonl", b"{\"kind\":\"party\",\"id\":\"c-x\",\"name\":\"X\",\"role\":\"client\"}\n");
        let out = run(&db, &["import", &jsonl, "--party", "c-hoa"]);
        assert_eq!(out.code, 1);
        assert!(out.stderr.contains("--party files a chat export"), "{}", out.stderr);
        assert_eq!(export(&db), all);
    }

    fn a_telegram_export_with_calls_is_read_end_to_end(db) {
        let dir = tempfile::tempdir().unwrap();
        let f = write(&dir, "result.json", br#"{"name":"Somchai","type":"personal_chat","id":1,"messages":[
 {"id":1,"type":"message","date":"2024-01-15T22:00:00","date_unixtime":"1705330800","from":"Somchai","from_id":"user1","text":"Any discount?"},
 {"id":2,"type":"service","date":"2024-01-15T22:05:00","date_unixtime":"1705331100","actor":"Anna","actor_id":"user2","action":"phone_call","duration_seconds":125},
 {"id":3,"type":"service","date":"2024-01-15T23:30:00","date_unixtime":"1705336200","actor":"Somchai","actor_id":"user1","action":"phone_call","discard_reason":"missed"},
 {"id":4,"type":"message","date":"2024-01-16T08:00:00","date_unixtime":"1705366800","from":"Anna","from_id":"user2","text":[{"type":"bold","text":"No"},", sorry."]}
]}"#);
        let out = run(&db, &["import", &f, "--timezone", "Asia/Bangkok"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("5 added") && out.stdout.contains("1 new party"), "{}", out.stdout);
        let all = export(&db);
        let calls: Vec<&str> = all.lines().filter(|l| l.contains("\"kind\":\"call\"")).collect();
        assert_eq!(calls.len(), 2, "{all}");
        assert!(calls.iter().any(|c| c.contains("\"direction\":\"out\"") && c.contains("\"duration_s\":125")), "{all}");
        assert!(calls.iter().any(|c| c.contains("\"direction\":\"in\"") && c.contains("\"duration_s\":0") && c.contains("23:30:00+07:00")), "{all}");
        assert!(all.contains("\"text\":\"No, sorry.\"") && all.contains("\"party\":\"chat:somchai\""), "{all}");
    }
}
