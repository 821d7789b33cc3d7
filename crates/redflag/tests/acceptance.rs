//! Acceptance stories from the seed articles (`tests/acceptance/*/`): each is an interchange
//! file and the flags, evidence and recommendation that `spec/flags.md`'s default rules imply,
//! checked through the real binary on both backends.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::{Db, run};
use serde_json::Value;

fn stories() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/acceptance");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 5, "the five seed stories are there: {dirs:?}");
    dirs
}

fn check_story(db: &Db, dir: &std::path::Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let records = dir.join("records.jsonl");
    let out = run(db, &["import", &records.to_string_lossy()]);
    assert_eq!(out.code, 0, "{name}: import failed: {}", out.stderr);
    let as_of = expected["as_of"].as_str().unwrap();
    let out = run(db, &["review", "--format", "json", "--as-of", as_of]);
    assert_eq!(out.code, 0, "{name}: review failed: {}", out.stderr);
    let review: Value = serde_json::from_str(&out.stdout).unwrap();
    let mut problems = Vec::new();
    for (party, want) in expected["parties"].as_object().unwrap() {
        let Some(got) = review["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["party"] == party.as_str())
        else {
            problems.push(format!("{name}/{party}: not in the review"));
            continue;
        };
        if got["recommendation"] != want["recommendation"] {
            problems.push(format!(
                "{name}/{party}: recommendation {} but expected {}",
                got["recommendation"], want["recommendation"]
            ));
        }
        let got_flags: BTreeSet<&str> = got["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        let want_flags: BTreeSet<&str> = want["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        if got_flags != want_flags {
            problems.push(format!(
                "{name}/{party}: flags {got_flags:?} but expected {want_flags:?}"
            ));
        }
        if let Some(evidence) = want["evidence"].as_object() {
            for (flag, ids) in evidence {
                let got_ids: BTreeSet<&str> = got["flags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["id"] == flag.as_str())
                    .map(|f| {
                        f["evidence"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|e| e.as_str().unwrap())
                            .collect()
                    })
                    .unwrap_or_default();
                for id in ids.as_array().unwrap() {
                    let id = id.as_str().unwrap();
                    if !got_ids.contains(id) {
                        problems.push(format!(
                            "{name}/{party}: {flag} evidence {got_ids:?} lacks {id}"
                        ));
                    }
                }
            }
        }
    }
    problems
}

fn check_all(db_for_each: impl Fn() -> Option<Db>) {
    let mut problems = Vec::new();
    for dir in stories() {
        let Some(db) = db_for_each() else { return };
        problems.extend(check_story(&db, &dir));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_seed_stories_give_the_expected_flags_on_sqlite() {
    check_all(|| Some(Db::sqlite()));
}

#[test]
fn the_seed_stories_give_the_expected_flags_on_postgres() {
    check_all(Db::postgres);
}
