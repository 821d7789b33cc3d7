//! Binding and reading the shared row types (`redflag_store::row`) with rusqlite. Columns are
//! bound and read by position, in the order of `EVENT_COLUMNS` and `PARTY_COLUMNS`; a test in
//! `redflag_store::row` fails if that order changes under this code.

use redflag_domain::{Party, PartyId};
use redflag_store::Result;
use redflag_store::row::{EventRow, PARTY_COLUMNS, PartyRow};
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use crate::error::Context;

/// The select list for parties.
pub(crate) fn party_select() -> String {
    PARTY_COLUMNS.join(", ")
}

/// The values of an event row, `?1`..`?21` in `EVENT_COLUMNS` order, then its digest as `?22`.
pub(crate) fn event_params<'a>(r: &'a EventRow, digest: &'a i64) -> [&'a dyn ToSql; 22] {
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

/// The values of a party row, `?1`..`?9` in `PARTY_COLUMNS` order, then its digest as `?10`.
pub(crate) fn party_params<'a>(r: &'a PartyRow, digest: &'a i64) -> [&'a dyn ToSql; 10] {
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

/// Reads an event row as text borrowed from SQLite's buffers (valid until the next step), so
/// that only what the event keeps is allocated: the scan's hot path.
pub(crate) fn read_event_ref<'r>(r: &'r Row<'_>) -> rusqlite::Result<EventRow<&'r str>> {
    let text = |i: usize| -> rusqlite::Result<&'r str> { Ok(r.get_ref(i)?.as_str()?) };
    let opt =
        |i: usize| -> rusqlite::Result<Option<&'r str>> { Ok(r.get_ref(i)?.as_str_or_null()?) };
    Ok(EventRow {
        kind: text(0)?,
        id: text(1)?,
        party: text(2)?,
        at_utc: r.get(3)?,
        at_offset: r.get(4)?,
        tags: opt(5)?,
        state: opt(6)?,
        detail: opt(7)?,
        quantity: r.get(8)?,
        flag: r.get(9)?,
        amount: opt(10)?,
        amount2: opt(11)?,
        currency: opt(12)?,
        date2: opt(13)?,
        ref_id: opt(14)?,
        label: opt(15)?,
        subject: opt(16)?,
        body: opt(17)?,
        signals: r.get(18)?,
        hits: opt(19)?,
        classifier: opt(20)?,
    })
}

/// Reads a row selected with [`party_select`].
pub(crate) fn read_party(r: &Row<'_>) -> rusqlite::Result<PartyRow> {
    Ok(PartyRow {
        id: r.get(0)?,
        name: r.get(1)?,
        role: r.get(2)?,
        lang: r.get(3)?,
        timezone: r.get(4)?,
        emails: r.get(5)?,
        phones: r.get(6)?,
        since: r.get(7)?,
        tags: r.get(8)?,
    })
}

/// One party, if stored.
pub(crate) fn find_party(conn: &Connection, id: &PartyId) -> Result<Option<Party>> {
    let sql = format!("SELECT {} FROM parties WHERE id = ?1", party_select());
    let row = conn
        .prepare_cached(&sql)
        .context("reading a party")?
        .query_row([id.as_str()], read_party)
        .optional()
        .context("reading a party")?;
    Ok(row.map(PartyRow::into_party).transpose()?)
}
