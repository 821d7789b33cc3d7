//! Calendars and phone logs on the project's fixtures (`fixtures/README.md`) and on a few of
//! collective/icalendar's, with the meetings, calls and texts expected of each.

mod common;

use common::Collect;
use redflag_domain::{EventBody, Party, Record, Role};
use redflag_import::{AndroidCalls, AndroidSms, Context, Format, Ics, Skip};

fn project(rel: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn peer(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/calendar/icalendar")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn run(format: &dyn Format, bytes: &[u8], ctx: &mut Context) -> Collect {
    let mut sink = Collect::default();
    format
        .import(&mut &bytes[..], ctx, &mut sink)
        .expect("in-memory input");
    sink
}

/// `id at minutes status by` per meeting, in order.
fn meetings(c: &Collect) -> Vec<String> {
    c.records
        .iter()
        .filter_map(|(_, r)| match r {
            Record::Event(e) => match &e.body {
                EventBody::Meeting(m) => Some(format!(
                    "{} {} {} {} {}",
                    e.id.as_str(),
                    e.at,
                    m.duration_min,
                    m.status,
                    m.by.map_or("-", |b| b.as_str())
                )),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn client(id: &str, email: &str, phone: &str) -> Party {
    Party {
        id: id.into(),
        name: id.into(),
        role: Role::Client,
        lang: None,
        timezone: None,
        emails: vec![email.into()],
        phones: vec![phone.into()],
        since: None,
        tags: vec![],
    }
}

fn ctx() -> Context {
    Context::new()
        .with_me(["me@studio.example"])
        .with_parties(&[
            client("lan", "lan@phuongdong.example.vn", "0901234567"),
            client(
                "somchai",
                "somchai@siam-trading.example.co.th",
                "+66 81 234 5678",
            ),
        ])
}

#[test]
fn an_outlook_invite_in_se_asia_standard_time_is_a_meeting_at_plus_seven() {
    let c = run(
        &Ics,
        &project("calendar/outlook-invite-se-asia.ics"),
        &mut ctx(),
    );
    assert!(c.bad.is_empty(), "{:?}", c.bad);
    let m = meetings(&c);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].ends_with(" 2025-03-05T14:00:00+07:00 90 held -"),
        "{m:?}"
    );
    let Record::Event(e) = &c.records[0].1 else {
        panic!()
    };
    assert_eq!(e.party.as_str(), "lan");
}

#[test]
fn an_unknown_organizer_becomes_a_prospect_named_in_vietnamese() {
    let mut ctx = Context::new().with_me(["me@studio.example"]);
    let c = run(
        &Ics,
        &project("calendar/outlook-invite-se-asia.ics"),
        &mut ctx,
    );
    let p = c.parties();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].name, "Nguyễn Thị Lan");
    assert_eq!(p[0].id.as_str(), "email:lan@phuongdong.example.vn");
    let mut known = Context::new().with_me(["me@studio.example"]);
    known.known_only = true;
    let c = run(
        &Ics,
        &project("calendar/outlook-invite-se-asia.ics"),
        &mut known,
    );
    assert!(meetings(&c).is_empty());
    assert!(matches!(&c.skipped[..], [Skip::UnknownSender { .. }]));
}

#[test]
fn a_google_export_gives_moved_cancelled_and_excluded_occurrences() {
    let c = run(&Ics, &project("calendar/google-export.ics"), &mut ctx());
    assert!(c.bad.is_empty(), "{:?}", c.bad);
    let uid = "7kq1v3h0ssgq3k9c2c5d4mno1b@google.com";
    let expected = [
        // COUNT=6 weekly on Tuesdays; 1 April is an EXDATE: no meeting at all.
        format!("{uid}/20250304T030000Z 2025-03-04T10:00:00+07:00 60 held -"),
        format!("{uid}/20250325T030000Z 2025-03-25T10:00:00+07:00 60 held -"),
        format!("{uid}/20250408T030000Z 2025-04-08T10:00:00+07:00 60 held -"),
        // The override moved 11 March to 13 March: the old slot is rescheduled by the
        // organizer (the party), the new slot is a meeting of its own.
        format!("{uid}/20250311T030000Z 2025-03-11T10:00:00+07:00 60 rescheduled party"),
        format!("{uid}/20250311T030000Z/moved 2025-03-13T15:00:00+07:00 60 held -"),
        format!("{uid}/20250318T030000Z 2025-03-18T10:00:00+07:00 60 cancelled party"),
        // Organized by us (X-WR-CALNAME and --me), cancelled: by us. Google writes UTC; `at`
        // is shown in the Context's zone (UTC here).
        "0a1b2c3d4e5f6g7h8i9j0k1l2m@google.com 2025-03-20T02:00:00Z 60 cancelled us".into(),
    ];
    assert_eq!(meetings(&c), expected);
    // The focus day has nobody but us.
    assert_eq!(c.skipped, [Skip::NoCounterparty]);
    assert!(c.parties().is_empty(), "both parties are known");
}

#[test]
fn the_google_calendar_address_counts_as_ours_without_me() {
    let mut ctx =
        Context::new().with_parties(&[client("somchai", "somchai@siam-trading.example.co.th", "")]);
    let c = run(&Ics, &project("calendar/google-export.ics"), &mut ctx);
    let m = meetings(&c);
    assert!(m.last().unwrap().ends_with("cancelled us"), "{m:?}");
}

/// Puts an organizer into each VEVENT of a peer fixture (which have none), so that its times
/// can be checked through the importer.
fn with_organizer(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(bytes)
        .replace(
            "BEGIN:VEVENT\r\n",
            "BEGIN:VEVENT\r\nORGANIZER:mailto:lan@phuongdong.example.vn\r\n",
        )
        .replace(
            "BEGIN:VEVENT\n",
            "BEGIN:VEVENT\nORGANIZER:mailto:lan@phuongdong.example.vn\n",
        )
        .into_bytes()
}

#[test]
fn peer_windows_zone_calendars_resolve_through_the_windows_table() {
    let c = run(
        &Ics,
        &with_organizer(&peer("issue_836_do_not_quote_tzid.ics")),
        &mut ctx(),
    );
    assert_eq!(
        meetings(&c),
        ["minimal-demo-event-est-20241028@example.com 2024-10-28T17:00:00-04:00 60 held -"]
    );
    let c = run(
        &Ics,
        &with_organizer(&peer("timezone_same_start.ics")),
        &mut ctx(),
    );
    let m = meetings(&c);
    assert!(m[0].contains(" 2017-02-24T12:00:00-08:00 30 held"), "{m:?}");
}

#[test]
fn peer_rrule_calendar_expands_weekdays() {
    let c = run(
        &Ics,
        &with_organizer(&peer("issue_1081_event_with_rrule.ics")),
        &mut ctx(),
    );
    assert!(c.bad.is_empty(), "{:?}", c.bad);
    let m = meetings(&c);
    assert_eq!(m.len(), 10, "FREQ=DAILY;COUNT=10: {m:#?}");
    assert_eq!(
        m[9],
        "test-123/20250110T100000Z 2025-01-10T10:00:00Z 0 held -"
    );
}

#[test]
fn peer_calendars_in_custom_zones_follow_their_vtimezone_rules() {
    // "custom_America/New_York" is no IANA name: its own DST rules give EDT in August.
    let c = run(
        &Ics,
        &with_organizer(&peer("america_new_york.ics")),
        &mut ctx(),
    );
    assert_eq!(
        meetings(&c),
        ["noend123 2014-08-29T08:00:00-04:00 120 held -"]
    );
    // Fiji's summer time runs from October to January: standard +12 in August.
    let c = run(&Ics, &with_organizer(&peer("pacific_fiji.ics")), &mut ctx());
    assert_eq!(
        meetings(&c),
        ["noend123 2014-08-29T08:00:00+12:00 0 held -"]
    );
}

/// `id at direction seconds party` per call.
fn calls(c: &Collect) -> Vec<String> {
    c.records
        .iter()
        .filter_map(|(_, r)| match r {
            Record::Event(e) => match &e.body {
                EventBody::Call(k) => Some(format!(
                    "{} {} {} {} {}",
                    e.id.as_str(),
                    e.at,
                    k.direction,
                    k.duration_s,
                    e.party.as_str()
                )),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[test]
fn an_android_call_log_matches_vietnamese_and_thai_numbers_in_any_form() {
    let mut ctx = ctx();
    ctx.timezone = redflag_domain::jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
    let c = run(&AndroidCalls, &project("calls/calls.xml"), &mut ctx);
    assert!(c.bad.is_empty(), "{:?}", c.bad);
    assert_eq!(
        calls(&c),
        [
            "call-1741140600000-+84901234567 2025-03-05T09:10:00+07:00 in 312 lan",
            // Missed at 03:00: an inbound contact of 0 seconds.
            "call-1741204800000-0901234567 2025-03-06T03:00:00+07:00 in 0 lan",
            "call-1741226400000-0901234567 2025-03-06T09:00:00+07:00 out 95 lan",
            // Rejected.
            "call-1741500000000-+66812345678 2025-03-09T13:00:00+07:00 in 0 somchai",
            "call-1741510800000-0812345678 2025-03-09T16:00:00+07:00 in 47 somchai",
            // The last line repeats the first: the service counts it as a copy.
            "call-1741140600000-+84901234567 2025-03-05T09:10:00+07:00 in 312 lan",
        ]
    );
    assert_eq!(
        c.skipped,
        [
            Skip::UnknownSender {
                address: "+84987000111".into()
            },
            Skip::NoCounterparty
        ]
    );
    assert!(AndroidCalls.repeated_ids_are_copies());
}

#[test]
fn an_android_sms_backup_gives_texts_with_emoji_and_mms_text() {
    let c = run(&AndroidSms, &project("calls/sms.xml"), &mut ctx());
    assert!(c.bad.is_empty(), "{:?}", c.bad);
    let m = c.messages();
    assert_eq!(m.len(), 4, "{m:#?}");
    assert_eq!(m[0].0.party.as_str(), "lan");
    assert_eq!(m[0].1.direction.as_str(), "in");
    assert_eq!(m[0].1.channel.as_str(), "sms");
    assert!(m[0].1.text.as_deref().unwrap().ends_with("tuần này 🙏"));
    assert_eq!(m[0].1.author.as_deref(), Some("Chị Lan (Phương Đông)"));
    assert_eq!(m[1].1.direction.as_str(), "out");
    assert_eq!(m[2].0.party.as_str(), "somchai");
    assert!(m[2].1.text.as_deref().unwrap().starts_with("ขอเลื่อนประชุม"));
    assert_eq!(
        m[3].1.text.as_deref(),
        Some("Ảnh chụp mẫu thiết kế bên chị thích")
    );
    // The draft is reported; the bank's one-time code is from no party.
    assert!(matches!(&c.skipped[0], Skip::NotRead { what } if what.contains("draft")));
    assert_eq!(c.skipped[1], Skip::NoCounterparty);
}

#[test]
fn formats_are_recognised_from_content() {
    use redflag_import::{Detection, detect};
    let id = |name: &str, bytes: &[u8]| match detect(Some(name), bytes) {
        Detection::Format(f) => f.id().to_owned(),
        other => format!("{other:?}"),
    };
    assert_eq!(id("x.txt", &project("calendar/google-export.ics")), "ics");
    assert_eq!(
        id("backup.xml", &project("calls/calls.xml")),
        "android-calls"
    );
    assert_eq!(id("backup.xml", &project("calls/sms.xml")), "android-sms");
    assert_eq!(id("empty.ics", b""), "ics");
}
