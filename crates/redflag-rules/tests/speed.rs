//! A quick timing of the review on synthetic data. Ignored by default; run with
//! `cargo test --release -p redflag-rules --test speed -- --ignored --nocapture`
//! (`REDFLAG_BENCH_EVENTS` sets the number of events, 1,000,000 by default).

use std::time::Instant;

use redflag_domain::jiff::civil::Date;
use redflag_domain::*;
use redflag_rules::{Policy, Reviewer};

fn synthetic(parties: usize, per_party: usize) -> Vec<(Party, Vec<Event>)> {
    let start = At::parse("2024-01-01T00:00:00+07:00").unwrap().to_parts().0;
    let mut out = Vec::with_capacity(parties);
    for p in 0..parties {
        let id = PartyId::new(format!("p-{p:05}"));
        let party = Party {
            id: id.clone(),
            name: format!("Party {p}"),
            role: if p % 10 == 0 {
                Role::Prospect
            } else {
                Role::Client
            },
            lang: None,
            timezone: None,
            emails: vec![],
            phones: vec![],
            since: None,
            tags: vec![],
        };
        let mut events = Vec::with_capacity(per_party);
        let step = (550 * 86_400) / per_party as i64;
        for k in 0..per_party {
            let at = At::from_parts(
                start + k as i64 * step + (p as i64 % 7) * 3_600,
                Some(25_200),
            )
            .unwrap();
            let mut signals = SignalSet::EMPTY;
            if (k + p) % 97 == 0 {
                signals.insert(Signal::ALL[(k / 97 + p) % Signal::ALL.len()]);
            }
            let body = match k % 10 {
                0..=3 => EventBody::Message(Message {
                    direction: if k % 2 == 0 {
                        Direction::In
                    } else {
                        Direction::Out
                    },
                    channel: Channel::Email,
                    author: None,
                    subject: None,
                    thread: None,
                    text: None,
                    signals,
                    hits: vec![],
                    classifier: None,
                }),
                4 | 5 => EventBody::Call(Call {
                    direction: Direction::In,
                    duration_s: 120,
                    author: None,
                }),
                6 | 7 => EventBody::Time(TimeEntry {
                    minutes: 45,
                    billable: k % 3 != 0,
                    activity: if k % 4 == 0 {
                        Activity::Communication
                    } else {
                        Activity::Delivery
                    },
                    author: None,
                }),
                8 => EventBody::Invoice(Invoice {
                    due: at.local_date(&redflag_domain::jiff::tz::TimeZone::UTC),
                    amount: Money::new(Decimal::from(500 + p as i64), Currency::USD),
                    status: InvoiceStatus::Open,
                }),
                _ => EventBody::Meeting(Meeting {
                    duration_min: 30,
                    status: MeetingStatus::Held,
                    by: None,
                }),
            };
            events.push(Event {
                id: EventId::new(format!("e-{p}-{k}")),
                party: id.clone(),
                at,
                tags: vec![],
                body,
            });
        }
        out.push((party, events));
    }
    out
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn review_speed_on_synthetic_data() {
    let total: usize = std::env::var("REDFLAG_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let parties = (total / 1000).max(1);
    let data = synthetic(parties, total / parties);
    let policy = Policy::default();
    let as_of: Date = "2025-06-30".parse().unwrap();
    let t = Instant::now();
    let mut r = Reviewer::new(&policy, as_of);
    for (party, events) in &data {
        r.add_party(party, events);
    }
    let review = r.finish();
    let elapsed = t.elapsed();
    let flags: usize = review.parties.iter().map(|p| p.flags.len()).sum();
    println!(
        "reviewed {} parties, {} events in {:.3} s ({:.0} ns/event), {flags} flags",
        review.parties.len(),
        total,
        elapsed.as_secs_f64(),
        elapsed.as_nanos() as f64 / total as f64
    );
    assert_eq!(review.parties.len(), parties);
}
