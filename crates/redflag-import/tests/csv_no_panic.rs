//! No input makes a CSV importer panic: random bytes, random cells under each tool's header,
//! and the fixtures with bytes flipped, cut or duplicated, through every format.

mod common;

use common::Collect;
use proptest::prelude::*;
use redflag_import::{Context, formats};

fn seeds() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/csv");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    out.sort();
    assert_eq!(out.len(), 7);
    out
}

fn import_everywhere(bytes: &[u8]) {
    for f in formats() {
        let mut ctx = Context::new();
        let mut sink = Collect::default();
        let _ = f.import(&mut &bytes[..], &mut ctx, &mut sink);
        let _ = f.sniff(Some("x.csv"), bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        import_everywhere(&bytes);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        seed in 0usize..7,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in any::<prop::sample::Index>(),
        dup in any::<prop::sample::Index>(),
    ) {
        let seeds = seeds();
        let mut b = seeds[seed % seeds.len()].clone();
        for (i, v) in flips {
            let n = b.len();
            b[i.index(n)] = v;
        }
        let d = dup.index(b.len());
        let tail = b[d..].to_vec();
        b.extend_from_slice(&tail);
        import_everywhere(&b);
        b.truncate(cut.index(b.len() + 1));
        import_everywhere(&b);
    }

    #[test]
    fn random_cells_under_real_headers_never_panic(
        seed in 0usize..7,
        cells in proptest::collection::vec("[0-9a-zA-Z:/.,()$₫฿ -]{0,12}", 0..60),
    ) {
        let seeds = seeds();
        let text = String::from_utf8_lossy(&seeds[seed % seeds.len()]).into_owned();
        let header: String = text.lines().take(6).collect::<Vec<_>>().join("\n");
        let mut input = header;
        for (i, c) in cells.iter().enumerate() {
            input.push(if i % 8 == 0 { '\n' } else { ',' });
            input.push_str(c);
        }
        import_everywhere(input.as_bytes());
    }
}
