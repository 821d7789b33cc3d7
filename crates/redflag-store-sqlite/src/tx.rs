//! An import: one SQLite write transaction with its statements prepared once.

use redflag_domain::{EventId, EventKind, PartyId, Record, Workspace};
use redflag_store::row::{EVENT_COLUMNS, EventRow, PARTY_COLUMNS, PartyRow, workspace_to_pairs};
use redflag_store::{ImportTx, PutOutcome, Result, StoreError};
use rusqlite::{CachedStatement, Connection, Transaction, TransactionBehavior};

use crate::error::{Context, is_foreign_key, map};
use crate::rows;

/// `INSERT ... ON CONFLICT DO NOTHING` into `table`, binding `columns` then the digest.
fn insert_sql(table: &str, columns: &[&str], conflict: &str) -> String {
    let marks: Vec<String> = (1..=columns.len() + 1).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {table} ({}, digest) VALUES ({}) ON CONFLICT ({conflict}) DO NOTHING",
        columns.join(", "),
        marks.join(", ")
    )
}

/// `UPDATE` of the row keyed by the first `keys` columns, only when its digest differs, with
/// the same parameter numbers as [`insert_sql`].
fn update_sql(table: &str, columns: &[&str], keys: usize) -> String {
    let digest = columns.len() + 1;
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .skip(keys)
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    let wheres: Vec<String> = columns[..keys]
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    format!(
        "UPDATE {table} SET {}, digest = ?{digest} WHERE {} AND digest <> ?{digest}",
        sets.join(", "),
        wheres.join(" AND ")
    )
}

struct Stmts<'a> {
    insert_event: CachedStatement<'a>,
    update_event: CachedStatement<'a>,
    insert_party: CachedStatement<'a>,
    update_party: CachedStatement<'a>,
    party_exists: CachedStatement<'a>,
    event_exists: CachedStatement<'a>,
}

impl<'a> Stmts<'a> {
    fn prepare(conn: &'a Connection) -> Result<Stmts<'a>> {
        let p = |sql: &str| conn.prepare_cached(sql).context("preparing an import");
        Ok(Stmts {
            insert_event: p(&insert_sql("events", EVENT_COLUMNS, "kind, id"))?,
            update_event: p(&update_sql("events", EVENT_COLUMNS, 2))?,
            insert_party: p(&insert_sql("parties", PARTY_COLUMNS, "id"))?,
            update_party: p(&update_sql("parties", PARTY_COLUMNS, 1))?,
            party_exists: p("SELECT 1 FROM parties WHERE id = ?1")?,
            event_exists: p("SELECT 1 FROM events WHERE kind = ?1 AND id = ?2")?,
        })
    }
}

/// One import. Field order matters: the statements are finalised before the transaction,
/// which rolls back when dropped uncommitted.
pub(crate) struct SqliteTx<'a> {
    stmts: Stmts<'a>,
    tx: Transaction<'a>,
}

impl<'a> SqliteTx<'a> {
    /// Starts a write transaction on `conn`, which the caller borrows mutably for `'a`, so no
    /// other transaction can be open on it.
    pub(crate) fn begin(conn: &'a Connection) -> Result<SqliteTx<'a>> {
        // Immediate: take the write lock now rather than fail half-way through an import.
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
            .context("starting an import")?;
        let stmts = Stmts::prepare(conn)?;
        Ok(SqliteTx { stmts, tx })
    }

    fn put_event(&mut self, row: &EventRow) -> Result<PutOutcome> {
        let digest = row.digest();
        let params = rows::event_params(row, &digest);
        let fk = |e: rusqlite::Error| {
            if is_foreign_key(&e) {
                StoreError::Conflict(format!(
                    "{} {:?} belongs to party {:?}, which is not stored",
                    row.kind, row.id, row.party
                ))
            } else {
                map(&format!("storing {} {:?}", row.kind, row.id), e)
            }
        };
        if self.stmts.insert_event.execute(&params[..]).map_err(fk)? == 1 {
            return Ok(PutOutcome::Added);
        }
        Ok(
            match self.stmts.update_event.execute(&params[..]).map_err(fk)? {
                0 => PutOutcome::Unchanged,
                _ => PutOutcome::Updated,
            },
        )
    }

    fn put_party(&mut self, row: &PartyRow) -> Result<PutOutcome> {
        let digest = row.digest();
        let params = rows::party_params(row, &digest);
        let what = format!("storing party {:?}", row.id);
        if self
            .stmts
            .insert_party
            .execute(&params[..])
            .context(&what)?
            == 1
        {
            return Ok(PutOutcome::Added);
        }
        Ok(
            match self
                .stmts
                .update_party
                .execute(&params[..])
                .context(&what)?
            {
                0 => PutOutcome::Unchanged,
                _ => PutOutcome::Updated,
            },
        )
    }

    fn put_workspace(&mut self, w: &Workspace) -> Result<PutOutcome> {
        let what = "storing the workspace settings";
        let had_any: bool = self
            .tx
            .query_row("SELECT EXISTS (SELECT 1 FROM settings)", [], |r| r.get(0))
            .context(what)?;
        let mut upsert = self
            .tx
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) \
                 DO UPDATE SET value = excluded.value WHERE settings.value <> excluded.value",
            )
            .context(what)?;
        let mut changed = false;
        for (key, value) in workspace_to_pairs(w) {
            changed |= upsert.execute((key, value)).context(what)? > 0;
        }
        Ok(match (had_any, changed) {
            (_, false) => PutOutcome::Unchanged,
            (false, true) => PutOutcome::Added,
            (true, true) => PutOutcome::Updated,
        })
    }
}

impl ImportTx for SqliteTx<'_> {
    fn put(&mut self, record: &Record) -> Result<PutOutcome> {
        match record {
            Record::Event(e) => self.put_event(&EventRow::from_event(e)),
            Record::Party(p) => self.put_party(&PartyRow::from_party(p)),
            Record::Workspace(w) => self.put_workspace(w),
        }
    }

    fn party_exists(&mut self, id: &PartyId) -> Result<bool> {
        self.stmts
            .party_exists
            .exists([id.as_str()])
            .context("looking up a party")
    }

    fn event_exists(&mut self, kind: EventKind, id: &EventId) -> Result<bool> {
        self.stmts
            .event_exists
            .exists([kind.as_str(), id.as_str()])
            .context("looking up an event")
    }

    fn clear_all(&mut self) -> Result<()> {
        self.tx
            .execute_batch("DELETE FROM events; DELETE FROM parties; DELETE FROM settings;")
            .context("clearing the store")
    }

    fn commit(self: Box<Self>) -> Result<()> {
        let SqliteTx { stmts, tx } = *self;
        drop(stmts);
        tx.commit().context("committing the import")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_update_binds_the_same_numbers_as_the_insert() {
        assert_eq!(
            update_sql("parties", &["id", "name"], 1),
            "UPDATE parties SET name = ?2, digest = ?3 WHERE id = ?1 AND digest <> ?3"
        );
        assert_eq!(
            insert_sql("parties", &["id", "name"], "id"),
            "INSERT INTO parties (id, name, digest) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING"
        );
    }
}
