//! No input makes an importer panic: random bytes, and the fixtures with bytes flipped, cut,
//! duplicated or spliced together, through every format.

mod common;

use common::{Collect, fixture, shared};
use proptest::prelude::*;
use redflag_import::{Context, formats};

fn seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = [
        "vi-windows-1258.eml",
        "vi-qp-utf8.eml",
        "vi-base64.eml",
        "th-tis620.eml",
        "html-only.eml",
        "reply-vi.eml",
        "reply-th.eml",
        "takeout.mboxrd",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect();
    for f in [
        "mimekit/simple.mbox",
        "mimekit/unmunged.mbox",
        "mail-parser/malformed/001.eml",
        "mail-parser/thirdparty/005.eml",
    ] {
        if let Ok(b) = std::fs::read(shared(f)) {
            out.push(b);
        }
    }
    out.push(br#"{"kind":"party","id":"c1","name":"A","role":"client"}"#.to_vec());
    // Chats: the project's fixtures and chat-miner's.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [
        root.join("fixtures/chat"),
        root.join("../../../shared/fixtures/chat/chat-miner/whatsapp"),
        root.join("../../../shared/fixtures/chat/chat-miner/telegram"),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        out.extend(files.iter().filter_map(|f| std::fs::read(f).ok()));
    }
    out
}

fn import_everywhere(bytes: &[u8]) {
    for format in formats() {
        let mut ctx = Context::new().with_me(["me@studio.example"]);
        let mut sink = Collect::default();
        let _ = format.sniff(Some("x.eml"), bytes);
        format
            .import(&mut &bytes[..], &mut ctx, &mut sink)
            .expect("in-memory input cannot fail to read");
    }
    let _ = redflag_import::detect(None, bytes);
    let _ = redflag_import::text::decode(bytes);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        import_everywhere(&bytes);
    }

    #[test]
    fn random_mail_like_text_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("From - Mon Jul 11 12:08:34 2011".to_string()),
                Just(">From x".to_string()),
                Just(String::new()),
                Just("Content-Type: multipart/mixed; boundary=\"b\"".to_string()),
                Just("--b".to_string()),
                Just("Content-Transfer-Encoding: base64".to_string()),
                Just("Date: Mon, 31 Feb 2025 25:61:00 +9999".to_string()),
                Just("From: =?utf-8?B?////?= <a@b>".to_string()),
                "[ -~]{0,40}".prop_map(|s| s),
                "\\PC{0,20}".prop_map(|s| s),
            ],
            0..60,
        ),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        import_everywhere(text.as_bytes());
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..64,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..12),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[which % seeds.len()].clone();
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.truncate(i),
                2 => bytes.insert(i, byte),
                _ => {
                    let other = &seeds[usize::from(byte) % seeds.len()];
                    let tail = other[at.index(other.len())..].to_vec();
                    bytes.truncate(i);
                    bytes.extend_from_slice(&tail);
                }
            }
        }
        import_everywhere(&bytes);
    }
}
