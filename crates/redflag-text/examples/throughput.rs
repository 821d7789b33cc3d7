//! Rough single-core throughput: classifies messages repeatedly and prints MB/s.
//!
//! ```text
//! cargo run --release -p redflag-text --example throughput [-- --model]
//! cargo run --release -p redflag-text --example throughput -- --train mix|vi|th|en [--rounds N]
//! ```
//!
//! Without `--train`: six mixed messages, 20,000 rounds. With `--train`: every message of the
//! corpus's train split (or of one language), as the criterion bench uses them, `--rounds` times
//! (default 50; `--rounds 1` under `valgrind --tool=callgrind` gives an instruction count).
//! `--model`: patterns plus the trained model (`Classifier::with_trained_model`).
use std::time::Instant;

use redflag_domain::Lang;

const TRAIN: &str = include_str!("../corpus/train.jsonl");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let messages = [
        "Anh ơi, mình dời cuộc họp sang thứ Năm được không ạ? Anh có việc đột xuất.",
        "giam gia chut di e, ben khac re hon, lam gap trong toi nay nhe",
        "Could we move Tuesday's meeting to Thursday? Something came up, sorry.",
        "Can you do it for half? Other agencies are cheaper. While you're at it, redo the logo.",
        "ขอเลื่อนประชุมเป็นวันพฤหัสได้ไหมคะ พอดีติดธุระ แพงไปครับ ลดราคาให้หน่อยได้ไหม",
        "Thanks, the invoice has been paid today. See you next week at the office.",
    ];
    let (corpus, default_rounds): (Vec<String>, usize) = match value("--train") {
        Some(which) => {
            let lang = match which.as_str() {
                "vi" => Some(Lang::Vi),
                "th" => Some(Lang::Th),
                "en" => Some(Lang::En),
                _ => None,
            };
            let items = redflag_text::eval::parse_jsonl(TRAIN).expect("train split parses");
            let texts = items
                .into_iter()
                .filter(|i| lang.is_none_or(|l| i.lang == l))
                .map(|i| redflag_text::nfc(&i.text))
                .collect();
            (texts, 50)
        }
        None => (
            messages.iter().map(|m| redflag_text::nfc(m)).collect(),
            20_000,
        ),
    };
    // `--join N`: every N messages joined into one (blank line between), as a long email.
    let corpus = match value("--join").and_then(|n| n.parse::<usize>().ok()) {
        Some(n) if n > 1 => corpus.chunks(n).map(|c| c.join("\n\n")).collect(),
        _ => corpus,
    };
    let rounds = value("--rounds")
        .and_then(|r| r.parse().ok())
        .unwrap_or(default_rounds);
    let bytes: usize = corpus.iter().map(String::len).sum();
    let built = Instant::now();
    let classifier = if args.iter().any(|a| a == "--model") {
        redflag_text::Classifier::with_trained_model()
    } else {
        redflag_text::Classifier::new()
    };
    println!("build: {:?}", built.elapsed());
    let start = Instant::now();
    let cpu_start = thread_cpu_ns();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for m in &corpus {
            hits += classifier.classify(m, None).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    print!("{mb:.1} MB in {secs:.2} s = {:.1} MB/s wall", mb / secs);
    if let (Some(a), Some(b)) = (cpu_start, thread_cpu_ns()) {
        let cpu = (b - a) as f64 / 1e9;
        print!(", {cpu:.2} s CPU = {:.1} MB/s CPU", mb / cpu);
    }
    println!(" ({hits} hits)");
}

/// This thread's CPU time in nanoseconds (Linux `/proc/thread-self/schedstat`): on a shared
/// machine it moves less than wall time.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}
