//! Where the data lives: picked once, from `--db`, `REDFLAG_DATABASE_URL` or the default file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use redflag_store::Store;

/// The default data directory: `$REDFLAG_HOME`, else `$XDG_DATA_HOME/redflag`, else
/// `~/.local/share/redflag`.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("REDFLAG_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(home));
    }
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(xdg).join("redflag"));
    }
    match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/redflag")),
        None => bail!("no place for the data: set --db, REDFLAG_DATABASE_URL or REDFLAG_HOME"),
    }
}

/// The store a URL names: `postgres://...` / `postgresql://...` is a PostgreSQL server;
/// `sqlite://PATH` or a plain path is an embedded SQLite file (created if missing).
pub fn open_store(url: &str) -> Result<Box<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = redflag_store_postgres::PgStore::connect(url)
            .with_context(|| format!("cannot open the PostgreSQL store {}", redact(url)))?;
        return Ok(Box::new(store));
    }
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    let path = path.strip_prefix("sqlite:").unwrap_or(path);
    if path.contains("://") {
        bail!(
            "--db {url:?}: unknown kind of store (use a file path, sqlite://PATH or postgres://...)"
        );
    }
    open_sqlite(Path::new(path))
}

fn open_sqlite(path: &Path) -> Result<Box<dyn Store>> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    let store = redflag_store_sqlite::SqliteStore::open(path)
        .with_context(|| format!("cannot open the SQLite store {}", path.display()))?;
    Ok(Box::new(store))
}

/// A URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://me:s3cret@db:5432/rf"),
            "postgres://me:***@db:5432/rf"
        );
        assert_eq!(redact("postgres://me@db/rf"), "postgres://me@db/rf");
        assert_eq!(redact("/tmp/x.db"), "/tmp/x.db");
    }
}
