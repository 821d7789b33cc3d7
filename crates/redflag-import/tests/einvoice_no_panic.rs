//! No input makes an e-invoice importer panic: random bytes, the fixtures with bytes flipped,
//! cut or duplicated, random field values in a real document, and mutated XML re-packed into a
//! PDF (so the mutations reach the XML reader through the inflater).

mod common;

use common::Collect;
use proptest::prelude::*;
use redflag_import::{Context, by_id};

const FORMATS: [&str; 3] = ["vn-einvoice", "th-etax", "einvoice-pdf"];

fn seeds() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/einvoice");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml" || e == "pdf"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    out.sort();
    assert_eq!(out.len(), 7);
    out
}

fn import_all(bytes: &[u8]) {
    for id in FORMATS {
        let f = by_id(id).unwrap();
        let mut ctx = Context::new().with_me(["0319990001"]);
        let mut sink = Collect::default();
        let _ = f.sniff(Some("x.xml"), bytes);
        f.import(&mut &bytes[..], &mut ctx, &mut sink)
            .expect("in-memory input cannot fail to read");
    }
    // `detect` over every format is left to tests/no_panic.rs: the CSV sniffers make it slow.
}

/// A minimal PDF embedding `xml`, deflated.
fn pdf_with(xml: &[u8]) -> Vec<u8> {
    let z = miniz_oxide::deflate::compress_to_vec_zlib(xml, 1);
    let mut pdf = format!(
        "%PDF-1.7\n1 0 obj\n<< /Type /Filespec /F (a.xml) /EF << /F 2 0 R >> >>\nendobj\n\
         2 0 obj\n<< /Type /EmbeddedFile /Length {} /Filter /FlateDecode >>\nstream\n",
        z.len()
    )
    .into_bytes();
    pdf.extend_from_slice(&z);
    pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
    pdf
}

fn mutate(
    mut b: Vec<u8>,
    flips: Vec<(prop::sample::Index, u8)>,
    dup: prop::sample::Index,
) -> Vec<u8> {
    for (i, v) in flips {
        let n = b.len();
        if n > 0 {
            b[i.index(n)] = v;
        }
    }
    if !b.is_empty() {
        let d = dup.index(b.len());
        let tail = b[d..].to_vec();
        b.extend_from_slice(&tail);
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        import_all(&bytes);
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.extend_from_slice(&bytes);
        import_all(&pdf);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        seed in 0usize..7,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
        cut in any::<prop::sample::Index>(),
        dup in any::<prop::sample::Index>(),
    ) {
        let seeds = seeds();
        let mut b = mutate(seeds[seed % seeds.len()].clone(), flips, dup);
        import_all(&b);
        b.truncate(cut.index(b.len() + 1));
        import_all(&b);
    }

    #[test]
    fn mutated_xml_inside_a_pdf_never_panics(
        seed in 0usize..6,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        dup in any::<prop::sample::Index>(),
    ) {
        let seeds: Vec<Vec<u8>> = seeds().into_iter().filter(|s| !s.starts_with(b"%PDF")).collect();
        let xml = mutate(seeds[seed % seeds.len()].clone(), flips, dup);
        import_all(&pdf_with(&xml));
    }

    #[test]
    fn random_values_in_real_fields_never_panic(
        total in "[-+0-9.,a-zđ ]{0,14}",
        date in "[-0-9T:/ a-z]{0,22}",
        code in "[A-Za-z0-9đ ]{0,5}",
    ) {
        let vn = String::from_utf8(seeds().into_iter().find(|s| s.windows(7).any(|w| w == b"C25TAA<")).unwrap()).unwrap();
        let vn = vn
            .replace("13200000.000000", &total)
            .replace("2025-03-14", &date)
            .replace(">VND<", &format!(">{code}<"));
        import_all(vn.as_bytes());
        let th = String::from_utf8(seeds().into_iter().find(|s| s.windows(12).any(|w| w == b"TIV2026-0042")).unwrap()).unwrap();
        let th = th
            .replace("53500.00", &total)
            .replace("2026-10-05T23:15:00", &date)
            .replace(">THB<", &format!(">{code}<"));
        import_all(th.as_bytes());
    }
}
