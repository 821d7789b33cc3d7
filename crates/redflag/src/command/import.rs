//! `redflag import FILE...`

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use redflag_service::formats::{self, Detection, Format};
use redflag_service::{
    ImportOptions, ImportReport, ImportSettings, Part, ServiceError, import_source,
};
use redflag_text::Classifier;

use crate::Ctx;

/// Import records; each file (or Maildir) is one transaction.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files to import (`-` reads stdin): interchange JSON Lines (`spec/interchange.md`), an
    /// mbox (Google Takeout, Thunderbird), `.eml` messages; a directory is read as a Maildir;
    /// chat exports (WhatsApp .txt, Telegram result.json, LINE .txt, Messenger JSON, a Zalo
    /// transcript); calendars (.ics); Android call logs and texts (SMS Backup & Restore
    /// calls.xml, sms.xml) and call logs kept as CSV (date, number, direction, duration);
    /// time-tracking and invoice CSV exports (Toggl, Clockify, Harvest, Xero, QuickBooks,
    /// Invoice Ninja); e-invoices (Vietnamese hóa đơn điện tử XML, Thai e-Tax XML, or the
    /// e-Tax PDF/A-3 with the XML inside). The format is recognised from the content. Any other
    /// CSV is read through a column mapping (--mapping, or --kind and --map).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Force the format: interchange, mbox, eml, maildir, whatsapp, telegram, line,
    /// messenger, zalo, ics, calls (android-calls), sms (android-sms), calls-csv, toggl,
    /// clockify, harvest, xero, quickbooks, invoiceninja, invoiceninja-payments, vn-einvoice
    /// (hddt), th-etax (etax), einvoice-pdf (pdf), csv (any CSV, through a column mapping: the
    /// format a mapping implies).
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    /// Read a CSV through this column mapping, a TOML file: `kind` (what each row becomes:
    /// message, call, meeting, time, invoice, payment, deal, expense, rate, order, usage,
    /// subscription, incident, decision or party), `[columns]` (interchange field = "column"),
    /// `[fixed]` (field = value for every row), optional `date-format` and `decimal`.
    #[arg(long, value_name = "FILE.toml")]
    mapping: Option<PathBuf>,
    /// What each row of a mapped CSV becomes (builds a mapping, or changes --mapping's kind).
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Feed an interchange field from a column of the CSV (repeatable), e.g. --map at=Ngày
    /// --map "amount=Số tiền"; adds to or overrides --mapping.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    map: Vec<String>,
    /// Give a field of a mapped CSV one value for every row (repeatable), e.g. --set
    /// currency=VND; adds to or overrides --mapping's `[fixed]`.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    set: Vec<String>,
    /// After a successful import, write the mapping used to this file, so the next import of
    /// such a file is just --mapping FILE.toml.
    #[arg(long, value_name = "FILE.toml")]
    save_mapping: Option<PathBuf>,
    /// Your own email address, or your name or number as chats show it, or your tax code as
    /// e-invoices show it (repeatable, or comma-separated in REDFLAG_ME): mail and chat
    /// messages from it are ours (outbound), mail is filed under the first recipient, and an
    /// e-invoice whose buyer it is (a bill you received) is skipped.
    #[arg(
        long = "me",
        value_name = "ADDRESS",
        env = "REDFLAG_ME",
        value_delimiter = ','
    )]
    me: Vec<String>,
    /// Skip (and count) mail from addresses no party has, instead of creating a prospect
    /// for each new sender.
    #[arg(long)]
    known_only: bool,
    /// File a whole chat export, every row of a CSV export, or an e-invoice, under this
    /// existing party (its id).
    #[arg(long, value_name = "ID")]
    party: Option<String>,
    /// IANA time zone for sources whose times carry no offset, such as WhatsApp, LINE and Zalo
    /// chats (default: the workspace's).
    #[arg(long, value_name = "ZONE")]
    timezone: Option<String>,
    /// Skip bad lines or messages (each is reported) instead of refusing the file.
    #[arg(long)]
    skip_bad: bool,
    /// Check and count everything, store nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the summary as JSON lines, one per file.
    #[arg(long)]
    json: bool,
}

/// How one argument is read.
enum Source {
    /// A file (or stdin) in a known format; `None`: recognise it when opened (stdin).
    File(Option<&'static dyn Format>),
    /// A Maildir: these message files.
    Maildir(Vec<PathBuf>),
}

const LATER: &str = "XML files other than Vietnamese and Thai e-invoices and Android backups are \
                     not read by this version; convert them to interchange JSON Lines \
                     (spec/interchange.md). Any CSV can be read through a column mapping: \
                     --mapping FILE.toml, or --kind KIND --map FIELD=COLUMN";

fn forced(name: &str) -> Result<&'static dyn Format> {
    match formats::by_id(name) {
        Some(f) => Ok(f),
        None => {
            let known: Vec<&str> = formats::formats().iter().map(|f| f.id()).collect();
            bail!(
                "--format {name:?}: this version reads {}; {LATER}",
                known.join(", ")
            )
        }
    }
}

/// Recognises a format from the first bytes and the name; unknown content is read as
/// interchange, whose reader then names the first bad line.
fn recognise(path: &Path, head: &[u8]) -> Result<&'static dyn Format> {
    let name = path.to_string_lossy();
    match formats::detect(Some(&name), head) {
        Detection::Format(f) => Ok(f),
        Detection::NotYet(what) if is_csv_name(&name) => {
            let columns = formats::csv::columns(head);
            bail!(
                "{name}: this looks like {what}; its columns are: {}; read it through a column \
                 mapping: --mapping FILE.toml, or --kind KIND --map FIELD=COLUMN (repeatable)",
                columns.join(", ")
            )
        }
        Detection::NotYet(what) => bail!("{name}: this looks like {what}; {LATER}"),
        Detection::Unknown => Ok(&formats::Interchange),
    }
}

fn is_csv_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".tsv")
}

/// The mapping the flags describe: --mapping's file, changed by --kind, --map and --set; `None`
/// when none of them is given.
fn mapping(args: &Args) -> Result<Option<formats::Mapping>> {
    let given = args.mapping.is_some()
        || args.kind.is_some()
        || !args.map.is_empty()
        || !args.set.is_empty();
    if !given {
        if args.save_mapping.is_some() {
            bail!(
                "--save-mapping writes the mapping given with --mapping, --kind, --map or --set; none was given"
            );
        }
        return Ok(None);
    }
    let mut m = match (&args.mapping, &args.kind) {
        (Some(file), _) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the mapping {}", file.display()))?;
            formats::Mapping::parse(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?
        }
        (None, Some(kind)) => {
            formats::Mapping::new(kind).map_err(|e| anyhow::anyhow!("--kind: {e}"))?
        }
        (None, None) => bail!(
            "--map and --set need --kind KIND (what each row becomes: payment, call, time...) \
             or --mapping FILE.toml"
        ),
    };
    if args.mapping.is_some()
        && let Some(kind) = &args.kind
    {
        m.set_kind(kind)
            .map_err(|e| anyhow::anyhow!("--kind: {e}"))?;
    }
    for (flag, pairs, is_map) in [("--map", &args.map, true), ("--set", &args.set, false)] {
        for pair in pairs {
            let Some((field, value)) = pair.split_once('=') else {
                bail!(
                    "{flag} {pair:?}: write FIELD={}",
                    if is_map { "COLUMN" } else { "VALUE" }
                );
            };
            let r = if is_map {
                m.map(field, value)
            } else {
                m.set(field, value)
            };
            r.map_err(|e| anyhow::anyhow!("{flag} {pair:?}: {e}"))?;
        }
    }
    let flags = args.kind.is_some() || !args.map.is_empty() || !args.set.is_empty();
    let source = match &args.mapping {
        Some(file) if flags => format!("{} (with --kind/--map/--set)", file.display()),
        Some(file) => file.display().to_string(),
        None => "given with --kind/--map/--set".to_owned(),
    };
    let m = m.with_source(source);
    if let Err(message) = m.check_complete(args.party.is_some()) {
        bail!("{message}");
    }
    Ok(Some(m))
}

fn resolve(path: &Path, forced_format: Option<&'static dyn Format>) -> Result<Source> {
    if path != Path::new("-") && path.is_dir() {
        if let Some(f) = forced_format
            && f.id() != formats::MaildirMessage.id()
        {
            bail!(
                "{}: a directory is read as a Maildir, not as {}",
                path.display(),
                f.id()
            );
        }
        return Ok(Source::Maildir(maildir_files(path)?));
    }
    if let Some(f) = forced_format {
        return Ok(Source::File(Some(f)));
    }
    if path == Path::new("-") {
        return Ok(Source::File(None));
    }
    let mut input = super::open_input(path)?;
    let head = input
        .fill_buf()
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Source::File(Some(recognise(path, head)?)))
}

/// Every message file of a Maildir: the files in each `cur/` and `new/` folder of `root` and
/// of its sub-folders (Maildir++ `.Folder` or nested), never `tmp/` (messages still being
/// delivered), in name order.
fn maildir_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut found_maildir = false;
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read the folder {}", dir.display()))?
            .collect::<std::io::Result<_>>()
            .with_context(|| format!("cannot read the folder {}", dir.display()))?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            let kind = e.file_type()?;
            if !kind.is_dir() {
                continue;
            }
            match e.file_name().to_str() {
                Some("tmp") => {}
                Some("cur" | "new") => {
                    found_maildir = true;
                    let mut msgs: Vec<PathBuf> = std::fs::read_dir(&path)
                        .with_context(|| format!("cannot read the folder {}", path.display()))?
                        .filter_map(|m| m.ok())
                        .filter(|m| m.file_type().is_ok_and(|t| t.is_file()))
                        .filter(|m| !m.file_name().to_string_lossy().starts_with('.'))
                        .map(|m| m.path())
                        .collect();
                    msgs.sort();
                    files.extend(msgs);
                }
                _ => dirs.push(path),
            }
        }
    }
    if !found_maildir {
        bail!(
            "{} is a folder but not a Maildir (no cur/ or new/ folder in it)",
            root.display()
        );
    }
    files.sort();
    Ok(files)
}

/// Runs the command.
pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mapping = mapping(&args)?;
    let forced_format = match (args.format.as_deref().map(forced).transpose()?, &mapping) {
        (None, Some(_)) => Some(&formats::Csv as &dyn Format),
        (Some(f), Some(_)) if f.id() != formats::Csv.id() => bail!(
            "--format {}: a mapping reads a CSV by its own columns (format csv); drop --format or the mapping",
            f.id()
        ),
        (Some(f), None) if f.id() == formats::Csv.id() => bail!(
            "--format csv reads a CSV through a column mapping: add --mapping FILE.toml, or --kind KIND and --map FIELD=COLUMN"
        ),
        (f, _) => f,
    };
    // Recognise every file first, so that an unreadable one stops before anything is stored.
    let sources = args
        .files
        .iter()
        .map(|f| resolve(f, forced_format))
        .collect::<Result<Vec<_>>>()?;
    for (path, source) in args.files.iter().zip(&sources) {
        let name = path.display().to_string();
        match source {
            Source::File(Some(f)) => check_party(&args, &name, *f)?,
            Source::File(None) => {}
            Source::Maildir(_) => check_party(&args, &name, &formats::MaildirMessage)?,
        }
    }
    let mut store = ctx.open_store()?;
    let classifier = Classifier::new();
    let opts = ImportOptions {
        skip_bad: args.skip_bad,
        dry_run: args.dry_run,
    };
    // E-invoices rarely carry a due date: the policy's payment terms stand in.
    let einvoices = sources.iter().any(|s| match s {
        Source::File(Some(f)) => formats::einvoice::is_einvoice_format(f.id()),
        Source::File(None) => true,
        Source::Maildir(_) => false,
    });
    let default_terms_days = if einvoices {
        Some(
            ctx.policy_for(store.as_mut())?
                .late_payment
                .default_terms_days,
        )
    } else {
        None
    };
    let settings = ImportSettings {
        me: args.me.clone(),
        known_only: args.known_only,
        timezone: args.timezone.clone(),
        party: args.party.clone(),
        mapping: mapping.clone(),
        default_terms_days,
    };
    let mut warned = false;
    for (path, source) in args.files.iter().zip(sources) {
        let name = path.display().to_string();
        let report = match source {
            Source::Maildir(files) => {
                let mut counter = count_progress(ctx, &args, &name, files.len() as u64);
                let parts = files.into_iter().map(move |p| {
                    if let Some(c) = &mut counter {
                        c.advance();
                    }
                    let input = std::fs::File::open(&p).map_err(|e| ServiceError::Input {
                        file: p.display().to_string(),
                        line: None,
                        message: format!("cannot open: {e}"),
                    })?;
                    Ok(Part {
                        name: p.display().to_string(),
                        input: Box::new(BufReader::with_capacity(1 << 16, input)),
                    })
                });
                let format = &formats::MaildirMessage;
                import_source(
                    store.as_mut(),
                    &classifier,
                    format,
                    &name,
                    parts,
                    &settings,
                    &opts,
                )?
            }
            Source::File(format) => {
                let mut input = super::open_input(path)?;
                let format = match format {
                    Some(f) => f,
                    None => {
                        let head = input.fill_buf().context("cannot read stdin")?;
                        recognise(path, head)?
                    }
                };
                check_party(&args, &name, format)?;
                let input = with_progress(ctx, &args, path, &name, input);
                let parts = std::iter::once(Ok(Part {
                    name: name.clone(),
                    input,
                }));
                import_source(
                    store.as_mut(),
                    &classifier,
                    format,
                    &name,
                    parts,
                    &settings,
                    &opts,
                )?
            }
        };
        let einvoice = formats::einvoice::is_einvoice_format(&report.format);
        if report.format != "interchange"
            && !formats::chat::is_chat_format(&report.format)
            && !formats::calls::is_phone_format(&report.format)
            && !formats::csv::is_csv_format(&report.format)
            && settings.me.is_empty()
            && !warned
            && !ctx.quiet
        {
            warned = true;
            if einvoice {
                eprintln!(
                    "note: no --me given, so every e-invoice is read as one you issued (its \
                     buyer is the client); pass --me YOUR-TAX-CODE to have bills you received \
                     skipped"
                );
            } else {
                eprintln!(
                    "note: no --me address given, so every mail counts as sent to you by the \
                     party; pass --me YOU@EXAMPLE.COM (repeatable) to tell your own mail apart"
                );
            }
        }
        print_report(ctx, &args, &name, &report)?;
    }
    if let (Some(path), Some(m)) = (&args.save_mapping, &mapping) {
        std::fs::write(path, m.to_toml())
            .with_context(|| format!("cannot write the mapping to {}", path.display()))?;
        if !ctx.quiet && !args.json {
            eprintln!(
                "mapping saved to {0}; next time: redflag import --mapping {0} FILE.csv",
                path.display()
            );
        }
    }
    Ok(())
}

/// A message count while a Maildir imports, when a person is watching (as [`with_progress`]).
fn count_progress(
    ctx: &Ctx,
    args: &Args,
    name: &str,
    total: u64,
) -> Option<crate::progress::Count> {
    use std::io::IsTerminal;
    if ctx.quiet || args.json || total == 0 || !std::io::stderr().is_terminal() {
        return None;
    }
    Some(crate::progress::Count::new(name, total, "messages"))
}

/// A progress line while a file imports, when a person is watching: stderr is a terminal and
/// neither `--quiet` nor `--json` was given (stdin has no size, so it gets none).
fn with_progress(
    ctx: &Ctx,
    args: &Args,
    path: &std::path::Path,
    name: &str,
    input: Box<dyn BufRead + Send>,
) -> Box<dyn BufRead + Send> {
    use std::io::IsTerminal;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if ctx.quiet || args.json || size == 0 || !std::io::stderr().is_terminal() {
        return input;
    }
    Box::new(crate::progress::Progress::new(input, name, size))
}

/// `--party` files chat exports, CSV rows and e-invoices only: mail finds its party by address.
fn check_party(args: &Args, name: &str, format: &dyn Format) -> Result<()> {
    if args.party.is_some()
        && !formats::chat::is_chat_format(format.id())
        && !formats::csv::is_csv_format(format.id())
        && !formats::einvoice::is_einvoice_format(format.id())
    {
        bail!(
            "{name}: --party files a chat export under one party; this is {}",
            format.describe()
        );
    }
    Ok(())
}

fn print_report(ctx: &Ctx, args: &Args, name: &str, report: &ImportReport) -> Result<()> {
    for s in &report.skipped {
        eprintln!("{}: skipped: {}", s.at, s.reason);
    }
    if args.json {
        println!("{}", serde_json::to_string(report)?);
        return Ok(());
    }
    if ctx.quiet {
        return Ok(());
    }
    let mut line = format!(
        "{name}: {} added, {} updated, {} unchanged, {} skipped",
        report.added,
        report.updated,
        report.unchanged,
        report.skipped.len(),
    );
    if report.format != "interchange" {
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let (one, many) = match report.format.as_str() {
            "ics" => ("event", "events"),
            "calls-csv" => ("call", "calls"),
            f if f.starts_with("android-") => ("call or text", "calls or texts"),
            f if formats::csv::is_csv_format(f) => ("row", "rows"),
            f if formats::einvoice::is_einvoice_format(f) => ("document", "documents"),
            _ => ("mail", "mails"),
        };
        line.push_str(&format!(
            "; {}, {} from unknown senders skipped, {} skipped",
            plural(report.new_parties, "new party", "new parties"),
            plural(report.unknown_skipped, one, many),
            plural(report.copies_skipped, "copy", "copies"),
        ));
        if report.no_counterparty > 0 {
            line.push_str(&format!(
                ", {} with no address but ours skipped",
                plural(report.no_counterparty, one, many)
            ));
        }
    }
    if report.dry_run {
        line.push_str(" (dry run: nothing stored)");
    }
    println!("{line}");
    Ok(())
}
