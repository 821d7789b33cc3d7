//! The mail importers on the project's own fixtures (`fixtures/README.md`) and on MimeKit's
//! mbox files: charsets, HTML, quoted replies, mbox splitting, direction, parties.

mod common;

use common::{Collect, fixture, run, shared};
use redflag_domain::{Direction, Role};
use redflag_import::email::mbox::{MboxItem, Splitter};
use redflag_import::email::read_message;
use redflag_import::{Context, Eml, Format, MaildirMessage, Mbox, Skip};

const VI: &str = "Chào em, anh muốn giảm giá thêm 20% và cần xong trong tối nay được không?";
const TH: &str = "สวัสดีครับ ขอส่วนลดเพิ่มอีกหน่อยได้ไหมครับ งานนี้ต้องเสร็จคืนนี้";

fn me() -> Context {
    Context::new().with_me(["me@studio.example"])
}

fn one(name: &str) -> Collect {
    let out = run(&Eml, &fixture(name), &mut me());
    assert!(out.bad.is_empty(), "{name}: {:?}", out.bad);
    assert_eq!(out.messages().len(), 1, "{name}");
    out
}

#[test]
fn vietnamese_mail_reads_the_same_in_windows_1258_quoted_printable_and_base64() {
    for (name, author, subject) in [
        ("vi-windows-1258.eml", "Nguyễn Văn An", "Báo giá"),
        ("vi-qp-utf8.eml", "Trần Thị Bích", "Hợp đồng"),
        ("vi-base64.eml", "Lê Minh", "Gấp"),
    ] {
        let out = one(name);
        let (_, m) = out.messages()[0];
        assert_eq!(m.text.as_deref(), Some(VI), "{name}");
        assert_eq!(m.author.as_deref(), Some(author), "{name}");
        assert_eq!(m.subject.as_deref(), Some(subject), "{name}");
        assert_eq!(m.direction, Direction::In);
        // Composed (NFC), never combining marks from the code page.
        let text = m.text.clone().unwrap();
        assert_eq!(redflag_text::nfc(&text), text);
    }
}

#[test]
fn thai_in_tis_620_is_decoded() {
    let out = one("th-tis620.eml");
    let (e, m) = out.messages()[0];
    assert_eq!(m.text.as_deref(), Some(TH));
    assert_eq!(m.author.as_deref(), Some("สมชาย"));
    assert_eq!(m.subject.as_deref(), Some("ใบเสนอราคา"));
    assert_eq!(e.at.to_string(), "2025-03-06T22:10:00+07:00");
}

#[test]
fn an_html_only_mail_becomes_plain_text() {
    let out = one("html-only.eml");
    let text = out.messages()[0].1.text.clone().unwrap();
    assert!(text.contains("Can you do this one for free?"), "{text:?}");
    assert!(text.contains("We need it by tonight."), "{text:?}");
    assert!(
        !text.contains('<') && !text.contains("color:red"),
        "{text:?}"
    );
    assert_eq!(
        out.messages()[0].0.at.to_string(),
        "2025-03-07T09:00:00-05:00"
    );
}

#[test]
fn quoted_replies_are_kept_out_of_the_text_in_english_vietnamese_and_thai() {
    for (name, own) in [
        ("reply-en.eml", "Fine, but I want it cheaper."),
        ("reply-vi.eml", "Được, nhưng em bớt thêm chút nhé."),
        ("reply-th.eml", "ตกลงครับ แต่ขอลดราคาอีกนิดนะครับ"),
    ] {
        let raw = fixture(name);
        let full = read_message(&raw).unwrap();
        assert!(
            full.text.contains("> "),
            "{name}: the full text keeps the quote"
        );
        let out = one(name);
        let (e, m) = out.messages()[0];
        assert_eq!(m.text.as_deref(), Some(own), "{name}");
        // The thread is the root of the References chain.
        assert_eq!(m.thread.as_deref(), Some("root@studio.example"), "{name}");
        assert!(e.id.as_str().starts_with("reply-"), "{name}");
    }
}

#[test]
fn unknown_senders_become_prospects_once_or_are_skipped_with_known_only() {
    let mbox = fixture("takeout.mboxrd");
    let out = run(&Mbox, &mbox, &mut me());
    assert!(out.bad.is_empty(), "{:?}", out.bad);
    // Lan and the stranger: one prospect each, though Lan writes twice and is written to once.
    let parties = out.parties();
    assert_eq!(parties.len(), 2);
    assert_eq!(parties[0].id.as_str(), "email:lan@client.example");
    assert_eq!(parties[0].name, "Lan");
    assert_eq!(parties[0].role, Role::Prospect);
    let msgs = out.messages();
    // Four messages: the copy of the first is still sent (the service skips it by id).
    assert_eq!(msgs.len(), 4);
    assert_eq!(msgs[1].1.direction, Direction::Out);
    assert_eq!(msgs[1].0.party.as_str(), "email:lan@client.example");
    assert_eq!(msgs[0].0.id, msgs[3].0.id);

    let mut known = me();
    known.known_only = true;
    let out = run(&Mbox, &mbox, &mut known);
    assert!(out.records.is_empty());
    assert_eq!(out.skipped.len(), 4);
    assert!(
        matches!(&out.skipped[2], Skip::UnknownSender { address } if address == "stranger@new.example")
    );
}

#[test]
fn mail_is_filed_under_the_party_that_owns_the_address() {
    let lan = redflag_domain::Party {
        id: "c-lan".into(),
        name: "Lan's company".into(),
        role: Role::Client,
        lang: None,
        timezone: None,
        emails: vec!["LAN@client.example".into()],
        phones: vec![],
        since: None,
        tags: vec![],
    };
    let mut ctx = me().with_parties([&lan]);
    let out = run(&Mbox, &fixture("takeout.mboxrd"), &mut ctx);
    let parties: Vec<&str> = out
        .messages()
        .iter()
        .map(|(e, _)| e.party.as_str())
        .collect();
    assert_eq!(
        parties,
        ["c-lan", "c-lan", "email:stranger@new.example", "c-lan"]
    );
}

#[test]
fn mboxrd_escapes_are_undone_and_unescaped_from_lines_stay_in_the_body() {
    let out = run(&Mbox, &fixture("takeout.mboxrd"), &mut me());
    let text = out.messages()[0].1.text.clone().unwrap();
    assert!(
        text.contains("\nFrom the brief: make it pop\n>From a quote in a quote"),
        "{text}"
    );
    assert!(
        text.ends_with("From Russia with love\nYear: 1963"),
        "{text}"
    );
}

#[test]
fn mimekit_unmunged_mbox_holds_two_messages_and_simple_mbox_three() {
    let count = |name: &str| {
        let bytes = std::fs::read(shared(name)).unwrap();
        Splitter::new(&bytes[..])
            .map(|i| match i {
                MboxItem::Message(m) => m,
                other => panic!("{name}: {other:?}"),
            })
            .collect::<Vec<_>>()
    };
    let unmunged = count("mimekit/unmunged.mbox");
    assert_eq!(unmunged.len(), 2);
    for m in &unmunged {
        let f = read_message(&m.bytes).unwrap();
        assert!(f.text.contains("From Russia with love"), "{:?}", f.text);
    }
    assert_eq!(count("mimekit/simple.mbox").len(), 3);
    // Without a Date header the messages cannot be placed in time: reported, not guessed.
    let out = run(
        &Mbox,
        &std::fs::read(shared("mimekit/unmunged.mbox")).unwrap(),
        &mut me(),
    );
    assert_eq!(out.bad.len(), 2);
    assert!(
        out.bad[1].starts_with("message 2 (byte 242): no usable Date"),
        "{:?}",
        out.bad
    );
}

#[test]
fn a_maildir_message_is_read_like_an_eml_and_recognised_by_its_name() {
    let raw = fixture("maildir/cur/1741140000.M1P1.host:2,S");
    assert_eq!(
        MaildirMessage.sniff(Some("cur/1741140000.M1P1.host:2,S"), &raw),
        redflag_import::Confidence::Content
    );
    assert_eq!(
        MaildirMessage.sniff(Some("x.eml"), &raw),
        redflag_import::Confidence::No
    );
    let out = run(&MaildirMessage, &raw, &mut me());
    assert_eq!(out.messages()[0].0.id.as_str(), "md1@client.example");
}

#[test]
fn a_message_without_message_id_gets_a_stable_id() {
    let mail = b"From: a@b.example\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\nSubject: hi\r\n\r\nhello\r\n";
    let a = run(&Eml, mail, &mut me());
    let b = run(&Eml, mail, &mut me());
    let id = a.messages()[0].0.id.clone();
    assert!(id.as_str().starts_with("mail-"), "{id}");
    assert_eq!(id, b.messages()[0].0.id);
}

#[test]
fn mail_without_an_address_outside_ours_is_skipped() {
    let mail = b"From: me@studio.example\r\nTo: me@studio.example\r\nDate: Mon, 3 Mar 2025 10:00:00 +0000\r\n\r\nnote to self\r\n";
    let out = run(&Eml, mail, &mut me());
    assert_eq!(out.skipped, [Skip::NoCounterparty]);
}

#[test]
fn garbage_is_a_bad_item_not_a_panic() {
    let out = run(&Eml, b"\x00\x01\x02 not mail", &mut me());
    assert_eq!(out.bad.len(), 1, "{out:?}");
    let out = run(&Mbox, b"hello\nFrom - \nFrom: a@b\n\nx\n", &mut me());
    assert!(
        out.bad[0].contains("text before the first"),
        "{:?}",
        out.bad
    );
}
