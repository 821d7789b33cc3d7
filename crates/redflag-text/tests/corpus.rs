//! The labelled corpus (`corpus/`, see its README) keeps the shape issue 3 asks for: enough
//! messages per language, every signal often enough in every language, a large clean share, valid
//! and unique ids, and no message in two splits.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use redflag_domain::{Lang, Signal};
use redflag_text::eval::{LabelledItem, parse_jsonl};

const SPLITS: [&str; 3] = ["train", "dev", "test"];

fn read(split: &str) -> (String, Vec<LabelledItem>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("corpus/{split}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let items = parse_jsonl(&text).unwrap_or_else(|e| panic!("{split}.jsonl {e}"));
    (text, items)
}

fn all() -> Vec<(&'static str, LabelledItem)> {
    SPLITS
        .iter()
        .flat_map(|s| read(s).1.into_iter().map(move |i| (*s, i)))
        .collect()
}

#[test]
fn the_corpus_has_enough_messages_per_language_and_every_signal_25_times_in_each() {
    let items = all();
    assert!(items.len() >= 1800, "{} messages", items.len());
    for &lang in Lang::ALL {
        let of_lang: Vec<_> = items.iter().filter(|(_, i)| i.lang == lang).collect();
        assert!(of_lang.len() >= 600, "{lang:?}: {} messages", of_lang.len());
        for &signal in Signal::ALL {
            let n = of_lang
                .iter()
                .filter(|(_, i)| i.labels.contains(signal))
                .count();
            assert!(n >= 25, "{lang:?} {signal:?}: {n}");
        }
    }
}

#[test]
fn at_least_forty_percent_of_the_corpus_carries_no_signal_in_every_language() {
    let items = all();
    for &lang in Lang::ALL {
        let of_lang: Vec<_> = items.iter().filter(|(_, i)| i.lang == lang).collect();
        let clean = of_lang.iter().filter(|(_, i)| i.labels.is_empty()).count();
        assert!(
            clean * 10 >= of_lang.len() * 4,
            "{lang:?}: {clean}/{} clean",
            of_lang.len()
        );
    }
}

#[test]
fn ids_are_unique_and_no_text_is_in_two_splits() {
    let mut ids = HashSet::new();
    let mut texts: HashMap<String, &str> = HashMap::new();
    for (split, item) in all() {
        assert!(!item.id.is_empty() && !item.text.trim().is_empty());
        assert!(ids.insert(item.id.clone()), "duplicate id {}", item.id);
        let key = item
            .text
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(other) = texts.insert(key, split) {
            panic!("{} is in {other} and {split}", item.id);
        }
    }
}

#[test]
fn every_line_names_a_known_form_and_the_splits_are_about_60_20_20_plus_train_only_additions() {
    let mut sizes = Vec::new();
    let mut additions = 0usize;
    for split in SPLITS {
        let (text, items) = read(split);
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let form = v["form"].as_str().unwrap_or_default();
            assert!(
                ["email", "chat", "call-note", "form"].contains(&form),
                "{line}"
            );
        }
        // Later additions (`source/*-{pos2,neg2,...,pos6,neg6}.txt`) are train-only by construction.
        let added = items
            .iter()
            .filter(|i| {
                [
                    "-pos2-", "-neg2-", "-pos3-", "-neg3-", "-pos4-", "-neg4-", "-pos5-", "-neg5-",
                    "-pos6-", "-neg6-",
                ]
                .iter()
                .any(|part| i.id.contains(part))
            })
            .count();
        assert!(
            split == "train" || added == 0,
            "{split} holds {added} additions"
        );
        additions += added;
        sizes.push(items.len() as f64);
    }
    // The original messages are split 60/20/20; the additions all go to train.
    sizes[0] -= additions as f64;
    let total: f64 = sizes.iter().sum();
    for (share, want) in sizes.iter().map(|s| s / total).zip([0.6, 0.2, 0.2]) {
        assert!((share - want).abs() < 0.02, "{share} vs {want}");
    }
}
