//! Binding and reading the shared row types (`redflag_store::row`) with rusqlite. Columns are
//! bound and read by position, in the order of `EVENT_COLUMNS` and `PARTY_COLUMNS`; the tests
//! below fail if that order changes under this code.

use redflag_domain::{Party, PartyId};
use redflag_store::Result;
use redflag_store::row::{EventRow, PARTY_COLUMNS, PartyRow};
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use crate::error::Context;

/// The order this module binds and reads event columns in.
#[cfg(test)]
const EVENT_ORDER: &[&str] = &[
    "kind",
    "id",
    "party",
    "at_utc",
    "at_offset",
    "tags",
    "state",
    "detail",
    "quantity",
    "flag",
    "amount",
    "amount2",
    "currency",
    "date2",
    "ref_id",
    "label",
    "subject",
    "body",
    "signals",
    "hits",
    "classifier",
];

/// The order this module binds and reads party columns in.
#[cfg(test)]
const PARTY_ORDER: &[&str] = &[
    "id", "name", "role", "lang", "timezone", "emails", "phones", "since", "tags",
];

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

/// Reads a row selected with [`event_select`].
pub(crate) fn read_event(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        kind: r.get(0)?,
        id: r.get(1)?,
        party: r.get(2)?,
        at_utc: r.get(3)?,
        at_offset: r.get(4)?,
        tags: r.get(5)?,
        state: r.get(6)?,
        detail: r.get(7)?,
        quantity: r.get(8)?,
        flag: r.get(9)?,
        amount: r.get(10)?,
        amount2: r.get(11)?,
        currency: r.get(12)?,
        date2: r.get(13)?,
        ref_id: r.get(14)?,
        label: r.get(15)?,
        subject: r.get(16)?,
        body: r.get(17)?,
        signals: r.get(18)?,
        hits: r.get(19)?,
        classifier: r.get(20)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use redflag_store::row::EVENT_COLUMNS;

    #[test]
    fn columns_are_bound_in_the_shared_order() {
        assert_eq!(EVENT_COLUMNS, EVENT_ORDER);
        assert_eq!(PARTY_COLUMNS, PARTY_ORDER);
    }
}
