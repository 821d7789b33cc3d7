//! `redflag forget PARTY`

use anyhow::{Result, bail};
use redflag_domain::PartyId;

use crate::Ctx;

/// Remove a party and everything about it (messages, calls, invoices, notes...), completely:
/// the right to erasure of Thailand's PDPA and Vietnam's Decree 13/2023. Backups made before
/// keep their copy; delete or restore over them too.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The party's id.
    party: String,
    /// Confirm: without it, nothing is removed and the command says what would be.
    #[arg(long)]
    yes: bool,
}

/// Runs the command.
pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let mut store = ctx.open_store()?;
    let id = PartyId::new(args.party.clone());
    let party = store.party(&id)?;
    if !args.yes {
        bail!(
            "this removes {} ({:?}) and everything about it for good; run again with --yes to confirm",
            id,
            party.name
        );
    }
    let gone = store.forget(&id)?;
    if !ctx.quiet {
        println!(
            "forgot {} ({:?}): {} events removed",
            id, party.name, gone.events
        );
    }
    Ok(())
}
