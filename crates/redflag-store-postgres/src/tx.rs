//! An import: one PostgreSQL transaction using statements prepared when the store connected.

use postgres::{Client, Statement, Transaction};
use redflag_domain::{EventId, EventKind, PartyId, Record, Workspace};
use redflag_store::row::{EVENT_COLUMNS, EventRow, PARTY_COLUMNS, PartyRow, workspace_to_pairs};
use redflag_store::{ImportTx, PutOutcome, Result, StoreError};

use crate::error::{Context, is_foreign_key, map};
use crate::rows;

/// An upsert into `table` that changes an existing row only when its digest differs and
/// returns `true` for a new row, `false` for an updated one and nothing for an unchanged one
/// (`xmax` is 0 only on a freshly inserted row version).
fn upsert_sql(table: &str, columns: &[&str], keys: usize) -> String {
    let marks: Vec<String> = (1..=columns.len() + 1).map(|i| format!("${i}")).collect();
    let sets: Vec<String> = columns[keys..]
        .iter()
        .chain(["digest"].iter())
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table} ({}, digest) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {} \
         WHERE {table}.digest <> excluded.digest RETURNING (xmax = 0)",
        columns.join(", "),
        marks.join(", "),
        columns[..keys].join(", "),
        sets.join(", ")
    )
}

/// Statements prepared once per connection.
#[derive(Clone)]
pub(crate) struct Stmts {
    upsert_event: Statement,
    upsert_party: Statement,
    upsert_setting: Statement,
    party_exists: Statement,
    event_exists: Statement,
}

impl Stmts {
    pub(crate) fn prepare(client: &mut Client) -> Result<Stmts> {
        let mut p = |sql: &str| client.prepare(sql).context("preparing statements");
        Ok(Stmts {
            upsert_event: p(&upsert_sql("events", EVENT_COLUMNS, 2))?,
            upsert_party: p(&upsert_sql("parties", PARTY_COLUMNS, 1))?,
            upsert_setting: p("INSERT INTO settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value \
                 WHERE settings.value <> excluded.value")?,
            party_exists: p("SELECT 1 FROM parties WHERE id = $1")?,
            event_exists: p("SELECT 1 FROM events WHERE kind = $1 AND id = $2")?,
        })
    }
}

/// One import; dropped uncommitted, `postgres` rolls it back.
pub(crate) struct PgTx<'a> {
    pub(crate) tx: Transaction<'a>,
    pub(crate) stmts: Stmts,
}

fn outcome(row: Option<postgres::Row>) -> Result<PutOutcome> {
    Ok(match row {
        None => PutOutcome::Unchanged,
        Some(r) => match r.try_get::<_, bool>(0).context("reading an upsert")? {
            true => PutOutcome::Added,
            false => PutOutcome::Updated,
        },
    })
}

impl PgTx<'_> {
    fn put_event(&mut self, row: &EventRow) -> Result<PutOutcome> {
        let digest = row.digest();
        let params = rows::event_params(row, &digest);
        let found = self
            .tx
            .query_opt(&self.stmts.upsert_event, &params)
            .map_err(|e| {
                if is_foreign_key(&e) {
                    StoreError::Conflict(format!(
                        "{} {:?} belongs to party {:?}, which is not stored",
                        row.kind, row.id, row.party
                    ))
                } else {
                    map(&format!("storing {} {:?}", row.kind, row.id), e)
                }
            })?;
        outcome(found)
    }

    fn put_party(&mut self, row: &PartyRow) -> Result<PutOutcome> {
        let digest = row.digest();
        let params = rows::party_params(row, &digest);
        let found = self
            .tx
            .query_opt(&self.stmts.upsert_party, &params)
            .context(&format!("storing party {:?}", row.id))?;
        outcome(found)
    }

    fn put_workspace(&mut self, w: &Workspace) -> Result<PutOutcome> {
        let what = "storing the workspace settings";
        let had_any: bool = self
            .tx
            .query_one("SELECT EXISTS (SELECT 1 FROM settings)", &[])
            .context(what)?
            .get(0);
        let mut changed = false;
        for (key, value) in workspace_to_pairs(w) {
            changed |= self
                .tx
                .execute(&self.stmts.upsert_setting, &[&key, &value])
                .context(what)?
                > 0;
        }
        Ok(match (had_any, changed) {
            (_, false) => PutOutcome::Unchanged,
            (false, true) => PutOutcome::Added,
            (true, true) => PutOutcome::Updated,
        })
    }
}

impl ImportTx for PgTx<'_> {
    fn put(&mut self, record: &Record) -> Result<PutOutcome> {
        match record {
            Record::Event(e) => self.put_event(&EventRow::from_event(e)),
            Record::Party(p) => self.put_party(&PartyRow::from_party(p)),
            Record::Workspace(w) => self.put_workspace(w),
        }
    }

    fn party_exists(&mut self, id: &PartyId) -> Result<bool> {
        Ok(self
            .tx
            .query_opt(&self.stmts.party_exists, &[&id.as_str()])
            .context("looking up a party")?
            .is_some())
    }

    fn event_exists(&mut self, kind: EventKind, id: &EventId) -> Result<bool> {
        Ok(self
            .tx
            .query_opt(&self.stmts.event_exists, &[&kind.as_str(), &id.as_str()])
            .context("looking up an event")?
            .is_some())
    }

    fn clear_all(&mut self) -> Result<()> {
        self.tx
            .batch_execute("DELETE FROM events; DELETE FROM parties; DELETE FROM settings;")
            .context("clearing the store")
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.tx.commit().context("committing the import")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upsert_keeps_the_key_and_compares_digests() {
        assert_eq!(
            upsert_sql("parties", &["id", "name"], 1),
            "INSERT INTO parties (id, name, digest) VALUES ($1, $2, $3) ON CONFLICT (id) \
             DO UPDATE SET name = excluded.name, digest = excluded.digest \
             WHERE parties.digest <> excluded.digest RETURNING (xmax = 0)"
        );
    }
}
