//! The view builders as first written (one `char` at a time, three passes), kept as the
//! reference the faster builders of the parent module are tested against.

use super::{View, expand, fold_char, is_invisible, is_letter_or_digit, is_skeleton_word_char};
use super::{is_word_char, normalise_char, unleet};

/// Builds the accented view of `text`, whose bytes start at `base` in the caller's string.
pub(super) fn build_accented(text: &str, base: usize, out: &mut View) {
    out.clear();
    let mut line_start = true;
    let mut quoted_line = false;
    // Repeated-letter collapsing: the last letter pushed, how many times in a row, and where its
    // second copy starts (removed when a third arrives).
    let mut run_char = '\0';
    let mut run_len = 0usize;
    let mut second_at = 0usize;
    for (i, c) in text.char_indices() {
        let (s, e) = (base + i, base + i + c.len_utf8());
        if c == '\n' {
            line_start = true;
            if quoted_line {
                quoted_line = false;
                continue;
            }
        } else if line_start {
            if c.is_whitespace() || is_invisible(c) {
                continue;
            }
            line_start = false;
            quoted_line = c == '>';
        }
        if quoted_line {
            continue;
        }
        if c.is_whitespace() {
            run_char = '\0';
            run_len = 0;
            match out.last_char() {
                None => {}
                Some(' ') if c == '\n' => {
                    // A newline ends a clause; keep it over the space before it.
                    let len = out.text.len() - 1;
                    out.truncate(len);
                    out.push('\n', s, e);
                }
                Some(last) if last.is_whitespace() => {}
                Some(_) => out.push(if c == '\n' { '\n' } else { ' ' }, s, e),
            }
            continue;
        }
        normalise_char(c, |n| {
            if n == run_char && is_letter_or_digit(n) && !n.is_ascii_digit() {
                run_len += 1;
                match run_len {
                    2 => {
                        second_at = out.text.len();
                        out.push(n, s, e);
                    }
                    3 => out.truncate(second_at),
                    _ => {}
                }
            } else {
                run_char = n;
                run_len = 1;
                out.push(n, s, e);
            }
        });
    }
    if out.last_char().is_some_and(char::is_whitespace) {
        let len = out.text.len() - 1;
        out.truncate(len);
    }
}

/// Builds the folded view from the accented view. `tok` is scratch space.
pub(super) fn build_folded(
    accented: &View,
    vietnamese: bool,
    tok: &mut Vec<(char, usize, usize)>,
    out: &mut View,
) {
    out.clear();
    if accented.text.is_ascii() {
        // The ASCII shortcut is the same code in both references; the test
        // `the_ascii_folded_view_equals_the_general_one` checks it against the general path.
        super::two_pass::build_folded_ascii(accented, vietnamese, out);
        return;
    }
    // The abbreviation key keeps tone marks (only `đ` -> `d`): `ạ` is a polite particle, not the
    // teencode `a` for `anh`.
    let mut key = String::new();
    let mut flush = |tok: &mut Vec<(char, usize, usize)>, out: &mut View| {
        if tok.is_empty() {
            return;
        }
        key.clear();
        key.extend(tok.iter().map(|t| if t.0 == 'đ' { 'd' } else { t.0 }));
        let (s, e) = (tok[0].1, tok[tok.len() - 1].2);
        match expand(&key, vietnamese) {
            Some(full) => full.chars().for_each(|c| out.push(c, s, e)),
            None => tok
                .iter()
                .for_each(|&(c, s, e)| out.push(fold_char(c), s, e)),
        }
        tok.clear();
    };
    tok.clear();
    let mut chars = accented.chars_with_source().peekable();
    while let Some((c, s, e)) = chars.next() {
        let joins_word = c == '/'
            && tok.last().is_some_and(|t| is_word_char(t.0))
            && chars.peek().is_some_and(|n| is_word_char(n.0));
        if is_word_char(c) || joins_word {
            tok.push((c, s, e));
        } else {
            flush(tok, out);
            out.push(fold_char(c), s, e);
        }
    }
    flush(tok, out);
    super::resolve_ck(out);
}

/// Builds the skeleton view from the accented view (folding as it goes, but without expanding
/// abbreviations: `đ.m` must stay `dm`, not become `d may`). `tok` is scratch space.
pub(super) fn build_skeleton(accented: &View, tok: &mut Vec<(char, usize, usize)>, out: &mut View) {
    out.clear();
    tok.clear();
    // Whether the last token written was a single letter, and where the separators after it
    // began: a following single letter is glued to it (`f u c k`, `đ.m`).
    let mut last_single = false;
    let mut sep_from: Option<usize> = None;
    let write_token = |tok: &mut Vec<(char, usize, usize)>,
                       out: &mut View,
                       last_single: &mut bool,
                       sep_from: &mut Option<usize>| {
        let has_letter = tok.iter().any(|t| t.0.is_ascii_alphabetic());
        let single = tok.len() == 1 && has_letter;
        if single
            && *last_single
            && let Some(at) = *sep_from
        {
            out.truncate(at);
        }
        for &(c, s, e) in tok.iter() {
            let c = if has_letter { unleet(c) } else { c };
            // Squeeze every repeat: patterns are squeezed the same way when loaded.
            if c.is_ascii_alphabetic() && out.last_char() == Some(c) {
                continue;
            }
            out.push(c, s, e);
        }
        *last_single = single;
        *sep_from = None;
        tok.clear();
    };
    for (c, s, e) in accented.chars_with_source() {
        let c = fold_char(c);
        let word_char = is_skeleton_word_char(c)
            // `*` and friends only count inside a word, so "a * b" is not glued.
            && (c.is_ascii_alphanumeric() || !tok.is_empty());
        if word_char {
            tok.push((c, s, e));
            continue;
        }
        if !tok.is_empty() {
            write_token(tok, out, &mut last_single, &mut sep_from);
        }
        if matches!(c, ' ' | '.' | '-' | '_' | '*' | ',') && last_single {
            if sep_from.is_none() {
                sep_from = Some(out.text.len());
            }
        } else {
            last_single = false;
            sep_from = None;
        }
        out.push(c, s, e);
    }
    if !tok.is_empty() {
        write_token(tok, out, &mut last_single, &mut sep_from);
    }
}
