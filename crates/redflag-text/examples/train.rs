//! Trains the classifier's logistic-regression heads and chooses their thresholds.
//!
//! ```text
//! cargo run --release -p redflag-text --example train -- crates/redflag-text/corpus/train.jsonl
//! ```
//!
//! 1. Trains on the given file with `TrainConfig::default()` (fixed seed) and writes
//!    `crates/redflag-text/model/lr-2.bin` (the same corpus gives the same bytes).
//! 2. Chooses one threshold per signal on the **dev** split (`dev.jsonl` next to the training
//!    file, or the second argument) and writes `model/thresholds.txt`:
//!    - per signal, over the grid 0.10, 0.15, ..., 0.95, the threshold with the best F1 of the
//!      model *alone* on dev (pooled over languages), among those where the model alone has
//!      precision >= `MIN_PRECISION` and predicts at least `MIN_PREDICTED` dev messages; a signal
//!      with none stays pattern-only. The model alone is scored, not patterns + model, because
//!      the patterns were tuned on dev (they score 0.98 there) and would hide what the model
//!      adds; the model never saw dev.
//!    - then, while patterns + model raise any signal on more than `MAX_CLEAN_FALSE_ALARMS` of
//!      the clean dev messages of a language, the threshold of the signal behind the most of
//!      those false alarms is raised by one grid step (or the signal is dropped past 0.95).
//!
//!    Nothing from the test split or `eval-data` is read.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use redflag_domain::{Lang, Signal, SignalSet};
use redflag_text::eval::{LabelledItem, parse_jsonl};
use redflag_text::model::{HEADS, TrainConfig, train};
use redflag_text::{Classifier, nfc};

const MIN_PRECISION: f64 = 0.75;
const MIN_PREDICTED: usize = 3;
const MAX_CLEAN_FALSE_ALARMS: f64 = 0.02;
const GRID: [f32; 18] = [
    0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85,
    0.90, 0.95,
];

fn read(path: &Path) -> Result<Vec<LabelledItem>, String> {
    let input = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_jsonl(&input).map_err(|e| format!("{}: {e}", path.display()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(train_path) = args.first().map(PathBuf::from) else {
        eprintln!("usage: train TRAIN.jsonl [DEV.jsonl]");
        return ExitCode::from(2);
    };
    let dev_path = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| train_path.with_file_name("dev.jsonl"));
    let (train_items, dev) = match (read(&train_path), read(&dev_path)) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("model");
    let config = TrainConfig::default();
    let start = std::time::Instant::now();
    let model = train(&train_items, &config);
    let bytes = model.to_bytes();
    eprintln!(
        "trained on {} messages in {:.2?}: {} buckets, {} bytes",
        train_items.len(),
        start.elapsed(),
        1u32 << config.bits,
        bytes.len()
    );
    if let Err(e) = std::fs::write(out_dir.join("lr-2.bin"), &bytes) {
        eprintln!("writing the model: {e}");
        return ExitCode::FAILURE;
    }

    // Dev: pattern hits, gated model probabilities.
    let rules = Classifier::new();
    let combined = Classifier::new().with_model(model, [f32::INFINITY; HEADS]);
    let rows: Vec<(&LabelledItem, SignalSet, [f32; HEADS])> = dev
        .iter()
        .map(|item| {
            let text = nfc(&item.text);
            let pattern: SignalSet = rules
                .classify(&text, None)
                .iter()
                .map(|h| h.signal)
                .collect();
            let probs = combined
                .model_probabilities(&text, None)
                .expect("a model is loaded");
            (item, pattern, probs)
        })
        .collect();

    let mut thresholds = [f32::INFINITY; HEADS];
    for (h, &signal) in Signal::ALL.iter().enumerate() {
        let support = rows.iter().filter(|r| r.0.labels.contains(signal)).count();
        let mut best: Option<(f64, f32)> = None;
        for &t in &GRID {
            let predicted: Vec<_> = rows.iter().filter(|r| r.2[h] >= t).collect();
            let tp = predicted
                .iter()
                .filter(|r| r.0.labels.contains(signal))
                .count();
            let precision = tp as f64 / predicted.len().max(1) as f64;
            let recall = tp as f64 / support.max(1) as f64;
            let f1 = if tp == 0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            if predicted.len() >= MIN_PREDICTED
                && precision >= MIN_PRECISION
                && best.is_none_or(|(b, _)| f1 > b)
            {
                best = Some((f1, t));
            }
        }
        if let Some((f1, t)) = best {
            thresholds[h] = t;
            eprintln!(
                "{:<24} threshold {t:.2} (model alone, dev F1 {f1:.3})",
                signal.as_str()
            );
        } else {
            eprintln!("{:<24} pattern-only", signal.as_str());
        }
    }

    // Clean false alarms of patterns + model on dev, per language.
    loop {
        let mut worst: Option<(usize, Lang)> = None;
        let mut blame = [0usize; HEADS];
        for &lang in Lang::ALL {
            let clean: Vec<_> = rows
                .iter()
                .filter(|r| r.0.lang == lang && r.0.labels.is_empty())
                .collect();
            let mut alarms = 0;
            for r in &clean {
                let model_hits: Vec<usize> = (0..HEADS)
                    .filter(|&h| r.2[h] >= thresholds[h] && !r.1.contains(Signal::ALL[h]))
                    .collect();
                if !r.1.is_empty() || !model_hits.is_empty() {
                    alarms += 1;
                }
                if r.1.is_empty() {
                    for h in model_hits {
                        blame[h] += 1;
                    }
                }
            }
            if alarms as f64 > MAX_CLEAN_FALSE_ALARMS * clean.len() as f64 {
                worst = Some((alarms, lang));
            }
        }
        let Some((alarms, lang)) = worst else { break };
        let Some((h, _)) = blame
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .max_by_key(|(h, n)| (**n, usize::MAX - h))
        else {
            eprintln!("{lang}: {alarms} clean false alarms from the patterns alone");
            break;
        };
        let next = GRID.iter().copied().find(|&t| t > thresholds[h]);
        eprintln!(
            "{lang}: {alarms} clean false alarms; raising {} from {:.2}",
            Signal::ALL[h].as_str(),
            thresholds[h]
        );
        thresholds[h] = next.unwrap_or(f32::INFINITY);
    }

    let mut text = String::from(
        "# Per-signal probability thresholds of model/lr-2.bin, chosen on corpus/dev.jsonl by\n\
         # examples/train.rs (see there). A signal not listed fires from its patterns only.\n",
    );
    for (h, signal) in Signal::ALL.iter().enumerate() {
        if thresholds[h].is_finite() {
            text.push_str(&format!("{} {:.2}\n", signal.as_str(), thresholds[h]));
        }
    }
    if let Err(e) = std::fs::write(out_dir.join("thresholds.txt"), text) {
        eprintln!("writing the thresholds: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
