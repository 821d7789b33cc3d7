//! Running the real binary against a fresh store of either backend.

#![allow(dead_code)] // each test file uses its own part

use std::io::Write;
use std::process::{Command, Stdio};

/// A fresh store for one test: a SQLite file in a temporary folder, or a PostgreSQL database
/// of its own, dropped afterwards.
pub struct Db {
    pub url: String,
    _sqlite: Option<tempfile::TempDir>,
    _pg: Option<redflag_testkit::harness::TestDatabase>,
}

impl Db {
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("redflag.db").to_string_lossy().into_owned();
        Db {
            url,
            _sqlite: Some(dir),
            _pg: None,
        }
    }

    /// `None` when no server is configured outside CI (the test then says so and passes);
    /// inside CI a missing server fails the test.
    pub fn postgres() -> Option<Db> {
        let pg = redflag_testkit::harness::fresh_postgres_database()?;
        Some(Db {
            url: pg.url().to_owned(),
            _sqlite: None,
            _pg: Some(pg),
        })
    }
}

/// A file written into a test's temporary folder (parent folders created); its path.
pub fn write(dir: &tempfile::TempDir, name: &str, content: impl AsRef<[u8]>) -> String {
    let p = dir.path().join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

/// Everything stored, as interchange (`redflag export`).
pub fn export(db: &Db) -> String {
    let out = run(db, &["export"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// The first line of an export that contains `needle`.
pub fn line_with<'a>(export: &'a str, needle: &str) -> &'a str {
    export
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle} in\n{export}"))
}

/// A fixture of the import crate: `crates/redflag-import/fixtures/<rel>`.
pub fn import_fixture(rel: &str) -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../redflag-import/fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(db: &Db, args: &[&str]) -> Output {
    run_with_stdin(db, args, "")
}

pub fn run_with_stdin(db: &Db, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_redflag"))
        .args(args)
        .env("REDFLAG_DATABASE_URL", &db.url)
        .env_remove("REDFLAG_POLICY")
        .env(
            "REDFLAG_HOME",
            std::env::temp_dir().join("redflag-test-home-unused"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the redflag binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Expands each `fn name(db) { body }` into `name::sqlite` and `name::postgres` tests.
#[macro_export]
macro_rules! backend_tests {
    ($(fn $name:ident($db:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                fn body($db: $crate::common::Db) $body

                #[test]
                fn sqlite() {
                    body($crate::common::Db::sqlite());
                }

                #[test]
                fn postgres() {
                    if let Some(db) = $crate::common::Db::postgres() {
                        body(db);
                    }
                }
            }
        )*
    };
}
