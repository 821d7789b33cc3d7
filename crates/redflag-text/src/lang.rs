//! Rule-based language identification for vi / th / en.

use redflag_domain::Lang;

use crate::norm::{in_range, is_letter_or_digit, is_thai, splat};

/// Letters only Vietnamese uses among vi / th / en (with any tone mark): ă â đ ê ô ơ ư and the
/// Latin Extended Additional block, where the stacked Vietnamese letters live.
fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

/// The first character of `c`'s lowercase, Latin-1 answered without the Unicode tables.
fn lowercase(c: char) -> char {
    match c {
        '\u{00C0}'..='\u{00DE}' if c != '\u{00D7}' => char::from(c as u8 + 0x20),
        '\u{00DF}'..='\u{00FF}' => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Accented letters Vietnamese shares with French, Spanish... (café, señor): weaker evidence.
fn is_shared_accent(c: char) -> bool {
    matches!(c, 'à'..='ã' | 'è'..='ê' | 'ì' | 'í' | 'ò'..='õ' | 'ù' | 'ú' | 'ý')
}

/// Unaccented Vietnamese syllables that are not English words. Sorted, at most eight bytes.
const VI_WORDS: &[&str] = &[
    "anh", "bao", "ben", "biet", "bon", "bt", "cam", "chao", "chi", "cho", "chua", "cong", "cua",
    "cung", "dang", "dau", "dc", "den", "di", "dum", "duoc", "em", "gi", "gia", "giam", "gium",
    "giup", "gui", "hai", "hay", "hen", "hom", "kg", "khach", "khong", "ko", "lai", "lam", "luon",
    "mai", "minh", "mn", "mot", "muon", "nao", "nay", "ngay", "ngu", "nguoi", "nha", "nhanh",
    "nhe", "nhieu", "nhiu", "nhu", "nhung", "ntn", "nua", "oi", "phai", "qua", "roi", "sao", "se",
    "thang", "them", "thi", "thoi", "tien", "toi", "tra", "trong", "tuan", "tui", "ty", "vay",
    "ve", "viec", "voi", "vs", "xin", "xong",
];

/// Common English words that are not unaccented Vietnamese syllables. Sorted, at most eight bytes.
const EN_WORDS: &[&str] = &[
    "again", "all", "an", "and", "are", "at", "be", "but", "by", "can", "cheaper", "could",
    "discount", "do", "don't", "for", "free", "from", "get", "has", "have", "hello", "hi", "how",
    "i", "i'm", "if", "is", "it", "it's", "just", "me", "more", "my", "need", "no", "not", "of",
    "ok", "on", "or", "our", "pay", "please", "price", "send", "should", "so", "thanks", "that",
    "the", "they", "this", "time", "to", "today", "tomorrow", "us", "want", "was", "we", "week",
    "what", "when", "why", "will", "with", "work", "would", "yes", "you", "your",
];

/// Up to 8 ASCII bytes, lowercased, big-endian and zero-padded: the order of the keys is the
/// order of the words, so sorted word lists give sorted key lists.
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < 8 {
        key <<= 8;
        if i < word.len() {
            key |= word[i].to_ascii_lowercase() as u64;
        }
        i += 1;
    }
    key
}

/// [`pack`] of `text[start..end]`, a word of one to eight ASCII letters, digits and
/// apostrophes, reading its eight bytes at once when the text goes on that far (the byte loop
/// of `pack` was a third of the time of [`detect_lang`] on English).
#[inline]
fn pack_word(text: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    match text
        .get(start..start + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
    {
        Some(eight) if (1..=8).contains(&len) => {
            let mask = !(u64::MAX.checked_shr(8 * len as u32).unwrap_or(0));
            // Bit 0x20 lowercases an ASCII letter and is already set in digits and `'`.
            (u64::from_be_bytes(eight) | 0x2020_2020_2020_2020) & mask
        }
        _ => pack(&text[start..end]),
    }
}

const fn pack_all<const N: usize>(words: &[&str]) -> [u64; N] {
    let mut keys = [0u64; N];
    let mut i = 0;
    while i < N {
        keys[i] = pack(words[i].as_bytes());
        i += 1;
    }
    keys
}

const VI_KEYS: [u64; VI_WORDS.len()] = pack_all(VI_WORDS);
const EN_KEYS: [u64; EN_WORDS.len()] = pack_all(EN_WORDS);

/// A stopword: its key and its votes (bit 0 Vietnamese, bit 1 English).
#[derive(Clone, Copy)]
struct Stopword {
    key: u64,
    votes: u8,
}

/// Both stopword lists in one table, a word in both lists once with both votes; entry 0 is
/// no word (a key no text packs to).
const STOPWORDS: ([Stopword; 1 + VI_KEYS.len() + EN_KEYS.len()], usize) = {
    let none = Stopword {
        key: u64::MAX,
        votes: 0,
    };
    let mut t = [none; 1 + VI_KEYS.len() + EN_KEYS.len()];
    let mut len = 1;
    let mut list = 0;
    while list < 2 {
        let keys: &[u64] = if list == 0 { &VI_KEYS } else { &EN_KEYS };
        let mut k = 0;
        while k < keys.len() {
            let key = keys[k];
            let votes = 1 << list;
            let mut at = 1;
            while at < len && t[at].key != key {
                at += 1;
            }
            if at < len {
                t[at].votes |= votes;
            } else {
                t[len] = Stopword { key, votes };
                len += 1;
            }
            k += 1;
        }
        list += 1;
    }
    (t, len)
};

/// Bits of [`stopword_slot`]: 4,096 slots for about 160 stopwords.
const SLOT_BITS: u32 = 12;

/// A multiplier that sends every stopword to its own slot (found at compile time).
const SLOT_MUL: u64 = {
    let (t, len) = STOPWORDS;
    let mut mul = 0x9E37_79B9_7F4A_7C15u64;
    loop {
        let mut used = [0u64; 1 << (SLOT_BITS - 6)];
        let mut ok = true;
        let mut i = 1;
        while i < len {
            let slot = (t[i].key.wrapping_mul(mul) >> (64 - SLOT_BITS)) as usize;
            if used[slot / 64] & (1 << (slot % 64)) != 0 {
                ok = false;
                break;
            }
            used[slot / 64] |= 1 << (slot % 64);
            i += 1;
        }
        if ok {
            break mul;
        }
        mul = mul.wrapping_add(0x2545_F491_4F6C_DD1E);
    }
};

/// A key's slot in [`STOPWORD_SLOTS`].
#[inline(always)]
const fn stopword_slot(key: u64) -> usize {
    (key.wrapping_mul(SLOT_MUL) >> (64 - SLOT_BITS)) as usize
}

/// Per slot, the index in [`STOPWORDS`] of the one stopword there, or 0.
const STOPWORD_SLOTS: [u8; 1 << SLOT_BITS] = {
    let (t, len) = STOPWORDS;
    assert!(len <= 256);
    let mut slots = [0u8; 1 << SLOT_BITS];
    let mut i = 1;
    while i < len {
        slots[stopword_slot(t[i].key)] = i as u8;
        i += 1;
    }
    slots
};

/// The votes of one packed word (bit 0 Vietnamese, bit 1 English): one slot, one compare, no
/// branch (a key of 0, no word, gets none).
#[inline(always)]
fn stopword_vote_bits(key: u64) -> u8 {
    let at = usize::from(STOPWORD_SLOTS[stopword_slot(key)]);
    // About every third English word is a stopword, so a branch on the compare mispredicts
    // (and the compiler turns a select into one): the compare picks the entry's votes or the
    // 0 next to them by address.
    let hit = usize::from(STOPWORDS.0[at].key == key);
    STOPWORD_VOTES[2 * at + hit]
}

/// Per [`STOPWORDS`] entry, 0 and then its votes.
const STOPWORD_VOTES: [u8; 2 * (1 + VI_KEYS.len() + EN_KEYS.len())] = {
    let (t, len) = STOPWORDS;
    let mut votes = [0u8; 2 * (1 + VI_KEYS.len() + EN_KEYS.len())];
    let mut i = 0;
    while i < len {
        votes[2 * i + 1] = t[i].votes;
        i += 1;
    }
    votes
};

/// The votes of one packed word: (Vietnamese, English).
#[inline]
fn stopword_votes(key: u64) -> (usize, usize) {
    let votes = stopword_vote_bits(key);
    (usize::from(votes & 1), usize::from(votes >> 1))
}

/// [`is_letter_or_digit`] of U+0E00 + index, for the Thai block (a test checks it).
const THAI_LETTER_OR_DIGIT: [bool; 128] = {
    let mut t = [false; 128];
    let mut low = 0;
    while low < 128 {
        t[low] = (low >= 0x01 && low <= 0x4E && low != 0x3F) || (low >= 0x50 && low <= 0x59);
        low += 1;
    }
    t
};

/// Guesses the language of a message: Thai by script share; Vietnamese by its own letters and tone
/// marks; otherwise a small vote between unaccented Vietnamese and English stopwords. `None` when
/// there is too little evidence (one unknown word, digits, emoji).
///
/// ```
/// use redflag_domain::Lang;
/// use redflag_text::detect_lang;
/// assert_eq!(detect_lang("ลดราคาหน่อยได้ไหมครับ"), Some(Lang::Th));
/// assert_eq!(detect_lang("Giảm giá chút đi em"), Some(Lang::Vi));
/// assert_eq!(detect_lang("giam gia chut di em"), Some(Lang::Vi));
/// assert_eq!(detect_lang("Can you give us a discount?"), Some(Lang::En));
/// assert_eq!(detect_lang("👍"), None);
/// ```
pub fn detect_lang(text: &str) -> Option<Lang> {
    if text.is_ascii() {
        return detect_ascii(text.as_bytes());
    }
    let (mut thai, mut latin, mut vi_only, mut shared) = (0usize, 0usize, 0usize, 0usize);
    // Whether a byte after the Vietnamese letters starts a Thai letter, once asked.
    let mut thai_ahead: Option<bool> = None;
    // Byte by byte: ASCII and Thai (E0 B8 xx / E0 B9 xx) without decoding.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            latin += usize::from(b.is_ascii_alphabetic());
            i += 1;
            continue;
        }
        if b == 0xE0 && i + 2 < bytes.len() && matches!(bytes[i + 1], 0xB8 | 0xB9) {
            let low = (usize::from(bytes[i + 1] & 0x01) << 6) | usize::from(bytes[i + 2] & 0x3F);
            thai += usize::from(THAI_LETTER_OR_DIGIT[low]);
            i += 3;
            // Decided early: even if every byte left were a Latin letter, Thai would keep its
            // third of the letters. Same answer as reading on: nothing left can make the test
            // below fail, nor the Vietnamese exit above fire (it needs fewer Thai letters).
            if thai > 0 && 2 * thai >= latin + (bytes.len() - i) {
                return Some(Lang::Th);
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\0');
        i += c.len_utf8();
        if is_thai(c) {
            thai += usize::from(is_letter_or_digit(c));
        } else if is_letter_or_digit(c) {
            latin += 1;
            if is_vietnamese_letter(c) {
                vi_only += 1;
            } else if is_shared_accent(lowercase(c)) {
                shared += 1;
            }
            // Decided early: enough Vietnamese letters, and too few Thai letters left for the
            // Thai share to reach a third: none if no byte left starts a Thai letter (0xE0,
            // looked for once, when the Vietnamese letters are there), else at most a third of
            // the bytes left. Same answer as reading on: the counts only grow.
            if vi_only >= 2 || shared >= 3 {
                let thai_left = *thai_ahead.get_or_insert_with(|| bytes[i..].contains(&0xE0));
                let most_thai = if thai_left { (bytes.len() - i) / 3 } else { 0 };
                if 2 * (thai + most_thai) < latin {
                    return Some(Lang::Vi);
                }
            }
        }
    }
    if thai + latin == 0 {
        return None;
    }
    // Thai messages often carry English brand names or "ok": a third of the letters is plenty.
    if thai * 3 >= thai + latin {
        return Some(Lang::Th);
    }
    if vi_only >= 2 || (vi_only == 1 && latin < 40) || shared >= 3 {
        return Some(Lang::Vi);
    }
    let (mut vi, mut en, mut words) = (0usize, 0usize, 0usize);
    for word in text
        .split(|c: char| !(is_letter_or_digit(c) || c == '\''))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        // The stopword lists are short lowercase ASCII: a word packs into one u64 and is looked
        // up by binary search, no allocation and no string compare.
        if word.len() > 8 || !word.is_ascii() {
            continue;
        }
        let (v, e) = stopword_votes(pack(word.as_bytes()));
        vi += v;
        en += e;
    }
    vote(vi, en, words)
}

/// [`detect_lang`] for ASCII text (English, unaccented Vietnamese), byte by byte: no Thai, no
/// Vietnamese letters, so only the stopword vote decides.
fn detect_ascii(text: &[u8]) -> Option<Lang> {
    if !text.iter().any(u8::is_ascii_alphabetic) {
        return None;
    }
    let (mut vi, mut en, mut words) = (0usize, 0usize, 0usize);
    // Words are runs of letters, digits and apostrophes, found eight bytes at a time: a byte
    // loop mispredicted the branch that ends a word and the one that ends the gap after it
    // (about two a word); this one mostly finds a word's end in its first eight bytes.
    let mut i = run_end(text, 0, false);
    while i < text.len() {
        let start = i;
        if let Some(eight) = text.get(i..i + 8) {
            let chunk = u64::from_le_bytes(<[u8; 8]>::try_from(eight).unwrap_or_default());
            let word = word_bytes(chunk);
            let other = !word & splat(0x80);
            if other != 0 {
                // A word of one to seven bytes: its key from the same eight bytes (`pack`:
                // big-endian, lowercased by bit 0x20, which digits and `'` already have).
                let len = (other.trailing_zeros() / 8) as usize;
                let key = (chunk.swap_bytes() | splat(0x20)) & !(u64::MAX >> (8 * len));
                let (v, e) = stopword_votes(key);
                vi += v;
                en += e;
                words += 1;
                // The next word, if it starts in these eight bytes.
                let next = word & (u64::MAX << (8 * len));
                i = if next != 0 {
                    start + (next.trailing_zeros() / 8) as usize
                } else {
                    run_end(text, start + 8, false)
                };
                continue;
            }
        }
        // A word of eight bytes or more, or near the end of the text.
        i = run_end(text, i, true);
        words += 1;
        if i - start <= 8 {
            let (v, e) = stopword_votes(pack_word(text, start, i));
            vi += v;
            en += e;
        }
        i = run_end(text, i, false);
    }
    vote(vi, en, words)
}

/// For eight ASCII bytes (little-endian), 0x80 in each word byte: a letter, digit or `'`.
#[inline(always)]
fn word_bytes(chunk: u64) -> u64 {
    in_range(chunk | splat(0x20), b'a', b'z')
        | in_range(chunk, b'0', b'9')
        | in_range(chunk, b'\'', b'\'')
}

/// The end of the run of word bytes (`word`) or of other bytes (`!word`) from `i` in ASCII
/// `text`: the first byte from `i` on that is not of the kind, or the end of the text.
#[inline]
fn run_end(text: &[u8], mut i: usize, word: bool) -> usize {
    const WORD: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'\'';
            b += 1;
        }
        t
    };
    while let Some(eight) = text.get(i..i + 8) {
        let chunk = u64::from_le_bytes(<[u8; 8]>::try_from(eight).unwrap_or_default());
        let kind = word_bytes(chunk);
        let other = if word { !kind & splat(0x80) } else { kind };
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < text.len() && WORD[usize::from(text[i])] == word {
        i += 1;
    }
    i
}

fn vote(vi: usize, en: usize, words: usize) -> Option<Lang> {
    let needed = if words <= 2 { 1 } else { 2 };
    if vi > en && vi >= needed {
        Some(Lang::Vi)
    } else if en > vi && en >= needed {
        Some(Lang::En)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::detect_lang;
    use redflag_domain::Lang;

    #[test]
    fn detects_each_language_and_mixes() {
        let cases: &[(&str, Option<Lang>)] = &[
            ("ลดราคาให้หน่อยได้ไหมคะ", Some(Lang::Th)),
            ("ok ครับ ส่งงานพรุ่งนี้นะ", Some(Lang::Th)),
            ("โปรเจกต์ website ของเรา deadline วันศุกร์", Some(Lang::Th)),
            ("Anh đề xuất gì?", Some(Lang::Vi)),
            ("bên em làm giúp thử miễn phí", Some(Lang::Vi)),
            ("em oi giam gia chut di", Some(Lang::Vi)),
            ("ko dc dau, mai gui nhe", Some(Lang::Vi)),
            ("Please send the invoice by Friday.", Some(Lang::En)),
            ("We need the website by tomorrow morning", Some(Lang::En)),
            ("deadline là thứ Sáu nhé, ok?", Some(Lang::Vi)),
            ("12345 !!!", None),
            ("฿", None),
            ("ๆ", Some(Lang::Th)),
            ("ก ab", Some(Lang::Th)),
            ("ก abc", None),
            ("กข abcd", Some(Lang::Th)),
            ("กข abcde", None),
            ("", None),
            ("Xyzzy", None),
        ];
        for (text, want) in cases {
            assert_eq!(detect_lang(text), *want, "{text}");
        }
    }

    #[test]
    fn the_stopword_lists_are_sorted_short_and_lowercase_for_binary_search() {
        for list in [super::VI_WORDS, super::EN_WORDS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
            assert!(
                list.iter()
                    .all(|w| w.len() <= 8 && *w == w.to_ascii_lowercase())
            );
        }
        for keys in [&super::VI_KEYS[..], &super::EN_KEYS[..]] {
            assert!(keys.windows(2).all(|k| k[0] < k[1]));
        }
    }

    #[test]
    fn the_ascii_path_answers_like_the_general_one() {
        for text in [
            "em oi giam gia chut di",
            "ko dc dau, mai gui nhe",
            "Please send the invoice by Friday.",
            "don't WORRY it's OK",
            "12345 !!!",
            "Xyzzy",
            "a b",
            "",
            "thanksssss you'll i'M 1st x'y'z' pleaseeee send'",
        ]
        .into_iter()
        .map(String::from)
        .chain(crate::corpus_texts().into_iter().filter(|t| t.is_ascii()))
        {
            // A trailing non-ASCII symbol forces the general path without adding a letter.
            let general = detect_lang(&format!("{text} \u{2026}"));
            assert_eq!(detect_lang(&text), general, "{text:?}");
            let upper = text.to_uppercase();
            assert_eq!(
                detect_lang(&upper),
                detect_lang(&format!("{upper} \u{2026}")),
                "{upper:?}"
            );
        }
    }

    #[test]
    fn the_early_answers_are_the_answers_of_reading_on() {
        // Symbols at the end add no letter, so they cannot change the answer; they only move
        // the points where the loop may stop early.
        const PIECES: &[&str] = &["ก", "ข", "฿", "ๆ", " ", "a", "B", "é", "ạ", "đ", "1", "ok "];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(state >> 60) + 1 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            let padded = format!("{s}{}", "\u{2026}".repeat((state % 7) as usize));
            assert_eq!(detect_lang(&s), detect_lang(&padded), "{s:?}");
        }
    }

    #[test]
    fn the_latin1_lowercase_equals_the_unicode_one() {
        for c in ('\u{0080}'..='\u{0250}').chain(['\u{212B}', '\u{0130}', 'Ấ']) {
            assert_eq!(
                super::lowercase(c),
                c.to_lowercase().next().unwrap(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn french_accent_alone_is_not_vietnamese() {
        assert_eq!(
            detect_lang("Let's meet at the café for the price talk"),
            Some(Lang::En)
        );
    }
}

#[cfg(test)]
mod thai_table_tests {
    use super::*;

    #[test]
    fn the_stopword_table_answers_like_the_binary_searches() {
        let searched = |key: u64| {
            (
                usize::from(VI_KEYS.binary_search(&key).is_ok()),
                usize::from(EN_KEYS.binary_search(&key).is_ok()),
            )
        };
        for key in VI_KEYS.iter().chain(&EN_KEYS) {
            assert_eq!(stopword_votes(*key), searched(*key));
        }
        // Every word of up to four letters (with the apostrophe), and the corpus's words.
        let alphabet = b"abcdefghijklmnopqrstuvwxyz'";
        let mut words: Vec<Vec<u8>> = Vec::new();
        let mut level: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            level = level
                .iter()
                .flat_map(|w| {
                    alphabet.iter().map(move |&c| {
                        let mut w = w.clone();
                        w.push(c);
                        w
                    })
                })
                .collect();
            words.extend(level.iter().cloned());
        }
        for text in crate::corpus_texts() {
            words.extend(text.split(' ').map(|w| w.as_bytes().to_vec()));
        }
        let mut hits = 0;
        for w in words.iter().filter(|w| !w.is_empty() && w.len() <= 8) {
            let key = pack(w);
            assert_eq!(stopword_votes(key), searched(key), "{w:?}");
            hits += usize::from(stopword_votes(key) != (0, 0));
        }
        assert!(hits > 1000, "{hits}");
        assert_eq!(stopword_votes(pack(b"khong")), (1, 0));
        assert_eq!(stopword_votes(pack(b"please")), (0, 1));
    }

    #[test]
    fn packing_a_word_in_place_equals_packing_its_bytes() {
        let text = b"Don't WORRY it's OK 12ab x'Y' abcdefgh ABCDEFGHI z";
        let mut i = 0;
        let mut seen = 0;
        while i < text.len() {
            let start = i;
            while i < text.len() && (text[i].is_ascii_alphanumeric() || text[i] == b'\'') {
                i += 1;
            }
            for end in start + 1..=i.min(start + 8) {
                assert_eq!(pack_word(text, start, end), pack(&text[start..end]));
                seen += 1;
            }
            i += 1;
        }
        assert!(seen > 30, "{seen}");
    }

    #[test]
    fn word_bytes_are_found_eight_at_a_time() {
        for b in 0u8..0x80 {
            for at in 0..8 {
                let mut eight = [b'x', b' ', b'Z', b'\'', b'0', b'.', b'9', b'@'];
                eight[at] = b;
                let mask = word_bytes(u64::from_le_bytes(eight));
                for (k, &c) in eight.iter().enumerate() {
                    let want = c.is_ascii_alphanumeric() || c == b'\'';
                    assert_eq!(mask >> (8 * k) & 0xFF, if want { 0x80 } else { 0 }, "{c}");
                }
                let text = [&eight[..], b"tail ".as_slice()].concat();
                for from in 0..text.len() {
                    for kind in [true, false] {
                        let end = (from..text.len())
                            .find(|&e| {
                                (text[e].is_ascii_alphanumeric() || text[e] == b'\'') != kind
                            })
                            .unwrap_or(text.len());
                        assert_eq!(run_end(&text, from, kind), end, "{text:?} {from} {kind}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_thai_table_is_is_letter_or_digit() {
        for (low, &yes) in THAI_LETTER_OR_DIGIT.iter().enumerate() {
            let c = char::from_u32(0x0E00 + low as u32).unwrap();
            assert_eq!(yes, is_letter_or_digit(c), "{c:?}");
        }
    }
}
