//! The project's chat fixtures (`fixtures/chat`, written by `fixtures/make_chat_fixtures.py`):
//! every app read end to end into parties and events, in the context's time zone.

mod common;

use common::Collect;
use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::{Direction, EventBody, Party, Record, Role};
use redflag_import::{Context, Detection, Format, detect};

fn chat_fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/chat")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bangkok() -> Context {
    let mut ctx = Context::new();
    ctx.timezone = TimeZone::get("Asia/Bangkok").unwrap();
    ctx
}

/// Recognises the file, imports it, and lists (at, direction, author, text or call) per event.
fn read(name: &str, ctx: &mut Context) -> (String, Collect, Vec<String>) {
    let bytes = chat_fixture(name);
    let Detection::Format(format) = detect(Some(name), &bytes) else {
        panic!("{name} not recognised");
    };
    let mut sink = Collect::default();
    format.import(&mut &bytes[..], ctx, &mut sink).unwrap();
    assert!(sink.bad.is_empty(), "{name}: {:?}", sink.bad);
    let lines = sink
        .records
        .iter()
        .filter_map(|(_, r)| match r {
            Record::Event(e) => Some(match &e.body {
                EventBody::Message(m) => format!(
                    "{} {} {} {}",
                    e.at,
                    m.direction,
                    m.author.as_deref().unwrap_or("-"),
                    m.text.as_deref().unwrap_or("(no text)")
                ),
                EventBody::Call(c) => format!(
                    "{} {} {} call {}s",
                    e.at,
                    c.direction,
                    c.author.as_deref().unwrap_or("-"),
                    c.duration_s
                ),
                _ => unreachable!(),
            }),
            _ => None,
        })
        .collect();
    (format.id().to_owned(), sink, lines)
}

fn only_party(sink: &Collect) -> &Party {
    let parties = sink.parties();
    assert_eq!(parties.len(), 1, "{parties:?}");
    parties[0]
}

#[test]
fn a_vietnamese_android_whatsapp_export_with_narrow_spaces_before_pm() {
    let mut ctx = bangkok().with_me(["Minh"]);
    let (format, sink, lines) = read("whatsapp-vi-android.txt", &mut ctx);
    assert_eq!(format, "whatsapp");
    let lan = only_party(&sink);
    assert_eq!(
        (lan.id.as_str(), lan.name.as_str()),
        ("chat:chị lan", "Chị Lan")
    );
    assert_eq!(lan.role, Role::Prospect);
    assert_eq!(
        lines,
        [
            "2024-01-14T20:01:00+07:00 in Chị Lan Chào em, chị muốn làm website bán hàng.",
            "2024-01-14T20:03:00+07:00 out Minh Dạ chào chị, em gửi báo giá ngay ạ.",
            "2024-01-15T23:47:00+07:00 in Chị Lan Giảm giá thêm 30% được không em?\nNếu không thì chị tìm bên khác.",
            "2024-01-15T23:48:00+07:00 in Chị Lan (no text)",
            "2024-01-16T00:05:00+07:00 in Chị Lan call 0s",
            "2024-01-16T09:00:00+07:00 out Minh Dạ em xem lại rồi báo chị.",
            "2024-01-16T09:00:00+07:00 out Minh Dạ em xem lại rồi báo chị.",
        ]
    );
    // The same line twice in the same minute: two events, told apart by an index.
    let ids: Vec<&str> = sink
        .records
        .iter()
        .filter_map(|(_, r)| match r {
            Record::Event(e) => Some(e.id.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        ids[6].ends_with("-2") && ids[6].starts_with(ids[5]),
        "{ids:?}"
    );
}

#[test]
fn a_thai_ios_whatsapp_export_with_buddhist_years_finds_the_user_without_me() {
    // iOS names the encryption notice after the contact: the other sender is the user.
    let mut ctx = bangkok();
    let (format, sink, lines) = read("whatsapp-th-ios.txt", &mut ctx);
    assert_eq!(format, "whatsapp");
    assert_eq!(only_party(&sink).name, "สมชาย ใจดี");
    assert_eq!(
        lines,
        [
            "2024-01-14T10:00:05+07:00 in สมชาย ใจดี สวัสดีครับ ขอใบเสนอราคาหน่อยครับ",
            "2024-01-14T10:02:10+07:00 out Anna ได้ค่ะ จะส่งให้วันนี้นะคะ",
            "2024-01-15T23:15:00+07:00 in สมชาย ใจดี ลดราคาได้ไหมครับ ถ้าไม่ลดจะไปจ้างที่อื่น",
            "2024-01-15T23:16:00+07:00 in สมชาย ใจดี (no text)",
            "2024-01-16T08:30:00+07:00 out Anna เดี๋ยวขอเช็คก่อนนะคะ\nขอบคุณค่ะ",
        ]
    );
}

#[test]
fn line_histories_in_english_and_thai() {
    let mut ctx = bangkok();
    let (format, sink, lines) = read("line-en.txt", &mut ctx);
    assert_eq!(format, "line");
    assert_eq!(only_party(&sink).name, "Somchai");
    assert_eq!(
        lines,
        [
            "2024-01-15T09:30:00+07:00 in Somchai Hi, can you send the quote?",
            "2024-01-15T09:31:00+07:00 out Anna Sure, here it is:\nwebsite 40,000 THB",
            "2024-01-15T22:45:00+07:00 in Somchai Can you do it for half? My friend does it cheaper.",
            "2024-01-16T07:02:00+07:00 in Somchai (no text)",
            "2024-01-16T07:10:00+07:00 in Somchai call 0s",
        ]
    );
    let mut ctx = bangkok();
    let (format, sink, lines) = read("line-th.txt", &mut ctx);
    assert_eq!(format, "line");
    assert_eq!(only_party(&sink).name, "สมหญิง");
    assert_eq!(
        lines,
        [
            "2024-01-15T09:30:00+07:00 in สมหญิง สวัสดีค่ะ ขอราคางานออกแบบโลโก้ค่ะ",
            "2024-01-15T09:35:00+07:00 out Anna ได้ค่ะ 5,000 บาทค่ะ",
            "2024-01-15T23:50:00+07:00 in สมหญิง แพงไปค่ะ ลดให้หน่อยได้ไหม",
            "2024-01-16T08:00:00+07:00 in สมหญิง (no text)",
        ]
    );
}

#[test]
fn messenger_mojibake_is_repaired_and_read_oldest_first() {
    let mut ctx = bangkok();
    let (format, sink, lines) = read("messenger-mojibake.json", &mut ctx);
    assert_eq!(format, "messenger");
    assert_eq!(only_party(&sink).name, "Nguyễn Thị Hoa");
    assert_eq!(
        lines,
        [
            "2024-01-16T08:20:00+07:00 out Minh Tran (no text)",
            "2024-01-16T08:36:40+07:00 in Nguyễn Thị Hoa call 0s",
            "2024-01-16T08:45:00+07:00 in Nguyễn Thị Hoa สวัสดีค่ะ ลดราคาได้ไหม",
            "2024-01-16T08:50:00+07:00 in Nguyễn Thị Hoa Giảm giá 50% đi em, không thì thôi.",
            "2024-01-16T10:30:00+07:00 out Minh Tran Dạ em gửi lại báo giá ạ.",
        ]
    );
}

#[test]
fn a_zalo_transcript_in_the_documented_form() {
    let mut ctx = Context::new();
    ctx.timezone = TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
    let (format, sink, lines) = read("zalo-transcript.txt", &mut ctx);
    assert_eq!(format, "zalo");
    assert_eq!(only_party(&sink).name, "Anh Tuấn");
    assert_eq!(
        lines,
        [
            "2024-01-15T21:30:00+07:00 in Anh Tuấn Em ơi, bảng giá hôm trước còn giảm được nữa không?",
            "2024-01-15T21:32:00+07:00 out Minh Dạ đó là giá tốt nhất rồi anh ạ.",
            "2024-01-15T23:58:00+07:00 in Anh Tuấn Thôi làm trước đi, tháng sau anh trả.\nGấp lắm nhé.",
        ]
    );
}

#[test]
fn a_known_counterpart_is_matched_by_name_and_no_prospect_is_made() {
    let lan = Party {
        id: "c-lan".into(),
        name: "chị  LAN".into(),
        role: Role::Client,
        lang: None,
        timezone: None,
        emails: vec![],
        phones: vec![],
        since: None,
        tags: vec![],
    };
    let mut ctx = bangkok().with_parties([&lan]);
    let (_, sink, _) = read("whatsapp-vi-android.txt", &mut ctx);
    assert!(sink.parties().is_empty());
    // Without --me, the sender the directory knows is the party and the other one is us.
    let dirs: Vec<(String, Direction)> = sink
        .messages()
        .iter()
        .map(|(e, m)| (e.party.as_str().to_owned(), m.direction))
        .collect();
    assert!(dirs.iter().all(|(p, _)| p == "c-lan"));
    assert_eq!(dirs[1].1, Direction::Out);
}

#[test]
fn known_only_skips_a_chat_with_a_stranger_and_unclear_chats_say_what_to_pass() {
    let mut ctx = bangkok().with_me(["Minh"]);
    ctx.known_only = true;
    let (_, sink, lines) = read("whatsapp-vi-android.txt", &mut ctx);
    assert!(lines.is_empty() && sink.parties().is_empty());
    assert_eq!(sink.skipped.len(), 7);

    let two = "01/02/24, 10:00 - A: hi\n01/02/24, 10:01 - B: hello\n";
    let mut sink = Collect::default();
    redflag_import::WhatsApp
        .import(&mut two.as_bytes(), &mut Context::new(), &mut sink)
        .unwrap();
    assert_eq!(sink.bad.len(), 1);
    assert!(sink.bad[0].contains("--me NAME"), "{:?}", sink.bad);
}

#[test]
fn a_grown_export_keeps_the_ids_of_what_was_there() {
    let full = chat_fixture("whatsapp-vi-android.txt");
    let text = String::from_utf8(full).unwrap();
    let first_day: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
    let ids = |t: &str| {
        let mut sink = Collect::default();
        redflag_import::WhatsApp
            .import(
                &mut t.as_bytes(),
                &mut bangkok().with_me(["Minh"]),
                &mut sink,
            )
            .unwrap();
        sink.messages()
            .iter()
            .map(|(e, _)| e.id.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    let before = ids(&first_day);
    let after = ids(&text);
    assert_eq!(before.len(), 2);
    assert_eq!(&after[..2], &before[..]);
}
