//! No calendar or phone-log input makes an importer panic: random bytes, and the project's and
//! collective/icalendar's calendars and the Android backups with bytes flipped, cut, duplicated
//! or spliced together.

mod common;

use common::Collect;
use proptest::prelude::*;
use redflag_import::{AndroidCalls, AndroidSms, Context, Format, Ics};

fn seeds() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for rel in [
        "fixtures/calendar/google-export.ics",
        "fixtures/calendar/outlook-invite-se-asia.ics",
        "fixtures/calls/calls.xml",
        "fixtures/calls/sms.xml",
        "../../../shared/fixtures/calendar/icalendar/america_new_york.ics",
        "../../../shared/fixtures/calendar/icalendar/pacific_fiji.ics",
        "../../../shared/fixtures/calendar/icalendar/timezone_same_start.ics",
        "../../../shared/fixtures/calendar/icalendar/rfc_5545_RDATE_example.ics",
    ] {
        if let Ok(b) = std::fs::read(root.join(rel)) {
            out.push(b);
        }
    }
    out
}

fn import_all(bytes: &[u8]) {
    let formats: [&dyn Format; 3] = [&Ics, &AndroidCalls, &AndroidSms];
    for f in formats {
        let mut ctx = Context::new().with_me(["me@studio.example"]);
        let mut sink = Collect::default();
        let _ = f.sniff(Some("x.ics"), bytes);
        f.import(&mut &bytes[..], &mut ctx, &mut sink)
            .expect("in-memory input cannot fail to read");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        import_all(&bytes);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..8,
        other in 0usize..8,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..12),
    ) {
        let seeds = seeds();
        prop_assume!(!seeds.is_empty());
        let mut b = seeds[which % seeds.len()].clone();
        for (at, byte, op) in edits {
            if b.is_empty() {
                break;
            }
            let i = at.index(b.len());
            match op {
                0 => b[i] = byte,
                1 => b.truncate(i),
                2 => {
                    let dup = b[i..].to_vec();
                    b.splice(i..i, dup.into_iter().take(64));
                }
                _ => {
                    let s = &seeds[other % seeds.len()];
                    let j = at.index(s.len().max(1)).min(s.len());
                    b.splice(i..i, s[j..].iter().copied().take(200));
                }
            }
        }
        import_all(&b);
    }

    #[test]
    fn random_rules_and_zones_never_panic(
        freq in prop_oneof![Just("DAILY"), Just("WEEKLY"), Just("MONTHLY"), Just("YEARLY"), Just("HOURLY"), Just("X")],
        interval in 0i64..400,
        count in 0i64..3000,
        byday in "(-?[0-9]{0,2}(MO|TU|WE|TH|FR|SA|SU),?){0,3}",
        bymonthday in -40i32..40,
        bymonth in 0i32..14,
        tz in prop_oneof![Just("Asia/Bangkok"), Just("SE Asia Standard Time"), Just("Nowhere"), Just("(UTC+07:00) x"), Just("UTC+99")],
        year in 0u32..10000,
    ) {
        let ics = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nORGANIZER:mailto:a@b.c\r\n\
             DTSTART;TZID={tz}:{year:04}0131T100000\r\n\
             RRULE:FREQ={freq};INTERVAL={interval};COUNT={count};BYDAY={byday};BYMONTHDAY={bymonthday};BYMONTH={bymonth}\r\n\
             END:VEVENT\r\nEND:VCALENDAR\r\n"
        );
        import_all(ics.as_bytes());
    }
}
