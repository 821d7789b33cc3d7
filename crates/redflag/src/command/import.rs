//! `redflag import FILE...`

use std::path::PathBuf;

use anyhow::{Result, bail};
use redflag_service::{ImportOptions, import_interchange};
use redflag_text::Classifier;

use crate::Ctx;

/// Import records; each file is one transaction.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files to import (`-` reads stdin). Interchange JSON Lines (`spec/interchange.md`).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The format, when it cannot be recognised: `interchange`.
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Skip bad lines (each is reported) instead of refusing the file.
    #[arg(long)]
    skip_bad: bool,
    /// Check and count everything, store nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the summary as JSON lines, one per file.
    #[arg(long)]
    json: bool,
}

/// Recognises the format of a file from its name and first bytes. Only interchange is read
/// by this version; other sources are named so the user knows what they have.
fn check_format(path: &std::path::Path, forced: Option<&str>) -> Result<()> {
    if let Some(f) = forced {
        if matches!(f, "interchange" | "jsonl") {
            return Ok(());
        }
        bail!("--format {f:?}: this version imports interchange JSON Lines only (--format interchange)");
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let other = match ext.as_str() {
        "mbox" | "eml" | "mbx" => Some("mail"),
        "ics" | "ical" => Some("calendar"),
        "csv" | "tsv" => Some("CSV"),
        "txt" => Some("chat export"),
        "xml" => Some("XML"),
        _ => None,
    };
    if let Some(kind) = other {
        bail!(
            "{}: {kind} files are not read by this version yet; convert them to interchange JSON Lines (see spec/interchange.md)",
            path.display()
        );
    }
    Ok(())
}

/// Runs the command.
pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    for f in &args.files {
        check_format(f, args.format.as_deref())?;
    }
    let mut store = ctx.open_store()?;
    let classifier = Classifier::new();
    let opts = ImportOptions {
        skip_bad: args.skip_bad,
        dry_run: args.dry_run,
    };
    for path in &args.files {
        let name = path.display().to_string();
        let input = super::open_input(path)?;
        let report = import_interchange(store.as_mut(), &classifier, &name, input, &opts)?;
        for s in &report.skipped {
            eprintln!("{name}:{}: skipped: {}", s.line, s.reason);
        }
        if args.json {
            println!("{}", serde_json::to_string(&report)?);
        } else if !ctx.quiet {
            println!(
                "{name}: {} added, {} updated, {} unchanged, {} skipped{}",
                report.added,
                report.updated,
                report.unchanged,
                report.skipped.len(),
                if report.dry_run { " (dry run: nothing stored)" } else { "" }
            );
        }
    }
    Ok(())
}
