//! The trained half of the classifier: one binary logistic-regression head per signal over
//! hashed word and character n-grams (`lr-5`).
//!
//! Features, all binary, of the NFKC-lowercased text (the accented view's per-character
//! normalisation, without its repeated-letter collapsing):
//!
//! - word unigrams and bigrams of the accented words, and again of the Vietnamese-folded words
//!   (`đ` -> `d`, marks dropped), under different hash tags; Thai runs are not words here;
//! - character n-grams of the folded text, non-word characters collapsed to one space and the
//!   text padded with a space at both ends: 2- to 4-grams of Latin text, 1- to 3-grams of any
//!   window holding a Thai letter (Thai has no spaces, so short windows stand in for words).
//!
//! Each feature is FNV-1a hashed (32-bit, a tag byte first) into `2^bits` buckets. Training is
//! plain SGD on the logistic loss with a fixed seed ([`train`]); the weights are quantised to
//! `i8` with one scale per head ([`Model::to_bytes`]), so the same corpus and seed give the same
//! bytes. The library embeds the committed file with `include_bytes!`; nothing is read at run
//! time.

use redflag_domain::Signal;

use crate::eval::LabelledItem;
use crate::nfc;
use crate::norm::{fold_char, is_thai, is_word_char, normalise_char};

/// Number of heads: one per signal, in [`Signal::ALL`] order.
pub const HEADS: usize = 18;
const MAGIC: &[u8; 4] = b"RFLR";
const FORMAT: u8 = 1;

/// One hashed feature: its bucket and the bytes of the caller's text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    /// Bucket in `0..2^bits`.
    pub bucket: u32,
    /// Byte span in the text given to [`features`] (plus its `base`).
    pub span: (usize, usize),
}

fn fnv1a(tag: u8, parts: &[&str]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    eat(tag);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            eat(b' ');
        }
        for &b in p.as_bytes() {
            eat(b);
        }
    }
    h
}

/// The distinct hashed features of `text` (whose bytes start at `base` in the caller's string),
/// sorted by bucket; a bucket hit twice keeps the span of its first occurrence in feature order.
pub fn features(text: &str, base: usize, bits: u32, out: &mut Vec<Feature>) {
    out.clear();
    let mask = (1u32 << bits) - 1;
    // Normalised characters with their source bytes.
    let mut chars: Vec<(char, usize, usize)> = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let (s, e) = (base + i, base + i + c.len_utf8());
        normalise_char(c, |n| chars.push((n, s, e)));
    }

    // Words: runs of Latin letters or digits.
    let mut words: Vec<(String, String, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i].0) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word_char(chars[i].0) {
            i += 1;
        }
        let accented: String = chars[start..i].iter().map(|c| c.0).collect();
        let folded: String = accented.chars().map(fold_char).collect();
        words.push((accented, folded, chars[start].1, chars[i - 1].2));
    }
    let mut push = |h: u32, span: (usize, usize)| {
        out.push(Feature {
            bucket: h & mask,
            span,
        });
    };
    for (k, (acc, fold, s, e)) in words.iter().enumerate() {
        push(fnv1a(1, &[acc]), (*s, *e));
        push(fnv1a(3, &[fold]), (*s, *e));
        if let Some((acc2, fold2, _, e2)) = words.get(k + 1) {
            push(fnv1a(2, &[acc, acc2]), (*s, *e2));
            push(fnv1a(4, &[fold, fold2]), (*s, *e2));
        }
    }

    // Folded character stream, non-word runs collapsed to one space, padded.
    let mut stream: Vec<(char, usize, usize)> = Vec::with_capacity(chars.len() + 2);
    let first = chars.first().map_or(base, |c| c.1);
    stream.push((' ', first, first));
    for &(c, s, e) in &chars {
        if is_word_char(c) || is_thai(c) {
            stream.push((fold_char(c), s, e));
        } else if stream.last().is_some_and(|l| l.0 != ' ') {
            stream.push((' ', s, e));
        }
    }
    if stream.last().is_some_and(|l| l.0 != ' ') {
        let end = stream.last().map_or(base, |l| l.2);
        stream.push((' ', end, end));
    }
    let mut buf = String::new();
    for i in 0..stream.len() {
        buf.clear();
        let mut thai = false;
        for n in 1..=4 {
            let Some(&(c, _, _)) = stream.get(i + n - 1) else {
                break;
            };
            buf.push(c);
            thai |= is_thai(c);
            let wanted = if thai { n <= 3 } else { n >= 2 };
            if !wanted || (n == 1 && c == ' ') {
                continue;
            }
            // The span skips the padding and separators at the window's edges.
            let window = &stream[i..i + n];
            let mut inner = window.iter().filter(|w| w.0 != ' ');
            let span = match (inner.next(), inner.next_back()) {
                (Some(a), Some(b)) => (a.1, b.2),
                (Some(a), None) => (a.1, a.2),
                _ => continue,
            };
            push(fnv1a(4 + n as u8, &[&buf]), span);
        }
    }
    out.sort_by_key(|f| f.bucket);
    out.dedup_by_key(|f| f.bucket);
}

/// Training settings. [`TrainConfig::default`] is what the committed model was trained with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// `log2` of the number of hash buckets.
    pub bits: u32,
    /// Passes over the training set.
    pub epochs: usize,
    /// Initial learning rate; epoch `k` (from 0) uses `lr / (1 + k)`.
    pub lr: f32,
    /// Weight of a positive example's gradient (positives are 3-4% per head).
    pub positive_weight: f32,
    /// Seed of the shuffle (xorshift64).
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            bits: 16,
            epochs: 5,
            lr: 0.05,
            positive_weight: 3.0,
            seed: 20_250_311,
        }
    }
}

/// A trained model: per head a scale and a bias, and `i8` weights stored bucket-major (the 18
/// heads of one bucket are adjacent, so one feature touches one cache line).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    bits: u32,
    scales: [f32; HEADS],
    biases: [f32; HEADS],
    weights: Vec<i8>,
}

/// Why bytes are not a model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("model file: {0}")]
pub struct ModelError(&'static str);

impl Model {
    /// `log2` of the number of buckets.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Serialises: `RFLR`, format 1, bits, heads, 0; per head `f32` scale and bias (little
    /// endian); then `2^bits * heads` `i8` weights, bucket-major.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + HEADS * 8 + self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[FORMAT, self.bits as u8, HEADS as u8, 0]);
        for h in 0..HEADS {
            out.extend_from_slice(&self.scales[h].to_le_bytes());
            out.extend_from_slice(&self.biases[h].to_le_bytes());
        }
        out.extend(self.weights.iter().map(|&w| w as u8));
        out
    }

    /// Reads what [`Model::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        if bytes.len() < 8 || &bytes[..4] != MAGIC {
            return Err(ModelError("no RFLR header"));
        }
        if bytes[4] != FORMAT || usize::from(bytes[6]) != HEADS {
            return Err(ModelError("unknown format or head count"));
        }
        let bits = u32::from(bytes[5]);
        if !(8..=24).contains(&bits) {
            return Err(ModelError("bucket bits out of range"));
        }
        let header = 8 + HEADS * 8;
        let n = (1usize << bits) * HEADS;
        if bytes.len() != header + n {
            return Err(ModelError("wrong length"));
        }
        let f = |at: usize| f32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let mut scales = [0.0; HEADS];
        let mut biases = [0.0; HEADS];
        for h in 0..HEADS {
            scales[h] = f(8 + h * 8);
            biases[h] = f(12 + h * 8);
        }
        let weights = bytes[header..].iter().map(|&b| b as i8).collect();
        Ok(Model {
            bits,
            scales,
            biases,
            weights,
        })
    }

    /// Per-head probability for a message's [`features`].
    pub fn probabilities(&self, feats: &[Feature]) -> [f32; HEADS] {
        let mut acc = [0i32; HEADS];
        for f in feats {
            let row = &self.weights[f.bucket as usize * HEADS..][..HEADS];
            for (a, &w) in acc.iter_mut().zip(row) {
                *a += i32::from(w);
            }
        }
        let mut p = [0.0; HEADS];
        for h in 0..HEADS {
            p[h] = sigmoid(self.biases[h] + self.scales[h] * acc[h] as f32);
        }
        p
    }

    /// The feature that pushes head `head` up the most (the span shown for a model-only hit).
    pub fn strongest(&self, feats: &[Feature], head: usize) -> Option<Feature> {
        feats
            .iter()
            .filter(|f| f.span.0 < f.span.1)
            .max_by_key(|f| {
                (
                    self.weights[f.bucket as usize * HEADS + head],
                    // Ties: the longer span, then the earlier one (deterministic).
                    f.span.1 - f.span.0,
                    usize::MAX - f.span.0,
                )
            })
            .copied()
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Trains one logistic-regression head per signal on `items` (their text NFC'd, quoted replies
/// stripped as the classifier does). Deterministic: same items, same order, same config, same
/// model, bit for bit.
pub fn train(items: &[LabelledItem], config: &TrainConfig) -> Model {
    let buckets = 1usize << config.bits;
    let data: Vec<(Vec<u32>, [bool; HEADS])> = items
        .iter()
        .map(|item| {
            let text = nfc(&item.text);
            let own = crate::strip_quoted(&text);
            let mut feats = Vec::new();
            features(own, 0, config.bits, &mut feats);
            let mut y = [false; HEADS];
            for (h, s) in Signal::ALL.iter().enumerate() {
                y[h] = item.labels.contains(*s);
            }
            (feats.iter().map(|f| f.bucket).collect(), y)
        })
        .collect();
    // Head-major while training: each head's pass reads one contiguous slice.
    let mut w = vec![0.0f32; buckets * HEADS];
    let mut b = [0.0f32; HEADS];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut state = config.seed.max(1);
    for epoch in 0..config.epochs {
        // Fisher-Yates with xorshift64.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let lr = config.lr / (1 + epoch) as f32;
        for &k in &order {
            let (feats, y) = &data[k];
            for h in 0..HEADS {
                let wh = &mut w[h * buckets..(h + 1) * buckets];
                let z = b[h] + feats.iter().map(|&f| wh[f as usize]).sum::<f32>();
                let (target, weight) = if y[h] {
                    (1.0, config.positive_weight)
                } else {
                    (0.0, 1.0)
                };
                let g = lr * weight * (sigmoid(z) - target);
                b[h] -= g;
                for &f in feats {
                    wh[f as usize] -= g;
                }
            }
        }
    }
    let mut scales = [0.0f32; HEADS];
    let mut weights = vec![0i8; buckets * HEADS];
    for h in 0..HEADS {
        let wh = &w[h * buckets..(h + 1) * buckets];
        let max = wh.iter().fold(0.0f32, |m, &x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        scales[h] = scale;
        for (bucket, &x) in wh.iter().enumerate() {
            weights[bucket * HEADS + h] = (x / scale).round().clamp(-127.0, 127.0) as i8;
        }
    }
    Model {
        bits: config.bits,
        scales,
        biases: b,
        weights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::parse_jsonl;

    #[test]
    fn features_cover_words_folds_and_thai_and_spans_are_char_boundaries() {
        let mut out = Vec::new();
        for text in [
            "Giảm giá chút đi em",
            "ลดราคาหน่อยได้ไหมครับ",
            "ＶＣＬ quá",
            "",
            " ! ",
        ] {
            features(text, 0, 16, &mut out);
            for f in &out {
                assert!(f.bucket < 1 << 16);
                assert!(f.span.0 <= f.span.1 && f.span.1 <= text.len());
                assert!(text.is_char_boundary(f.span.0) && text.is_char_boundary(f.span.1));
            }
        }
        // Accented and unaccented spellings share their folded features.
        let mut a = Vec::new();
        let mut b = Vec::new();
        features("giảm giá", 0, 18, &mut a);
        features("giam gia", 0, 18, &mut b);
        let shared = a.iter().filter(|f| b.iter().any(|g| g.bucket == f.bucket));
        assert!(shared.count() >= 5);
    }

    #[test]
    fn training_twice_gives_the_same_bytes_and_they_round_trip() {
        let jsonl = include_str!("../corpus/dev.jsonl");
        let items: Vec<_> = parse_jsonl(jsonl).unwrap().into_iter().take(120).collect();
        let config = TrainConfig {
            bits: 12,
            epochs: 3,
            ..TrainConfig::default()
        };
        let a = train(&items, &config).to_bytes();
        let b = train(&items, &config).to_bytes();
        assert_eq!(a, b);
        let model = Model::from_bytes(&a).unwrap();
        assert_eq!(model.to_bytes(), a);
        assert!(Model::from_bytes(&a[..a.len() - 1]).is_err());
        // A different seed gives a different model (the seed is used).
        let c = train(&items, &TrainConfig { seed: 7, ..config });
        assert_ne!(c.to_bytes(), a);
    }
}
