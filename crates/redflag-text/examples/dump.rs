//! Prints the classifier's output for every message of the given files, one line per message
//! and language hint, so that two builds can be compared byte for byte (speed work must not
//! change a single hit, span or score).
//!
//! ```text
//! cargo run --release -p redflag-text --example dump -- \
//!     crates/redflag-text/corpus/{train,dev,test}.jsonl \
//!     ../shared/eval-data/vihsd/{dev,test}.tsv ../shared/eval-data/thai-toxicity-tweet/all.tsv \
//!     > /tmp/before.txt
//! ```
//!
//! `.jsonl` files are read as labelled corpora (`id`, `text`), anything else as `label<TAB>text`
//! lines. Each text is classified as written (NFC), upper-cased and accent-folded
//! ([`redflag_text::fold_vi`]), each with no hint and every language hint. Scores are printed as
//! their exact bits.
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use redflag_domain::Lang;
use redflag_text::Classifier;
use redflag_text::eval::parse_jsonl;

fn texts(path: &str, input: &str) -> Result<Vec<(String, String)>, String> {
    if path.ends_with(".jsonl") {
        return Ok(parse_jsonl(input)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|i| (i.id, i.text))
            .collect());
    }
    Ok(input
        .lines()
        .enumerate()
        .filter_map(|(n, l)| {
            l.split_once('\t')
                .map(|(_, t)| (format!("{}", n + 1), t.to_string()))
        })
        .collect())
}

fn main() -> ExitCode {
    let classifier = Classifier::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut line = String::new();
    for path in std::env::args().skip(1) {
        let input = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let items = match texts(&path, &input) {
            Ok(items) => items,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        for (id, text) in items {
            let nfc = redflag_text::nfc(&text);
            let variants = [
                ("as-is", nfc.clone()),
                ("upper", redflag_text::nfc(&nfc.to_uppercase())),
                ("folded", redflag_text::fold_vi(&nfc)),
            ];
            for (variant, text) in &variants {
                for (hint, lang) in [
                    ("-", None),
                    ("vi", Some(Lang::Vi)),
                    ("th", Some(Lang::Th)),
                    ("en", Some(Lang::En)),
                ] {
                    line.clear();
                    let _ = write!(line, "{path}\t{id}\t{variant}\t{hint}\t");
                    for hit in classifier.classify(text, lang) {
                        let (s, e) = hit.span;
                        let _ = write!(
                            line,
                            "{} {s}..{e} {:08x} [{}]; ",
                            hit.signal.as_str(),
                            hit.score.to_bits(),
                            &text[s..e]
                        );
                    }
                    if writeln!(out, "{}", line.replace('\n', "\\n")).is_err() {
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
    }
    ExitCode::SUCCESS
}
