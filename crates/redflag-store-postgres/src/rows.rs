//! Binding and reading the shared row types (`redflag_store::row`) with `postgres`. Columns
//! are bound and read by position, in the order of `EVENT_COLUMNS` and `PARTY_COLUMNS`; a test
//! in `redflag_store::row` fails if that order changes under this code.

use postgres::Row;
use postgres::types::ToSql;
use redflag_store::row::{EventRow, PARTY_COLUMNS, PartyRow};

/// A bindable value.
pub(crate) type Param<'a> = &'a (dyn ToSql + Sync);

/// The select list for parties.
pub(crate) fn party_select() -> String {
    PARTY_COLUMNS.join(", ")
}

/// The values of an event row, `$1`..`$21` in `EVENT_COLUMNS` order, then its digest as `$22`.
pub(crate) fn event_params<'a>(r: &'a EventRow, digest: &'a i64) -> [Param<'a>; 22] {
    [
        &r.kind,
        &r.id,
        &r.party,
        &r.at_utc,
        &r.at_offset,
        &r.tags,
        &r.state,
        &r.detail,
        &r.quantity,
        &r.flag,
        &r.amount,
        &r.amount2,
        &r.currency,
        &r.date2,
        &r.ref_id,
        &r.label,
        &r.subject,
        &r.body,
        &r.signals,
        &r.hits,
        &r.classifier,
        digest,
    ]
}

/// The values of a party row, `$1`..`$9` in `PARTY_COLUMNS` order, then its digest as `$10`.
pub(crate) fn party_params<'a>(r: &'a PartyRow, digest: &'a i64) -> [Param<'a>; 10] {
    [
        &r.id,
        &r.name,
        &r.role,
        &r.lang,
        &r.timezone,
        &r.emails,
        &r.phones,
        &r.since,
        &r.tags,
        digest,
    ]
}

/// Reads a row selected with [`event_select`].
pub(crate) fn read_event(r: &Row) -> Result<EventRow, postgres::Error> {
    Ok(EventRow {
        kind: r.try_get(0)?,
        id: r.try_get(1)?,
        party: r.try_get(2)?,
        at_utc: r.try_get(3)?,
        at_offset: r.try_get(4)?,
        tags: r.try_get(5)?,
        state: r.try_get(6)?,
        detail: r.try_get(7)?,
        quantity: r.try_get(8)?,
        flag: r.try_get(9)?,
        amount: r.try_get(10)?,
        amount2: r.try_get(11)?,
        currency: r.try_get(12)?,
        date2: r.try_get(13)?,
        ref_id: r.try_get(14)?,
        label: r.try_get(15)?,
        subject: r.try_get(16)?,
        body: r.try_get(17)?,
        signals: r.try_get(18)?,
        hits: r.try_get(19)?,
        classifier: r.try_get(20)?,
    })
}

/// Reads a row selected with [`party_select`].
pub(crate) fn read_party(r: &Row) -> Result<PartyRow, postgres::Error> {
    Ok(PartyRow {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        role: r.try_get(2)?,
        lang: r.try_get(3)?,
        timezone: r.try_get(4)?,
        emails: r.try_get(5)?,
        phones: r.try_get(6)?,
        since: r.try_get(7)?,
        tags: r.try_get(8)?,
    })
}
