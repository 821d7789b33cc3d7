//! Evaluates the classifier on a labelled file and prints the table (or JSON).
//!
//! ```text
//! cargo run --release -p redflag-text --example eval -- crates/redflag-text/corpus/dev.jsonl
//! cargo run --release -p redflag-text --example eval -- --json FILE.jsonl
//! cargo run --release -p redflag-text --example eval -- --vihsd /work/shared/eval-data/vihsd/test.tsv
//! cargo run --release -p redflag-text --example eval -- --thai-toxicity /work/shared/eval-data/thai-toxicity-tweet/all.tsv
//! ```
//!
//! `--model` measures the patterns plus the trained model (`Classifier::with_trained_model`,
//! `rules-6+lr-5`) instead of the default patterns alone.
//!
//! `--errors` also lists every missed (`FN`) and false (`FP`) signal with its message, for
//! working on the rules with the train and dev splits.
//!
//! `--vihsd` and `--thai-toxicity` read the public `label<TAB>text` files in memory only (labels
//! 1 and 2 of ViHSD, label 1 of the Thai corpus, become `abuse`); nothing is written.
use std::process::ExitCode;
use std::time::Instant;

use redflag_domain::{Lang, Signal, SignalSet};
use redflag_text::Classifier;
use redflag_text::eval::{LabelledItem, evaluate, parse_jsonl};

fn tsv(input: &str, lang: Lang, abusive: &[&str]) -> Result<Vec<LabelledItem>, String> {
    input
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| {
            let (label, text) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: no tab", n + 1))?;
            let mut labels = SignalSet::EMPTY;
            if abusive.contains(&label.trim()) {
                labels.insert(Signal::Abuse);
            }
            Ok(LabelledItem {
                id: format!("{}", n + 1),
                lang,
                text: text.to_string(),
                labels,
            })
        })
        .collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let errors = args.iter().any(|a| a == "--errors");
    let with_model = args.iter().any(|a| a == "--model");
    let mode = args
        .iter()
        .find(|a| a.starts_with("--") && !["--json", "--errors", "--model"].contains(&a.as_str()))
        .cloned();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: eval [--json] [--vihsd | --thai-toxicity] FILE");
        return ExitCode::from(2);
    };
    let input = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let items = match mode.as_deref() {
        None => parse_jsonl(&input).map_err(|e| e.to_string()),
        Some("--vihsd") => tsv(&input, Lang::Vi, &["1", "2"]),
        Some("--thai-toxicity") => tsv(&input, Lang::Th, &["1"]),
        Some(other) => Err(format!("unknown option {other}")),
    };
    let items = match items {
        Ok(items) => items,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let classifier = if with_model {
        Classifier::with_trained_model()
    } else {
        Classifier::new()
    };
    if errors {
        for item in &items {
            let text = redflag_text::nfc(&item.text);
            let hits = classifier.classify(&text, None);
            let predicted: SignalSet = hits.iter().map(|h| h.signal).collect();
            for &signal in Signal::ALL {
                let (gold, guess) = (item.labels.contains(signal), predicted.contains(signal));
                if gold != guess {
                    let span = hits
                        .iter()
                        .find(|h| h.signal == signal)
                        .map_or("", |h| &text[h.span.0..h.span.1]);
                    let kind = if gold { "FN" } else { "FP" };
                    println!(
                        "{kind} {:<24} {:<14} [{span}] {}",
                        signal.as_str(),
                        item.id,
                        text.replace('\n', " / ")
                    );
                }
            }
        }
    }
    let start = Instant::now();
    let report = evaluate(&items, &classifier);
    let elapsed = start.elapsed();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serialises")
        );
    } else {
        print!("{}", report.render());
        eprintln!("{} messages in {elapsed:.2?}", items.len());
    }
    ExitCode::SUCCESS
}
