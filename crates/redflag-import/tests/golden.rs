//! The peer test suite: for every `.eml` of mail-parser's corpus (`shared/fixtures/email/
//! mail-parser/{rfc,thirdparty,malformed}`) with its `.json` beside it, the fields redflag uses
//! (from, to, date, subject, message id, text) must agree with the JSON. Disagreements judged to
//! be the peer's quirk (or a deliberate difference) are listed with a reason each in
//! `tests/golden-allow.txt`; anything else fails, and so does an allowed entry that agrees now.

mod common;

use std::collections::BTreeMap;

use mail_parser::decoders::html::html_to_text;
use redflag_import::email::{MailFields, read_message};
use serde_json::Value;

/// The peer's view of the fields, from its JSON.
#[derive(Debug, Default)]
struct Expected {
    from: Option<(Option<String>, Option<String>)>,
    to: Vec<Option<String>>,
    date: Option<String>,
    subject: Option<String>,
    message_id: Option<String>,
    text: String,
}

fn norm(s: &str) -> String {
    redflag_text::nfc(s.trim())
}

fn header<'j>(json: &'j Value, name: &str) -> Option<&'j Value> {
    json["parts"][0]["headers"]
        .as_array()?
        .iter()
        .rfind(|h| h["name"] == name)
        .map(|h| &h["value"])
}

fn addresses(v: &Value) -> Vec<&Value> {
    let a = &v["Address"];
    if let Some(list) = a["List"].as_array() {
        return list.iter().collect();
    }
    if let Some(groups) = a["Group"].as_array() {
        return groups
            .iter()
            .flat_map(|g| g["addresses"].as_array().into_iter().flatten())
            .collect();
    }
    Vec::new()
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(norm).filter(|s| !s.is_empty())
}

fn expected(json: &Value) -> Expected {
    let mut e = Expected::default();
    if let Some(v) = header(json, "from") {
        e.from = addresses(v)
            .first()
            .map(|a| (opt(&a["name"]), opt(&a["address"])));
    }
    if let Some(v) = header(json, "to") {
        e.to = addresses(v).iter().map(|a| opt(&a["address"])).collect();
    }
    if let Some(d) = header(json, "date").and_then(|v| v.get("DateTime")) {
        let n = |k: &str| d[k].as_i64().unwrap_or(-1);
        let sign = if d["tz_before_gmt"].as_bool() == Some(true) {
            '-'
        } else {
            '+'
        };
        let (h, m) = (n("tz_hour"), n("tz_minute"));
        let offset = if h == 0 && m == 0 {
            "Z".to_owned()
        } else {
            format!("{sign}{h:02}:{m:02}")
        };
        e.date = Some(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{offset}",
            n("year"),
            n("month"),
            n("day"),
            n("hour"),
            n("minute"),
            n("second")
        ));
    }
    e.subject = header(json, "subject").and_then(|v| opt(&v["Text"]));
    e.message_id = header(json, "message_id").and_then(|v| opt(&v["Text"]));
    let mut text = String::new();
    for i in json["text_body"].as_array().into_iter().flatten() {
        let part = &json["parts"][i.as_u64().unwrap_or(0) as usize]["body"];
        let body = if let Some(t) = part["Text"].as_str() {
            t.to_owned()
        } else if let Some(h) = part["Html"].as_str() {
            html_to_text(h)
        } else {
            continue;
        };
        let body = body.trim_end();
        if body.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(body);
    }
    e.text = redflag_text::nfc(&text.replace("\r\n", "\n"));
    e
}

fn compare(ours: &MailFields, peer: &Expected) -> Vec<String> {
    let mut diff = Vec::new();
    let from = ours
        .from
        .as_ref()
        .map(|m| (m.name.as_deref().map(norm), m.address.as_deref().map(norm)));
    if from != peer.from {
        diff.push(format!("from: ours {from:?}, peer {:?}", peer.from));
    }
    let to: Vec<Option<String>> = ours
        .to
        .iter()
        .map(|m| m.address.as_deref().map(norm))
        .collect();
    if to != peer.to {
        diff.push(format!("to: ours {to:?}, peer {:?}", peer.to));
    }
    let date = ours.date.map(|d| d.to_string());
    if date != peer.date {
        diff.push(format!("date: ours {date:?}, peer {:?}", peer.date));
    }
    if ours.subject.as_deref().filter(|s| !s.is_empty()) != peer.subject.as_deref() {
        diff.push(format!(
            "subject: ours {:?}, peer {:?}",
            ours.subject, peer.subject
        ));
    }
    if ours.message_id.as_deref().map(norm) != peer.message_id {
        diff.push(format!(
            "message_id: ours {:?}, peer {:?}",
            ours.message_id, peer.message_id
        ));
    }
    if ours.text != peer.text {
        let cut = |s: &str| s.chars().take(80).collect::<String>();
        diff.push(format!(
            "text: ours {:?}, peer {:?}",
            cut(&ours.text),
            cut(&peer.text)
        ));
    }
    diff
}

/// `folder/NNN.eml field: reason` lines.
fn allow_list() -> BTreeMap<(String, String), String> {
    let text = include_str!("golden-allow.txt");
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, reason) = line.split_once(": ").expect("file field: reason");
        let (file, field) = key.split_once(' ').expect("file field");
        assert!(!reason.trim().is_empty(), "{line}: a reason is required");
        out.insert((file.to_owned(), field.to_owned()), reason.to_owned());
    }
    out
}

#[test]
fn the_fields_redflag_uses_agree_with_mail_parsers_corpus() {
    let allow = allow_list();
    let mut used = std::collections::BTreeSet::new();
    let (mut total, mut agree, mut allowed) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut report = Vec::new();
    let mut present_fields: BTreeMap<&str, u32> = BTreeMap::new();
    for folder in ["rfc", "thirdparty", "malformed"] {
        let dir = common::shared(&format!("mail-parser/{folder}"));
        let mut emls: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        emls.sort();
        for eml in emls {
            let json_path = eml.with_extension("json");
            let Ok(json) = std::fs::read_to_string(&json_path) else {
                continue;
            };
            total += 1;
            let name = format!("{folder}/{}", eml.file_name().unwrap().to_string_lossy());
            let json: Value = serde_json::from_str(&json).unwrap();
            let raw = std::fs::read(&eml).unwrap();
            let ours = read_message(&raw).unwrap_or_default();
            let peer = expected(&json);
            // What was actually compared: fields the peer has, not just two empties agreeing.
            for (field, present) in [
                ("from", peer.from.is_some()),
                ("to", !peer.to.is_empty()),
                ("date", peer.date.is_some()),
                ("subject", peer.subject.is_some()),
                ("message_id", peer.message_id.is_some()),
                ("text", !peer.text.is_empty()),
            ] {
                *present_fields.entry(field).or_insert(0) += u32::from(present);
            }
            let diffs = compare(&ours, &peer);
            if diffs.is_empty() {
                agree += 1;
                continue;
            }
            let mut all_allowed = true;
            for d in &diffs {
                let field = d.split(':').next().unwrap().to_owned();
                let key = (name.clone(), field);
                if let Some(reason) = allow.get(&key) {
                    used.insert(key);
                    report.push(format!("  allowed {name} {d}\n    because: {reason}"));
                } else {
                    all_allowed = false;
                    failures.push(format!("{name} {d}"));
                }
            }
            if all_allowed {
                allowed += 1;
            }
        }
    }
    let stale: Vec<_> = allow.keys().filter(|k| !used.contains(*k)).collect();
    eprintln!(
        "golden corpus: {agree} of {total} agree on every field; {allowed} more differ only in \
         allow-listed ways; {} disagree",
        total - agree - allowed
    );
    eprintln!("fields the peer has, compared: {present_fields:?}");
    assert!(
        present_fields.values().all(|n| *n >= 10),
        "too few fields compared: {present_fields:?}"
    );
    for r in &report {
        eprintln!("{r}");
    }
    assert!(total >= 50, "the corpus was not found ({total} files)");
    assert!(
        failures.is_empty(),
        "disagreements not in tests/golden-allow.txt:\n{}",
        failures.join("\n")
    );
    assert!(
        stale.is_empty(),
        "allow-listed disagreements that agree now: {stale:?}"
    );
}
