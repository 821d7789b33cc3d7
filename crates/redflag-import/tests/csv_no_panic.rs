//! No input makes a CSV importer panic: random bytes, random cells under each tool's header,
//! and the fixtures with bytes flipped, cut or duplicated, through every format, the generic
//! CSV read through mappings of several kinds, and random mapping text.

mod common;

use common::Collect;
use proptest::prelude::*;
use redflag_import::{Context, Mapping, formats};

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
    assert_eq!(out.len(), 12);
    out
}

/// Mappings of several kinds onto columns the fixtures and the random headers have.
const MAPPINGS: [&str; 4] = [
    "kind = \"payment\"\n[columns]\nparty = \"Khách hàng\"\ninvoice = \"Hóa đơn\"\nat = \"Ngày\"\namount = \"Số tiền\"\n",
    "kind = \"call\"\ndate-format = [\"%d/%m/%Y %H:%M\", \"%Y-%m-%d\"]\n[columns]\nparty = \"a\"\nat = \"b\"\ndirection = \"c\"\nduration-s = \"d\"\n",
    "kind = \"time\"\ndecimal = \",\"\n[columns]\nparty = \"a\"\nat = \"b\"\nminutes = \"c\"\nbillable = \"d\"\nactivity = \"e\"\n[fixed]\nactivity = \"delivery\"\n",
    "kind = \"party\"\n[columns]\nname = \"a\"\nphones = \"b\"\nsince = \"c\"\nrole = \"d\"\nlang = \"e\"\n",
];

fn import_everywhere(bytes: &[u8]) {
    for f in formats() {
        let mut ctx = Context::new();
        let mut sink = Collect::default();
        let _ = f.import(&mut &bytes[..], &mut ctx, &mut sink);
        let _ = f.sniff(Some("x.csv"), bytes);
    }
}

fn import_mapped(bytes: &[u8]) {
    let csv = redflag_import::by_id("csv").unwrap();
    for m in MAPPINGS {
        let mut ctx = Context::new();
        ctx.mapping = Some(Mapping::parse(m).unwrap());
        let mut sink = Collect::default();
        let _ = csv.import(&mut &bytes[..], &mut ctx, &mut sink);
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
        import_mapped(&b);
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

    #[test]
    fn random_cells_under_a_mapped_header_never_panic(
        cells in proptest::collection::vec("[0-9a-zA-Z:/.,;()$₫฿+ đọ-]{0,14}", 0..60),
    ) {
        let mut input = String::from("a,b,c,d,e");
        for (i, c) in cells.iter().enumerate() {
            input.push(if i % 5 == 0 { '\n' } else { ',' });
            input.push_str(c);
        }
        import_mapped(input.as_bytes());
    }

    #[test]
    fn random_mapping_text_never_panics(
        text in "(kind|columns|fixed|date-format|decimal|\\[|\\]|=|\"|[a-z%/.,]|\n| ){0,80}",
    ) {
        if let Ok(m) = Mapping::parse(&text) {
            prop_assert_eq!(Mapping::parse(&m.to_toml()).ok(), Some(m));
        }
    }
}
