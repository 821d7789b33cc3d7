//! Classification throughput on a realistic mix: every message of the corpus's train split
//! (vi accented, unaccented and teencode, Thai, English; chat lines, emails, call notes, forms),
//! NFC'd once up front as the store would hold them.
//!
//! `CARGO_TARGET_DIR=/work/target-text cargo bench -p redflag-text --bench throughput`
// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use redflag_domain::Lang;
use redflag_text::eval::parse_jsonl;
use redflag_text::{Classifier, nfc};

const TRAIN: &str = include_str!("../corpus/train.jsonl");

fn corpus(lang: Option<Lang>) -> Vec<String> {
    parse_jsonl(TRAIN)
        .expect("train split parses")
        .into_iter()
        .filter(|i| lang.is_none_or(|l| i.lang == l))
        .map(|i| nfc(&i.text))
        .collect()
}

fn bench(c: &mut Criterion) {
    let classifier = Classifier::new();
    let mut group = c.benchmark_group("classify");
    for (name, lang) in [
        ("mix", None),
        ("vi", Some(Lang::Vi)),
        ("th", Some(Lang::Th)),
        ("en", Some(Lang::En)),
    ] {
        let messages = corpus(lang);
        let bytes: usize = messages.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut hits = 0;
                for m in &messages {
                    hits += classifier.classify(black_box(m), None).len();
                }
                hits
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
