//! Puts synthetic events into a file-backed SQLite store in one import, then scans it.
//!
//! ```text
//! cargo run --release --example put_bench -p redflag-store-sqlite [EVENTS] [PARTIES] [KEEP_DIR]
//! ```
//!
//! Defaults: 1,000,000 events over 5,000 parties, in time order across parties (as a
//! mailbox import arrives), a mix of kinds; messages carry a short text and signal bits.

use std::time::Instant;

use redflag_domain::*;
use redflag_store::{ScanQuery, Store};
use redflag_store_sqlite::SqliteStore;

fn party(i: usize) -> Party {
    Party {
        id: PartyId::new(format!("p{i:05}")),
        name: format!("Party {i}"),
        role: if i.is_multiple_of(3) {
            Role::Prospect
        } else {
            Role::Client
        },
        lang: Some(Lang::Vi),
        timezone: None,
        emails: vec![format!("p{i}@example.com")],
        phones: vec![],
        since: None,
        tags: vec![],
    }
}

fn event(n: usize, parties: usize) -> Event {
    let party = PartyId::new(format!("p{:05}", (n * 7919) % parties));
    let at = At::from_parts(1_700_000_000 + n as i64 * 30, Some(7 * 3600)).expect("in range");
    let usd = |s: &str| Money::new(parse_decimal(s).expect("decimal"), Currency::USD);
    let (id, body) = match n % 10 {
        0..=4 => (
            format!("m{n:07}"),
            EventBody::Message(Message {
                direction: if n.is_multiple_of(2) {
                    Direction::In
                } else {
                    Direction::Out
                },
                channel: Channel::Email,
                author: Some("Lan".into()),
                subject: Some(format!("Re: project update {}", n % 100)),
                thread: Some(format!("t{}", n / 8)),
                text: Some(
                    "Chào anh, bên em gửi lại báo giá. Anh xem giúp em nhé, cảm ơn anh nhiều."
                        .into(),
                ),
                signals: SignalSet::from_bits((n % 7) as u32),
                hits: vec![],
                classifier: Some("bench-1".into()),
            }),
        ),
        5 => (
            format!("c{n:07}"),
            EventBody::Call(Call {
                direction: Direction::In,
                duration_s: (n % 600) as u32,
                author: None,
            }),
        ),
        6 | 7 => (
            format!("t{n:07}"),
            EventBody::Time(TimeEntry {
                minutes: 30,
                billable: !n.is_multiple_of(3),
                activity: Activity::Delivery,
                author: Some("An".into()),
            }),
        ),
        8 => (
            format!("i{n:07}"),
            EventBody::Invoice(Invoice {
                due: "2024-01-31".parse().expect("date"),
                amount: usd("1500.00"),
                status: InvoiceStatus::Open,
            }),
        ),
        _ => (
            format!("y{n:07}"),
            EventBody::Payment(Payment {
                invoice: EventId::new(format!("i{:07}", n - 1)),
                amount: usd("1500.00"),
            }),
        ),
    };
    Event {
        id: EventId::new(id),
        party,
        at,
        tags: vec![],
        body,
    }
}

/// This process's CPU time (user + system) in seconds, from `/proc/self/stat` (Linux; 0 elsewhere).
/// Other builds on the machine inflate wall time; CPU time shows what the store itself costs.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

/// Wall and CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let out = f();
    (out, wall.elapsed().as_secs_f64(), cpu_seconds() - cpu)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let events: usize = args
        .next()
        .map_or(1_000_000, |a| a.parse().expect("EVENTS"));
    let parties: usize = args.next().map_or(5_000, |a| a.parse().expect("PARTIES"));
    // A third argument keeps the store in that folder (to compare with `sqlite3 .import`).
    let kept = args.next().map(std::path::PathBuf::from);
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = kept.unwrap_or_else(|| tmp.path().to_owned());
    let path = dir.join("bench.db");
    let mut store = SqliteStore::open(&path).expect("open");

    let ((), gen_wall, gen_cpu) = timed(|| {
        for n in 0..events {
            std::hint::black_box(event(n, parties));
        }
    });

    let (commit, put_wall, put_cpu) = timed(|| {
        let mut tx = store.begin().expect("begin");
        for i in 0..parties {
            tx.put(&Record::Party(party(i))).expect("put party");
        }
        for n in 0..events {
            tx.put(&Record::Event(event(n, parties)))
                .expect("put event");
        }
        let started = Instant::now();
        tx.commit().expect("commit");
        started.elapsed().as_secs_f64()
    });

    let ((), reput_wall, reput_cpu) = timed(|| {
        let mut tx = store.begin().expect("begin");
        for n in 0..events {
            tx.put(&Record::Event(event(n, parties)))
                .expect("put event");
        }
        tx.commit().expect("commit");
    });

    let mut scan = |with_text: bool| {
        let query = ScanQuery {
            kind: None,
            before: None,
            party: None,
            text: if with_text {
                redflag_store::TextScope::All
            } else {
                redflag_store::TextScope::None
            },
        };
        let (mut seen_parties, mut seen_events, mut largest) = (0usize, 0usize, 0usize);
        let ((), wall, cpu) = timed(|| {
            store
                .scan(&query, &mut |_, list| {
                    seen_parties += 1;
                    seen_events += list.len();
                    largest = largest.max(list.len());
                    Ok(())
                })
                .expect("scan")
        });
        assert_eq!((seen_parties, seen_events), (parties, events));
        (wall, cpu, largest)
    };
    let (plain_wall, plain_cpu, largest) = scan(false);
    let (text_wall, text_cpu, _) = scan(true);

    let size: u64 = std::fs::read_dir(&dir)
        .expect("folder")
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .sum();
    println!(
        "{events} events, {parties} parties (largest {largest} events), files {:.0} MB",
        size as f64 / 1e6
    );
    println!("                                  wall      cpu");
    let line = |what: &str, wall: f64, cpu: f64| println!("{what:<30} {wall:6.2} s {cpu:6.2} s");
    line("generate records only", gen_wall, gen_cpu);
    line("put, one import (+ commit)", put_wall, put_cpu);
    println!("  of which commit              {commit:6.2} s");
    line("re-put, all unchanged", reput_wall, reput_cpu);
    line("scan without text", plain_wall, plain_cpu);
    line("scan with text", text_wall, text_cpu);
}
