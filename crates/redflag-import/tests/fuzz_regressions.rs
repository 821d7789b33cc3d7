//! Inputs the fuzz targets in `fuzz/` found making an importer panic, each through the format
//! (and the context) that panicked. See `fuzz/README.md`.

mod common;

use common::Collect;
use redflag_import::{Context, by_id};

/// Imports `bytes` as the format `id` with and without `--me`; must neither panic nor fail.
fn import(id: &str, bytes: &[u8]) -> Collect {
    let format = by_id(id).expect("a format");
    let mut sink = Collect::default();
    format
        .import(&mut &bytes[..], &mut Context::new(), &mut sink)
        .expect("in-memory input cannot fail to read");
    let mut ctx = Context::new().with_me(["me@studio.example"]);
    format
        .import(&mut &bytes[..], &mut ctx, &mut Collect::default())
        .expect("in-memory input cannot fail to read");
    sink
}

/// fuzz target `eml` (and `maildir-message`): a `message/rfc822` part whose body is only
/// another `Content-Type: message/rfc822` header, closed by the outer boundary, made
/// mail-parser 0.11 hit its own `debug_assert!(false, "Invalid part ID, could not find
/// multipart.")` in debug builds (release builds recover and go on).
#[test]
fn a_message_part_holding_only_a_message_header_then_the_closing_boundary() {
    let mail = b"Content-Type:multipart; boundary=\"b\"\n\n--b:Content-Type:message/rfc822\n\n\
                 Content-Type:message/rfc822\n\n\n--b--";
    for id in ["eml", "maildir-message"] {
        import(id, mail);
    }
    let mut mbox = b"From x@y Mon Jul 11 12:08:34 2011\n".to_vec();
    mbox.extend_from_slice(mail);
    import("mbox", &mbox);
}

/// fuzz target `ics`: an ORGANIZER or ATTENDEE value whose 7th byte falls inside a character
/// (`ma` and a no-break space) was sliced at byte 7 to look for `mailto:`.
#[test]
fn an_attendee_whose_seventh_byte_is_inside_a_character() {
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART:20250303T090000Z\r\n\
               ORGANIZER:ma\u{a0}\u{a0}lto:a@b.c\r\nATTENDEE:\u{e9}\u{e9}\u{e9}\u{e9}x@y.z\r\n\
               END:VEVENT\r\nEND:VCALENDAR\r\n";
    import("ics", ics.as_bytes());
}
