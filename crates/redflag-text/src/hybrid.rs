//! An Aho-Corasick search that runs the shallow states of a contiguous NFA as a DFA.
//!
//! A full DFA of the big pattern sets is fast per byte but large (2-10 MB), and on the language
//! mix the DFAs evicted each other from the caches; the contiguous NFA is small but costs about
//! 35 instructions per byte (state kinds, sparse transitions, failure links). Most bytes of a
//! message are read in the states nearest the root, because most text starts no pattern: on the
//! train split, 85-90% of the steps of each automaton start at depth 0, 1 or 2, and 90-95% at
//! depth 4 or less. So the states of depth up to [`SHALLOW_DEPTH`] get a DFA table (a few
//! thousand states, two bytes an entry: 100-500 KB), and the NFA takes over below them until the
//! search is back in a shallow state. The states visited are exactly the NFA's, so the matches and their
//! order are too.
//!
//! Depth 4 was measured against 2-6 on the vi/th/en mix of rules-3: deeper tables save
//! instructions (the mix 30.1 M at depth 2, 28.5 M at 4, 27.7 M at 6 per pass) but missed the
//! caches more (depth 6 was slower in CPU time than no table at all). With rules-6's larger
//! lexicons and the leaner view pass, on a quiet machine, depth 5 is faster in every language
//! than 4 (en and vi about 4%) and keeps all automata under 4 MiB (`BENCHMARKS.md`, "rules-6 and
//! the eighth pass together"); 6 was faster again but over that budget.

use std::collections::HashMap;

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;

/// States up to this depth in the trie (pattern prefixes this long) are in the table.
const SHALLOW_DEPTH: usize = 5;

/// A table entry for a state deeper than the table: its index in [`Hybrid::deep`] in the low
/// bits.
const DEEP: u16 = 1 << 15;
/// A table entry for a shallow state that is a match state.
const MATCH: u16 = 1 << 14;

/// See the module documentation.
#[derive(Debug)]
pub(crate) struct Hybrid {
    nfa: NFA,
    /// Byte classes: bytes with the same transition from every shallow state.
    classes: [u8; 256],
    /// Classes per row of `table`.
    stride: usize,
    /// Per shallow state (its row starts at its index times `stride`) and byte class, the next
    /// state: a shallow one as its index (`| MATCH` for a match state), a deeper one as `DEEP |`
    /// its index in `deep`. Two bytes an entry keep the rows short (the table's cache lines
    /// are what the search touches most).
    table: Vec<u16>,
    /// The NFA ids of the states one level below the table.
    deep: Vec<StateID>,
    /// The NFA state of each shallow state (for its matches).
    sids: Vec<StateID>,
    /// A bit per NFA state id, set for the shallow states: how the search knows it may leave
    /// the NFA (a few KB; a table entry per state id would be as large as the NFA).
    shallow: Vec<u64>,
    /// The shallow states' NFA ids with their table entries, as an open-addressing hash table
    /// of [`Hybrid::back_mask`]` + 1` slots (`(u32::MAX, _)` empty): where the search goes then.
    back: Vec<(u32, u16)>,
    back_mask: usize,
}

impl Hybrid {
    /// The hybrid of an NFA built with unanchored search and standard match semantics.
    pub(crate) fn new(nfa: NFA) -> Hybrid {
        let start = nfa
            .start_state(Anchored::No)
            .expect("an unanchored NFA has an unanchored start state");
        // Shallow states, breadth first: a state first reached after `d` bytes is at depth `d`
        // (a transition goes at most one level deeper, and a state's own prefix reaches it).
        let mut sids = vec![start];
        let mut index: HashMap<StateID, usize> = HashMap::from([(start, 0)]);
        let mut level = vec![start];
        for _ in 0..SHALLOW_DEPTH {
            let mut next = Vec::new();
            for &s in &level {
                for b in 0..=255u8 {
                    let n = nfa.next_state(Anchored::No, s, b);
                    if let std::collections::hash_map::Entry::Vacant(e) = index.entry(n) {
                        e.insert(sids.len());
                        sids.push(n);
                        next.push(n);
                    }
                }
            }
            level = next;
        }
        // Byte classes: bytes whose transitions from every shallow state are the same.
        let mut classes = [0u8; 256];
        let mut columns: HashMap<Vec<StateID>, usize> = HashMap::new();
        let mut representatives: Vec<Vec<StateID>> = Vec::new();
        for b in 0..=255u8 {
            let column: Vec<StateID> = sids
                .iter()
                .map(|&s| nfa.next_state(Anchored::No, s, b))
                .collect();
            let class = *columns.entry(column.clone()).or_insert_with(|| {
                representatives.push(column);
                representatives.len() - 1
            });
            // At most 256 columns, so the class fits.
            classes[usize::from(b)] = class as u8;
        }
        let stride = representatives.len();
        assert!(sids.len() < usize::from(MATCH), "too many shallow states");
        let mut deep = Vec::new();
        let mut deep_index: HashMap<StateID, usize> = HashMap::new();
        let mut entry = |n: StateID| match index.get(&n) {
            Some(&j) => j as u16 | if nfa.is_match(n) { MATCH } else { 0 },
            None => {
                let k = *deep_index.entry(n).or_insert_with(|| {
                    deep.push(n);
                    deep.len() - 1
                });
                assert!(k < usize::from(DEEP), "too many states below the table");
                DEEP | k as u16
            }
        };
        let mut table = vec![0u16; sids.len() * stride];
        for i in 0..sids.len() {
            for (class, column) in representatives.iter().enumerate() {
                table[i * stride + class] = entry(column[i]);
            }
        }
        let mut shallow = vec![0u64; sids.iter().map(|s| s.as_usize()).max().unwrap_or(0) / 64 + 1];
        for &s in &sids {
            shallow[s.as_usize() / 64] |= 1 << (s.as_usize() % 64);
        }
        // At most half full, so a probe rarely goes past the first slot.
        let slots = (2 * sids.len()).next_power_of_two();
        let mut back = vec![(u32::MAX, 0); slots];
        for &s in &sids {
            let mut at = back_slot(s.as_u32(), slots - 1);
            while back[at].0 != u32::MAX {
                at = (at + 1) & (slots - 1);
            }
            back[at] = (s.as_u32(), entry(s));
        }
        Hybrid {
            nfa,
            classes,
            stride,
            table,
            deep,
            sids,
            shallow,
            back,
            back_mask: slots - 1,
        }
    }

    /// Bytes of heap memory used, the NFA's included.
    #[cfg(test)]
    pub(crate) fn memory_usage(&self) -> usize {
        self.nfa.memory_usage()
            + 2 * self.table.len()
            + 8 * (self.shallow.len() + self.back.len())
            + std::mem::size_of::<StateID>() * self.deep.len()
            + std::mem::size_of::<StateID>() * self.sids.len()
    }

    /// Calls `found(pattern, start, end)` for every match in `hay`, overlapping ones included,
    /// in the order the NFA reports them: by end, and at one end in the NFA's order.
    #[inline]
    pub(crate) fn search(&self, hay: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        // The start state's row.
        let mut row = 0usize;
        let mut i = 0;
        while i < hay.len() {
            let e = self.table[row + usize::from(self.classes[usize::from(hay[i])])];
            i += 1;
            if e < MATCH {
                row = usize::from(e) * self.stride;
                continue;
            }
            if e & DEEP == 0 {
                let j = usize::from(e & !MATCH);
                row = j * self.stride;
                self.report(self.sids[j], i, &mut found);
                continue;
            }
            // Deeper than the table: the NFA, until it is back in a shallow state.
            let mut sid = self.deep[usize::from(e & !DEEP)];
            loop {
                if self.nfa.is_special(sid) {
                    if self.nfa.is_dead(sid) {
                        return;
                    }
                    self.report(sid, i, &mut found);
                }
                if i == hay.len() {
                    return;
                }
                sid = self.nfa.next_state(Anchored::No, sid, hay[i]);
                i += 1;
                if self.is_shallow(sid) {
                    let back = self.back_entry(sid);
                    row = usize::from(back & !MATCH) * self.stride;
                    if back & MATCH != 0 {
                        self.report(sid, i, &mut found);
                    }
                    break;
                }
            }
        }
    }

    /// Whether NFA state `sid` has a row in the table.
    #[inline(always)]
    fn is_shallow(&self, sid: StateID) -> bool {
        let s = sid.as_usize();
        self.shallow
            .get(s / 64)
            .is_some_and(|bits| bits & (1 << (s % 64)) != 0)
    }

    /// The table entry of shallow NFA state `sid`.
    #[inline]
    fn back_entry(&self, sid: StateID) -> u16 {
        let mut at = back_slot(sid.as_u32(), self.back_mask);
        loop {
            let (s, entry) = self.back[at];
            if s == sid.as_u32() {
                return entry;
            }
            // Every shallow state is in the table, so this ends.
            at = (at + 1) & self.back_mask;
        }
    }

    /// The matches of NFA state `sid`, ending at `end`.
    fn report(&self, sid: StateID, end: usize, found: &mut impl FnMut(usize, usize, usize)) {
        for k in 0..self.nfa.match_len(sid) {
            let pid = self.nfa.match_pattern(sid, k);
            found(pid.as_usize(), end - self.nfa.pattern_len(pid), end);
        }
    }
}

/// The first slot of NFA state id `sid` in [`Hybrid::back`].
#[inline(always)]
fn back_slot(sid: u32, mask: usize) -> usize {
    (sid.wrapping_mul(0x9E37_79B9) >> 8) as usize & mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::MatchKind;

    fn nfa(patterns: &[&str]) -> NFA {
        NFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .unwrap()
    }

    /// The matches the plain NFA search reports.
    fn reference(nfa: &NFA, hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut sid = nfa.start_state(Anchored::No).unwrap();
        for (i, &b) in hay.iter().enumerate() {
            sid = nfa.next_state(Anchored::No, sid, b);
            if nfa.is_special(sid) {
                for k in 0..nfa.match_len(sid) {
                    let pid = nfa.match_pattern(sid, k);
                    out.push((pid.as_usize(), i + 1 - nfa.pattern_len(pid), i + 1));
                }
            }
        }
        out
    }

    #[test]
    fn the_hybrid_reports_what_the_nfa_reports() {
        let patterns = [
            "a",
            "ab",
            "abc",
            "abcd",
            "bcd",
            "cd",
            "d",
            "giảm giá",
            "giá",
            "xyzzy",
            "zz",
            "b c",
            "ạ",
            "ab ab ab",
            "ấ",
        ];
        let hybrid = Hybrid::new(nfa(&patterns));
        let plain = nfa(&patterns);
        const PIECES: &[&str] = &[
            "a", "b", "c", "d", " ", "z", "y", "x", "giảm", "giá", "ạ", "ấ",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..5000 {
            let mut hay = String::new();
            for _ in 0..(state >> 59) + 1 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                hay.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            let mut got = Vec::new();
            hybrid.search(hay.as_bytes(), |p, s, e| got.push((p, s, e)));
            assert_eq!(got, reference(&plain, hay.as_bytes()), "{hay:?}");
        }
    }
}
