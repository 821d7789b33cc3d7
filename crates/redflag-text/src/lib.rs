//! Text normalisation and a first, rule-based classifier of message signals
//! (`spec/signals.md`) for Vietnamese (with or without diacritics, chat abbreviations and
//! teencode), Thai and English, including messages that mix them.
//!
//! Pure library: no file or network I/O, no clock. The lexicons are compiled in.
//!
//! ```
//! use redflag_domain::{Lang, Signal};
//! use redflag_text::{Classifier, nfc};
//!
//! let classifier = Classifier::new(); // build once, share
//! let text = nfc("Giảm giá chút đi em, làm nhanh trong tối nay nhé");
//! let hits = classifier.classify(&text, Some(Lang::Vi));
//! let signals: Vec<Signal> = hits.iter().map(|h| h.signal).collect();
//! assert_eq!(signals, [Signal::DiscountRequest, Signal::RushDemand]);
//! let (s, e) = hits[0].span;
//! assert_eq!(&text[s..e], "Giảm giá chút");
//!
//! // Unaccented, with chat abbreviations, the same request is still a request...
//! let hits = classifier.classify("giam gia chut di e", None);
//! assert_eq!(hits[0].signal, Signal::DiscountRequest);
//! // ...and a negated one is not.
//! assert!(classifier.classify("không cần giảm giá đâu, giá vậy là hợp lý", None).is_empty());
//! ```
//!
//! How it works: each message is turned into three normalised *views* (accented, folded,
//! skeleton; see the `norm` module) with a byte map back to the original; each view is searched
//! by Aho-Corasick automata holding the patterns of every signal and language (Thai patterns in
//! their own automaton, run only on text with Thai letters); a hit is
//! kept only on word boundaries (Latin scripts) and when no negator or hypothetical sits just
//! before it in the same clause. The patterns are request-shaped phrases, not topic words:
//! "giảm giá chút" fires, "giảm giá" alone does not, because a business also writes about its own
//! discounts.
#![deny(missing_docs)]

mod classify;
pub mod eval;
mod hybrid;
mod lang;
pub mod model;
mod norm;
mod quote;
mod thai;

pub use classify::{Classifier, ModelGate, ModelInputs};
pub use lang::detect_lang;
pub use quote::strip_quoted;

use unicode_normalization::UnicodeNormalization;

/// The version of the patterns, as a literal for `concat!` (the model versions of
/// [`Classifier::with_trained_model`] are built on it). Bump on any change that alters output.
macro_rules! rules_version {
    () => {
        "rules-6"
    };
}
pub(crate) use rules_version;

/// The classifier's behaviour version, stored next to computed signals so that a change of
/// lexicon or rules can trigger recomputation.
pub const CLASSIFIER_VERSION: &str = rules_version!();

/// The NFC text of every corpus message (train, dev and test), for the tests that compare a
/// fast path with its reference at every position of real text.
#[cfg(test)]
pub(crate) fn corpus_texts() -> Vec<String> {
    [
        include_str!("../corpus/train.jsonl"),
        include_str!("../corpus/dev.jsonl"),
        include_str!("../corpus/test.jsonl"),
    ]
    .into_iter()
    .flat_map(|split| eval::parse_jsonl(split).expect("corpus parses"))
    .map(|item| nfc(&item.text))
    .collect()
}

/// Unicode NFC. Callers store NFC text; classifier spans index into it.
///
/// ```
/// assert_eq!(redflag_text::nfc("Vie\u{0302}\u{0323}t"), "Việt");
/// ```
pub fn nfc(text: &str) -> String {
    into_nfc(text.to_owned())
}

/// [`nfc`] for a string the caller owns: already composed text (nearly all of it) is handed
/// back as it is, without a copy.
///
/// ```
/// assert_eq!(redflag_text::into_nfc("Vie\u{0302}\u{0323}t".to_owned()), "Việt");
/// ```
pub fn into_nfc(text: String) -> String {
    // Nearly all text arrives composed already; the quick check answers that without
    // decomposing, and normalising in full cost a third of a mail import. Most of our text is
    // in scripts whose NFC status needs no table at all (see `plainly_nfc`).
    if plainly_nfc(&text) {
        return text;
    }
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Whether `text` is certainly NFC without looking anything up: every character is below
/// U+0300 (ASCII and the Latin blocks: no combining marks, nothing that composes), precomposed
/// Vietnamese and other Latin letters of U+1E00..U+1EFF, or Thai, whose only combining marks
/// (below vowels, class 103; phinthu, 9; tone marks, 107) compose with nothing and are in
/// canonical order when none comes straight after a mark of a higher class. Anything else, or `false`, is
/// for the full quick check.
fn plainly_nfc(text: &str) -> bool {
    // In UTF-8 every byte of text below U+0300 is below 0xCC, the lead byte of U+0300.
    if text.bytes().all(|b| b < 0xCC) {
        return true;
    }
    let mut last_class = 0u8;
    for c in text.chars() {
        let class = match c {
            '\0'..='\u{02FF}' | '\u{1E00}'..='\u{1EFF}' => 0,
            '\u{0E38}'..='\u{0E39}' => 103,
            '\u{0E3A}' => 9,
            '\u{0E48}'..='\u{0E4B}' => 107,
            '\u{0E00}'..='\u{0E7F}' => 0,
            _ => return false,
        };
        if class != 0 && last_class > class {
            return false;
        }
        last_class = class;
    }
    true
}

/// Vietnamese diacritics folding: NFD, drop U+0300..U+036F, `đ`/`Đ` -> `d`, lowercase (then NFC,
/// so other scripts come back composed).
///
/// ```
/// assert_eq!(redflag_text::fold_vi("Địt mẹ mày"), "dit me may");
/// ```
pub fn fold_vi(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| if matches!(c, 'đ' | 'Đ') { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .nfc()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_takes_the_quick_path_only_when_the_answer_is_the_same() {
        for s in [
            "plain ascii",
            "Việt Nam, giảm giá chút đi em",
            "Vie\u{0302}\u{0323}t Nam",
            "ขอส่วนลดอีกหน่อยได้ไหมคะ",
            "e\u{0301}\u{0323} and Ａ full-width",
            "\u{1100}\u{1161} jamo",
            "",
        ] {
            let full: String = s.nfc().collect();
            assert_eq!(nfc(s), full, "{s:?}");
            assert_eq!(nfc(&nfc(s)), nfc(s), "idempotent: {s:?}");
            assert_eq!(into_nfc(s.to_owned()), full, "owned: {s:?}");
        }
    }

    #[test]
    fn fold_vi_strips_every_vietnamese_mark() {
        assert_eq!(fold_vi("Địt mẹ mày"), "dit me may");
        assert_eq!(fold_vi("GIẢM GIÁ CHÚT ĐI"), "giam gia chut di");
        assert_eq!(fold_vi("Nguyễn Thị Ánh Tuyết"), "nguyen thi anh tuyet");
        assert_eq!(fold_vi("ưu đãi ơi ằ ẵ"), "uu dai oi a a");
        // Other scripts pass through.
        assert_eq!(fold_vi("ลดราคา OK"), "ลดราคา ok");
    }

    #[test]
    fn the_table_free_check_never_calls_unnormalised_text_normalised() {
        // Every string of up to three characters over letters and marks of the accepted
        // ranges, in every order: Thai below vowels, phinthu and tone marks, Vietnamese
        // precomposed letters, and the Latin and combining marks just around U+0300.
        let alphabet = [
            'a', 'ก', 'ำ', '\u{0E38}', '\u{0E39}', '\u{0E3A}', '\u{0E48}', '\u{0E4B}', 'ệ', 'ả',
            'Ư', '\u{02FF}', '\u{0300}', '\u{0323}', '\u{1E00}', '\u{1EFF}', '\u{1F00}',
        ];
        let mut plain = 0;
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    let s: String = [a, b, c].iter().collect();
                    if plainly_nfc(&s) {
                        plain += 1;
                        assert_eq!(s.nfc().collect::<String>(), s, "{s:?}");
                    }
                }
            }
        }
        // The check is worth having: it accepts most of these strings.
        assert!(plain > 2000, "{plain}");
        assert!(
            !plainly_nfc("\u{0E48}\u{0E38}"),
            "tone mark before below vowel"
        );
        assert!(plainly_nfc("ก\u{0E38}\u{0E48}"));
    }

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let decomposed = "Gia\u{0309}m gia\u{0301}";
        assert_eq!(nfc(decomposed), "Giảm giá");
        assert_ne!(nfc(decomposed).len(), decomposed.len());
    }

    /// Pseudo-random strings over an alphabet chosen to be awkward: decomposed marks, full-width,
    /// Thai, đ, repeated letters, quote markers, zero-width characters.
    fn awkward_strings() -> impl Iterator<Item = String> {
        const ALPHABET: &[&str] = &[
            "a", "A", "e", "\u{0301}", "\u{0323}", "\u{0309}", "đ", "Đ", "ơ", "Ư", "ｆ", "Ｖ", "ﬁ",
            "ก", "ำ", "่", "ๆ", " ", "  ", "\n", ">", ".", "*", "!", "'", "\u{2019}", "\u{200B}",
            "k", "o", "dc", "a/e", "1", "0", "ß", "İ",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..2000).map(move |_| {
            let mut s = String::new();
            let len = (state >> 60) as usize + 1;
            for _ in 0..len * 2 {
                // xorshift: deterministic, so a failure reproduces.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(ALPHABET[(state % ALPHABET.len() as u64) as usize]);
            }
            s
        })
    }

    #[test]
    fn normalising_twice_equals_normalising_once() {
        for s in awkward_strings() {
            let once = nfc(&s);
            assert_eq!(nfc(&once), once, "nfc {s:?}");
            let folded = fold_vi(&s);
            assert_eq!(fold_vi(&folded), folded, "fold_vi {s:?}");
            let (mut a, mut b) = (norm::View::default(), norm::View::default());
            let mut folded = norm::View::default();
            norm::build_views(&once, 0, true, &mut a, &mut folded);
            norm::build_views(&a.text, 0, true, &mut b, &mut folded);
            assert_eq!(b.text, a.text, "accented view of {s:?}");
        }
    }

    #[test]
    fn classify_spans_are_on_char_boundaries_for_awkward_text() {
        let c = Classifier::new();
        for s in awkward_strings() {
            let text = nfc(&format!("{s} giảm giá chút đi {s} f u c k {s}"));
            for hit in c.classify(&text, None) {
                let (start, end) = hit.span;
                assert!(start < end && end <= text.len());
                assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
                assert!(hit.score > 0.0 && hit.score <= 1.0);
            }
        }
    }
}
