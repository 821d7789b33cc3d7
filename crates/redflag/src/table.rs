//! The review as a terminal table, drawn from the same JSON document that `--format json`
//! prints, so the two can never disagree.

use serde_json::Value;

/// Columns on screen of a string: combining marks (Vietnamese tones in NFD, Thai vowels and
/// tone marks above and below) take none, East Asian wide characters two.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x0300..=0x036F | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x200B..=0x200F => 0,
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

/// `s` cut to at most `max` columns, with an ellipsis when cut.
fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(&c.to_string()) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_owned();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    }
}

fn severity_mark(s: &str) -> &'static str {
    match s {
        "high" => "!!",
        "medium" => "!",
        _ => "·",
    }
}

/// Renders a review document (the `--format json` shape) for a terminal.
pub fn render(review: &Value) -> String {
    let empty = Vec::new();
    let parties = review["parties"].as_array().unwrap_or(&empty);
    let mut rows: Vec<[String; 8]> = vec![[
        "SCORE".into(),
        "VERDICT".into(),
        "PARTY".into(),
        "NAME".into(),
        "REV%".into(),
        "H/MO".into(),
        "RATE".into(),
        "FLAGS".into(),
    ]];
    for p in parties {
        let e = &p["economics"];
        let share = e["revenue_share"]
            .as_f64()
            .map(|s| format!("{:.1}", s * 100.0))
            .unwrap_or_else(|| "-".into());
        let hours = e["hours_per_month"]
            .as_f64()
            .map(|h| format!("{h:.1}"))
            .unwrap_or_else(|| "-".into());
        let rate = match (&e["effective_hourly_rate"], &e["currency"]) {
            (Value::String(r), Value::String(c)) => {
                format!("{} {c}", redflag_domain::group_thousands(r))
            }
            _ => "-".into(),
        };
        let flags: Vec<String> = p["flags"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .map(|f| format!("{}{}", text(&f["id"]), severity_mark(&text(&f["severity"]))))
            .collect();
        rows.push([
            text(&p["score"]),
            text(&p["recommendation"]),
            fit(&text(&p["party"]), 14),
            fit(&text(&p["name"]), 26),
            share,
            hours,
            rate,
            if flags.is_empty() {
                "-".into()
            } else {
                flags.join(" ")
            },
        ]);
    }
    let mut widths = [0usize; 8];
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let mut out = format!(
        "Review as of {} — {} {}\n\n",
        text(&review["as_of"]),
        parties.len(),
        if parties.len() == 1 {
            "party"
        } else {
            "parties"
        }
    );
    for r in &rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i == r.len() - 1 {
                line.push_str(c);
            } else if i == 0 || (4..=6).contains(&i) {
                // Numbers line up on the right.
                line.push_str(&" ".repeat(widths[i] - width(c)));
                line.push_str(c);
                line.push_str("  ");
            } else {
                line.push_str(&pad(c, widths[i]));
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let flagged: Vec<&Value> = parties
        .iter()
        .filter(|p| p["flags"].as_array().is_some_and(|f| !f.is_empty()))
        .collect();
    if !flagged.is_empty() {
        out.push_str("\nWhy (flags: !! high, ! medium, · low):\n");
    }
    for p in flagged {
        out.push_str(&format!(
            "\n{} {} — {} (score {})\n",
            text(&p["party"]),
            text(&p["name"]),
            text(&p["recommendation"]),
            text(&p["score"])
        ));
        for f in p["flags"].as_array().unwrap_or(&empty) {
            let evidence: Vec<String> = f["evidence"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(text)
                .collect();
            let shown = if evidence.len() > 6 {
                format!(
                    "{}, … ({} in all)",
                    evidence[..6].join(", "),
                    evidence.len()
                )
            } else {
                evidence.join(", ")
            };
            out.push_str(&format!(
                "  {:<6} {}: {}\n         evidence: {}\n",
                text(&f["severity"]),
                text(&f["id"]),
                text(&f["explanation"]),
                if shown.is_empty() { "-".into() } else { shown }
            ));
        }
    }
    if let Some(w) = review["warnings"].as_array().filter(|w| !w.is_empty()) {
        out.push_str("\nWarnings:\n");
        for x in w {
            out.push_str(&format!("  {}\n", text(x)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_marks_and_vietnamese_combining_tones_take_no_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("กิน"), 2, "sara i sits above ko kai");
        assert_eq!(width("e\u{0301}"), 1);
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(
            fit("Công ty TNHH Thương mại Dịch vụ Ánh Dương", 12),
            "Công ty TNH…"
        );
        assert_eq!(fit("short", 12), "short");
    }

    #[test]
    fn the_table_shows_every_party_and_explains_flags() {
        let doc = serde_json::json!({
            "as_of": "2025-06-30",
            "parties": [
                {"party": "c-1", "name": "AloeFace", "role": "client", "score": 72, "recommendation": "let-go",
                 "flags": [{"id": "late-payment", "severity": "high", "evidence": ["inv-88"], "explanation": "Pays late."}],
                 "economics": {"revenue_share": 0.18, "hours_per_month": 21.5, "effective_hourly_rate": "1038.00", "currency": "USD"}},
                {"party": "c-2", "name": "Good Co", "role": "client", "score": 0, "recommendation": "keep", "flags": [],
                 "economics": {"revenue_share": 0.5, "hours_per_month": 10.0, "effective_hourly_rate": null, "currency": "USD"}}
            ]
        });
        let t = render(&doc);
        assert!(t.contains("late-payment!!"), "{t}");
        assert!(t.contains("18.0"), "{t}");
        assert!(t.contains("1\u{a0}038.00 USD"), "thousands grouped: {t}");
        assert!(t.contains("Pays late."), "{t}");
        assert!(t.contains("evidence: inv-88"), "{t}");
        assert!(t.contains("c-2"), "{t}");
    }
}
