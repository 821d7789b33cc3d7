//! Inputs the fuzz targets in `fuzz/` found making an importer panic, each through the format
//! (and the context) that panicked. See `fuzz/README.md`.

mod common;

use common::Collect;
use redflag_domain::{EventBody, Record};
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

/// fuzz targets `toggl` and `harvest`: a duration in decimal hours of 27 or more digits
/// overflowed the decimal multiplication into seconds (`Decimal`'s `*` panics on overflow).
#[test]
fn a_duration_too_large_for_a_decimal_is_not_a_panic() {
    // Toggl: the row's start and end times still give its length.
    let toggl = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,\
                 End date,End time,Duration,Tags,Amount (USD)\n\
                 Minh,m@x.example,ACME,Web,,Call,No,2025-03-03,14:00:00,2025-03-03,14:45:00,\
                 777777777777777777777777777,,0.00\n";
    let sink = import("toggl", toggl.as_bytes());
    let minutes: Vec<u32> = sink
        .records
        .iter()
        .filter_map(|(_, r)| match r {
            Record::Event(e) => match &e.body {
                EventBody::Time(t) => Some(t.minutes),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(minutes, [45], "{:?}", sink.records);
    // Harvest has only the hours: the row is bad, named, and nothing else is lost.
    let harvest = "Date;Client;Project;Project Code;Task;Notes;Hours;Hours Rounded;Billable?;\
                   Invoiced?;Approved?;First Name;Last Name;Employee Id;Roles;Employee?;\
                   Billable Rate;Billable Amount;Cost Rate;Cost Amount;Currency\n\
                   2025-03-10;ACME;Web;W-01;Design;Notes;7999999999999999999999999999;7,5;Yes;No;\
                   Yes;Somchai;Jaidee;;;Yes;1500;2250;800;1200;Thai Baht - THB\n";
    let sink = import("harvest", harvest.as_bytes());
    assert!(
        sink.records
            .iter()
            .all(|(_, r)| !matches!(r, Record::Event(_))),
        "{:?}",
        sink.records
    );
    assert_eq!(sink.bad.len(), 1, "{:?}", sink.bad);
}

/// Found while fixing the above (the same `Decimal` arithmetic, in an invoice export): line
/// amounts whose sum, or a quantity times a unit price, does not fit a decimal.
#[test]
fn invoice_lines_too_large_to_add_up_are_a_bad_invoice_not_a_panic() {
    let head = "ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,Description,Quantity,\
                UnitAmount,LineAmount,Currency,Type,Status\n";
    let sum = format!(
        "{head}A,INV-1,05/03/2025,19/03/2025,,x,1,1,70000000000000000000000000000,THB,\
         Sales invoice,Sent\n\
         A,INV-1,05/03/2025,19/03/2025,,y,1,1,70000000000000000000000000000,THB,\
         Sales invoice,Sent\n"
    );
    let product = format!(
        "{head}A,INV-2,05/03/2025,19/03/2025,,x,100000000000000000000,100000000000000000000,,\
         THB,Sales invoice,Sent\n"
    );
    for csv in [sum, product] {
        let sink = import("xero", csv.as_bytes());
        assert!(
            sink.records
                .iter()
                .all(|(_, r)| !matches!(r, Record::Event(_))),
            "{csv}\n{:?}",
            sink.records
        );
        assert_eq!(sink.bad.len(), 1, "{csv}\n{:?}", sink.bad);
    }
}
