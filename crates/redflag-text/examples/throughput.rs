//! Rough single-core throughput: classifies a mixed vi/th/en corpus repeatedly.
//! `cargo run --release -p redflag-text --example throughput [-- --model]`
//! (`--model`: patterns plus the trained model, `Classifier::with_trained_model`).
use std::time::Instant;

fn main() {
    let messages = [
        "Anh ơi, mình dời cuộc họp sang thứ Năm được không ạ? Anh có việc đột xuất.",
        "giam gia chut di e, ben khac re hon, lam gap trong toi nay nhe",
        "Could we move Tuesday's meeting to Thursday? Something came up, sorry.",
        "Can you do it for half? Other agencies are cheaper. While you're at it, redo the logo.",
        "ขอเลื่อนประชุมเป็นวันพฤหัสได้ไหมคะ พอดีติดธุระ แพงไปครับ ลดราคาให้หน่อยได้ไหม",
        "Thanks, the invoice has been paid today. See you next week at the office.",
    ];
    let corpus: Vec<String> = messages.iter().map(|m| redflag_text::nfc(m)).collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let built = Instant::now();
    let classifier = if std::env::args().any(|a| a == "--model") {
        redflag_text::Classifier::with_trained_model()
    } else {
        redflag_text::Classifier::new()
    };
    println!("build: {:?}", built.elapsed());
    let rounds = 20_000;
    let start = Instant::now();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for m in &corpus {
            hits += classifier.classify(m, None).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{mb:.1} MB in {secs:.2} s = {:.1} MB/s ({hits} hits)",
        mb / secs
    );
}
