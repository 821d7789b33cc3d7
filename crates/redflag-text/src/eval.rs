//! Evaluation of the classifier against labelled messages: per language and per signal
//! precision, recall, F1 and support, macro-F1 per language, and the false-alarm rate on clean
//! messages. Pure: the caller reads the file, this module parses text and counts.
//!
//! ```
//! use redflag_text::Classifier;
//! use redflag_text::eval::{evaluate, parse_jsonl};
//!
//! let jsonl = concat!(
//!     r#"{"id":"1","lang":"en","text":"Can you do it for half? Other agencies are cheaper.","labels":["discount-request"]}"#,
//!     "\n",
//!     r#"{"id":"2","lang":"en","text":"Thanks, the invoice is paid.","labels":[]}"#,
//!     "\n",
//! );
//! let items = parse_jsonl(jsonl).unwrap();
//! let report = evaluate(&items, &Classifier::new());
//! assert_eq!(report.overall.clean_messages, 1);
//! assert_eq!(report.overall.false_alarm_rate, 0.0);
//! println!("{}", report.render());
//! ```
//!
//! Conventions: precision is 0 when a signal was never predicted, recall is 0 when it has no
//! support, F1 is 0 when precision + recall is 0. Macro-F1 averages F1 over the signals that have
//! support in that language only (a signal nobody labelled cannot be recalled, and counting it
//! would reward or punish the classifier for the corpus's gaps).

use std::fmt::Write as _;

use redflag_domain::{Lang, Signal, SignalSet};
use serde::{Deserialize, Serialize};

use crate::{Classifier, nfc};

/// One labelled message: the shape of the corpus lines (`id`, `lang`, `text`, `labels`).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledItem {
    /// Stable identifier from the file.
    pub id: String,
    /// The message's language.
    pub lang: Lang,
    /// The message text (any normalisation; [`evaluate`] applies NFC).
    pub text: String,
    /// The signals a human assigned; empty for a clean message.
    pub labels: SignalSet,
}

/// A line of a labelled JSON Lines file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong with it.
    pub message: String,
}

#[derive(Deserialize)]
struct RawItem {
    id: String,
    lang: String,
    text: String,
    #[serde(default)]
    labels: Vec<String>,
}

/// Parses labelled JSON Lines (`{"id", "lang", "text", "labels": [signal ids]}` per line; other
/// fields such as `form` are ignored; blank lines are skipped). Fails on the first bad line,
/// naming it.
pub fn parse_jsonl(input: &str) -> Result<Vec<LabelledItem>, ParseError> {
    let mut items = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| ParseError {
            line: line_no,
            message,
        };
        let raw: RawItem = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        let lang = raw
            .lang
            .parse::<Lang>()
            .map_err(|_| err(format!("unknown language {:?}", raw.lang)))?;
        let mut labels = SignalSet::EMPTY;
        for label in &raw.labels {
            let signal = label
                .parse::<Signal>()
                .map_err(|_| err(format!("unknown signal {label:?}")))?;
            labels.insert(signal);
        }
        items.push(LabelledItem {
            id: raw.id,
            lang,
            text: raw.text,
            labels,
        });
    }
    Ok(items)
}

/// Counts and scores of one signal within one group of messages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalScore {
    /// The signal id (`spec/signals.md`).
    pub signal: &'static str,
    /// Messages labelled with it.
    pub support: usize,
    /// Messages the classifier gave it.
    pub predicted: usize,
    /// Labelled and predicted.
    pub true_positives: usize,
    /// `tp / predicted` (0 when never predicted).
    pub precision: f64,
    /// `tp / support` (0 when no support).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

/// Scores of one group of messages (one language, or all of them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    /// `vi`, `th`, `en`, or `all`.
    pub group: String,
    /// Messages in the group.
    pub messages: usize,
    /// Messages with no label.
    pub clean_messages: usize,
    /// Clean messages on which the classifier raised at least one signal.
    pub clean_false_alarms: usize,
    /// `clean_false_alarms / clean_messages` (0 when there are no clean messages).
    pub false_alarm_rate: f64,
    /// Mean F1 over the signals with support in this group.
    pub macro_f1: f64,
    /// How many signals have support (the denominator of `macro_f1`).
    pub signals_with_support: usize,
    /// Every signal, in catalogue order.
    pub signals: Vec<SignalScore>,
}

/// The result of an evaluation: one report per language present, then all languages pooled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// [`crate::CLASSIFIER_VERSION`] at the time of the run ([`Classifier::version`] when made
    /// by [`evaluate`]).
    pub classifier_version: &'static str,
    /// Per language, in the order vi, th, en (languages with no message are left out).
    pub languages: Vec<GroupReport>,
    /// All messages together.
    pub overall: GroupReport,
}

/// Classifies every item (NFC first, language detected as in production: the label's language is
/// not given to the classifier) and scores the predictions.
pub fn evaluate(items: &[LabelledItem], classifier: &Classifier) -> EvalReport {
    let predictions: Vec<SignalSet> = items
        .iter()
        .map(|item| {
            let text = nfc(&item.text);
            classifier
                .classify(&text, None)
                .iter()
                .map(|h| h.signal)
                .collect()
        })
        .collect();
    let mut report = score(items, &predictions);
    report.classifier_version = classifier.version();
    report
}

/// Scores predictions (one set per item, same order) against the labels.
///
/// # Panics
/// If `predictions` and `items` differ in length.
pub fn score(items: &[LabelledItem], predictions: &[SignalSet]) -> EvalReport {
    assert_eq!(
        items.len(),
        predictions.len(),
        "one prediction per labelled item"
    );
    let pairs: Vec<(&LabelledItem, SignalSet)> =
        items.iter().zip(predictions.iter().copied()).collect();
    let languages = Lang::ALL
        .iter()
        .filter_map(|&lang| {
            let group: Vec<_> = pairs.iter().filter(|(i, _)| i.lang == lang).collect();
            (!group.is_empty()).then(|| group_report(lang.as_str(), group.into_iter()))
        })
        .collect();
    EvalReport {
        classifier_version: crate::CLASSIFIER_VERSION,
        languages,
        overall: group_report("all", pairs.iter()),
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn group_report<'a>(
    name: &str,
    pairs: impl Iterator<Item = &'a (&'a LabelledItem, SignalSet)>,
) -> GroupReport {
    let n = Signal::ALL.len();
    let (mut support, mut predicted, mut tp) = (vec![0; n], vec![0; n], vec![0; n]);
    let (mut messages, mut clean, mut false_alarms) = (0, 0, 0);
    for (item, pred) in pairs {
        messages += 1;
        if item.labels.is_empty() {
            clean += 1;
            false_alarms += usize::from(!pred.is_empty());
        }
        for (i, &signal) in Signal::ALL.iter().enumerate() {
            let (gold, guess) = (item.labels.contains(signal), pred.contains(signal));
            support[i] += usize::from(gold);
            predicted[i] += usize::from(guess);
            tp[i] += usize::from(gold && guess);
        }
    }
    let signals: Vec<SignalScore> = Signal::ALL
        .iter()
        .enumerate()
        .map(|(i, &signal)| {
            let precision = ratio(tp[i], predicted[i]);
            let recall = ratio(tp[i], support[i]);
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            SignalScore {
                signal: signal.as_str(),
                support: support[i],
                predicted: predicted[i],
                true_positives: tp[i],
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let supported: Vec<f64> = signals
        .iter()
        .filter(|s| s.support > 0)
        .map(|s| s.f1)
        .collect();
    let macro_f1 = if supported.is_empty() {
        0.0
    } else {
        supported.iter().sum::<f64>() / supported.len() as f64
    };
    GroupReport {
        group: name.to_string(),
        messages,
        clean_messages: clean,
        clean_false_alarms: false_alarms,
        false_alarm_rate: ratio(false_alarms, clean),
        macro_f1,
        signals_with_support: supported.len(),
        signals,
    }
}

impl GroupReport {
    /// The score row of one signal.
    pub fn signal(&self, signal: Signal) -> &SignalScore {
        &self.signals[signal as usize]
    }

    fn render_into(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "== {}: {} messages, macro-F1 {:.3} over {} signals, clean false alarms {}/{} = {:.1}%",
            self.group,
            self.messages,
            self.macro_f1,
            self.signals_with_support,
            self.clean_false_alarms,
            self.clean_messages,
            100.0 * self.false_alarm_rate,
        );
        let _ = writeln!(
            out,
            "{:<24} {:>7} {:>9} {:>4} {:>9} {:>6} {:>6}",
            "signal", "support", "predicted", "tp", "precision", "recall", "f1"
        );
        for s in self.signals.iter().filter(|s| s.support + s.predicted > 0) {
            let _ = writeln!(
                out,
                "{:<24} {:>7} {:>9} {:>4} {:>9.3} {:>6.3} {:>6.3}",
                s.signal, s.support, s.predicted, s.true_positives, s.precision, s.recall, s.f1
            );
        }
    }
}

impl EvalReport {
    /// A plain-text table: one block per language, then all languages pooled. Signals with
    /// neither support nor predictions are left out.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "classifier {}", self.classifier_version);
        for group in self.languages.iter().chain([&self.overall]) {
            out.push('\n');
            group.render_into(&mut out);
        }
        out
    }

    /// The report of one language, if any message had it.
    pub fn language(&self, lang: Lang) -> Option<&GroupReport> {
        self.languages.iter().find(|g| g.group == lang.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Signal::*;

    fn item(id: &str, lang: Lang, labels: &[Signal]) -> LabelledItem {
        LabelledItem {
            id: id.into(),
            lang,
            text: String::new(),
            labels: labels.iter().copied().collect(),
        }
    }

    fn set(signals: &[Signal]) -> SignalSet {
        signals.iter().copied().collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn scores_match_figures_computed_by_hand() {
        // vi: abuse labelled on 1, 2, 3; predicted on 1, 2, 4 (4 is clean) -> tp 2, P 2/3, R 2/3.
        //     threat labelled on 3 only, predicted nowhere -> P 0, R 0, F1 0.
        //     macro-F1 over {abuse, threat} = (2/3 + 0) / 2 = 1/3.
        //     clean: 4 and 5; 4 raised a signal -> false alarms 1/2.
        // en: discount labelled on 6, predicted on 6 -> F1 1; 7 clean and quiet.
        let items = [
            item("1", Lang::Vi, &[Abuse]),
            item("2", Lang::Vi, &[Abuse]),
            item("3", Lang::Vi, &[Abuse, Threat]),
            item("4", Lang::Vi, &[]),
            item("5", Lang::Vi, &[]),
            item("6", Lang::En, &[DiscountRequest]),
            item("7", Lang::En, &[]),
        ];
        let predictions = [
            set(&[Abuse]),
            set(&[Abuse]),
            set(&[]),
            set(&[Abuse]),
            set(&[]),
            set(&[DiscountRequest]),
            set(&[]),
        ];
        let report = score(&items, &predictions);
        assert_eq!(
            report.languages.len(),
            2,
            "no Thai block without Thai items"
        );

        let vi = report.language(Lang::Vi).unwrap();
        let abuse = vi.signal(Abuse);
        assert_eq!(
            (abuse.support, abuse.predicted, abuse.true_positives),
            (3, 3, 2)
        );
        assert!(close(abuse.precision, 2.0 / 3.0) && close(abuse.recall, 2.0 / 3.0));
        assert!(close(abuse.f1, 2.0 / 3.0));
        let threat = vi.signal(Threat);
        assert_eq!((threat.support, threat.predicted), (1, 0));
        assert_eq!(
            (threat.precision, threat.recall, threat.f1),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(vi.signals_with_support, 2);
        assert!(close(vi.macro_f1, 1.0 / 3.0));
        assert_eq!((vi.clean_messages, vi.clean_false_alarms), (2, 1));
        assert!(close(vi.false_alarm_rate, 0.5));

        let en = report.language(Lang::En).unwrap();
        assert!(close(en.macro_f1, 1.0));
        assert_eq!(en.false_alarm_rate, 0.0);

        // Pooled: abuse 2/3 again, threat 0, discount 1 -> macro (2/3 + 0 + 1) / 3 = 5/9;
        // clean 3, one false alarm.
        let all = &report.overall;
        assert!(close(all.macro_f1, 5.0 / 9.0));
        assert_eq!((all.clean_messages, all.clean_false_alarms), (3, 1));
        assert_eq!(all.messages, 7);
    }

    #[test]
    fn a_signal_predicted_without_support_lowers_no_macro_f1_but_shows_as_false_alarm() {
        let items = [item("1", Lang::Th, &[])];
        let report = score(&items, &[set(&[Blame])]);
        let th = report.language(Lang::Th).unwrap();
        assert_eq!(th.signals_with_support, 0);
        assert_eq!(th.macro_f1, 0.0);
        assert_eq!(th.signal(Blame).predicted, 1);
        assert_eq!(th.signal(Blame).precision, 0.0);
        assert_eq!(th.false_alarm_rate, 1.0);
    }

    #[test]
    fn the_parser_reads_the_corpus_shape_and_ignores_extra_fields() {
        let input = "{\"id\":\"a\",\"lang\":\"vi\",\"text\":\"giảm giá chút\",\"labels\":[\"discount-request\"],\"form\":\"chat\"}\n\n{\"id\":\"b\",\"lang\":\"th\",\"text\":\"ok\",\"labels\":[]}\n";
        let items = parse_jsonl(input).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].lang, Lang::Vi);
        assert!(items[0].labels.contains(DiscountRequest));
        assert!(items[1].labels.is_empty());
    }

    #[test]
    fn the_parser_names_the_bad_line() {
        let good = r#"{"id":"a","lang":"en","text":"hi","labels":[]}"#;
        let cases = [
            (format!("{good}\n{good}\n{{not json"), 3, ""),
            (
                format!(
                    "{good}\n{}",
                    r#"{"id":"b","lang":"fr","text":"x","labels":[]}"#
                ),
                2,
                "unknown language \"fr\"",
            ),
            (
                r#"{"id":"c","lang":"en","text":"x","labels":["rudeness"]}"#.to_string(),
                1,
                "unknown signal \"rudeness\"",
            ),
            (r#"{"id":"d","lang":"en"}"#.to_string(), 1, "text"),
        ];
        for (input, line, needle) in cases {
            let err = parse_jsonl(&input).unwrap_err();
            assert_eq!(err.line, line, "{input}");
            assert!(err.message.contains(needle), "{err}");
            assert!(err.to_string().starts_with(&format!("line {line}: ")));
        }
    }

    #[test]
    fn the_rendered_table_shows_each_language_and_the_pooled_figures() {
        let items = [item("1", Lang::En, &[Abuse]), item("2", Lang::En, &[])];
        let report = score(&items, &[set(&[Abuse]), set(&[])]);
        let text = report.render();
        assert!(text.contains("== en: 2 messages, macro-F1 1.000 over 1 signals"));
        assert!(text.contains("clean false alarms 0/1 = 0.0%"));
        assert!(text.contains("== all:"));
        assert!(text.contains("abuse"));
        assert!(
            !text.contains("threat"),
            "signals with no data are left out"
        );
    }
}
