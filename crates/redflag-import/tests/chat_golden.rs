//! The peer suite for chats: every WhatsApp and Telegram file of chat-miner's tests
//! (`shared/fixtures/chat/chat-miner`) must give the messages of the `target.json` beside it,
//! compared on the fields redflag keeps: time (the file's wall clock; Telegram's in UTC),
//! author and text (whitespace runs compared as one space: chat-miner joins continuation lines
//! with a space, redflag keeps the line break). A message missing, extra or different is a
//! disagreement; each one judged to be the peer's quirk is listed with a reason in
//! `tests/chat-golden-allow.txt`, anything else fails, and so does an allowed entry that no
//! longer disagrees. The count of agreeing messages is printed (`--nocapture`).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::Collect;
use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::{At, EventBody, Record};
use redflag_import::{Context, Format, Telegram, WhatsApp};
use serde_json::Value;

fn peer_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/chat/chat-miner")
}

/// (time, author, text) as the peer writes them.
type Msg = (String, String, String);

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ours(format: &dyn Format, bytes: &[u8]) -> Vec<Msg> {
    let mut ctx = Context::new();
    ctx.timezone = TimeZone::UTC;
    // The peer's files are group chats without our side: file them under one party.
    ctx.party = Some("peer".into());
    let mut sink = Collect::default();
    format
        .import(&mut &bytes[..], &mut ctx, &mut sink)
        .expect("a collecting sink never stops");
    assert!(sink.bad.is_empty(), "{:?}", sink.bad);
    sink.records
        .iter()
        .filter_map(|(_, r)| match r {
            Record::Event(e) => match (&e.body, e.at) {
                (EventBody::Message(m), At::Instant { ts, .. }) => Some((
                    ts.to_zoned(TimeZone::UTC)
                        .datetime()
                        .strftime("%Y-%m-%dT%H:%M:%S")
                        .to_string(),
                    m.author.clone().unwrap_or_default(),
                    squash(m.text.as_deref().unwrap_or("")),
                )),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn target(dir: &Path) -> Vec<Msg> {
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.join("target.json")).unwrap()).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["timestamp"].as_str().unwrap().to_owned(),
                m["author"].as_str().unwrap().to_owned(),
                squash(m["message"].as_str().unwrap()),
            )
        })
        .collect()
}

fn allowed() -> BTreeSet<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/chat-golden-allow.txt"),
    )
    .unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (key, reason) = l.split_once(" : ").expect("`key : reason` on every line");
            assert!(!reason.trim().is_empty(), "no reason for {key}");
            key.trim().to_owned()
        })
        .collect()
}

#[test]
fn chat_miner_whatsapp_and_telegram_files_give_the_target_messages() {
    if !peer_dir().exists() {
        panic!("the shared fixtures are missing: {}", peer_dir().display());
    }
    let mut disagreements = BTreeSet::new();
    let (mut agree, mut total) = (0, 0);
    for (folder, format) in [
        ("whatsapp", &WhatsApp as &dyn Format),
        ("telegram", &Telegram as &dyn Format),
    ] {
        let dir = peer_dir().join(folder);
        let expected = target(&dir);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap() != "target.json")
            .collect();
        files.sort();
        assert!(!files.is_empty());
        for file in files {
            let name = format!("{folder}/{}", file.file_name().unwrap().to_string_lossy());
            let bytes = std::fs::read(&file).unwrap();
            assert!(
                format.sniff(Some(&name), &bytes) == redflag_import::Confidence::Content,
                "{name} is not recognised as {}",
                format.id()
            );
            let got = ours(format, &bytes);
            for m in &expected {
                total += 1;
                if got.contains(m) {
                    agree += 1;
                    continue;
                }
                // The same time and author with another text is a text disagreement.
                match got.iter().find(|g| g.0 == m.0 && g.1 == m.1) {
                    Some(g) => {
                        disagreements.insert(format!("{name} {} text", m.0));
                        eprintln!("{name} {}: text {:?}, peer {:?}", m.0, g.2, m.2);
                    }
                    None => {
                        disagreements.insert(format!("{name} {} missing", m.0));
                    }
                }
            }
            for g in &got {
                if !expected.iter().any(|m| m.0 == g.0 && m.1 == g.1) {
                    disagreements.insert(format!("{name} {} extra", g.0));
                }
            }
        }
    }
    println!("chat-miner: {agree} of {total} messages agree");
    let allowed = allowed();
    let unexplained: Vec<_> = disagreements.difference(&allowed).collect();
    let stale: Vec<_> = allowed.difference(&disagreements).collect();
    assert!(
        unexplained.is_empty(),
        "disagreements not in tests/chat-golden-allow.txt: {unexplained:#?}"
    );
    assert!(
        stale.is_empty(),
        "allowed disagreements that agree now (remove them): {stale:#?}"
    );
}
