//! Prints the hits for each argument (a development aid).
fn main() {
    let c = redflag_text::Classifier::new();
    for arg in std::env::args().skip(1) {
        let text = redflag_text::nfc(&arg);
        for h in c.classify(&text, None) {
            println!(
                "{:<24} {:.2} {:?}",
                h.signal.as_str(),
                h.score,
                &text[h.span.0..h.span.1]
            );
        }
        println!("--");
    }
}
