//! What every fuzz target shares: the import harness (a [`Context`] and a reader shaped by the
//! first input byte, a sink that accepts everything) and the harnesses of the interchange
//! reader, `detect` and the classifier. A target is one line that calls one of these, so adding
//! a target for a new format is a new file in `fuzz_targets/` and a `[[bin]]` in Cargo.toml.

use std::io::{BufRead, BufReader};
use std::sync::OnceLock;

use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::{Currency, Lang, Party, Record, Role};
use redflag_import::{Context, ImportError, Position, Sink, Skip, Stop};

/// What the first byte of an input selects. The rest of the input is the file.
#[derive(Debug, Clone, Copy)]
pub struct Setup(u8);

impl Setup {
    /// `--me` addresses: an email, a chat display name, a phone number.
    const ME: u8 = 1;
    /// Known parties, with emails, phones and chat names.
    const PARTIES: u8 = 1 << 1;
    /// `known_only`: strangers are skipped, not made prospects.
    const KNOWN_ONLY: u8 = 1 << 2;
    /// `--party`: file everything under one party (which exists only with `PARTIES`).
    const PARTY: u8 = 1 << 3;
    /// A workspace time zone other than UTC.
    const ZONE: u8 = 1 << 4;
    /// A workspace currency.
    const CURRENCY: u8 = 1 << 5;
    /// The sink stops the import at the first bad item.
    const STOP_ON_BAD: u8 = 1 << 6;
    /// The input comes through a 7-byte buffer, so reads end at every possible place.
    const SMALL_READS: u8 = 1 << 7;

    /// Splits an input into its setup byte and the file.
    pub fn split(data: &[u8]) -> (Setup, &[u8]) {
        match data.split_first() {
            Some((first, rest)) => (Setup(*first), rest),
            None => (Setup(0), data),
        }
    }

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }

    /// The context this setup describes.
    pub fn context(self) -> Context {
        let mut ctx = Context::new();
        if self.has(Self::ME) {
            ctx = ctx.with_me(["me@studio.example", "Minh", "+84 90 111 2222"]);
        }
        if self.has(Self::PARTIES) {
            ctx = ctx.with_parties(parties());
        }
        ctx.known_only = self.has(Self::KNOWN_ONLY);
        if self.has(Self::PARTY) {
            ctx.party = Some("c-lan".into());
        }
        if self.has(Self::ZONE) {
            ctx.timezone = TimeZone::get("Asia/Ho_Chi_Minh").expect("the bundled tzdb has it");
        }
        if self.has(Self::CURRENCY) {
            ctx.currency = Some(Currency::VND);
        }
        ctx
    }
}

fn parties() -> &'static [Party] {
    static PARTIES: OnceLock<Vec<Party>> = OnceLock::new();
    PARTIES.get_or_init(|| {
        let party = |id: &str, name: &str, email: &str, phone: &str| Party {
            id: id.into(),
            name: name.into(),
            role: Role::Client,
            lang: None,
            timezone: None,
            emails: vec![email.into()],
            phones: vec![phone.into()],
            since: None,
            tags: vec![],
        };
        vec![
            party("c-lan", "Chị Lan", "lan@example.vn", "0901234567"),
            party(
                "c-somchai",
                "Somchai",
                "somchai@siam-trading.example.co.th",
                "+66 81 234 5678",
            ),
        ]
    })
}

/// A sink that takes every record and skip, and takes bad items or stops at the first one.
struct Accept {
    stop_on_bad: bool,
    stopped: bool,
}

impl Sink for Accept {
    fn record(&mut self, at: &Position, record: Record) -> Result<(), Stop> {
        // Format them as the CLI's reports would.
        let _ = at.to_string();
        std::hint::black_box(record);
        Ok(())
    }

    fn bad(&mut self, error: ImportError) -> Result<(), Stop> {
        let _ = error.to_string();
        let _ = error.position();
        if self.stop_on_bad {
            self.stopped = true;
            return Err(Stop);
        }
        Ok(())
    }

    fn skip(&mut self, at: &Position, why: Skip) -> Result<(), Stop> {
        let _ = (at.to_string(), why.to_string());
        Ok(())
    }
}

/// File names `sniff` is asked about.
const NAMES: [Option<&str>; 12] = [
    None,
    Some("x.eml"),
    Some("x.mbox"),
    Some("x.txt"),
    Some("x.json"),
    Some("x.jsonl"),
    Some("x.ics"),
    Some("x.xml"),
    Some("x.csv"),
    Some("x.zip"),
    Some("Maildir/cur/1741140000.M1P1.host:2,S"),
    Some("noextension"),
];

/// Imports `data` (after its setup byte) as the format `id`. Panics only if the importer does:
/// or if it fails with nothing to blame, since in-memory input cannot fail to read and a sink
/// that never stops cannot stop it.
pub fn import(id: &str, data: &[u8]) {
    let (setup, file) = Setup::split(data);
    import_file(id, setup, file, setup.context());
}

/// The generic CSV format (`csv`), which reads nothing without a column mapping: the input is
/// the setup byte, the mapping's TOML, a NUL byte, then the CSV. A mapping that does not parse
/// is refused (`Mapping::parse` must not panic either) and nothing is imported.
pub fn import_mapped(data: &[u8]) {
    let (setup, rest) = Setup::split(data);
    let Some(nul) = rest.iter().position(|&b| b == 0) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(&rest[..nul]) else {
        return;
    };
    let Ok(mapping) = redflag_import::Mapping::parse(text) else {
        return;
    };
    // What a mapping reads must write back as a mapping that reads the same.
    let again = redflag_import::Mapping::parse(&mapping.to_toml())
        .unwrap_or_else(|e| panic!("a mapping read from {text:?} does not read back: {e}"));
    assert_eq!(again.to_toml(), mapping.to_toml());
    let mut ctx = setup.context();
    ctx.mapping = Some(mapping);
    import_file("csv", setup, &rest[nul + 1..], ctx);
}

fn import_file(id: &str, setup: Setup, file: &[u8], mut ctx: Context) {
    let format = redflag_import::by_id(id).expect("a format this version reads");
    let _ = format.sniff(NAMES[usize::from(setup.0) % NAMES.len()], file);
    let mut sink = Accept {
        stop_on_bad: setup.has(Setup::STOP_ON_BAD),
        stopped: false,
    };
    let mut input: Box<dyn BufRead> = if setup.has(Setup::SMALL_READS) {
        Box::new(BufReader::with_capacity(7, file))
    } else {
        Box::new(file)
    };
    match format.import(&mut input, &mut ctx, &mut sink) {
        Ok(()) => assert!(
            !sink.stopped,
            "{id}: the sink stopped it but import returned Ok"
        ),
        Err(ImportError::Stopped) if sink.stopped => {}
        Err(e) => panic!("{id}: import of in-memory bytes failed: {e}"),
    }
}

/// `detect` with the file name the setup byte picks, then an import with the format it picks,
/// as `redflag import` without `--format` does. (One name, not all: every CSV format's sniff
/// splits up to 50 lines, each with a new CSV reader, and calling `detect` for every name made
/// this target run 5 inputs a second.)
pub fn detect(data: &[u8]) {
    let (setup, file) = Setup::split(data);
    let name = NAMES[usize::from(setup.0) % NAMES.len()];
    if let redflag_import::Detection::Format(format) = redflag_import::detect(name, file) {
        import(format.id(), data);
    }
}

/// The interchange reader on raw bytes, and every record it reads written back and read again.
pub fn interchange_reader(data: &[u8]) {
    for line in redflag_interchange::Reader::new(data) {
        let Ok(line) = line else { continue };
        let mut out = Vec::new();
        redflag_interchange::write_record(&mut out, &line.record).expect("writing to memory");
        let text = std::str::from_utf8(&out).expect("the writer writes UTF-8");
        if let Err(e) = redflag_interchange::parse_line(text.trim_end()) {
            panic!(
                "a record read from line {} does not read back: {e}\n{text}",
                line.number
            );
        }
    }
}

/// The classifier on any UTF-8 text (made NFC, as callers do), with each language hint; the
/// spans it returns must index the text on character boundaries.
pub fn classify(data: &[u8]) {
    static CLASSIFIER: OnceLock<redflag_text::Classifier> = OnceLock::new();
    let classifier = CLASSIFIER.get_or_init(redflag_text::Classifier::new);
    let (setup, text) = Setup::split(data);
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let text = redflag_text::nfc(text);
    let lang = match setup.0 % 4 {
        0 => None,
        1 => Some(Lang::Vi),
        2 => Some(Lang::Th),
        _ => Some(Lang::En),
    };
    let _ = redflag_text::detect_lang(&text);
    let _ = redflag_text::strip_quoted(&text);
    for hit in classifier.classify(&text, lang) {
        let (s, e) = hit.span;
        assert!(
            s <= e && text.get(s..e).is_some(),
            "span {s}..{e} of {:?} is not on character boundaries of a {}-byte text",
            hit.signal,
            text.len()
        );
        assert!(
            hit.score > 0.0 && hit.score <= 1.0,
            "score {} out of (0, 1]",
            hit.score
        );
    }
}

/// A fuzz target that imports its input as one format: `import_target!("mbox");`.
#[macro_export]
macro_rules! import_target {
    ($id:literal) => {
        libfuzzer_sys::fuzz_target!(|data: &[u8]| $crate::import($id, data));
    };
}
