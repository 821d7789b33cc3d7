//! One module per subcommand.

pub mod backup;
pub mod classify;
pub mod demo;
pub mod eval;
pub mod export;
pub mod forget;
pub mod import;
pub mod policy;
pub mod review;

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Opens a file for reading, or stdin for `-`, with a large buffer.
pub fn open_input(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(
            1 << 20,
            std::io::stdin(),
        )));
    }
    let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 20, f)))
}

/// Writes a file atomically: into a temporary file beside it, renamed over it only when
/// complete, so a failure never leaves half a file where a good one was.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file name", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.partial-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let f = File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        write(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot move the finished file to {}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Parses a `YYYY-MM-DD` date argument.
pub fn parse_date_arg(s: &str) -> Result<redflag_domain::jiff::civil::Date, String> {
    redflag_domain::parse_date(s).map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD)"))
}
