//! Raw text of unknown encoding: byte-order marks, UTF-16, UTF-8, and the legacy code pages our
//! users' tools still write (windows-1258 for Vietnamese, TIS-620/windows-874 for Thai). MIME
//! parts name their charset and are decoded by the mail parser; this is for sources that do
//! not (chat exports, CSV, headers in raw 8-bit).

use mail_parser::decoders::charsets::map::charset_decoder;
use redflag_text::nfc;

/// The encoding [`decode`] read the bytes as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (with or without a BOM).
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1258 (Vietnamese).
    Windows1258,
    /// TIS-620 / windows-874 (Thai).
    Windows874,
    /// Windows-1252 (Western European): the fallback, which maps every byte to something.
    Windows1252,
}

/// Decodes `bytes` to NFC text: a BOM decides; else UTF-16 without a BOM is recognised by its
/// zero bytes; else valid UTF-8 is UTF-8; else the legacy code page whose decoding looks most
/// like Thai or Vietnamese text wins, windows-1252 otherwise. Never fails.
///
/// ```
/// use redflag_import::text::{decode, Encoding};
/// // "Việt" in windows-1258: the tone mark is a separate byte; the result is NFC.
/// assert_eq!(decode(b"Vi\xea\xf2t Nam"), ("Việt Nam".to_string(), Encoding::Windows1258));
/// assert_eq!(decode(b"\xff\xfeh\0i\0").0, "hi");
/// ```
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return (nfc(&String::from_utf8_lossy(rest)), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return (utf16(rest, false), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return (utf16(rest, true), Encoding::Utf16Be);
    }
    if let Some(big_endian) = utf16_without_bom(bytes) {
        let enc = if big_endian {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        };
        return (utf16(bytes, big_endian), enc);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (nfc(s), Encoding::Utf8);
    }
    let enc = guess_legacy(bytes);
    let label = match enc {
        Encoding::Windows874 => "windows-874",
        Encoding::Windows1258 => "windows-1258",
        _ => "windows-1252",
    };
    (nfc(&decode_with(label, bytes)), enc)
}

/// Thai text is runs of high bytes (the script has no ASCII letters, and words are not spaced);
/// Vietnamese is ASCII letters with single high bytes for the tone marks and the letters
/// â ê ô ơ ư ă đ between them.
fn guess_legacy(bytes: &[u8]) -> Encoding {
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    if high == 0 {
        return Encoding::Windows1252;
    }
    let mut in_runs = 0;
    for run in bytes.split(|b| *b < 0x80) {
        if run.len() >= 3 {
            in_runs += run.len();
        }
    }
    // Bytes that windows-874 leaves undefined.
    let undefined_874 = bytes
        .iter()
        .any(|b| matches!(b, 0x81..=0x84 | 0x86..=0x90 | 0x98..=0x9f | 0xdb..=0xde | 0xfc..=0xff));
    if in_runs * 2 >= high && !undefined_874 {
        return Encoding::Windows874;
    }
    let vietnamese = bytes
        .iter()
        .filter(|b| {
            matches!(
                b,
                0xcc | 0xec | 0xde | 0xd2 | 0xf2 // tone marks
                    | 0xe2 | 0xea | 0xf4 | 0xf5 | 0xfd | 0xe3 | 0xf0 // â ê ô ơ ư ă đ
                    | 0xc2 | 0xca | 0xd4 | 0xd5 | 0xdd | 0xc3 | 0xd0 // Â Ê Ô Ơ Ư Ă Đ
            )
        })
        .count();
    if vietnamese * 2 >= high {
        Encoding::Windows1258
    } else {
        Encoding::Windows1252
    }
}

fn decode_with(label: &str, bytes: &[u8]) -> String {
    match charset_decoder(label.as_bytes()) {
        Some(decoder) => decoder(bytes),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// UTF-16 without a BOM: text in a Latin or Thai script has a zero (or 0x0E) byte in every
/// other position. Returns whether it is big-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let (mut even_zero, mut odd_zero) = (0, 0);
    for (i, b) in bytes[..n].iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even_zero += 1;
            } else {
                odd_zero += 1;
            }
        }
    }
    let half = n / 2;
    if odd_zero * 10 >= half * 4 && even_zero * 10 < half {
        Some(false)
    } else if even_zero * 10 >= half * 4 && odd_zero * 10 < half {
        Some(true)
    } else {
        None
    }
}

fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let s: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    nfc(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_in_tis_620_is_recognised() {
        // "สวัสดีครับ" in TIS-620.
        let tis = b"\xca\xc7\xd1\xca\xb4\xd5\xa4\xc3\xd1\xba";
        assert_eq!(decode(tis), ("สวัสดีครับ".to_string(), Encoding::Windows874));
    }

    #[test]
    fn vietnamese_in_windows_1258_comes_out_composed() {
        // "Cảm ơn anh" in windows-1258: a + combining hook above (0xD2), ơ = 0xF5.
        let (text, enc) = decode(b"Ca\xd2m \xf5n anh");
        assert_eq!(enc, Encoding::Windows1258);
        assert_eq!(text, "Cảm ơn anh");
        assert_eq!(text, nfc(&text));
    }

    #[test]
    fn boms_and_utf16_without_bom() {
        assert_eq!(decode(b"\xef\xbb\xbfxin ch\xc3\xa0o").0, "xin chào");
        assert_eq!(decode(b"\xfe\xff\0h\0i").0, "hi");
        let le: Vec<u8> = "hello there"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&le), ("hello there".into(), Encoding::Utf16Le));
        let be: Vec<u8> = "hello there"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be), ("hello there".into(), Encoding::Utf16Be));
    }

    #[test]
    fn utf8_stays_utf8_and_is_composed() {
        assert_eq!(decode("Vie\u{302}\u{323}t".as_bytes()).0, "Việt");
        assert_eq!(
            decode(b"caf\xe9 cr\xe8me"),
            ("café crème".into(), Encoding::Windows1252)
        );
    }
}
