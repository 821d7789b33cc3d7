//! Thai word boundaries, for the few patterns (flag `b`) that are whole words only.
//!
//! Thai is written without spaces, and a handful of short swear words are also the start or the
//! middle of ordinary words: หี in หีบ ("box"), สัด in สัดส่วน ("proportion"), ชั่ว in ชั่วโมง
//! ("hour"), แม่ง in แม่งาน ("organiser"), เชี่ย in เชี่ยวชาญ ("expert"). Such a pattern only
//! counts when the dictionary segmenter does not put it inside a longer word. Slang the
//! dictionary does not know is split into fragments that cross the match's edges, so "แม่งเอ้ย"
//! still counts: the test is "not inside one longer word", not "exactly one word".
//!
//! Segmentation is slow next to the automata (notes: about 14 MB/s), so it runs only on the Thai
//! text around a match of such a pattern, which most messages never have.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

/// How much Thai text on each side of a match is segmented, in characters: enough for the
/// dictionary's longest words and the context that decides between readings.
const CONTEXT_CHARS: usize = 40;

/// Whether a Thai character (the Thai block).
fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Whether `text[start..end]` (a match of a Thai pattern) is not the inside of a longer Thai
/// word. `start` and `end` must be character boundaries of `text`.
pub(crate) fn not_inside_a_word(text: &str, start: usize, end: usize) -> bool {
    // The run of Thai letters around the match, at most CONTEXT_CHARS each side.
    let from = text[..start]
        .char_indices()
        .rev()
        .take(CONTEXT_CHARS)
        .take_while(|&(_, c)| is_thai(c))
        .last()
        .map_or(start, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .take(CONTEXT_CHARS)
        .find(|&(_, c)| !is_thai(c))
        .map_or_else(
            || {
                text[end..]
                    .char_indices()
                    .nth(CONTEXT_CHARS)
                    .map_or(text.len(), |(i, _)| end + i)
            },
            |(i, _)| end + i,
        );
    let run = &text[from..to];
    let (start, end) = (start - from, end - from);
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let mut word_start = 0;
    for boundary in segmenter.segment_str(run) {
        if boundary > start {
            // The word holding the match's first character: the match is inside it when the
            // word also holds its last one and is longer.
            return !(end <= boundary && (word_start < start || end < boundary));
        }
        word_start = boundary;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `not_inside_a_word` for the first occurrence of `word` in `text`.
    fn counts(text: &str, word: &str) -> bool {
        let start = text.find(word).expect("the word is in the text");
        not_inside_a_word(text, start, start + word.len())
    }

    #[test]
    fn a_swear_word_inside_an_ordinary_word_does_not_count() {
        assert!(!counts("ส่งหีบห่อสินค้าให้แล้วนะคะ", "หี"));
        assert!(!counts("ขอดูสัดส่วนของงานก่อน", "สัด"));
        assert!(!counts("คิดชั่วโมงละ 500 บาท", "ชั่ว"));
        assert!(!counts("แม่งานของเราจะโทรไป", "แม่ง"));
        assert!(!counts("ทีมเชี่ยวชาญมาก", "เชี่ย"));
    }

    #[test]
    fn a_swear_word_on_its_own_counts() {
        assert!(counts("อีหีเอ้ย", "หี"));
        assert!(counts("ไอ้สัดเอ้ย ทำอะไรของมึง", "สัด"));
        assert!(counts("งานแม่งห่วย", "แม่ง"));
        assert!(counts("แม่งเอ้ย งานพังหมด", "แม่ง"));
        assert!(counts("คนชั่ว", "ชั่ว"));
    }

    #[test]
    fn the_context_is_bounded_and_any_text_is_safe() {
        let long = "ก".repeat(500) + "หี" + &"ข".repeat(500);
        let start = long.find("หี").unwrap();
        let _ = not_inside_a_word(&long, start, start + "หี".len());
        assert!(not_inside_a_word("abc หี def", 4, 4 + "หี".len()));
        assert!(not_inside_a_word("หี", 0, "หี".len()));
    }
}
