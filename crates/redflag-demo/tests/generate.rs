//! Properties of the generated demo data.

use std::collections::{HashMap, HashSet};

use redflag_demo::{DemoConfig, expectations, generate};
use redflag_domain::jiff::ToSpan;
use redflag_domain::jiff::civil::{Date, date};
use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::*;

fn cfg(seed: u64) -> DemoConfig {
    DemoConfig::new(seed, date(2025, 6, 30))
}

#[test]
fn same_seed_same_records() {
    let a: Vec<Record> = generate(&cfg(7)).collect();
    let b: Vec<Record> = generate(&cfg(7)).collect();
    assert_eq!(a, b);
}

#[test]
fn different_seeds_differ() {
    let a: Vec<Record> = generate(&cfg(1)).collect();
    let b: Vec<Record> = generate(&cfg(2)).collect();
    assert_ne!(a, b);
}

#[test]
fn workspace_first_then_parties_with_three_languages() {
    let records: Vec<Record> = generate(&cfg(3)).collect();
    let Record::Workspace(ws) = &records[0] else {
        panic!("the first record is the workspace line")
    };
    assert_eq!(ws.currency, Some(Currency::VND));
    assert_eq!(ws.timezone.as_deref(), Some("Asia/Ho_Chi_Minh"));
    assert_eq!(
        records[1..]
            .iter()
            .filter(|r| matches!(r, Record::Workspace(_)))
            .count(),
        0
    );
    let parties: Vec<&Party> = records
        .iter()
        .filter_map(|r| match r {
            Record::Party(p) => Some(p),
            _ => None,
        })
        .collect();
    assert!(parties.len() >= 40);
    for lang in [Lang::Vi, Lang::Th, Lang::En] {
        assert!(
            parties.iter().filter(|p| p.lang == Some(lang)).count() >= 8,
            "{lang}"
        );
    }
    // Vietnamese is written both with and without diacritics.
    let texts: Vec<&str> = records
        .iter()
        .filter_map(|r| match r {
            Record::Event(Event {
                body: EventBody::Message(m),
                ..
            }) if m.direction == Direction::In => m.text.as_deref(),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t.contains("giam gia")));
    assert!(texts.iter().any(|t| t.contains("Cảm ơn")));
    assert!(texts.iter().any(|t| t.contains("ค่ะ")));
    assert!(texts.iter().any(|t| t.contains("Thanks")));
}

#[test]
fn a_third_healthy_and_every_flag_expected_somewhere() {
    let c = cfg(4);
    let ex = expectations(&c);
    assert_eq!(ex.len(), c.parties);
    let healthy = ex.iter().filter(|e| e.healthy).count();
    assert!(healthy * 3 >= ex.len(), "{healthy} healthy of {}", ex.len());
    for e in &ex {
        if e.healthy {
            assert!(e.flags.is_empty());
            assert_eq!(e.recommendation, Recommendation::Keep);
        }
    }
    let covered: HashSet<FlagId> = ex.iter().flat_map(|e| e.flags.iter().copied()).collect();
    for f in FlagId::ALL {
        assert!(covered.contains(f), "no persona raises {f}");
    }
    // The expectations name the generated parties.
    let ids: HashSet<String> = generate(&c)
        .filter_map(|r| match r {
            Record::Party(p) => Some(p.id.to_string()),
            _ => None,
        })
        .collect();
    for e in &ex {
        assert!(ids.contains(e.party.as_str()));
    }
}

fn check_integrity(c: &DemoConfig) -> usize {
    let tz = TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
    let first: Date = c.as_of.checked_sub((c.months as i64).months()).unwrap();
    let mut parties = HashSet::new();
    let mut ids: HashMap<EventKind, HashSet<String>> = HashMap::new();
    let mut invoices = HashSet::new();
    let mut events = 0;
    for r in generate(c) {
        match r {
            Record::Workspace(_) => {}
            Record::Party(p) => assert!(parties.insert(p.id.to_string()), "party {}", p.id),
            Record::Event(e) => {
                events += 1;
                assert!(
                    parties.contains(e.party.as_str()),
                    "{} before its party",
                    e.id
                );
                assert!(
                    ids.entry(e.kind()).or_default().insert(e.id.to_string()),
                    "duplicate {} id {}",
                    e.kind(),
                    e.id
                );
                let At::Instant { offset, .. } = e.at else {
                    panic!("{} has a bare date", e.id)
                };
                assert_eq!(offset.seconds(), 7 * 3600);
                let day = e.at.local_date(&tz);
                assert!(day >= first && day <= c.as_of, "{} on {day}", e.id);
                match &e.body {
                    EventBody::Invoice(_) => {
                        invoices.insert(e.id.to_string());
                    }
                    EventBody::Payment(p) => {
                        assert!(
                            invoices.contains(p.invoice.as_str()),
                            "{} pays {}",
                            e.id,
                            p.invoice
                        )
                    }
                    EventBody::Message(m) => {
                        assert!(m.signals.is_empty() && m.hits.is_empty());
                        assert!(m.text.as_deref().is_some_and(|t| !t.is_empty()));
                    }
                    _ => {}
                }
            }
        }
    }
    assert_eq!(parties.len(), c.parties);
    events
}

#[test]
fn ids_unique_parties_first_payments_after_invoices_times_in_window() {
    for (seed, as_of) in [
        (1, date(2025, 6, 30)),
        (9, date(2024, 2, 29)),
        (11, date(2026, 1, 4)),
    ] {
        let mut c = DemoConfig::new(seed, as_of);
        c.parties = 100; // the roster repeats past 48, with new ids
        let n = check_integrity(&c);
        assert!(n > 20_000, "{n} events");
    }
}

#[test]
fn streams_two_hundred_thousand_events() {
    let mut c = cfg(5);
    c.parties = 200;
    c.events_per_party = Some(1_000);
    let mut events = 0usize;
    let mut parties = 0usize;
    for r in generate(&c) {
        match r {
            Record::Event(_) => events += 1,
            Record::Party(_) => parties += 1,
            Record::Workspace(_) => {}
        }
    }
    assert_eq!(parties, 200);
    assert!((200_000..=205_000).contains(&events), "{events}");
}

/// `cargo test --release -p redflag-demo -- --ignored --nocapture ten_million`
#[test]
#[ignore = "benchmark: 10,000 parties x 1,000 events"]
fn ten_million_events() {
    let mut c = cfg(1);
    c.parties = 10_000;
    c.events_per_party = Some(1_000);
    let start = std::time::Instant::now();
    let events = generate(&c)
        .filter(|r| matches!(r, Record::Event(_)))
        .count();
    let took = start.elapsed();
    println!("{events} events in {took:.2?}");
    assert!(events >= 10_000_000);
}
