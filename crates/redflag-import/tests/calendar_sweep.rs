//! Every calendar of collective/icalendar's test suite (`shared/fixtures/calendar/icalendar`)
//! either imports or is refused with a one-line message naming its position; none panics.

mod common;

use std::path::PathBuf;

use common::Collect;
use redflag_domain::{EventBody, Record};
use redflag_import::{Context, Format, Ics};

fn corpus() -> Vec<PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/calendar/icalendar");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ics" || x == "jcal"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_calendar_fixture_imports_or_is_refused_with_a_position_and_none_panics() {
    let files = corpus();
    assert!(files.len() >= 120, "only {} calendar fixtures", files.len());
    let (mut imported, mut refused, mut meetings) = (0, 0, 0);
    let mut report = String::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let result = std::panic::catch_unwind(|| {
            let mut ctx = Context::new().with_me(["me@studio.example"]);
            let mut sink = Collect::default();
            Ics.import(&mut &bytes[..], &mut ctx, &mut sink)
                .expect("in-memory input cannot fail to read");
            sink
        });
        let sink = result.unwrap_or_else(|_| panic!("{name}: the importer panicked"));
        let n = sink
            .records
            .iter()
            .filter(
                |(_, r)| matches!(r, Record::Event(e) if matches!(e.body, EventBody::Meeting(_))),
            )
            .count();
        if let Some(first) = sink.bad.first() {
            refused += 1;
            assert!(
                first.starts_with("line ") && !first.contains('\n'),
                "{name}: the message must be one line naming the position: {first:?}"
            );
            report.push_str(&format!("refused  {name}: {first}\n"));
        } else {
            imported += 1;
            meetings += n;
            report.push_str(&format!(
                "imported {name}: {n} meetings, {} skipped\n",
                sink.skipped.len()
            ));
        }
    }
    println!("{report}{imported} imported ({meetings} meetings), {refused} refused");
    assert_eq!(imported + refused, files.len());
}
