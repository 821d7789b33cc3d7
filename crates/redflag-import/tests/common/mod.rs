//! A sink that keeps everything, for tests.

#![allow(dead_code)] // each test file uses its own part

use redflag_domain::{EventBody, Message, Record};
use redflag_import::{Context, Format, ImportError, Position, Sink, Skip, Stop};

#[derive(Default, Debug)]
pub struct Collect {
    pub records: Vec<(Position, Record)>,
    pub bad: Vec<String>,
    pub skipped: Vec<Skip>,
}

impl Sink for Collect {
    fn record(&mut self, at: &Position, record: Record) -> Result<(), Stop> {
        self.records.push((*at, record));
        Ok(())
    }
    fn bad(&mut self, error: ImportError) -> Result<(), Stop> {
        self.bad.push(error.to_string());
        Ok(())
    }
    fn skip(&mut self, _: &Position, why: Skip) -> Result<(), Stop> {
        self.skipped.push(why);
        Ok(())
    }
}

impl Collect {
    pub fn messages(&self) -> Vec<(&redflag_domain::Event, &Message)> {
        self.records
            .iter()
            .filter_map(|(_, r)| match r {
                Record::Event(e) => match &e.body {
                    EventBody::Message(m) => Some((e, m)),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    pub fn parties(&self) -> Vec<&redflag_domain::Party> {
        self.records
            .iter()
            .filter_map(|(_, r)| match r {
                Record::Party(p) => Some(p),
                _ => None,
            })
            .collect()
    }
}

pub fn run(format: &dyn Format, bytes: &[u8], ctx: &mut Context) -> Collect {
    let mut sink = Collect::default();
    format
        .import(&mut &bytes[..], ctx, &mut sink)
        .expect("a collecting sink never stops the import");
    sink
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/mail")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn shared(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/email")
        .join(rel)
}
