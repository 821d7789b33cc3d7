//! Rule-based language identification for vi / th / en.

use redflag_domain::Lang;

use crate::norm::{is_letter_or_digit, is_thai};

/// Letters only Vietnamese uses among vi / th / en (with any tone mark): ă â đ ê ô ơ ư and the
/// Latin Extended Additional block, where the stacked Vietnamese letters live.
fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

/// Accented letters Vietnamese shares with French, Spanish... (café, señor): weaker evidence.
fn is_shared_accent(c: char) -> bool {
    matches!(c, 'à'..='ã' | 'è'..='ê' | 'ì' | 'í' | 'ò'..='õ' | 'ù' | 'ú' | 'ý')
}

/// Unaccented Vietnamese syllables that are not English words.
const VI_WORDS: &[&str] = &[
    "khong", "ko", "anh", "em", "chi", "minh", "toi", "duoc", "dc", "cua", "nhe", "nha", "oi",
    "roi", "gi", "sao", "lam", "bao", "nhieu", "voi", "vs", "nay", "thi", "nhung", "cung", "se",
    "dang", "muon", "ve", "den", "trong", "ngay", "mai", "hom", "tuan", "thang", "tien", "giam",
    "gia", "nhanh", "giup", "cam", "xin", "chao", "nhu", "nao", "lai", "viec", "hay", "qua", "vay",
    "thoi", "nguoi", "biet", "chua", "phai", "mot", "hai", "cho", "di", "dau", "luon", "xong",
    "gui", "gium", "dum", "tra", "ngu", "mn", "bt", "ntn", "hen", "nhiu", "kg", "cong", "ty",
    "khach", "nua", "them", "bon", "ben", "tui",
];

/// Common English words that are not unaccented Vietnamese syllables.
const EN_WORDS: &[&str] = &[
    "the", "and", "you", "to", "is", "are", "for", "of", "it", "this", "that", "with", "can", "we",
    "i", "me", "my", "your", "please", "will", "would", "could", "should", "have", "has", "be",
    "not", "do", "on", "at", "what", "when", "how", "thanks", "hi", "hello", "just", "need",
    "want", "price", "our", "us", "if", "or", "so", "but", "was", "get", "by", "all", "from", "an",
    "they", "no", "yes", "ok", "why", "work", "send", "pay", "time", "tomorrow", "week", "today",
    "again", "more", "free", "discount", "cheaper", "don't", "i'm", "it's",
];

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
    let (mut thai, mut latin, mut vi_only, mut shared) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        if is_thai(c) {
            thai += usize::from(is_letter_or_digit(c));
        } else if is_letter_or_digit(c) && !c.is_ascii_digit() {
            latin += 1;
            if is_vietnamese_letter(c) {
                vi_only += 1;
            } else if is_shared_accent(c.to_lowercase().next().unwrap_or(c)) {
                shared += 1;
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
        // The stopword lists are ASCII, so an ASCII case-insensitive compare needs no allocation.
        vi += usize::from(VI_WORDS.iter().any(|v| v.eq_ignore_ascii_case(word)));
        en += usize::from(EN_WORDS.iter().any(|v| v.eq_ignore_ascii_case(word)));
    }
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
            ("", None),
            ("Xyzzy", None),
        ];
        for (text, want) in cases {
            assert_eq!(detect_lang(text), *want, "{text}");
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
