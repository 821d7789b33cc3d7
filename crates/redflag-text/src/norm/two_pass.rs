//! The view builders of the third speed pass: the accented view, then the folded view from it,
//! then (for messages with non-ASCII letters) the obfuscation check while folding. Replaced by
//! the one-pass [`super::build_views`] and kept, test-only, as the reference it is checked
//! against (they are themselves checked against the first builders in `reference`).

use super::{
    View, char_at, expand, expand_key, fold_char, is_ascii_space, is_invisible, is_letter_or_digit,
    is_thai, is_word_char, normalise_char,
};

/// Repeated-letter collapsing in the accented view: the last character pushed, how many times in
/// a row, and where its second copy starts (removed when a third arrives).
struct Run {
    ch: char,
    len: usize,
    second_at: usize,
}

impl Run {
    #[inline(always)]
    fn emit(&mut self, out: &mut View, n: char, at: (u32, u32)) {
        if n == self.ch && is_letter_or_digit(n) && !n.is_ascii_digit() {
            self.len += 1;
            match self.len {
                2 => {
                    self.second_at = out.text.len();
                    out.push_at(n, at);
                }
                3 => out.truncate(self.second_at),
                _ => {}
            }
        } else {
            self.ch = n;
            self.len = 1;
            out.push_at(n, at);
        }
    }

    /// A whitespace character (`newline`: it is `\n`): at most one space or newline between
    /// words, a newline winning over the space before it.
    #[inline(always)]
    fn space(&mut self, out: &mut View, newline: bool, at: (u32, u32)) {
        self.ch = '\0';
        self.len = 0;
        match out.last_char() {
            None => {}
            Some(' ') if newline => {
                // A newline ends a clause; keep it over the space before it.
                let len = out.text.len() - 1;
                out.truncate(len);
                out.push_at('\n', at);
            }
            Some(last) if last.is_whitespace() => {}
            Some(_) => out.push_at(if newline { '\n' } else { ' ' }, at),
        }
    }
}

/// Builds the accented view of `text`, whose bytes start at `base` in the caller's string, and
/// records which scripts it holds ([`View::has_thai`] and friends).
///
/// One pass over the bytes: ASCII is lowercased byte by byte, Thai copied as it is, only other
/// characters go through [`normalise_char`].
pub(crate) fn build_accented(text: &str, base: usize, out: &mut View) {
    out.clear();
    out.text.reserve(text.len());
    out.src.reserve(text.len());
    let bytes = text.as_bytes();
    let mut line_start = true;
    let mut quoted_line = false;
    let mut run = Run {
        ch: '\0',
        len: 0,
        second_at: 0,
    };
    let (mut thai, mut other) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let at = ((base + i) as u32, (base + i + 1) as u32);
            i += 1;
            if b == b'\n' {
                line_start = true;
                if quoted_line {
                    quoted_line = false;
                    continue;
                }
            } else if line_start {
                if is_ascii_space(b) {
                    continue;
                }
                line_start = false;
                quoted_line = b == b'>';
            }
            if quoted_line {
                continue;
            }
            if is_ascii_space(b) {
                run.space(out, b == b'\n', at);
            } else {
                run.emit(out, b.to_ascii_lowercase() as char, at);
                // What follows is mostly more of the word: printable ASCII that does not repeat
                // the last character, in a tight loop (a repeat, a space or anything else goes
                // the general way).
                while let Some(&b) = bytes.get(i) {
                    let n = b.to_ascii_lowercase() as char;
                    if !(0x21..0x7F).contains(&b) || n == run.ch {
                        break;
                    }
                    run.ch = n;
                    run.len = 1;
                    out.text.push(n);
                    out.src.push(((base + i) as u32, (base + i + 1) as u32));
                    i += 1;
                }
            }
            continue;
        }
        if b == 0xE0 && matches!(bytes.get(i + 1), Some(0xB8 | 0xB9)) {
            // Thai (U+0E00..U+0E7F), decoded from its bytes: neither whitespace nor invisible,
            // and left as typed.
            let at = ((base + i) as u32, (base + i + 3) as u32);
            let cp =
                0x0E00 | (u32::from(bytes[i + 1] & 0x01) << 6) | u32::from(bytes[i + 2] & 0x3F);
            i += 3;
            line_start = false;
            if quoted_line {
                continue;
            }
            thai = true;
            run.emit(out, char::from_u32(cp).unwrap_or('\u{0E00}'), at);
            continue;
        }
        let (c, len) = char_at(text, i);
        let at = ((base + i) as u32, (base + i + len) as u32);
        i += len;
        if line_start {
            if c.is_whitespace() || is_invisible(c) {
                continue;
            }
            line_start = false;
        }
        if quoted_line {
            continue;
        }
        if is_thai(c) {
            // `normalise_char` leaves Thai as typed.
            thai = true;
            run.emit(out, c, at);
        } else if c.is_whitespace() {
            run.space(out, false, at);
        } else {
            normalise_char(c, |n| {
                if n.is_ascii() {
                    // Full-width letters, curly quotes, dashes.
                } else if is_thai(n) {
                    thai = true;
                } else {
                    other = true;
                }
                run.emit(out, n, at);
            });
        }
    }
    if out.last_char().is_some_and(char::is_whitespace) {
        let len = out.text.len() - 1;
        out.truncate(len);
    }
    out.has_thai = thai;
    out.has_other = other;
    out.has_alnum = out.text.bytes().any(|b| b.is_ascii_alphanumeric());
}

/// Builds the folded view from the accented view.
///
/// One pass: each character is folded and written as it is read, and a token that turns out to
/// be an abbreviation is cut back and replaced by its expansion.
///
/// Returns [`may_be_obfuscated_exact`] of `accented` (for a non-ASCII view found while folding).
pub(crate) fn build_folded(accented: &View, vietnamese: bool, out: &mut View) -> bool {
    out.clear();
    // Thai is copied as it is.
    out.has_thai = accented.has_thai;
    out.text.reserve(accented.text.len() + 16);
    out.src.reserve(accented.text.len() + 16);
    if accented.text.is_ascii() {
        build_folded_ascii(accented, vietnamese, out);
        return may_be_obfuscated_exact(accented);
    }
    let text = accented.text.as_str();
    let bytes = text.as_bytes();
    let src = &accented.src;
    // The token being read: where it starts in the view and in `out`, and its abbreviation key
    // (tone marks kept, only `đ` -> `d`: `ạ` is a polite particle, not the teencode `a` for
    // `anh`); `key_len` past 6 means "not an abbreviation".
    let mut in_token = false;
    let (mut token_start, mut out_start) = (0, 0);
    let mut key = [0u8; 8];
    let mut key_len = 0;
    let mut scan = ObfuscationScan::default();
    let mut obfuscated = false;
    let finish = |out: &mut View, token_start: usize, out_start: usize, end: usize, key: &[u8]| {
        if let Some(full) = expand_key(key, vietnamese) {
            let at = (src[token_start].0, src[end - 1].1);
            out.truncate(out_start);
            out.text.push_str(full);
            out.src.extend(std::iter::repeat_n(at, full.len()));
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = char_at(text, i);
        // A token: word characters, and `/` between two of them (`a/e`).
        let word = is_word_char(c)
            || (in_token
                && c == '/'
                && i + 1 < bytes.len()
                && is_word_char(char_at(text, i + 1).0));
        if word {
            if !in_token {
                in_token = true;
                token_start = i;
                out_start = out.text.len();
                key_len = 0;
            }
            if key_len <= 6 {
                let k = match c {
                    'đ' => Some(b'd'),
                    c if c.is_ascii() => Some(c as u8),
                    _ => None,
                };
                match k {
                    Some(k) if key_len < 6 => {
                        key[key_len] = k;
                        key_len += 1;
                    }
                    _ => key_len = 7,
                }
            }
        } else if in_token {
            in_token = false;
            if key_len <= 6 {
                finish(out, token_start, out_start, i, &key[..key_len]);
            }
        }
        // Folded as the skeleton view folds it, so the obfuscation scan reads the same text.
        if c.is_ascii() {
            obfuscated |= scan.step(c as u8);
            out.text.push(c);
            out.src.push(src[i]);
        } else if is_thai(c) {
            obfuscated |= scan.step(0x80);
            out.text.push_str(&text[i..i + len]);
            out.src.extend_from_slice(&src[i..i + len]);
        } else {
            let f = fold_char(c);
            obfuscated |= scan.step(ObfuscationScan::byte(f));
            out.push_at(f, src[i]);
        }
        i += len;
    }
    if in_token && key_len <= 6 {
        finish(out, token_start, out_start, bytes.len(), &key[..key_len]);
    }
    super::resolve_ck(out);
    obfuscated || scan.finish()
}

/// Whether the folded view of `accented` would be `accented` itself, byte map included: an
/// ASCII view (nothing to fold) in which no token is an abbreviation. Most English messages are;
/// the classifier then searches the accented view with the folded automaton instead of copying
/// it. Reads tokens exactly as [`build_folded_ascii`] does.
pub(crate) fn folds_to_itself(accented: &View, vietnamese: bool) -> bool {
    if accented.has_thai || accented.has_other {
        return false;
    }
    let bytes = accented.text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        i = ascii_token_end(bytes, start);
        if i - start <= 6 && expand_key(&bytes[start..i], vietnamese).is_some() {
            return false;
        }
    }
    true
}

/// Where the ASCII token starting at `start` (an alphanumeric byte) ends: letters and digits,
/// and a `/` between two of them (`a/e`, `k/o` are one token).
fn ascii_token_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        let joins = bytes[i] == b'/'
            && bytes[i - 1].is_ascii_alphanumeric()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if !(bytes[i].is_ascii_alphanumeric() || joins) {
            break;
        }
        i += 1;
    }
    i
}

/// [`build_folded`] for an ASCII accented view (English, unaccented Vietnamese): nothing to
/// fold, so tokens are copied as slices with their byte map, and only abbreviations are
/// rewritten. Same output as the general path, several times faster.
pub(super) fn build_folded_ascii(accented: &View, vietnamese: bool, out: &mut View) {
    let text = accented.text.as_str();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            out.text.push(bytes[i] as char);
            out.src.push(accented.src[i]);
            i += 1;
            continue;
        }
        let start = i;
        i = ascii_token_end(bytes, start);
        let token = &text[start..i];
        match expand(token, vietnamese) {
            Some(full) => {
                let at = (accented.src[start].0, accented.src[i - 1].1);
                out.text.push_str(full);
                out.src.extend(std::iter::repeat_n(at, full.len()));
            }
            None => {
                out.text.push_str(token);
                out.src.extend_from_slice(&accented.src[start..i]);
            }
        }
    }
    super::resolve_ck(out);
}

/// Whether the skeleton view of `accented` may differ from its plain accent folding (each
/// character through [`fold_char`]) by more than squeezed letter runs. Reads tokens as
/// [`build_skeleton`] does, without writing anything.
///
/// Besides squeezing runs of one letter, [`build_skeleton`] changes the folded text in three
/// ways, and this answers yes to each: one of `*!@$|` inside a token (after a letter or digit),
/// a leetspeak digit (`013457`) in a token with a letter, and single-letter tokens with only
/// separators (` .-_*,`) between them. Non-ASCII characters are folded first, as the skeleton
/// view folds them (Thai never folds to ASCII). The `against_reference` test checks that
/// whenever this says no, the skeleton view is the squeezed folding.
pub(crate) fn may_be_obfuscated(accented: &View) -> bool {
    if accented.has_other {
        may_be_obfuscated_exact(accented)
    } else {
        may_be_obfuscated_bytes(accented.text.as_bytes())
    }
}

/// Byte classes of [`may_be_obfuscated_bytes`]: other, letter, digit, one of `!@$|`, `*`, a
/// separator (` .-_,`).
const OB_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            1
        } else if c.is_ascii_digit() {
            2
        } else if matches!(c, b'!' | b'@' | b'$' | b'|') {
            3
        } else if c == b'*' {
            4
        } else if matches!(c, b' ' | b'.' | b'-' | b'_' | b',') {
            5
        } else {
            0
        };
        b += 1;
    }
    t
};

/// States of [`may_be_obfuscated_bytes`]: outside a token (0), in a one-letter token (1), in a
/// longer token after a letter (2) or after a digit (3), separators after a one-letter token
/// (4), in a one-letter token after those (5), found (6).
const OB_NEXT: [[u8; 6]; 7] = [
    // other, letter, digit, !@$|, *, separator
    [0, 1, 3, 0, 0, 0],
    [0, 2, 6, 6, 6, 4],
    [0, 2, 6, 6, 6, 0],
    [0, 6, 3, 6, 6, 0],
    [0, 5, 3, 0, 4, 4],
    [6, 2, 6, 6, 6, 6],
    [6, 6, 6, 6, 6, 6],
];

/// [`may_be_obfuscated`] of a view without non-ASCII letters (ASCII and Thai, which never folds
/// to ASCII): a small automaton over byte classes, answering yes a little more often than the
/// exact check (a letter next to any digit, not just a leetspeak digit in a token with a letter).
pub(crate) fn may_be_obfuscated_bytes(bytes: &[u8]) -> bool {
    let mut state = 0u8;
    for &b in bytes {
        state = OB_NEXT[state as usize][OB_CLASS[b as usize] as usize];
    }
    matches!(state, 5 | 6)
}

/// [`may_be_obfuscated`] character by character, folding as the skeleton view does.
pub(crate) fn may_be_obfuscated_exact(accented: &View) -> bool {
    let text = accented.text.as_str();
    let bytes = text.as_bytes();
    let mut scan = ObfuscationScan::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b < 0x80 {
            (b, 1)
        } else if b == 0xE0 && matches!(bytes.get(i + 1), Some(0xB8 | 0xB9)) {
            // Thai: never folds to ASCII.
            (0x80, 3)
        } else {
            let (ch, len) = char_at(text, i);
            (ObfuscationScan::byte(fold_char(ch)), len)
        };
        i += len;
        if scan.step(c) {
            return true;
        }
    }
    scan.finish()
}

/// The state of [`may_be_obfuscated`], fed one folded character at a time (also by
/// [`build_folded`], which folds every character anyway).
#[derive(Debug, Clone, Default)]
pub(crate) struct ObfuscationScan {
    /// Length of the token being read, and whether it has a letter and a leetspeak digit.
    pub(super) run: usize,
    letter: bool,
    leet: bool,
    /// The last token was a single letter, and separators (`seps`) followed it.
    last_single: bool,
    seps: bool,
}

impl ObfuscationScan {
    /// The byte a folded character is read as: itself if ASCII, else `0x80` (no token, no
    /// separator).
    #[inline(always)]
    pub(crate) fn byte(folded: char) -> u8 {
        if folded.is_ascii() {
            folded as u8
        } else {
            0x80
        }
    }

    /// Reads the next folded character ([`ObfuscationScan::byte`]); true when the skeleton
    /// view may differ from the squeezed folding.
    #[inline(always)]
    pub(crate) fn step(&mut self, c: u8) -> bool {
        if c.is_ascii_alphanumeric() {
            self.run += 1;
            self.letter |= c.is_ascii_alphabetic();
            self.leet |= matches!(c, b'0' | b'1' | b'3' | b'4' | b'5' | b'7');
            return self.letter && self.leet;
        }
        if self.run > 0 {
            if matches!(c, b'*' | b'!' | b'@' | b'$' | b'|') {
                return true;
            }
            let single = self.run == 1 && self.letter;
            if single && self.last_single && self.seps {
                return true;
            }
            self.last_single = single;
            (self.run, self.letter, self.leet) = (0, false, false);
        }
        if self.last_single && matches!(c, b' ' | b'.' | b'-' | b'_' | b'*' | b',') {
            self.seps = true;
        } else {
            self.last_single = false;
            self.seps = false;
        }
        false
    }

    /// The answer at the end of the text.
    pub(crate) fn finish(&self) -> bool {
        self.run == 1 && self.letter && self.last_single && self.seps
    }
}
