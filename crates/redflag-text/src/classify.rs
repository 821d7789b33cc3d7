//! The rule-based classifier: lexicons compiled into three Aho-Corasick automata, one per view.

use std::cell::RefCell;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind, StartKind};
use redflag_domain::{Lang, Signal, SignalHit, SignalSet};

use crate::hybrid::Hybrid;
use crate::model::{self, Feature, HEADS, Model};
use crate::norm::{self, View, fold_char, is_thai, is_word_char};
use crate::{detect_lang, strip_quoted};

/// The trained model (`model.rs`), written by `examples/train.rs` from `corpus/train.jsonl`.
const MODEL_BYTES: &[u8] = include_bytes!("../model/lr-5.bin");
/// Per-signal probability thresholds of the model, chosen on the dev split by `examples/train.rs`.
const MODEL_THRESHOLDS: &str = include_str!("../model/thresholds.txt");

const LEXICON_VI: &str = include_str!("lexicon/vi.txt");
const LEXICON_TH: &str = include_str!("lexicon/th.txt");
const LEXICON_EN: &str = include_str!("lexicon/en.txt");

/// Default confidence of a lexicon entry without `w=`.
const DEFAULT_WEIGHT: f32 = 0.8;
/// A Vietnamese phrase matched only through its unaccented form is a little less certain: the
/// same letters can spell other words.
const FOLDED_FACTOR: f32 = 0.9;

/// How many words before a trigger a negator ("not", "không", ...) suppresses it.
const NEGATION_WINDOW: usize = 3;
/// How many words before a trigger a hypothetical ("if", "nếu", ...) suppresses it.
const HYPOTHETICAL_WINDOW: usize = 6;
/// How many Thai characters before a trigger are searched for a Thai negator. Thai has no spaces,
/// so the window is in characters: about two short words.
const THAI_WINDOW: usize = 10;

/// Negators, per view: the folded view only carries Vietnamese patterns, and there `no` is the
/// folded `nó` ("it"), not a negator.
const NEGATORS_ACCENTED: &[&str] = &[
    // en (apostrophes are removed before comparing)
    "not", "no", "never", "dont", "doesnt", "didnt", "wont", "isnt", "arent", "wasnt", "cant",
    "cannot", "without", "nor", "hardly", "neither", // vi
    "không", "chẳng", "chả", "chưa", "đừng", "khỏi", "ko", "k", "hok", "hông", "hổng", "chớ", "kg",
    "khg",
];
const NEGATORS_FOLDED: &[&str] = &["khong", "chang", "chua", "khoi"];
/// Hypotheticals. Folded forms that are also common words (`gia` = price, `lo` = worry) are left
/// out: missing a hypothetical only costs a false alarm on unaccented text, which the phrase
/// lexicon already keeps rare.
const HYPOTHETICALS_ACCENTED: &[&str] = &["if", "unless", "whether", "case", "nếu", "lỡ", "nhỡ"];
const HYPOTHETICALS_FOLDED: &[&str] = &["neu"];
/// Words that start a new thought, so negation before them does not carry over: a contrast
/// ("but"), or the consequence of a condition ("then", Vietnamese `thì`). In "trả cọc đi, không
/// thì tao bóc phốt" (pay the deposit, otherwise I expose you) and "nếu không xong thì hủy hợp
/// đồng" the `không` belongs to the condition, not to the threat after `thì`. Folded `thi` is
/// also the first half of `thi công` (construction) and `thi` (exam); ending a negation scope
/// there costs at most a missed negation.
const SCOPE_ENDS: &[&str] = &[
    "but", "however", "then", "nhưng", "nhung", "song", "thì", "thi",
];
const THAI_NEGATORS: &[&str] = &["ไม่", "อย่า", "มิได้", "ถ้า", "หาก", "สมมติ", "เผื่อ"];
/// Thai words that hold a negator but negate nothing after them, masked before the negators
/// are looked for (longest first): "otherwise" (ไม่งั้น, ไม่อย่างนั้น, ไม่เช่นนั้น: "ส่งพรุ่งนี้
/// ไม่งั้นยกเลิกสัญญา" is a threat), "or" (ไม่ก็), "no matter" (ไม่ว่า), "cannot bear" (ไม่ไหว),
/// and อย่าง ("way", "at least" อย่างน้อย), which starts with อย่า ("don't").
const THAI_NOT_NEGATORS: &[&str] = &[
    "ไม่อย่างนั้น",
    "ไม่อย่างงั้น",
    "ไม่เช่นนั้น",
    "ไม่งั้น",
    "ไม่ว่า",
    "ไม่ไหว",
    "ไม่ก็",
    "อย่าง",
];

/// A word's length and its first eight bytes (big-endian, zero-padded): two words are equal
/// exactly when their keys are, if neither is longer than eight bytes.
type WordKey = (usize, u64);

const fn word_key(word: &[u8]) -> WordKey {
    let mut packed = 0u64;
    let mut i = 0;
    while i < 8 {
        packed <<= 8;
        if i < word.len() {
            packed |= word[i] as u64;
        }
        i += 1;
    }
    (word.len(), packed)
}

const fn word_keys<const N: usize>(words: &[&str]) -> [WordKey; N] {
    let mut keys = [(0, 0); N];
    let mut i = 0;
    while i < N {
        keys[i] = word_key(words[i].as_bytes());
        i += 1;
    }
    keys
}

/// `words.contains(&word)` by integer compares (`keys` are the words' [`word_key`]s; only a
/// match longer than eight bytes is confirmed by comparing the text). The negation window checks
/// every word before every trigger against these lists, and string compares were a tenth of the
/// classifier's time.
fn in_list(keys: &[WordKey], words: &[&str], word: &[u8], key: WordKey) -> bool {
    keys.iter()
        .zip(words)
        .any(|(&k, w)| k == key && (key.0 <= 8 || w.as_bytes() == word))
}

/// Whether `word` (with its [`word_key`]) has an apostrophe: for a word of up to eight bytes
/// from its key, without the byte loop whose exit mispredicted at nearly every word.
#[inline(always)]
fn has_apostrophe(word: &[u8], key: WordKey) -> bool {
    if word.len() > 8 {
        return word.contains(&b'\'');
    }
    // A zero byte where the key has `'` (the padding after the word is zero, not `'`); the
    // classic zero-byte test, exact as a yes or no.
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let x = key.1 ^ (ONES * u64::from(b'\''));
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// [`word_key`] of `bytes[start..end]` (a non-empty word), reading its first eight bytes at once
/// when the text goes on that far.
#[inline]
fn word_key_at(bytes: &[u8], start: usize, end: usize) -> WordKey {
    let len = end - start;
    match bytes
        .get(start..start + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
    {
        Some(eight) if len > 0 => {
            let packed = u64::from_be_bytes(eight);
            // Only the word's own bytes, the rest zero.
            let mask = if len >= 8 {
                u64::MAX
            } else {
                !(u64::MAX >> (8 * len))
            };
            (len, packed & mask)
        }
        _ => word_key(&bytes[start..end]),
    }
}

const NEGATOR_ACCENTED_KEYS: [WordKey; NEGATORS_ACCENTED.len()] = word_keys(NEGATORS_ACCENTED);
const NEGATOR_FOLDED_KEYS: [WordKey; NEGATORS_FOLDED.len()] = word_keys(NEGATORS_FOLDED);
const HYPOTHETICAL_ACCENTED_KEYS: [WordKey; HYPOTHETICALS_ACCENTED.len()] =
    word_keys(HYPOTHETICALS_ACCENTED);
const HYPOTHETICAL_FOLDED_KEYS: [WordKey; HYPOTHETICALS_FOLDED.len()] =
    word_keys(HYPOTHETICALS_FOLDED);
const SCOPE_END_KEYS: [WordKey; SCOPE_ENDS.len()] = word_keys(SCOPE_ENDS);

/// A word's bit in [`LISTED`]: the top byte of a multiplicative hash of its key.
const fn bloom_bit(key: WordKey) -> usize {
    ((key.1 ^ key.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

const fn bloom_of(mut bits: [u64; 4], keys: &[WordKey]) -> [u64; 4] {
    let mut i = 0;
    while i < keys.len() {
        let b = bloom_bit(keys[i]);
        bits[b / 64] |= 1 << (b % 64);
        i += 1;
    }
    bits
}

/// The bits of every word of the negation lists: most words of a clause are in none, and one
/// bit test says so without comparing them against 50 keys.
const LISTED: [u64; 4] = bloom_of(
    bloom_of(
        bloom_of(
            bloom_of(
                bloom_of([0; 4], &NEGATOR_ACCENTED_KEYS),
                &NEGATOR_FOLDED_KEYS,
            ),
            &HYPOTHETICAL_ACCENTED_KEYS,
        ),
        &HYPOTHETICAL_FOLDED_KEYS,
    ),
    &SCOPE_END_KEYS,
);

/// Whether a word with this key may be in one of the negation lists.
fn may_be_listed(key: WordKey) -> bool {
    let b = bloom_bit(key);
    LISTED[b / 64] & (1 << (b % 64)) != 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    Accented,
    Folded,
    Skeleton,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    signal: Signal,
    weight: f32,
    open_left: bool,
    open_right: bool,
    negation_immune: bool,
    /// An innocent context (flag `x`): when it matches anywhere in the message, the signal is
    /// not raised at all ("mã giảm" = a discount code, "your site says" = asking about our own
    /// advertised offer).
    exception: bool,
    /// Thai, flag `b`: counts only where the dictionary segmenter does not put it inside a
    /// longer word (หี but not หีบ; see [`crate::thai`]).
    whole_thai_word: bool,
    /// Flags `c1` / `c2`: a cue (1 or 2), not a trigger. The signal fires only when a cue of
    /// each kind matches in one sentence, close together (see [`paired_cues`]); 0 for a
    /// pattern that fires alone.
    cue: u8,
}

/// A hit that survived boundaries and negation, before exceptions are applied.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Where the match ended in its view (orders the matches of one view).
    view_end: usize,
    signal: Signal,
    weight: f32,
    span: (usize, usize),
}

/// A cue's match (flags `c1` / `c2`), kept as found: most cues never meet their other half, so
/// word boundaries, negation and the span are only worked out for a signal that has both kinds
/// ([`paired_cues`]). Found in an accented or folded view, never the skeleton.
#[derive(Debug, Clone, Copy)]
struct Cue {
    /// The cue's lexicon entry (its signal, kind, weight and flags).
    entry: Entry,
    /// The match in its view, before its word boundaries were checked.
    start: usize,
    end: usize,
    /// The view: the folded one when `Where::Folded` and it was written, else the accented one.
    place: Where,
}

/// What a search found besides candidates: the signals an exception phrase cancels, and the
/// cues.
struct Marks<'a> {
    cancelled: SignalSet,
    cues: &'a mut Vec<Cue>,
}

/// One view's patterns as an Aho-Corasick automaton, searched by [`Matcher::for_each_match`].
#[derive(Debug)]
struct Matcher {
    automaton: Kind,
    entries: Vec<Entry>,
    /// The automaton was built over the [`norm::Compact`] encoding of its patterns.
    compact: bool,
    /// Every pattern is ASCII.
    ascii_only: bool,
}

/// A DFA is the fastest per byte, but it is large (3 MB for the 1,000 ASCII patterns, 6 MB for
/// the accented Vietnamese ones), and the automata of all three languages share the caches:
/// measured on the vi/th/en mix, DFAs for the big pattern sets were slower in CPU time than
/// contiguous NFAs (0.2 MB each) although they execute fewer instructions. So a DFA only when
/// it is small (the skeleton patterns), else a contiguous NFA whose states nearest the root,
/// where most bytes are read, run as a small DFA ([`Hybrid`]: 0.2-0.8 MB with the NFA).
const DFA_BUDGET: usize = 512 << 10;

#[derive(Debug)]
enum Kind {
    Dfa(Box<DFA>),
    /// A contiguous NFA whose shallow states run as a DFA (see [`Hybrid`]).
    Hybrid(Box<Hybrid>),
}

impl Matcher {
    /// Patterns searched in the UTF-8 view.
    fn new(patterns: Vec<(String, Entry)>) -> Matcher {
        let (pats, entries): (Vec<String>, Vec<Entry>) = patterns.into_iter().unzip();
        Matcher {
            automaton: Kind::build(&pats),
            entries,
            compact: false,
            ascii_only: pats.iter().all(|p| p.is_ascii()),
        }
    }

    /// Patterns searched in the [`norm::Compact`] encoding of the view when every pattern can be
    /// written in it (Thai letters and ASCII only), else in the UTF-8 view. Thai text shrinks
    /// to a third, and so does the automaton.
    fn new_compact(patterns: Vec<(String, Entry)>) -> Matcher {
        let encoded: Option<Vec<Vec<u8>>> = patterns
            .iter()
            .map(|(p, _)| norm::compact_pattern(p))
            .collect();
        match encoded {
            Some(encoded) => Matcher {
                automaton: Kind::build(&encoded),
                entries: patterns.into_iter().map(|(_, e)| e).collect(),
                compact: true,
                ascii_only: false,
            },
            None => Matcher::new(patterns),
        }
    }

    #[cfg(test)]
    fn memory_usage(&self) -> usize {
        match &self.automaton {
            Kind::Dfa(a) => a.memory_usage(),
            Kind::Hybrid(a) => a.memory_usage(),
        }
    }
}

impl Kind {
    fn build<P: AsRef<[u8]>>(patterns: &[P]) -> Kind {
        // No prefilter: with hundreds of patterns it would rarely skip anything, and without
        // one the start state is not special, so the search loop tests one flag per byte.
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Unanchored)
            .prefilter(false)
            .build(patterns)
            .expect("lexicon patterns compile");
        if dfa.memory_usage() <= DFA_BUDGET {
            return Kind::Dfa(Box::new(dfa));
        }
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .expect("lexicon patterns compile");
        Kind::Hybrid(Box::new(Hybrid::new(nfa)))
    }
}

impl Matcher {
    /// [`search`] with this matcher's automaton.
    #[inline]
    fn for_each_match(&self, hay: &[u8], found: impl FnMut(usize, usize, usize)) {
        match &self.automaton {
            Kind::Dfa(a) => search(&**a, hay, found),
            Kind::Hybrid(a) => a.search(hay, found),
        }
    }
}

/// Calls `found(pattern, start, end)` for every match of `automaton` in `hay`, overlapping ones
/// included, in the order `AhoCorasick::find_overlapping_iter` reports them: by end, and at one
/// end in the automaton's order. A plain loop over the bytes: the crate's iterator returns to its
/// caller after every match and re-checks its state, which cost more than the transitions.
#[inline]
fn search<A: Automaton>(automaton: &A, hay: &[u8], mut found: impl FnMut(usize, usize, usize)) {
    let Ok(mut sid) = automaton.start_state(Anchored::No) else {
        return;
    };
    for (i, &byte) in hay.iter().enumerate() {
        sid = automaton.next_state(Anchored::No, sid, byte);
        if automaton.is_special(sid) {
            if automaton.is_dead(sid) {
                return;
            }
            let end = i + 1;
            for k in 0..automaton.match_len(sid) {
                let pid = automaton.match_pattern(sid, k);
                found(pid.as_usize(), end - automaton.pattern_len(pid), end);
            }
        }
    }
}

/// A message classifier built from the lexicons compiled into the crate.
///
/// Build it once per process and share it: [`Classifier::classify`] takes `&self` and keeps its
/// scratch buffers per thread.
#[derive(Debug)]
pub struct Classifier {
    /// Accented-view patterns that are pure ASCII (English, and the odd Thai `1,000%`). An ASCII
    /// automaton has few byte classes, so its DFA stays small and fast.
    accented_ascii: Matcher,
    /// Accented-view patterns with a Thai letter, searched only when the message has one. As
    /// one DFA with the Vietnamese patterns this took 40 MB (their bytes spread over most of the
    /// 256 byte classes) and missed the cache on every byte, and a Thai DFA alone is 9 MB. In
    /// the one-byte-per-letter encoding of [`norm::Compact`] it is small, and the text it
    /// searches a third as long.
    accented_thai: Matcher,
    /// `accented_ascii` and the accented-view patterns with another non-ASCII letter (accented
    /// Vietnamese, from index [`Classifier::other_from`] on) in one automaton, searched instead
    /// of `accented_ascii` when the message has a non-ASCII, non-Thai letter: one search of the
    /// accented view instead of two. Their matches are put back in the order two automata gave
    /// (all of the first, then all of the second, then sorted by end).
    ascii_and_other: Matcher,
    other_from: usize,
    folded: Matcher,
    /// `accented_ascii` and `folded` in one automaton (the folded patterns from index
    /// [`Classifier::folded_from`] on), for messages that are their own folded view (most
    /// English ones): one search instead of two over the same bytes. Match order is the same:
    /// at each end, longest pattern first, then in lexicon order, in either automaton.
    ascii_and_folded: Matcher,
    folded_from: usize,
    skeleton: Matcher,
    /// Which adjacent byte pairs a skeleton-pattern match needs (see [`BigramFilter`]).
    skeleton_filter: BigramFilter,
    /// The trained model and when it may add a signal (`None`: patterns only).
    model: Option<(Model, ModelGate)>,
    /// [`Classifier::version`].
    version: &'static str,
}

impl Default for Classifier {
    fn default() -> Self {
        Classifier::new()
    }
}

#[derive(Default)]
struct Scratch {
    accented: View,
    folded: View,
    skeleton: View,
    compact: norm::Compact,
    candidates: Vec<Candidate>,
    /// Folded-view candidates found by the combined search, appended after the accented ones.
    later: Vec<Candidate>,
    cues: Vec<Cue>,
    features: Vec<Feature>,
}

/// A necessary condition for a set of patterns to match: every pattern needs all its adjacent
/// byte pairs in the text. One table lookup per byte instead of building a view.
///
/// Used for the skeleton patterns: when [`norm::Views::obfuscated`] is false, the skeleton
/// view is the folded text with runs of one letter squeezed (the patterns are squeezed too), so a
/// match there means each adjacent pair of the pattern is adjacent in the folded text (the last
/// letter of one run next to the first of the next), which is what this looks for.
#[derive(Debug)]
struct BigramFilter {
    /// Per byte, its class: 0 for a byte no pattern has, else 1 + its index.
    class: [u8; 256],
    /// Classes per row of `pair`.
    width: usize,
    /// Per pair of classes, the bit of that pair in a message's set (bit 0: no pattern's pair).
    pair: Vec<u8>,
    /// Per pattern, the bits of its pairs.
    needs: Vec<u128>,
    /// Some pattern has no pair (one byte long) or there are too many pairs: always search.
    always: bool,
}

/// `1 << i`: a load costs fewer instructions than a variable shift of a `u128`.
const PAIR_BIT: [u128; 128] = {
    let mut t = [0u128; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = 1 << i;
        i += 1;
    }
    t
};

impl BigramFilter {
    fn new<'a>(patterns: impl Iterator<Item = &'a [u8]> + Clone) -> BigramFilter {
        let mut class = [0u8; 256];
        let mut classes = 0usize;
        for p in patterns.clone() {
            for &b in p {
                if class[b as usize] == 0 && classes < 250 {
                    classes += 1;
                    class[b as usize] = classes as u8;
                }
            }
        }
        let width = classes + 1;
        let mut pair = vec![0u8; width * width];
        let mut bits = 0usize;
        let mut needs = Vec::new();
        let mut always = classes >= 250;
        for p in patterns {
            always |= p.len() < 2;
            let mut need = 0u128;
            for w in p.windows(2) {
                let at = class[w[0] as usize] as usize * width + class[w[1] as usize] as usize;
                if pair[at] == 0 {
                    if bits == 127 {
                        always = true;
                        continue;
                    }
                    bits += 1;
                    pair[at] = bits as u8;
                }
                need |= 1 << pair[at];
            }
            needs.push(need);
        }
        BigramFilter {
            class,
            width,
            pair,
            needs,
            always,
        }
    }

    /// Whether every pair of some pattern is in `hay`.
    fn may_match(&self, hay: &[u8]) -> bool {
        if self.always {
            return true;
        }
        let mut seen = 0u128;
        let mut prev = 0usize;
        for &b in hay {
            let c = self.class[b as usize] as usize;
            seen |= PAIR_BIT[usize::from(self.pair[prev * self.width + c] & 127)];
            prev = c;
        }
        self.needs.iter().any(|&n| n & !seen == 0)
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// One parsed lexicon line.
struct Line<'a> {
    signal: Signal,
    pattern: &'a str,
    accent_only: bool,
    skeleton: bool,
    weight: f32,
    negation_immune: bool,
    exception: bool,
    whole_thai_word: bool,
    cue: u8,
}

/// Parses the lexicon format described at the top of `lexicon/en.txt`. Panics on a malformed
/// line: the lexicons are compiled in, so a bad line is a build bug that every test catches.
fn parse(source: &'static str) -> impl Iterator<Item = Line<'static>> {
    let mut signal = None;
    source.lines().enumerate().filter_map(move |(n, raw)| {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        if let Some(id) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            signal = Some(
                id.parse::<Signal>()
                    .unwrap_or_else(|e| panic!("lexicon line {}: {e}", n + 1)),
            );
            return None;
        }
        let signal = signal.unwrap_or_else(|| panic!("lexicon line {}: no [signal]", n + 1));
        let (pattern, flags) = match line.split_once(" | ") {
            Some((p, f)) => (p.trim(), f),
            None => (line, ""),
        };
        let mut parsed = Line {
            signal,
            pattern,
            accent_only: false,
            skeleton: false,
            weight: DEFAULT_WEIGHT,
            negation_immune: false,
            exception: false,
            whole_thai_word: false,
            cue: 0,
        };
        for flag in flags.split_whitespace() {
            match flag {
                "a" => parsed.accent_only = true,
                "s" => parsed.skeleton = true,
                "n" => parsed.negation_immune = true,
                "x" => parsed.exception = true,
                "b" => parsed.whole_thai_word = true,
                "c1" => parsed.cue = 1,
                "c2" => parsed.cue = 2,
                w if w.starts_with("w=") => {
                    parsed.weight = w[2..]
                        .parse()
                        .unwrap_or_else(|_| panic!("lexicon line {}: bad weight", n + 1));
                }
                other => panic!("lexicon line {}: unknown flag {other:?}", n + 1),
            }
        }
        Some(parsed)
    })
}

/// Lowercases and compatibility-normalises a pattern exactly as the accented view does.
fn normalise_pattern(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        norm::normalise_char(c, |n| out.push(n));
    }
    out
}

fn fold_pattern(p: &str) -> String {
    p.chars().map(fold_char).collect()
}

/// When the trained model may add a signal that the patterns did not raise: per-signal
/// probability thresholds plus message-level gates, all chosen by cross-validation on the train
/// split (`examples/train.rs`) and stored in `model/thresholds.txt`.
///
/// The model never removes a pattern hit. Before any gate, a signal's probability counts as 0
/// when one of its exception phrases matched or a negator or hypothetical stands before the
/// model's strongest n-gram (the patterns' own rules).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelGate {
    /// Per-signal probability threshold ([`Signal::ALL`] order); `f32::INFINITY` keeps a signal
    /// pattern-only.
    pub thresholds: [f32; HEADS],
    /// Messages whose own text (quoted replies stripped) has fewer characters get nothing from
    /// the model: a short line gives it too few n-grams to be sure of.
    pub min_chars: usize,
    /// The model adds at most one signal per message, its most probable one above threshold.
    pub top_only: bool,
    /// The model adds signals only to messages on which the patterns raised nothing.
    pub only_if_patterns_silent: bool,
    /// The model adds nothing to a message with a negator or hypothetical anywhere in it
    /// (`not`, `không`, `ไม่`, `if`, `nếu`, `ถ้า`...), not just before its strongest n-gram.
    pub skip_negated_messages: bool,
}

impl Default for ModelGate {
    /// Every signal pattern-only, no message-level gate.
    fn default() -> Self {
        ModelGate {
            thresholds: [f32::INFINITY; HEADS],
            min_chars: 0,
            top_only: false,
            only_if_patterns_silent: false,
            skip_negated_messages: false,
        }
    }
}

/// What [`ModelGate::added`] decides on: one message's pattern signals and gated model
/// probabilities ([`Classifier::model_inputs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelInputs {
    /// The signals the patterns raised.
    pub patterns: SignalSet,
    /// The model's probability per signal, 0 where an exception phrase or a negator before the
    /// model's strongest n-gram rules it out.
    pub probabilities: [f32; HEADS],
    /// Characters of the sender's own text (quoted replies stripped).
    pub chars: usize,
    /// Whether that text has a negator or hypothetical anywhere.
    pub negated: bool,
}

impl ModelGate {
    /// The signals the model adds to a message (never one the patterns already raised).
    pub fn added(&self, inputs: &ModelInputs) -> SignalSet {
        let mut out = SignalSet::EMPTY;
        if inputs.chars < self.min_chars
            || (self.only_if_patterns_silent && !inputs.patterns.is_empty())
            || (self.skip_negated_messages && inputs.negated)
        {
            return out;
        }
        let mut top: Option<(f32, usize)> = None;
        for (h, &signal) in Signal::ALL.iter().enumerate() {
            let p = inputs.probabilities[h];
            if inputs.patterns.contains(signal) || p <= 0.0 || p < self.thresholds[h] {
                continue;
            }
            if self.top_only {
                // Ties go to the earlier signal (deterministic).
                if top.is_none_or(|(best, _)| p > best) {
                    top = Some((p, h));
                }
            } else {
                out.insert(signal);
            }
        }
        if let Some((_, h)) = top {
            out.insert(Signal::ALL[h]);
        }
        out
    }

    /// Parses `model/thresholds.txt`: `#` comments; `signal-id threshold` per line (a signal
    /// left out never fires from the model alone); options `min-chars N`, `top-only`,
    /// `only-if-patterns-silent`, `skip-negated-messages`.
    pub fn parse(source: &str) -> Result<ModelGate, String> {
        let mut gate = ModelGate::default();
        for (n, line) in source.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once(char::is_whitespace)
                .map_or((line, ""), |(k, v)| (k, v.trim()));
            let bad = || format!("thresholds line {}: bad value {value:?}", n + 1);
            match key {
                "min-chars" => gate.min_chars = value.parse().map_err(|_| bad())?,
                "top-only" => gate.top_only = true,
                "only-if-patterns-silent" => gate.only_if_patterns_silent = true,
                "skip-negated-messages" => gate.skip_negated_messages = true,
                id => {
                    let signal: Signal = id
                        .parse()
                        .map_err(|e| format!("thresholds line {}: {e}", n + 1))?;
                    let t: f32 = value.parse().map_err(|_| bad())?;
                    if !(t > 0.0 && t <= 1.0) {
                        return Err(bad());
                    }
                    gate.thresholds[signal as usize] = t;
                }
            }
        }
        Ok(gate)
    }

    /// The lines [`ModelGate::parse`] reads back (options first, then thresholds in catalogue
    /// order, two decimals).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.min_chars > 0 {
            out.push_str(&format!("min-chars {}\n", self.min_chars));
        }
        for (on, name) in [
            (self.top_only, "top-only"),
            (self.only_if_patterns_silent, "only-if-patterns-silent"),
            (self.skip_negated_messages, "skip-negated-messages"),
        ] {
            if on {
                out.push_str(name);
                out.push('\n');
            }
        }
        for (h, signal) in Signal::ALL.iter().enumerate() {
            if self.thresholds[h].is_finite() {
                out.push_str(&format!("{} {:.2}\n", signal.as_str(), self.thresholds[h]));
            }
        }
        out
    }
}

/// Whether `text` has a negator or hypothetical anywhere (the words of the negation rules, and
/// the Thai ones as substrings).
fn has_negator(text: &str) -> bool {
    if THAI_NEGATORS.iter().any(|n| text.contains(n)) {
        return true;
    }
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !(is_word_char(c) || c == '\''))
        .filter(|w| !w.is_empty())
        .any(|w| {
            let bare = w.replace('\'', "");
            w.ends_with("n't")
                || NEGATORS_ACCENTED.contains(&bare.as_str())
                || HYPOTHETICALS_ACCENTED.contains(&bare.as_str())
                || NEGATORS_FOLDED.contains(&bare.as_str())
                || HYPOTHETICALS_FOLDED.contains(&bare.as_str())
        })
}

impl Classifier {
    /// The patterns plus the trained model compiled into the crate (`rules-6+lr-5`): a signal
    /// fires when its patterns fire, or when the model's probability reaches the signal's
    /// threshold and the message passes the gates of `model/thresholds.txt` (see [`ModelGate`];
    /// chosen by cross-validation on the train split by `examples/train.rs`).
    ///
    /// **Not the default, on purpose**: with the cross-validated thresholds it raises test
    /// macro-F1 in vi and th (rules-6: 0.808/0.799/0.841 -> 0.838/0.804/0.826) but lowers it in
    /// en, raises clean false alarms (vi 3.3% -> 5.0%, en 1.6% -> 6.5%, over the 3% target),
    /// lowers dev, and costs about seven times the instructions (`BENCHMARKS.md`). Kept for
    /// measurement and for the next model.
    ///
    /// # Panics
    /// If the embedded model or thresholds file is malformed (a build bug every test catches).
    pub fn with_trained_model() -> Classifier {
        let model = Model::from_bytes(MODEL_BYTES).expect("embedded model/lr-5.bin");
        let gate = ModelGate::parse(MODEL_THRESHOLDS).expect("embedded model/thresholds.txt");
        let mut c = Classifier::new().with_model(model, gate);
        c.version = concat!(crate::rules_version!(), "+lr-5");
        c
    }

    /// This classifier with `model` and the gate deciding when it may add a signal.
    pub fn with_model(mut self, model: Model, gate: ModelGate) -> Classifier {
        self.model = Some((model, gate));
        self.version = concat!(crate::rules_version!(), "+model");
        self
    }

    /// What [`crate::eval::EvalReport`] records: [`crate::CLASSIFIER_VERSION`] for the patterns
    /// alone, `rules-6+lr-5` with the embedded model, `rules-6+model` with another one.
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// The default classifier: the patterns of the lexicons compiled into the crate (`rules-6`),
    /// without the trained model. Builds the automata (a few milliseconds).
    pub fn new() -> Classifier {
        let mut accented = Vec::new();
        let mut folded = Vec::new();
        let mut skeleton = Vec::new();
        for (source, lang) in [
            (LEXICON_VI, Lang::Vi),
            (LEXICON_TH, Lang::Th),
            (LEXICON_EN, Lang::En),
        ] {
            for line in parse(source) {
                assert!(
                    !line.whole_thai_word || lang == Lang::Th,
                    "lexicon pattern {:?}: flag b is for Thai patterns",
                    line.pattern
                );
                // A cue's span and negation are worked out late, in its accented or folded
                // view, without the stem widening or the skeleton view.
                assert!(
                    line.cue == 0
                        || !(line.skeleton || line.exception || line.pattern.contains('*')),
                    "lexicon pattern {:?}: a cue is not a skeleton, exception or stem pattern",
                    line.pattern
                );
                let raw = line.pattern;
                let open_left = raw.starts_with('*');
                let open_right = raw.ends_with('*') && raw.len() > 1;
                let core = raw.trim_start_matches('*').trim_end_matches('*');
                let core = if raw.starts_with('*') || raw.ends_with('*') {
                    core
                } else {
                    raw
                };
                let pattern = normalise_pattern(core);
                let entry = |weight: f32| Entry {
                    signal: line.signal,
                    weight,
                    open_left,
                    open_right,
                    negation_immune: line.negation_immune,
                    exception: line.exception,
                    whole_thai_word: line.whole_thai_word,
                    cue: line.cue,
                };
                if line.skeleton {
                    let p = norm::skeleton_pattern(&fold_pattern(&pattern));
                    skeleton.push((p, entry(line.weight)));
                    continue;
                }
                match lang {
                    Lang::Vi if pattern.is_ascii() => folded.push((pattern, entry(line.weight))),
                    Lang::Vi => {
                        if !line.accent_only {
                            let f = fold_pattern(&pattern);
                            folded.push((f, entry(line.weight * FOLDED_FACTOR)));
                        }
                        accented.push((pattern, entry(line.weight)));
                    }
                    Lang::Th | Lang::En => accented.push((pattern, entry(line.weight))),
                }
            }
        }
        let (accented_ascii, accented): (Vec<_>, Vec<_>) =
            accented.into_iter().partition(|(p, _)| p.is_ascii());
        let folded_from = accented_ascii.len();
        let ascii_and_folded =
            Matcher::new(accented_ascii.iter().chain(&folded).cloned().collect());
        let (accented_thai, accented_other): (Vec<_>, Vec<_>) = accented
            .into_iter()
            .partition(|(p, _)| p.chars().any(is_thai));
        let other_from = accented_ascii.len();
        let ascii_and_other = Matcher::new(
            accented_ascii
                .iter()
                .chain(&accented_other)
                .cloned()
                .collect(),
        );
        Classifier {
            accented_ascii: Matcher::new(accented_ascii),
            accented_thai: Matcher::new_compact(accented_thai),
            ascii_and_other,
            other_from,
            folded: Matcher::new(folded),
            ascii_and_folded,
            folded_from,
            skeleton_filter: BigramFilter::new(skeleton.iter().map(|(p, _)| p.as_bytes())),
            skeleton: Matcher::new(skeleton),
            model: None,
            version: crate::CLASSIFIER_VERSION,
        }
    }

    /// Signals the sender's own text raises.
    ///
    /// `text` must already be NFC (see [`crate::nfc`]); `lang` is a hint, `None` to detect. Quoted
    /// replies are ignored (see [`strip_quoted`]) but spans index `text` itself. At most one hit
    /// per signal is returned (the strongest), in catalogue order; the span covers the words that
    /// raised it and the score is in `(0, 1]`.
    pub fn classify(&self, text: &str, lang: Option<Lang>) -> Vec<SignalHit> {
        self.classify_inner(text, lang, false).0
    }

    /// The model's probability per signal ([`Signal::ALL`] order), 0 where an exception phrase
    /// or a negator before the model's strongest n-gram rules it out (`None` without a model).
    pub fn model_probabilities(&self, text: &str, lang: Option<Lang>) -> Option<[f32; HEADS]> {
        self.model_inputs(text, lang).map(|i| i.probabilities)
    }

    /// Everything [`ModelGate::added`] decides on for this message (`None` without a model).
    /// With it, threshold and gate tuning needs one pass over the data per model: a message's
    /// hits are its pattern signals plus what the gate lets the model add.
    pub fn model_inputs(&self, text: &str, lang: Option<Lang>) -> Option<ModelInputs> {
        self.model.as_ref()?;
        self.classify_inner(text, lang, true).1
    }

    /// The hits, and with `all_probabilities` (and a model) the model's inputs with the gated
    /// probability of every signal.
    fn classify_inner(
        &self,
        text: &str,
        lang: Option<Lang>,
        all_probabilities: bool,
    ) -> (Vec<SignalHit>, Option<ModelInputs>) {
        let mut inputs = None;
        let own = strip_quoted(text);
        let base = own.as_ptr() as usize - text.as_ptr() as usize;
        let lang = lang.or_else(|| detect_lang(own));
        // Single-letter teencode (`k`, `e`, `a`) is only expanded when the message is (or may be)
        // Vietnamese: in English `a` is an article.
        let vietnamese = matches!(lang, Some(Lang::Vi) | None);
        let mut best: [Option<(f32, (usize, usize))>; 18] = [None; 18];
        let mut cancelled = SignalSet::EMPTY;
        SCRATCH.with(|scratch| {
            let scratch = &mut *scratch.borrow_mut();
            let views = norm::build_views(
                own,
                base,
                vietnamese,
                &mut scratch.accented,
                &mut scratch.folded,
            );
            // Which scripts the message has decides which automata can match: Thai patterns
            // need a Thai letter, accented Vietnamese ones a non-ASCII Latin letter, and every
            // folded or skeleton pattern an ASCII letter or digit, which the folded and skeleton
            // views only have if the accented view has one or a letter that folds to one. A Thai
            // message without Latin letters is searched once instead of three times.
            let (has_thai, has_other) = (scratch.accented.has_thai, scratch.accented.has_other);
            let latin = has_other || scratch.accented.has_alnum;
            // An ASCII message whose folded view is its accented view (no abbreviation): one
            // combined search.
            let folded_same = latin && !has_thai && !has_other && !views.folded_differs;
            // The skeleton view (31 profanity patterns) only when a match is possible: an
            // obfuscation it undoes, or every letter pair of some pattern in the folded text
            // (the accented view when it has no letter to fold; the folded view is that text
            // with abbreviations expanded, which no skeleton pattern's words are).
            let skeleton = latin
                && (views.obfuscated
                    || self
                        .skeleton_filter
                        .may_match(if has_other && views.folded_differs {
                            scratch.folded.text.as_bytes()
                        } else {
                            scratch.accented.text.as_bytes()
                        }));
            if skeleton {
                norm::build_skeleton(&scratch.accented, &mut scratch.skeleton);
            }
            scratch.candidates.clear();
            let candidates = &mut scratch.candidates;
            let accented = &scratch.accented;
            scratch.cues.clear();
            let c = &mut Marks {
                cancelled: SignalSet::EMPTY,
                cues: &mut scratch.cues,
            };
            let later = &mut scratch.later;
            later.clear();
            if folded_same {
                let split = (Where::Accented, self.folded_from, Where::Folded);
                let m = &self.ascii_and_folded;
                scan_split(m, accented, None, split, text, (candidates, later), c);
            } else if has_other {
                // The second automaton's matches wait in `later` until Thai's are in.
                let split = (Where::Accented, self.other_from, Where::Accented);
                let m = &self.ascii_and_other;
                scan_split(m, accented, None, split, text, (candidates, later), c);
            } else {
                let m = &self.accented_ascii;
                scan(m, accented, None, Where::Accented, text, candidates, c);
            }
            if has_thai {
                let m = &self.accented_thai;
                let compact = if m.compact {
                    norm::build_compact(accented, &mut scratch.compact);
                    Some(&scratch.compact)
                } else {
                    None
                };
                scan(m, accented, compact, Where::Accented, text, candidates, c);
            }
            if has_other {
                candidates.append(later);
            }
            // All accented matches are in. One automaton per view used to report them in the
            // order they end; keep that order (it decides ties between equal-score hits).
            candidates.sort_by_key(|c| c.view_end);
            if folded_same {
                candidates.append(later);
            } else if latin {
                // Unless written, the folded view is the accented one.
                let folded = if views.folded_differs {
                    &scratch.folded
                } else {
                    accented
                };
                scan(
                    &self.folded,
                    folded,
                    None,
                    Where::Folded,
                    text,
                    candidates,
                    c,
                );
            }
            if skeleton {
                let skeleton = &scratch.skeleton;
                scan(
                    &self.skeleton,
                    skeleton,
                    None,
                    Where::Skeleton,
                    text,
                    candidates,
                    c,
                );
            }
            cancelled = c.cancelled;
            for c in scratch
                .candidates
                .iter()
                .filter(|c| !cancelled.contains(c.signal))
            {
                merge(&mut best[c.signal as usize], c.weight, c.span);
            }
            if !scratch.cues.is_empty() {
                let folded = if views.folded_differs {
                    &scratch.folded
                } else {
                    &scratch.accented
                };
                let searched = (&scratch.accented, folded);
                paired_cues(text, searched, &scratch.cues, cancelled, &mut best);
            }
            if let Some((model, gate)) = &self.model {
                let patterns: SignalSet = Signal::ALL
                    .iter()
                    .zip(&best)
                    .filter(|(_, b)| b.is_some())
                    .map(|(&s, _)| s)
                    .collect();
                let chars = own.chars().count();
                // Cheap message-level gates first: most messages never reach the model.
                if !all_probabilities
                    && (chars < gate.min_chars
                        || (gate.only_if_patterns_silent && !patterns.is_empty()))
                {
                    return;
                }
                model::features(own, base, model.bits(), &mut scratch.features);
                let probs = model.probabilities(&scratch.features);
                let mut gated = [0.0f32; HEADS];
                let mut spans = [(0usize, 0usize); HEADS];
                for (h, &signal) in Signal::ALL.iter().enumerate() {
                    let candidate = best[h].is_none() && probs[h] >= gate.thresholds[h];
                    if cancelled.contains(signal) || !(candidate || all_probabilities) {
                        continue;
                    }
                    let Some(f) = model.strongest(&scratch.features, h) else {
                        continue;
                    };
                    // The patterns' negation and hypothetical rules apply before the model's
                    // strongest n-gram ("không cần giảm giá", "no discount needed").
                    let before = text[..f.span.0].to_lowercase();
                    if negated(&before, before.len(), signal, Where::Accented) {
                        continue;
                    }
                    gated[h] = probs[h];
                    spans[h] = f.span;
                }
                let message = ModelInputs {
                    patterns,
                    probabilities: gated,
                    chars,
                    negated: (gate.skip_negated_messages || all_probabilities) && has_negator(own),
                };
                for signal in gate.added(&message).iter() {
                    let h = signal as usize;
                    best[h] = Some((
                        gated[h].max(f32::MIN_POSITIVE),
                        widen_to_words(text, spans[h]),
                    ));
                }
                if all_probabilities {
                    inputs = Some(message);
                }
            }
        });
        // Most messages raise nothing: no allocation then, and an exact one otherwise (the
        // iterator chain over all 18 slots cost more than the rest of a short message's
        // bookkeeping).
        let count = best.iter().filter(|b| b.is_some()).count();
        let mut hits = Vec::new();
        if count > 0 {
            hits.reserve_exact(count);
            for (&signal, hit) in Signal::ALL.iter().zip(&best) {
                if let Some((score, span)) = *hit {
                    hits.push(SignalHit {
                        signal,
                        span,
                        score,
                    });
                }
            }
        }
        (hits, inputs)
    }
}

/// Searches `view` with `matcher` and keeps the hits that survive boundaries and negation.
/// With `compact`, the automaton runs over that encoding of the view instead (see
/// [`norm::Compact`]) and its matches are mapped back to view offsets.
fn scan(
    matcher: &Matcher,
    view: &View,
    compact: Option<&norm::Compact>,
    place: Where,
    text: &str,
    candidates: &mut Vec<Candidate>,
    marks: &mut Marks,
) {
    scan_split(
        matcher,
        view,
        compact,
        (place, usize::MAX, place),
        text,
        (candidates, &mut Vec::new()),
        marks,
    );
}

/// [`scan`] with a matcher whose patterns from index `split.1` on belong to view `split.2`
/// (the others to `split.0`): their candidates go to the second list.
fn scan_split(
    matcher: &Matcher,
    view: &View,
    compact: Option<&norm::Compact>,
    split: (Where, usize, Where),
    text: &str,
    lists: (&mut Vec<Candidate>, &mut Vec<Candidate>),
    marks: &mut Marks,
) {
    let (first, second) = lists;
    let hay = view.text.as_str();
    let searched = compact.map_or(hay.as_bytes(), |c| c.bytes.as_slice());
    let mut last_negation: Option<((usize, Where, bool), bool)> = None;
    let mut found = |pattern: usize, start: usize, end: usize| {
        let (start, end) = match compact {
            Some(c) => (c.at[start] as usize, c.at[end] as usize),
            None => (start, end),
        };
        let (place, candidates) = if pattern < split.1 {
            (split.0, &mut *first)
        } else {
            (split.2, &mut *second)
        };
        let entry = matcher.entries[pattern];
        // A cue's boundaries, like its negation, are only read if its other half is found too.
        if entry.cue != 0 {
            marks.cues.push(Cue {
                entry,
                start,
                end,
                place,
            });
            return;
        }
        if !on_word_boundaries(&entry, hay, start, end) {
            return;
        }
        if entry.exception {
            marks.cancelled.insert(entry.signal);
            return;
        }
        // Profanity is profanity whatever precedes it; everything else respects negation.
        if place != Where::Skeleton && !entry.negation_immune {
            // Overlapping patterns often start at the same byte: the answer depends only on
            // where, in which view, and whether hypotheticals count for the signal.
            let key = (start, place, hypothetical_ok(entry.signal));
            let is_negated = match last_negation {
                Some((k, answer)) if k == key => answer,
                _ => {
                    let answer = negated_in_view(view, start, text, entry.signal, place);
                    last_negation = Some((key, answer));
                    answer
                }
            };
            if is_negated {
                return;
            }
        }
        // A stem (`fuck*`) highlights its whole word as the view sees it, so `f u c k i n g`
        // (one word in the skeleton view) is covered, not just its first four letters.
        let view_end = end;
        let (mut start, mut end) = (start, end);
        if entry.open_right {
            end += hay[end..]
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(hay.len() - end, |(i, _)| i);
        }
        if entry.open_left {
            start = hay[..start]
                .char_indices()
                .rev()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
        }
        candidates.push(Candidate {
            view_end,
            signal: entry.signal,
            weight: entry.weight,
            span: widen_to_words(text, view.source_span(start, end)),
        });
    };
    if matcher.ascii_only && compact.is_none() && view.has_thai {
        // ASCII patterns only occur inside runs of ASCII bytes, and the automaton is in its
        // start state after any other byte: searching each run alone reports the same matches
        // in the same order, and skips the Thai text between them.
        let bytes = searched;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] >= 0x80 {
                i += 1;
                continue;
            }
            let from = i;
            while i < bytes.len() && bytes[i] < 0x80 {
                i += 1;
            }
            matcher.for_each_match(&bytes[from..i], |p, s, e| found(p, from + s, from + e));
        }
    } else {
        matcher.for_each_match(searched, found);
    }
}

/// How many bytes of the original text before a folded match are read for accented negators:
/// more than a clause of [`HYPOTHETICAL_WINDOW`] words needs.
const FOLDED_NEGATION_BYTES: usize = 160;

/// Whether the accented text before a folded-view match negates it. The folded view cannot tell
/// `đừng` ("don't") from `dùng` ("use") or `đúng` ("right"), so its own negator list is short;
/// when the sender wrote the accents ("em đừng làm gấp"), they decide.
fn folded_negated(view: &View, start: usize, text: &str, signal: Signal) -> bool {
    if start >= view.text.len() {
        return false;
    }
    let (src, _) = view.source_span(start, start + 1);
    accents_negate(text, src, signal)
}

/// Whether the original `text` before byte `src`, lowercased, negates a match of `signal`
/// ([`folded_negated`]).
///
/// [`negated`] reads only the clause before the match, and of it no further back than its last
/// [`HYPOTHETICAL_WINDOW`] words; lowercasing neither removes nor adds a clause mark (ASCII
/// punctuation; a test checks every character). So the text is read backwards and lowercased
/// into a buffer only as far as that: one pass over a few words instead of lowercasing the
/// clause and then splitting it. A character that lowercases to several, or to what its
/// neighbours decide ([`norm::lowercase_alone`]), could move the word boundaries: then the
/// whole clause is lowercased as a string (`accents_negate_clause`).
fn accents_negate(text: &str, src: usize, signal: Signal) -> bool {
    let mut from = src.saturating_sub(FOLDED_NEGATION_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let bytes = text.as_bytes();
    // Lowercasing one character at most grows it by half (`Ⱥ` -> `ⱥ`).
    let mut buf = [0u8; 2 * FOLDED_NEGATION_BYTES];
    let mut at = buf.len();
    let (mut k, mut words, mut in_word) = (src, 0, false);
    while k > from {
        let b = bytes[k - 1];
        let (word, len, lower) = if b < 0x80 {
            match BACK_ASCII[usize::from(b)] {
                Back::ClauseMark => break,
                class => (class == Back::Word, 1, char::from(b.to_ascii_lowercase())),
            }
        } else {
            let Some(c) = text[..k].chars().next_back() else {
                break;
            };
            let Some(lower) = norm::lowercase_alone(c) else {
                return accents_negate_clause(text, from, src, signal);
            };
            (is_word_char(lower) || lower == '\'', c.len_utf8(), lower)
        };
        if word {
            in_word = true;
        } else if in_word {
            in_word = false;
            words += 1;
            if words == HYPOTHETICAL_WINDOW {
                // `negated` reads no further than the word after this.
                break;
            }
        }
        let n = lower.len_utf8();
        if at < n {
            return accents_negate_clause(text, from, src, signal);
        }
        at -= n;
        lower.encode_utf8(&mut buf[at..at + n]);
        k -= len;
    }
    let lower = &buf[at..];
    negated_utf8(lower, lower.len(), signal, Where::Accented)
}

/// [`accents_negate`] the long way: the clause of `text[from..src]` lowercased as a string.
fn accents_negate_clause(text: &str, mut from: usize, src: usize, signal: Signal) -> bool {
    // The clause is cut out before lowercasing. Only a final Greek sigma can lowercase
    // differently once its left context is cut, and no Greek word is a negator either way.
    if let Some(k) = text.as_bytes()[from..src].iter().rposition(is_clause_mark) {
        from += k + 1;
    }
    let before = &text[from..src];
    // Lowercasing at most grows a text by half (`Ⱥ` -> `ⱥ`, `İ` -> `i̇`).
    let mut buf = [0u8; 2 * FOLDED_NEGATION_BYTES];
    if let Some(lower) = norm::to_lowercase_into(before, &mut buf) {
        return negated(lower, lower.len(), signal, Where::Accented);
    }
    let before = before.to_lowercase();
    negated(&before, before.len(), signal, Where::Accented)
}

/// [`accents_negate`] as it was first written: the whole clause lowercased, then
/// `negated_reference`.
#[cfg(test)]
fn accents_negate_reference(text: &str, src: usize, signal: Signal) -> bool {
    let mut from = src.saturating_sub(FOLDED_NEGATION_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    if let Some(k) = text.as_bytes()[from..src].iter().rposition(is_clause_mark) {
        from += k + 1;
    }
    let before = text[from..src].to_lowercase();
    negated_reference(&before, before.len(), signal, Where::Accented)
}

/// The bytes that end a clause for [`negated`].
const fn is_clause_mark(b: &u8) -> bool {
    matches!(
        b,
        b'.' | b'!' | b'?' | b';' | b',' | b':' | b'\n' | b'(' | b')'
    )
}

/// How far apart, in bytes of the message, the two cues of a pair may be (the gap between
/// them): about a dozen Latin words or a Thai phrase.
const CUE_GAP: usize = 60;

/// A pair of cues is less certain than a phrase: it scores this share of its lower weight.
const CUE_FACTOR: f32 = 0.75;

/// Raises a signal where a cue of kind 1 and one of kind 2 (flags `c1`, `c2`) of that signal
/// matched in the same sentence of `text` with at most [`CUE_GAP`] bytes between them: "the
/// price ... negotiable?" is a discount request in many more phrasings than a phrase list holds,
/// while either word alone is ordinary. Only the cues of a signal that has both kinds are read
/// further: each must stand on word boundaries and pass negation as a phrase would, then the
/// pair scores [`CUE_FACTOR`] times the lower of its weights and highlights both cues and the
/// words between them. A signal that a phrase already raised keeps that phrase's hit: it says
/// more precisely what raised it. `views` are the accented view and the folded one as searched
/// (the accented one when not written).
fn paired_cues(
    text: &str,
    (accented, folded): (&View, &View),
    cues: &[Cue],
    cancelled: SignalSet,
    best: &mut [Option<(f32, (usize, usize))>; 18],
) {
    let mut kinds = [0u8; 18];
    for c in cues {
        kinds[c.entry.signal as usize] |= c.entry.cue;
    }
    let wanted: [bool; 18] = std::array::from_fn(|s| {
        kinds[s] == 3 && best[s].is_none() && !cancelled.contains(Signal::ALL[s])
    });
    if !wanted.contains(&true) {
        return;
    }
    // The cues that stand as a phrase would (word boundaries, negation), with their spans in
    // `text`. Cues are never stems (checked when the lexicon is read).
    let resolved: Vec<(Entry, (usize, usize))> = cues
        .iter()
        .filter(|c| wanted[c.entry.signal as usize])
        .filter_map(|c| {
            let view = if c.place == Where::Folded {
                folded
            } else {
                accented
            };
            let stands = on_word_boundaries(&c.entry, &view.text, c.start, c.end)
                && (c.entry.negation_immune
                    || !negated_in_view(view, c.start, text, c.entry.signal, c.place));
            stands.then(|| {
                (
                    c.entry,
                    widen_to_words(text, view.source_span(c.start, c.end)),
                )
            })
        })
        .collect();
    for &(a, sa) in resolved.iter().filter(|r| r.0.cue == 1) {
        for &(b, sb) in resolved
            .iter()
            .filter(|r| r.0.cue == 2 && r.0.signal == a.signal)
        {
            let (first, second) = if sa.0 <= sb.0 { (sa, sb) } else { (sb, sa) };
            let (from, to) = (first.1.min(second.0), second.0);
            let between = &text.as_bytes()[from..to];
            if to - from > CUE_GAP || between.iter().any(|b| SENTENCE_ENDS.contains(b)) {
                continue;
            }
            let span = (first.0, first.1.max(second.1));
            merge(
                &mut best[a.signal as usize],
                CUE_FACTOR * a.weight.min(b.weight),
                span,
            );
        }
    }
}

/// Bytes that end a sentence for [`paired_cues`] (a decimal point splits too, which only loses
/// a pair).
const SENTENCE_ENDS: &[u8] = b".!?\n";

/// Whether a match of `entry` at `start..end` of `hay` stands on the word boundaries its pattern
/// needs: a Latin word's edges unless the pattern is a stem there (`fuck*`), and for Thai flag
/// `b` not inside a longer word.
fn on_word_boundaries(entry: &Entry, hay: &str, start: usize, end: usize) -> bool {
    (entry.open_left || left_boundary(hay, start))
        && (entry.open_right || right_boundary(hay, end))
        && (!entry.whole_thai_word || crate::thai::not_inside_a_word(hay, start, end))
}

/// Whether a negator or hypothetical cancels a match of `signal` starting at `start` of `view`
/// (found there as `place`): read in the view, and for the folded view also in the accented
/// words of `text` before it ([`folded_negated`]).
fn negated_in_view(view: &View, start: usize, text: &str, signal: Signal, place: Where) -> bool {
    negated(&view.text, start, signal, place)
        || (place == Where::Folded && folded_negated(view, start, text, signal))
}

/// Folds one hit into the best hit of its signal.
fn merge(slot: &mut Option<(f32, (usize, usize))>, weight: f32, (s, e): (usize, usize)) {
    *slot = Some(match *slot {
        None => (weight, (s, e)),
        // Overlapping phrases of one signal ("giảm giá chút", "bớt cho a chút") are one
        // request: highlight their union.
        Some((score, (bs, be))) if s < be && e > bs => (score.max(weight), (s.min(bs), e.max(be))),
        Some((score, span)) if score >= weight => (score, span),
        Some(_) => (weight, (s, e)),
    });
}

/// A Latin pattern must start at a word start: `dm` must not fire inside `admin`. Thai patterns
/// (and patterns starting with punctuation) need no boundary.
fn left_boundary(hay: &str, start: usize) -> bool {
    let first = hay[start..].chars().next();
    let prev = hay[..start].chars().next_back();
    !(first.is_some_and(is_word_char) && prev.is_some_and(is_word_char))
}

fn right_boundary(hay: &str, end: usize) -> bool {
    let last = hay[..end].chars().next_back();
    let next = hay[end..].chars().next();
    !(last.is_some_and(is_word_char) && next.is_some_and(is_word_char))
}

/// Extends a span over the rest of any Latin word it starts or ends inside (a stem pattern such
/// as `fuck*` then highlights all of `fucking`).
fn widen_to_words(text: &str, (mut s, mut e): (usize, usize)) -> (usize, usize) {
    while let Some(c) = text[..s].chars().next_back() {
        if !is_word_char(c) || !text[s..].chars().next().is_some_and(is_word_char) {
            break;
        }
        s -= c.len_utf8();
    }
    while let Some(c) = text[e..].chars().next() {
        if !is_word_char(c) || !text[..e].chars().next_back().is_some_and(is_word_char) {
            break;
        }
        e += c.len_utf8();
    }
    (s, e)
}

/// Whether a negator or hypothetical shortly before `start`, in the same clause, cancels a trigger.
///
/// Limits, on purpose: only words *before* the trigger count ("giảm giá thì không cần" is
/// missed), double negation is not understood, and a negator in a long subordinate clause more
/// than a few words back is not seen. Threats, payment stalls and discount requests are usually
/// conditional ("if it is not fixed we will sue", "if my client pays I will pay you", "if you can
/// lower the fee we sign"), so hypotheticals do not cancel them.
///
/// Read backwards from `start`, and only as far as needed: the Thai characters just before the
/// trigger, then at most [`HYPOTHETICAL_WINDOW`] words, never past the clause mark. Splitting the
/// whole clause into words cost about a thousand instructions a match, and a Thai clause (no
/// spaces, few marks) often runs back to the start of the message. Same answers as
/// `negated_reference` (a test compares them at every position of the corpus).
fn negated(hay: &str, start: usize, signal: Signal, place: Where) -> bool {
    negated_utf8(hay.as_bytes(), start, signal, place)
}

/// [`negated`] of UTF-8 bytes (`bytes` holds whole characters, `start` is a character boundary).
fn negated_utf8(bytes: &[u8], start: usize, signal: Signal, place: Where) -> bool {
    let hypothetical_ok = hypothetical_ok(signal);
    // Thai: the characters just before the trigger (Thai letters or spaces, at most
    // THAI_WINDOW; a clause mark is neither), spaces removed.
    let mut tail_start = start;
    for _ in 0..THAI_WINDOW {
        if tail_start > 0 && bytes[tail_start - 1] == b' ' {
            tail_start -= 1;
        } else if tail_start >= 3 && is_thai_lead(bytes[tail_start - 3], bytes[tail_start - 2]) {
            tail_start -= 3;
        } else {
            break;
        }
    }
    if tail_start < start && thai_negated(&bytes[tail_start..start], hypothetical_ok) {
        return true;
    }

    let (negators, negator_keys, hypotheticals, hypothetical_keys) = word_lists(place);
    // Words are runs of word characters and apostrophes, read from the last one back.
    let mut k = start;
    for i in 0..HYPOTHETICAL_WINDOW {
        // Back over what separates this word from the one after it.
        loop {
            if k == 0 {
                return false;
            }
            match class_before(bytes, k) {
                (Back::Word, _) => break,
                (Back::ClauseMark, _) => return false,
                (Back::Other, 3) => {
                    // Thai text often runs back to the clause mark: skipped without the general
                    // decoding.
                    k -= 3;
                    while k >= 3 && is_thai_lead(bytes[k - 3], bytes[k - 2]) {
                        k -= 3;
                    }
                }
                (Back::Other, len) => k -= len,
            }
        }
        let end = k;
        while k > 0 {
            match class_before(bytes, k) {
                (Back::Word, len) => k -= len,
                _ => break,
            }
        }
        let word = &bytes[k..end];
        let key = word_key_at(bytes, k, end);
        let listed = may_be_listed(key);
        if listed && in_list(&SCOPE_END_KEYS, SCOPE_ENDS, word, key) {
            return false;
        }
        let negator = if has_apostrophe(word, key) {
            // "don't" -> "dont"; rare, so the copy is too.
            let bare: Vec<u8> = word.iter().copied().filter(|&b| b != b'\'').collect();
            in_list(negator_keys, negators, &bare, word_key(&bare))
        } else {
            listed && in_list(negator_keys, negators, word, key)
        };
        if i < NEGATION_WINDOW && (negator || word.ends_with(b"n't")) {
            return true;
        }
        if !hypothetical_ok && listed && in_list(hypothetical_keys, hypotheticals, word, key) {
            return true;
        }
    }
    false
}

/// The negators and hypotheticals of a view, with their keys: the folded view has its own
/// short lists ([`NEGATORS_FOLDED`]).
fn word_lists(
    place: Where,
) -> (
    &'static [&'static str],
    &'static [WordKey],
    &'static [&'static str],
    &'static [WordKey],
) {
    match place {
        Where::Folded => (
            NEGATORS_FOLDED,
            &NEGATOR_FOLDED_KEYS,
            HYPOTHETICALS_FOLDED,
            &HYPOTHETICAL_FOLDED_KEYS,
        ),
        _ => (
            NEGATORS_ACCENTED,
            &NEGATOR_ACCENTED_KEYS,
            HYPOTHETICALS_ACCENTED,
            &HYPOTHETICAL_ACCENTED_KEYS,
        ),
    }
}

/// Whether a character starting with bytes `b0 b1` is Thai (U+0E00..U+0E7F is `E0 B8 xx` /
/// `E0 B9 xx`; `E0` always starts a three-byte character).
#[inline(always)]
fn is_thai_lead(b0: u8, b1: u8) -> bool {
    b0 == 0xE0 && matches!(b1, 0xB8 | 0xB9)
}

/// Whether the Thai text just before a trigger (`tail`: Thai letters and spaces, at most
/// [`THAI_WINDOW`] characters) holds a Thai negator, or a hypothetical that cancels the signal.
fn thai_negated(tail: &[u8], hypothetical_ok: bool) -> bool {
    // One byte per Thai character (its offset in the block), spaces dropped: the search is then
    // over at most ten bytes, and each comparison starts with one byte.
    let mut buf = [0u8; THAI_WINDOW];
    let mut n = 0;
    let mut j = 0;
    while j < tail.len() {
        if tail[j] == b' ' {
            j += 1;
            continue;
        }
        buf[n] = thai_offset(tail[j + 1], tail[j + 2]);
        n += 1;
        j += 3;
    }
    mask_not_negators(&mut buf[..n]);
    let tail = &buf[..n];
    THAI_NEGATORS_COMPACT.iter().enumerate().any(|(i, neg)| {
        let neg = &neg.0[..neg.1];
        (i < 3 || !hypothetical_ok)
            && tail
                .windows(neg.len())
                .any(|w| w[0] == neg[0] && w.iter().zip(neg).all(|(a, b)| a == b))
    })
}

/// The offset in the Thai block (U+0E00 + offset) of the character `E0 b1 b2`.
const fn thai_offset(b1: u8, b2: u8) -> u8 {
    ((b1 & 0x01) << 6) | (b2 & 0x3F)
}

/// Overwrites each [`THAI_NOT_NEGATORS`] word in `tail` ([`thai_offset`]s) with `0xFF`, which no
/// Thai character has: left to right, longest word first, as `str::replace` would.
fn mask_not_negators(tail: &mut [u8]) {
    for (word, len) in &THAI_NOT_NEGATORS_COMPACT {
        let word = &word[..*len];
        let mut at = 0;
        while at + word.len() <= tail.len() {
            if tail[at..at + word.len()] == *word {
                tail[at..at + word.len()].fill(0xFF);
                at += word.len();
            } else {
                at += 1;
            }
        }
    }
}

/// Thai words as [`thai_offset`]s (at most `W` characters each, tests check it), with their
/// lengths in characters.
const fn thai_compact<const N: usize, const W: usize>(words: &[&str]) -> [([u8; W], usize); N] {
    let mut out = [([0u8; W], 0usize); N];
    let mut i = 0;
    while i < N {
        let word = words[i].as_bytes();
        let mut j = 0;
        while j < word.len() {
            out[i].0[j / 3] = thai_offset(word[j + 1], word[j + 2]);
            j += 3;
        }
        out[i].1 = word.len() / 3;
        i += 1;
    }
    out
}

/// [`THAI_NOT_NEGATORS`] compact (at most twelve characters).
const THAI_NOT_NEGATORS_COMPACT: [([u8; 12], usize); THAI_NOT_NEGATORS.len()] =
    thai_compact(THAI_NOT_NEGATORS);

/// [`THAI_NEGATORS`] compact (at most eight characters).
const THAI_NEGATORS_COMPACT: [([u8; 8], usize); THAI_NEGATORS.len()] = thai_compact(THAI_NEGATORS);

/// What [`negated`] reads a character as, going backwards.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Back {
    /// A word character ([`is_word_char`]) or an apostrophe.
    Word,
    /// One of [`is_clause_mark`]: the clause starts after it.
    ClauseMark,
    Other,
}

/// [`Back`] of each ASCII byte.
const BACK_ASCII: [Back; 128] = {
    let mut t = [Back::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'\'' {
            t[b] = Back::Word;
        } else if is_clause_mark(&c) {
            t[b] = Back::ClauseMark;
        }
        b += 1;
    }
    t
};

/// The class and length of the character that ends at byte `k` (> 0, a character boundary) of
/// UTF-8 `bytes`, decoded by hand (the standard library's backward decoding was a third of the
/// time of [`negated`]).
#[inline(always)]
fn class_before(bytes: &[u8], k: usize) -> (Back, usize) {
    let b = bytes[k - 1];
    if b < 0x80 {
        return (BACK_ASCII[usize::from(b)], 1);
    }
    let last = u32::from(b & 0x3F);
    let (c, len) = if bytes[k - 2] >= 0xC0 {
        (u32::from(bytes[k - 2] & 0x1F) << 6 | last, 2)
    } else if bytes[k - 3] >= 0xC0 {
        if is_thai_lead(bytes[k - 3], bytes[k - 2]) {
            return (Back::Other, 3);
        }
        let mid = u32::from(bytes[k - 2] & 0x3F);
        (u32::from(bytes[k - 3] & 0x0F) << 12 | mid << 6 | last, 3)
    } else {
        let c = u32::from(bytes[k - 4] & 0x07) << 18
            | u32::from(bytes[k - 3] & 0x3F) << 12
            | u32::from(bytes[k - 2] & 0x3F) << 6
            | last;
        (c, 4)
    };
    let class = if char::from_u32(c).is_some_and(is_word_char) {
        Back::Word
    } else {
        Back::Other
    };
    (class, len)
}

/// [`negated`] as it was first written (split the clause into words, then look at the last
/// ones): the reference the backward reader is checked against.
#[cfg(test)]
fn negated_reference(hay: &str, start: usize, signal: Signal, place: Where) -> bool {
    let before = &hay[..start];
    // The clause marks are ASCII, so a byte search finds them (UTF-8 continuation bytes never
    // look like ASCII).
    let clause_start = before
        .as_bytes()
        .iter()
        .rposition(is_clause_mark)
        .map_or(0, |i| i + 1);
    let clause = &before[clause_start..];

    // Thai: search the characters just before the trigger, spaces removed. The tail is a slice
    // of the clause; only a tail with spaces inside is copied, to drop them.
    let tail_start = clause
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_thai(c) || c == ' ')
        .take(THAI_WINDOW)
        .last()
        .map(|(i, _)| i);
    // Threats, payment stalls and discount requests are usually conditional (see above).
    let hypothetical_ok = hypothetical_ok(signal);
    if let Some(at) = tail_start {
        let tail = clause[at..].trim_end_matches(' ');
        let mut tail = tail.replace(' ', "");
        for word in THAI_NOT_NEGATORS {
            tail = tail.replace(word, &"_".repeat(word.chars().count()));
        }
        if THAI_NEGATORS
            .iter()
            .enumerate()
            // A byte search: the tail is at most ten characters, too short to pay for the set-up
            // of `str::contains`.
            .any(|(i, n)| {
                (i < 3 || !hypothetical_ok)
                    && tail.as_bytes().windows(n.len()).any(|w| w == n.as_bytes())
            })
        {
            return true;
        }
    }

    // Thai has no spaces, so a Thai clause can run back to the start of a long message, and
    // splitting it into (no) words cost more than everything else here. A clause with no byte
    // that can start a word character has no words: nothing below can fire.
    if !may_have_words(clause.as_bytes()) {
        return false;
    }
    let (negators, negator_keys, hypotheticals, hypothetical_keys) = word_lists(place);
    let words = clause
        .split(|c: char| !(is_word_char(c) || c == '\''))
        .filter(|w| !w.is_empty())
        .rev()
        .take(HYPOTHETICAL_WINDOW);
    for (i, word) in words.enumerate() {
        let key = word_key(word.as_bytes());
        let listed = may_be_listed(key);
        if listed && in_list(&SCOPE_END_KEYS, SCOPE_ENDS, word.as_bytes(), key) {
            return false;
        }
        let negator = if word.contains('\'') {
            // "don't" -> "dont"; rare, so the copy is too.
            let bare = word.replace('\'', "");
            in_list(
                negator_keys,
                negators,
                bare.as_bytes(),
                word_key(bare.as_bytes()),
            )
        } else {
            listed && in_list(negator_keys, negators, word.as_bytes(), key)
        };
        if i < NEGATION_WINDOW && (negator || word.ends_with("n't")) {
            return true;
        }
        if !hypothetical_ok
            && listed
            && in_list(hypothetical_keys, hypotheticals, word.as_bytes(), key)
        {
            return true;
        }
    }
    false
}

/// Signals a hypothetical does not cancel: threats, payment stalls and discount requests are
/// usually conditional (see [`negated`]). The only way the signal enters [`negated`].
fn hypothetical_ok(signal: Signal) -> bool {
    matches!(
        signal,
        Signal::Threat | Signal::PaymentStall | Signal::DiscountRequest
    )
}

/// Whether `text` may hold a character of a word ([`is_word_char`] or `'`): an ASCII letter,
/// digit or apostrophe, or a non-ASCII character other than Thai (U+0E00..U+0E7F is
/// `E0 B8 xx` / `E0 B9 xx`), counted without decoding.
#[cfg(test)]
fn may_have_words(text: &[u8]) -> bool {
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() || b == b'\'' {
                return true;
            }
            i += 1;
        } else if b == 0xE0 && matches!(text.get(i + 1), Some(0xB8 | 0xB9)) {
            i += 3;
        } else {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_have_words_only_rules_out_text_without_word_characters() {
        for text in ["ไม่ ลด ราคา ", " ,.! ", "", "ๆ ฯ"] {
            assert!(!may_have_words(text.as_bytes()), "{text:?}");
        }
        for text in ["ไม่ok", "ไม่ 5", "don't", "ไม่ giảm", "é", "ລາວ", "'"]
        {
            assert!(may_have_words(text.as_bytes()), "{text:?}");
        }
        // Exact where it answers no: no word character at all.
        for text in ["ไม่ ลด ราคา ", " ,.! ", "ๆ ฯ"] {
            assert!(!text.chars().any(|c| is_word_char(c) || c == '\''));
        }
    }

    #[test]
    fn the_backward_negation_reader_answers_like_the_clause_splitter() {
        let mut texts: Vec<String> = Vec::new();
        for text in crate::corpus_texts() {
            texts.push(text.to_lowercase());
        }
        for t in [
            "i don't think we need a discount, but can you do it for half?",
            "không phải em không muốn, nhưng nếu anh giảm giá chút thì sao",
            "ไม่ ต้อง ลด ราคา ครับ ถ้า เป็น ไป ได้ ok ไม่ok",
            "nếu  ไม่ 'không' wasn't x'y '' ' ( a ) ; b ! c ? d : e \n f",
            "é ß ǅ ລາວ ๆ ฯ 5 ' ไม่ giảm",
        ] {
            texts.push(t.to_owned());
        }
        let negations = at_every_position(&texts, |text, at, n| {
            let signal = POSITION_SIGNALS[n % 2];
            let place = if n % 4 < 2 {
                Where::Accented
            } else {
                Where::Folded
            };
            let want = negated_reference(text, at, signal, place);
            assert_eq!(
                negated(text, at, signal, place),
                want,
                "{text:?} at {at} {signal:?} {place:?}"
            );
            want
        });
        assert!(negations > 5000, "{negations}");
    }

    /// One signal a hypothetical cancels, one it does not, alternately.
    const POSITION_SIGNALS: [Signal; 2] = [Signal::DiscountRequest, Signal::RushDemand];

    /// Calls `check(text, byte, n)` at every character boundary `byte` of every text (`n` counts
    /// the calls in a text); returns how many calls answered true.
    fn at_every_position(
        texts: &[String],
        mut check: impl FnMut(&str, usize, usize) -> bool,
    ) -> usize {
        let mut yes = 0;
        for text in texts {
            for (n, (at, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
                yes += usize::from(check(text, at, n));
            }
        }
        yes
    }

    #[test]
    fn the_accents_are_read_like_the_whole_clause_lowercased() {
        let mut texts: Vec<String> = Vec::new();
        for text in crate::corpus_texts() {
            texts.push(text.to_uppercase());
            texts.push(text);
        }
        for t in [
            "KHÔNG PHẢI EM ĐỪNG MUỐN, NHƯNG NẾU ANH GIẢM GIÁ CHÚT THÌ SAO",
            "İ DON'T İ ŞEY NOT Σ ΟΔΟΣ not ΣΑΣ  ǅ Ⱥ ไม่ ok ΑΣ'Σ",
            "ᾼ NOT ﬁ Ǆ WON’T ǅ DON\u{2019}T if ẞ ὈΣ x",
        ] {
            texts.push(t.to_owned());
        }
        let negations = at_every_position(&texts, |text, at, n| {
            let signal = POSITION_SIGNALS[n % 2];
            let want = accents_negate_reference(text, at, signal);
            assert_eq!(
                accents_negate(text, at, signal),
                want,
                "{text:?} at {at} {signal:?}"
            );
            want
        });
        assert!(negations > 5000, "{negations}");
    }

    #[test]
    fn the_compact_thai_negators_are_the_thai_negators() {
        assert_compact(THAI_NEGATORS, &THAI_NEGATORS_COMPACT);
        assert_compact(THAI_NOT_NEGATORS, &THAI_NOT_NEGATORS_COMPACT);
        // Longest first, so a shorter word never masks part of a longer one before it is seen.
        let lens: Vec<usize> = THAI_NOT_NEGATORS
            .iter()
            .map(|w| w.chars().count())
            .collect();
        assert!(lens.windows(2).all(|w| w[0] >= w[1]), "{lens:?}");
    }

    /// Each word is Thai, fits, and reads back from its compact form.
    fn assert_compact<const W: usize>(words: &[&str], compact: &[([u8; W], usize)]) {
        for (word, (bytes, len)) in words.iter().zip(compact) {
            assert!(
                word.chars().all(is_thai) && word.chars().count() <= W,
                "{word}"
            );
            let back: String = bytes[..*len]
                .iter()
                .map(|&b| char::from_u32(0x0E00 + u32::from(b)).unwrap())
                .collect();
            assert_eq!(back, *word);
        }
    }

    #[test]
    fn every_listed_word_passes_the_bloom_filter() {
        let lists = [
            NEGATORS_ACCENTED,
            NEGATORS_FOLDED,
            HYPOTHETICALS_ACCENTED,
            HYPOTHETICALS_FOLDED,
            SCOPE_ENDS,
        ];
        for word in lists.iter().flat_map(|l| l.iter()) {
            assert!(may_be_listed(word_key(word.as_bytes())), "{word}");
        }
    }

    #[test]
    fn lowercasing_never_makes_or_removes_a_clause_mark() {
        // `folded_negated` cuts the clause out before lowercasing it.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let lower: String = c.to_lowercase().collect();
            let marks = |s: &str| s.bytes().filter(is_clause_mark).count();
            assert_eq!(marks(&lower), marks(c.encode_utf8(&mut [0; 4])), "{c:?}");
        }
    }

    #[test]
    fn every_signal_has_patterns_in_every_language() {
        for (source, name) in [(LEXICON_VI, "vi"), (LEXICON_TH, "th"), (LEXICON_EN, "en")] {
            for signal in Signal::ALL {
                let n = parse(source).filter(|l| l.signal == *signal).count();
                assert!(n >= 5, "{name} has only {n} patterns for {signal}");
            }
        }
    }

    #[test]
    fn unaccented_patterns_never_contain_an_abbreviation_the_folded_view_rewrites() {
        // The folded view expands `ko` to `khong`, so a pattern containing `ko` could never match.
        for line in parse(LEXICON_VI).filter(|l| !l.skeleton && !l.accent_only) {
            let folded = fold_pattern(&normalise_pattern(line.pattern));
            for word in folded.split(|c: char| !c.is_alphanumeric()) {
                assert!(
                    !norm::is_expanded_abbreviation(word),
                    "{:?}: {word:?} is rewritten by the folded view",
                    line.pattern
                );
            }
        }
    }

    #[test]
    fn every_folded_and_skeleton_pattern_needs_an_ascii_letter_or_digit() {
        // `classify` skips the folded and skeleton views of a message without one.
        for source in [LEXICON_VI, LEXICON_TH, LEXICON_EN] {
            for line in parse(source) {
                let p = line.pattern.trim_matches('*');
                // Vietnamese patterns reach the folded view unless accent-only.
                if line.skeleton || (source == LEXICON_VI && !line.accent_only) {
                    let f = fold_pattern(&normalise_pattern(p));
                    assert!(
                        f.bytes().any(|b| b.is_ascii_alphanumeric()),
                        "{p:?} has no ASCII letter or digit"
                    );
                }
            }
        }
    }

    #[test]
    fn no_word_of_a_skeleton_pattern_is_an_abbreviation() {
        // The bigram check reads the folded view, which expands abbreviations: a skeleton match
        // must not overlap one. Its words are whole tokens (a stem's last word starts one), so
        // none may be an abbreviation, nor the start of one when it is a stem.
        for source in [LEXICON_VI, LEXICON_TH, LEXICON_EN] {
            for line in parse(source).filter(|l| l.skeleton) {
                let p = norm::skeleton_pattern(&fold_pattern(&normalise_pattern(line.pattern)));
                for word in p.trim_matches('*').split(' ') {
                    assert!(word.len() > 1, "{p:?}");
                    for vi in [true, false] {
                        assert!(!norm::is_abbreviation(word, vi), "{p:?}: {word:?}");
                        if line.pattern.ends_with('*') {
                            assert!(!norm::extends_abbreviation(word, vi), "{p:?}: {word:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_skipped_skeleton_view_would_have_had_no_match() {
        let c = Classifier::new();
        let (mut a, mut f, mut s) = (View::default(), View::default(), View::default());
        let mut skipped = 0;
        let mut texts = Vec::new();
        for text in crate::corpus_texts() {
            texts.push(text.to_uppercase());
            texts.push(crate::fold_vi(&text));
            texts.push(text);
        }
        for t in [
            "đ.m mày, đờ mờ, d m, vcl, v.c.l, sh!t, f u c k, fuuuck, bitchhh, a$$hole, đ m ạ",
            "ĐM, Vkl, dit   me, du,ma, ditme, piece of shiiit, ko dm, dm k, k dm a/e dm",
            "địt mẹ, đjt, lozzz, l0z, clgt, cmnr ạ, vcc, d!t me, wtf!!, stfu.",
        ] {
            texts.push(t.to_owned());
        }
        for text in &texts {
            let vi = !text.is_ascii();
            // As `classify_inner` decides.
            let views = norm::build_views(text, 0, vi, &mut a, &mut f);
            let hay = if a.has_other && views.folded_differs {
                &f.text
            } else {
                &a.text
            };
            if views.obfuscated || c.skeleton_filter.may_match(hay.as_bytes()) {
                continue;
            }
            skipped += 1;
            norm::build_skeleton(&a, &mut s);
            let (mut found, mut cues) = (Vec::new(), Vec::new());
            let marks = &mut Marks {
                cancelled: SignalSet::EMPTY,
                cues: &mut cues,
            };
            let (m, place) = (&c.skeleton, Where::Skeleton);
            scan(m, &s, None, place, text, &mut found, marks);
            assert!(found.is_empty() && marks.cancelled.is_empty(), "{text:?}");
        }
        assert!(skipped > texts.len() / 2, "{skipped} of {}", texts.len());
    }

    #[test]
    fn the_embedded_model_loads_and_its_hits_have_word_spans() {
        let c = Classifier::with_trained_model();
        assert_eq!(c.version(), "rules-6+lr-5");
        let gate = ModelGate::parse(MODEL_THRESHOLDS).unwrap();
        assert!(gate.thresholds.iter().any(|t| t.is_finite()));
        assert_eq!(ModelGate::parse(&gate.to_text()).unwrap(), gate);
        let text = crate::nfc("Bên khác làm rẻ hơn nhiều, anh tính lại giá giúp em được không");
        let probs = c.model_probabilities(&text, None).unwrap();
        assert!(probs.iter().all(|p| (0.0..=1.0).contains(p)));
        for hit in c.classify(&text, None) {
            let (s, e) = hit.span;
            assert!(s < e && text.is_char_boundary(s) && text.is_char_boundary(e));
        }
        assert!(Classifier::new().model_probabilities(&text, None).is_none());
    }

    #[test]
    fn the_gate_adds_only_what_its_options_allow() {
        let mut probabilities = [0.0; HEADS];
        probabilities[Signal::Abuse as usize] = 0.9;
        probabilities[Signal::Threat as usize] = 0.7;
        probabilities[Signal::Blame as usize] = 0.2;
        let inputs = ModelInputs {
            patterns: SignalSet::EMPTY,
            probabilities,
            chars: 30,
            negated: false,
        };
        let gate = ModelGate {
            thresholds: [0.5; HEADS],
            ..ModelGate::default()
        };
        let names = |set: SignalSet| set.iter().collect::<Vec<_>>();
        assert_eq!(names(gate.added(&inputs)), [Signal::Abuse, Signal::Threat]);
        let top = ModelGate {
            top_only: true,
            ..gate
        };
        assert_eq!(names(top.added(&inputs)), [Signal::Abuse]);
        let short = ModelGate {
            min_chars: 31,
            ..gate
        };
        assert!(short.added(&inputs).is_empty());
        let patterns: SignalSet = [Signal::Abuse].into_iter().collect();
        let with_patterns = ModelInputs { patterns, ..inputs };
        assert_eq!(names(gate.added(&with_patterns)), [Signal::Threat]);
        let silent = ModelGate {
            only_if_patterns_silent: true,
            ..gate
        };
        assert!(silent.added(&with_patterns).is_empty());
        let negated = ModelInputs {
            negated: true,
            ..inputs
        };
        let skip = ModelGate {
            skip_negated_messages: true,
            ..gate
        };
        assert!(skip.added(&negated).is_empty());
        assert_eq!(gate.added(&negated), gate.added(&inputs));
        for text in [&gate.to_text(), &top.to_text(), &skip.to_text()] {
            assert_eq!(&ModelGate::parse(text).unwrap().to_text(), text);
        }
        assert!(ModelGate::parse("abuse 1.5").is_err());
        assert!(ModelGate::parse("min-chars x").is_err());
        assert!(ModelGate::parse("no-such-signal 0.5").is_err());
        assert!(has_negator("I don't need a discount"));
        assert!(has_negator("ไม่ต้องลดราคาครับ"));
        assert!(!has_negator("lower the price please"));
    }

    #[test]
    fn an_accented_negator_also_cancels_the_folded_match_after_it() {
        let c = Classifier::new();
        let rush = |t: &str| {
            c.classify(&crate::nfc(t), None)
                .iter()
                .any(|h| h.signal == Signal::RushDemand)
        };
        assert!(rush("em làm gấp giúp chị nhé"));
        assert!(!rush("em đừng làm gấp, chị không vội đâu"));
    }

    #[test]
    fn the_automata_stay_small_and_thai_is_compact() {
        let c = Classifier::new();
        let mut total = 0;
        for (name, m) in [
            ("accented_ascii", &c.accented_ascii),
            ("accented_thai", &c.accented_thai),
            ("ascii_and_other", &c.ascii_and_other),
            ("ascii_and_folded", &c.ascii_and_folded),
            ("folded", &c.folded),
            ("skeleton", &c.skeleton),
        ] {
            let kind = match m.automaton {
                Kind::Dfa(_) => "DFA",
                Kind::Hybrid(_) => "NFA+DFA",
            };
            let bytes = m.memory_usage();
            eprintln!(
                "{name}: {} patterns, {kind}, {bytes} bytes",
                m.entries.len()
            );
            total += bytes;
        }
        // Every lexicon pattern with a Thai letter has a compact encoding.
        assert!(c.accented_thai.compact);
        assert!(total < 4 << 20, "{total} bytes of automata");
    }

    #[test]
    fn the_lexicons_build_and_hold_no_empty_pattern() {
        let c = Classifier::new();
        let thai = c.accented_thai.entries.len();
        let accented = [
            c.accented_ascii.entries.len(),
            thai,
            c.ascii_and_other.entries.len() - c.other_from,
        ];
        assert!(accented.iter().sum::<usize>() > 1000);
        assert!(thai > 300 && accented[2] > 300);
        for source in [LEXICON_VI, LEXICON_TH, LEXICON_EN] {
            assert!(parse(source).all(|l| !l.pattern.trim_matches('*').is_empty()));
        }
    }
}

#[cfg(test)]
mod apostrophe_tests {
    use super::*;

    #[test]
    fn the_apostrophe_is_found_from_the_key_as_by_the_bytes() {
        let pieces: [&[u8]; 6] = [
            b"a",
            b"'",
            "đ".as_bytes(),
            "ờ".as_bytes(),
            b"Z",
            b"\x27\x27",
        ];
        let mut seen = 0;
        // Every sequence of up to five pieces (words of 1 to 15 bytes), read out of a longer
        // text as `negated` reads them and at its very end.
        for n in 1..=5u32 {
            for code in 0..6usize.pow(n) {
                let mut word = Vec::new();
                let mut c = code;
                for _ in 0..n {
                    word.extend_from_slice(pieces[c % 6]);
                    c /= 6;
                }
                for tail in [&b" and more"[..], b""] {
                    let text = [&b"x "[..], &word, tail].concat();
                    let (start, end) = (2, 2 + word.len());
                    let key = word_key_at(&text, start, end);
                    let got = has_apostrophe(&text[start..end], key);
                    assert_eq!(got, word.contains(&b'\''), "{word:?}");
                    seen += 1;
                }
            }
        }
        assert!(seen > 10_000, "{seen}");
    }
}
