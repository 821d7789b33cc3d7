//! The demo workspace: realistic, deterministic, and every flag fires for someone.

mod common;

use std::collections::BTreeSet;

use common::{Db, run};
use serde_json::Value;

fn demo(db: &Db) -> Value {
    let out = run(
        db,
        &[
            "demo",
            "--seed",
            "7",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn the_demo_raises_every_flag_and_keeps_a_third_healthy() {
    let db = Db::sqlite();
    let review = demo(&db);
    let parties = review["parties"].as_array().unwrap();
    assert!(parties.len() >= 40, "{} parties", parties.len());
    let fired: BTreeSet<&str> = parties
        .iter()
        .flat_map(|p| p["flags"].as_array().unwrap())
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let missing: Vec<&str> = redflag_domain::FlagId::NAMES
        .iter()
        .copied()
        .filter(|f| !fired.contains(f))
        .collect();
    assert!(
        missing.is_empty(),
        "flags that fire for nobody: {missing:?}"
    );
    let healthy = parties
        .iter()
        .filter(|p| p["recommendation"] == "keep")
        .filter(|p| p["economics"]["hours_per_month"].as_f64().unwrap_or(0.0) > 0.0)
        .count();
    assert!(
        healthy * 3 >= parties.len(),
        "{healthy} of {} parties are healthy and busy",
        parties.len()
    );
    for rec in ["keep", "watch", "talk", "let-go", "decline"] {
        assert!(
            parties.iter().any(|p| p["recommendation"] == rec),
            "nobody gets {rec}"
        );
    }
}

#[test]
fn the_demo_is_the_same_every_time() {
    let a = demo(&Db::sqlite());
    let b = demo(&Db::sqlite());
    assert_eq!(a, b);
}

#[test]
fn every_demo_persona_gets_the_flags_and_verdict_it_was_built_for() {
    let review = demo(&Db::sqlite());
    let as_of = redflag_domain::parse_date("2025-06-30").unwrap();
    let mut cfg = redflag_demo::DemoConfig::new(7, as_of);
    cfg.parties = 48;
    let mut problems = Vec::new();
    for want in redflag_demo::expectations(&cfg) {
        let got = review["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["party"] == want.party.as_str())
            .unwrap_or_else(|| panic!("{} is not reviewed", want.party));
        let got_flags: BTreeSet<&str> = got["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        let want_flags: BTreeSet<&str> = want.flags.iter().map(|f| f.as_str()).collect();
        if got_flags != want_flags || got["recommendation"] != want.recommendation.as_str() {
            problems.push(format!(
                "{} ({}): got {} {:?}, built for {} {:?}",
                want.party,
                want.persona,
                got["recommendation"],
                got_flags,
                want.recommendation,
                want_flags
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
