//! `redflag classify`: signals for JSON lines of messages (`spec/signals.md`, "Contract for
//! evaluation").

use std::io::{BufRead, Write};

use redflag_domain::Lang;
use redflag_text::{Classifier, nfc};
use serde::{Deserialize, Serialize};

use crate::ServiceError;

#[derive(Deserialize)]
struct In {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Serialize)]
struct Hit<'a> {
    id: &'a str,
    /// Byte offsets into the NFC form of the text.
    span: [usize; 2],
    score: f32,
    /// The words that raised it.
    #[serde(rename = "match")]
    matched: &'a str,
}

#[derive(Serialize)]
struct Out<'a> {
    id: &'a serde_json::Value,
    signals: Vec<Hit<'a>>,
}

/// Reads `{"id", "text", "lang"?}` lines and writes `{"id", "signals": [{"id", "span", "score",
/// "match"}]}` lines in input order. Blank lines are skipped; a bad line is an error naming it.
/// Returns the number of messages classified.
pub fn classify_lines(
    classifier: &Classifier,
    source: &str,
    input: impl BufRead,
    out: &mut dyn Write,
) -> Result<u64, ServiceError> {
    let mut n = 0;
    for (i, line) in input.lines().enumerate() {
        let line_no = i as u64 + 1;
        let bad = |message: String| ServiceError::Input {
            file: source.to_owned(),
            line: Some(line_no),
            message,
        };
        let line = line.map_err(|e| bad(format!("cannot read: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let msg: In = serde_json::from_str(&line).map_err(|e| {
            bad(format!(
                "expected {{\"id\": ..., \"text\": ..., \"lang\": ...}}: {e}"
            ))
        })?;
        let lang = match msg.lang.as_deref() {
            None | Some("") => None,
            Some(l) => Some(
                l.parse::<Lang>()
                    .map_err(|e| bad(format!("field `lang`: {e}")))?,
            ),
        };
        let text = nfc(&msg.text);
        let hits = classifier.classify(&text, lang);
        let out_line = Out {
            id: &msg.id,
            signals: hits
                .iter()
                .map(|h| Hit {
                    id: h.signal.as_str(),
                    span: [h.span.0, h.span.1],
                    score: (h.score * 1000.0).round() / 1000.0,
                    matched: text.get(h.span.0..h.span.1).unwrap_or(""),
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &out_line).map_err(|e| ServiceError::Output(e.into()))?;
        out.write_all(b"\n").map_err(ServiceError::Output)?;
        n += 1;
    }
    out.flush().map_err(ServiceError::Output)?;
    Ok(n)
}
