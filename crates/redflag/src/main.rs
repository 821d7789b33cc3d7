//! `redflag`: review prospects and clients for the warning signs of a bad relationship.
//!
//! The binary is glue: it parses arguments, opens the store named by `--db`, calls a use case
//! of `redflag-service`, prints, and sets the exit code (0 success, 1 a user error with a
//! one-line message on stderr, 2 bad usage).

mod clock;
mod command;
mod open;
mod progress;
mod table;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

/// Review prospects and clients for the warning signs of a bad relationship: keep, watch,
/// talk, let go or decline, with the evidence and the economics. Offline; Vietnamese, Thai and
/// English.
#[derive(Parser, Debug)]
#[command(name = "redflag", version, propagate_version = true)]
pub struct Cli {
    /// Where the data lives: a file path or sqlite://PATH (embedded SQLite), or
    /// postgres://USER@HOST/DB. Default: redflag.db in the data directory
    /// ($REDFLAG_HOME, else $XDG_DATA_HOME/redflag, else ~/.local/share/redflag).
    #[arg(long, global = true, env = "REDFLAG_DATABASE_URL", value_name = "URL")]
    db: Option<String>,

    /// A policy file (TOML) overriding thresholds, weights, business hours, time zone, rate
    /// and currency; `redflag policy` prints the defaults to start from.
    #[arg(long, global = true, env = "REDFLAG_POLICY", value_name = "FILE")]
    policy: Option<PathBuf>,

    /// Print less: no progress and no summaries.
    #[arg(long, short, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Import records (interchange .jsonl, mail, chat exports, calendars, call logs, CSV exports,
    /// e-invoices); each file is one transaction.
    Import(command::import::Args),
    /// Assess every prospect and client (or one) as of a date.
    Review(command::review::Args),
    /// Signals for JSON lines of messages read from stdin.
    Classify(command::classify::Args),
    /// Measure the classifier on a labelled file: precision, recall, F1, false alarms.
    Eval(command::eval::Args),
    /// Write every stored record as interchange JSON Lines.
    Export(command::export::Args),
    /// Print the default policy as a commented TOML file, or check one.
    Policy(command::policy::Args),
    /// Create a demo workspace and print its review.
    Demo(command::demo::Args),
    /// Remove a party and everything about it, completely (personal-data erasure).
    Forget(command::forget::Args),
    /// Write a consistent copy of everything stored to a file, while the store is in use.
    Backup(command::backup::BackupArgs),
    /// Replace everything stored with the contents of a backup.
    Restore(command::backup::RestoreArgs),
}

/// What every command receives: the resolved global options.
pub struct Ctx {
    /// The store URL as given, or the default file.
    pub db: Option<String>,
    /// The policy file, if any.
    pub policy: Option<PathBuf>,
    /// Print less.
    pub quiet: bool,
}

impl Ctx {
    /// Opens the store named by `--db`, or the default file.
    pub fn open_store(&self) -> Result<Box<dyn redflag_store::Store>> {
        match &self.db {
            Some(url) => open::open_store(url),
            None => {
                let path = open::data_dir()?.join("redflag.db");
                open::open_store(&path.to_string_lossy())
            }
        }
    }

    /// The policy file's name and text, if one was given.
    pub fn policy_text(&self) -> Result<Option<(String, String)>> {
        match &self.policy {
            None => Ok(None),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the policy file {}", path.display()))?;
                Ok(Some((path.display().to_string(), text)))
            }
        }
    }

    /// The policy in force for `store`: defaults, stored workspace settings, policy file.
    pub fn policy_for(
        &self,
        store: &mut dyn redflag_store::Store,
    ) -> Result<redflag_rules::Policy> {
        let file = self.policy_text()?;
        Ok(redflag_service::effective_policy(
            store,
            file.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
        )?)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with exit 0, usage errors with exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let ctx = Ctx {
        db: cli.db,
        policy: cli.policy,
        quiet: cli.quiet,
    };
    let result = match cli.command {
        Command::Import(a) => command::import::run(&ctx, a),
        Command::Review(a) => command::review::run(&ctx, a),
        Command::Classify(a) => command::classify::run(&ctx, a),
        Command::Eval(a) => command::eval::run(&ctx, a),
        Command::Export(a) => command::export::run(&ctx, a),
        Command::Policy(a) => command::policy::run(&ctx, a),
        Command::Demo(a) => command::demo::run(&ctx, a),
        Command::Forget(a) => command::forget::run(&ctx, a),
        Command::Backup(a) => command::backup::backup(&ctx, a),
        Command::Restore(a) => command::backup::restore(&ctx, a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the context chain joined, so scripts can grep it.
            let mut line = String::from("redflag: ");
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            line.push_str(&chain.join(": "));
            let _ = writeln!(std::io::stderr(), "{}", line.replace('\n', " "));
            ExitCode::from(1)
        }
    }
}

/// A closed pipe (`redflag export | head`) is how the reader says it has enough.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(
                c.downcast_ref::<redflag_service::ServiceError>(),
                Some(redflag_service::ServiceError::Output(io)) if io.kind() == std::io::ErrorKind::BrokenPipe
            )
    })
}
