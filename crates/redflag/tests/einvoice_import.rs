//! Importing e-invoices from the command line (issue 4): a Vietnamese e-invoice XML and a Thai
//! e-Tax PDF give invoices (and the PDF's payment) for the right clients, a cancellation note
//! voids a stored invoice, a PDF without an e-invoice is refused and changes nothing, and
//! re-imports change nothing. Every test runs on SQLite and PostgreSQL.

mod common;

use common::{export, import_fixture, line_with, run, write};

fn fixture(name: &str) -> String {
    import_fixture(&format!("einvoice/{name}"))
}

/// Our tax codes, Vietnamese and Thai.
const ME: &str = "0319990001,0105559000011";

backend_tests! {
    fn a_vietnamese_xml_and_a_thai_pdf_import_invoices_and_payments(db) {
        let out = run(&db, &["import", &fixture("vn-vat-invoice.xml"), "--me", ME]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.contains("2 added, 0 updated, 0 unchanged, 0 skipped; 1 new party"),
            "{}",
            out.stdout
        );
        assert!(!out.stderr.contains("note:"), "{}", out.stderr);
        let out = run(&db, &["import", &fixture("th-etax-receipt.pdf"), "--me", ME]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("3 added"), "{}", out.stdout);
        let all = export(&db);
        let vn = line_with(&all, "\"id\":\"vn:0319990001:1C25TAA:123\"");
        assert!(
            vn.contains("\"party\":\"vn-tax:0319990002\",\"at\":\"2025-03-14\",\"due\":\"2025-04-13\",\"amount\":\"13200000\",\"currency\":\"VND\""),
            "{vn}"
        );
        assert!(all.contains("\"name\":\"Công ty Cổ phần Thương mại Phương Đông\""), "{all}");
        let paid = line_with(&all, "\"kind\":\"payment\"");
        assert!(
            paid.contains("\"at\":\"2026-10-20T14:05:00+07:00\",\"invoice\":\"th:0105559000011:RTV2026-0050\",\"amount\":\"10700.00\",\"currency\":\"THB\""),
            "{paid}"
        );
        // Importing both again changes nothing.
        for f in ["vn-vat-invoice.xml", "th-etax-receipt.pdf"] {
            let out = run(&db, &["import", &fixture(f), "--me", ME]);
            assert_eq!(out.code, 0, "{}", out.stderr);
            assert!(out.stdout.contains(" 0 added, 0 updated, "), "{f}: {}", out.stdout);
        }
        assert_eq!(export(&db), all);
    }

    fn a_cancellation_note_voids_an_invoice_imported_earlier(db) {
        let dir = tempfile::tempdir().unwrap();
        let original = std::fs::read_to_string(fixture("th-tax-invoice.xml"))
            .unwrap()
            .replace("TIV2026-0042", "TIV2026-0041");
        let f = write(&dir, "tiv-0041.xml", original);
        // Without --me: read as an invoice we issued, and a note says so.
        let out = run(&db, &["import", &f]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains("every e-invoice is read as one you issued"), "{}", out.stderr);
        let before = line_with(&export(&db), "TIV2026-0041").to_owned();
        assert!(before.contains("\"status\":\"open\""), "{before}");
        let out = run(&db, &["import", &fixture("th-cancellation-note.xml"), "--me", ME]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stdout.contains("0 added, 1 updated"), "{}", out.stdout);
        let after = line_with(&export(&db), "TIV2026-0041").to_owned();
        assert_eq!(after, before.replace("\"status\":\"open\"", "\"status\":\"void\""));
    }

    fn a_pdf_without_an_e_invoice_is_refused_and_changes_nothing(db) {
        let dir = tempfile::tempdir().unwrap();
        let out = run(&db, &["import", &fixture("vn-usd-invoice.xml"), "--me", ME]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let before = export(&db);
        let f = write(
            &dir,
            "brochure.pdf",
            "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        );
        let out = run(&db, &["import", &f]);
        assert_ne!(out.code, 0);
        assert!(out.stderr.contains("brochure.pdf:1") && out.stderr.contains("no embedded e-invoice"), "{}", out.stderr);
        assert_eq!(export(&db), before);
    }
}
