//! Reviewing every party (or one) as of a date.

use redflag_domain::PartyId;
use redflag_domain::jiff::civil::Date;
use redflag_domain::jiff::tz::TimeZone;
use redflag_domain::jiff::{self, ToSpan};
use redflag_rules::{Policy, Review, Reviewer};
use redflag_store::{ScanQuery, Store, TextScope};

use crate::ServiceError;

/// The policy in force: the built-in defaults (`spec/flags.md`), then the workspace settings
/// stored from an interchange `workspace` line, then the user's policy file, each overriding
/// the one before.
pub fn effective_policy(
    store: &mut dyn Store,
    policy_file: Option<(&str, &str)>,
) -> Result<Policy, ServiceError> {
    let mut policy = Policy::default();
    policy
        .apply_workspace(&store.workspace()?)
        .map_err(|e| ServiceError::Policy {
            file: "the stored workspace settings".into(),
            message: e.to_string(),
        })?;
    if let Some((name, text)) = policy_file {
        policy = Policy::from_toml_over(policy, text).map_err(|e| ServiceError::Policy {
            file: name.to_owned(),
            message: e.to_string(),
        })?;
    }
    Ok(policy)
}

/// Assesses every prospect and client (or just `party`) as of `as_of`: every window ends on
/// that day and nothing dated after it is seen.
pub fn review(
    store: &mut dyn Store,
    policy: &Policy,
    as_of: Date,
    party: Option<&PartyId>,
) -> Result<Review, ServiceError> {
    // Bare dates are stored as their midnight UTC, so the cut-off is generous here (two days
    // after as-of, in UTC) and the reviewer drops anything whose local date is after as-of.
    let before = as_of
        .checked_add(2.days())
        .ok()
        .and_then(|d| d.to_zoned(TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::MAX);
    let query = ScanQuery {
        kind: None,
        before: Some(before),
        party: party.cloned(),
        // Rules may look at the words of a signalled message (boundary-violation: is the
        // threat about reviews or social media?); nothing else needs text.
        text: TextScope::Signalled,
    };
    let mut reviewer = Reviewer::new(policy, as_of);
    store.scan(&query, &mut |p, events| {
        reviewer.add_party(&p, &events);
        Ok(())
    })?;
    Ok(reviewer.finish())
}
