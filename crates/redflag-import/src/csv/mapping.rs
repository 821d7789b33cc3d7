//! A column mapping: how the rows of a CSV no format recognises become records, kept as a
//! small TOML file the user writes once and reuses.
//!
//! ```toml
//! kind = "payment"              # what each row becomes
//! date-format = "%d/%m/%Y"      # optional: strftime patterns tried in order (else automatic)
//! decimal = ","                 # optional: the decimal separator of amounts (else per value)
//!
//! [columns]                     # interchange field = the column that feeds it
//! id = "Ref"
//! invoice = "Invoice no."
//! at = "Ngày"
//! amount = "Số tiền"
//!
//! [fixed]                       # a value for every row (or for a mapped column's empty cells)
//! currency = "VND"
//! ```
//!
//! Kinds: `party` and every event kind of `spec/interchange.md` (`message`, `call`, `meeting`,
//! `deal`, `invoice`, `payment`, `time`, `expense`, `rate`, `order`, `usage`, `subscription`,
//! `incident`, `decision`). Fields are the kind's interchange fields, written with `-`
//! (`duration-s`, `warning-given`; `_` is accepted too). Keys compare exactly; an unknown key,
//! kind or field is refused, naming it and the nearest known one.
//!
//! [`Mapping::parse`] reads the text and [`Mapping::to_toml`] writes it back: this type does no
//! file access (the command line reads and writes the file).

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Why a mapping cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// Not TOML.
    #[error("not valid TOML: {0}")]
    Syntax(String),
    /// A key the mapping does not know.
    #[error("unknown key `{key}`{}", hint(suggestion))]
    UnknownKey {
        /// The key as written (`columns.amout` for one inside a table).
        key: String,
        /// The known key nearest to it.
        suggestion: Option<String>,
    },
    /// No `kind`.
    #[error(
        "no `kind`: say what each row becomes, e.g. kind = \"payment\" (one of {})",
        kinds_list()
    )]
    NoKind,
    /// A kind that is not a record kind.
    #[error("unknown kind {kind:?}{} (one of {})", hint(suggestion), kinds_list())]
    UnknownKind {
        /// As written.
        kind: String,
        /// The nearest kind.
        suggestion: Option<String>,
    },
    /// A value of the wrong type or form.
    #[error("`{key}`: {message}")]
    BadValue {
        /// The key.
        key: String,
        /// What is wrong.
        message: String,
    },
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

fn kinds_list() -> String {
    KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// An id, as written.
    Id,
    /// The party: an id of a stored party, else a name (matched, or a new client).
    Party,
    /// A date and time, or a date.
    At,
    /// A date.
    Date,
    /// Text, NFC.
    Text,
    /// One of the spec's words (`email`, `held`...); case and spaces aside.
    Word,
    /// `in`/`out`, with the call-log words (`incoming`, `Gọi đến`, `missed`...).
    Direction,
    /// An amount of money.
    Money,
    /// A currency code or symbol.
    Currency,
    /// A plain decimal.
    Decimal,
    /// Seconds: `95`, `MM:SS`, `H:MM:SS`.
    Seconds,
    /// Minutes: `90`, `1:30` (hours and minutes).
    Minutes,
    /// Yes or no.
    Bool,
    /// A list split on `,` or `;`.
    List,
}

/// One field of a kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    /// As the mapping writes it (`duration-s`).
    pub name: &'static str,
    /// Its interchange name (`duration_s`).
    pub json: &'static str,
    pub ty: Ty,
    /// Whether every row needs it (ids are made when absent; currency may come from the amounts
    /// or the workspace, so neither counts).
    pub required: bool,
}

const fn f(name: &'static str, json: &'static str, ty: Ty, required: bool) -> Field {
    Field {
        name,
        json,
        ty,
        required,
    }
}

/// One kind: its name and fields.
#[derive(Debug)]
pub(crate) struct KindSpec {
    pub name: &'static str,
    pub fields: &'static [Field],
}

macro_rules! event {
    ($name:literal, [$($field:expr),* $(,)?]) => {
        KindSpec {
            name: $name,
            fields: &[
                f("id", "id", Ty::Id, false),
                f("party", "party", Ty::Party, true),
                f("at", "at", Ty::At, true),
                f("tags", "tags", Ty::List, false),
                $($field),*
            ],
        }
    };
}

const CURRENCY: Field = f("currency", "currency", Ty::Currency, false);

pub(crate) static KINDS: &[KindSpec] = &[
    event!(
        "message",
        [
            f("direction", "direction", Ty::Direction, true),
            f("channel", "channel", Ty::Word, true),
            f("author", "author", Ty::Text, false),
            f("subject", "subject", Ty::Text, false),
            f("thread", "thread", Ty::Text, false),
            f("text", "text", Ty::Text, false),
        ]
    ),
    event!(
        "call",
        [
            f("direction", "direction", Ty::Direction, true),
            f("duration-s", "duration_s", Ty::Seconds, true),
            f("author", "author", Ty::Text, false),
        ]
    ),
    event!(
        "meeting",
        [
            f("duration-min", "duration_min", Ty::Minutes, true),
            f("status", "status", Ty::Word, true),
            f("by", "by", Ty::Word, false),
        ]
    ),
    event!(
        "deal",
        [
            f("stage", "stage", Ty::Word, true),
            f("value", "value", Ty::Money, false),
            CURRENCY,
            f("subject", "subject", Ty::Text, false),
        ]
    ),
    event!(
        "invoice",
        [
            f("due", "due", Ty::Date, true),
            f("amount", "amount", Ty::Money, true),
            CURRENCY,
            f("status", "status", Ty::Word, false),
        ]
    ),
    event!(
        "payment",
        [
            f("invoice", "invoice", Ty::Id, true),
            f("amount", "amount", Ty::Money, true),
            CURRENCY,
        ]
    ),
    event!(
        "time",
        [
            f("minutes", "minutes", Ty::Minutes, true),
            f("billable", "billable", Ty::Bool, true),
            f("activity", "activity", Ty::Word, true),
            f("author", "author", Ty::Text, false),
        ]
    ),
    event!(
        "expense",
        [
            f("amount", "amount", Ty::Money, true),
            CURRENCY,
            f("category", "category", Ty::Word, true),
            f("purpose", "purpose", Ty::Word, true),
        ]
    ),
    event!(
        "rate",
        [
            f("hourly", "hourly", Ty::Money, true),
            CURRENCY,
            f("status", "status", Ty::Word, true),
        ]
    ),
    event!(
        "order",
        [
            f("amount", "amount", Ty::Money, true),
            CURRENCY,
            f("discount", "discount", Ty::Decimal, false),
            f("product", "product", Ty::Text, false),
        ]
    ),
    event!(
        "usage",
        [
            f("product", "product", Ty::Text, true),
            f("active", "active", Ty::Bool, true),
        ]
    ),
    event!(
        "subscription",
        [
            f("end", "end", Ty::Date, false),
            f("product", "product", Ty::Text, true),
            f("amount", "amount", Ty::Money, true),
            CURRENCY,
            f("period", "period", Ty::Word, true),
        ]
    ),
    event!(
        "incident",
        [
            f("reporter", "reporter", Ty::Text, true),
            f("category", "category", Ty::Word, true),
            f("note", "note", Ty::Text, true),
            f("warning-given", "warning_given", Ty::Bool, false),
        ]
    ),
    event!(
        "decision",
        [
            f("decision", "decision", Ty::Word, true),
            f("note", "note", Ty::Text, false),
            f("next-review", "next_review", Ty::Date, false),
        ]
    ),
    KindSpec {
        name: "party",
        fields: &[
            f("id", "id", Ty::Id, false),
            f("name", "name", Ty::Text, true),
            f("role", "role", Ty::Word, true),
            f("lang", "lang", Ty::Word, false),
            f("timezone", "timezone", Ty::Text, false),
            f("emails", "emails", Ty::List, false),
            f("phones", "phones", Ty::List, false),
            f("since", "since", Ty::Date, false),
            f("tags", "tags", Ty::List, false),
        ],
    },
];

const TOP_KEYS: [&str; 5] = ["kind", "columns", "fixed", "date-format", "decimal"];

/// A column mapping (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    kind: &'static KindSpec,
    columns: BTreeMap<&'static str, String>,
    fixed: BTreeMap<&'static str, String>,
    date_formats: Vec<String>,
    decimal: Option<char>,
    source: Option<String>,
}

impl PartialEq for KindSpec {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for KindSpec {}

/// The known word nearest to a typo, when near enough to be a likely meaning.
pub(crate) fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    known
        .into_iter()
        .map(|k| (edit_distance(word, k), k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.to_owned())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let v = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            cur.push(v);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn kind_spec(name: &str) -> Result<&'static KindSpec, MappingError> {
    let n = name.trim().to_lowercase();
    KINDS
        .iter()
        .find(|k| k.name == n)
        .ok_or_else(|| MappingError::UnknownKind {
            kind: name.to_owned(),
            suggestion: closest(&n, KINDS.iter().map(|k| k.name)),
        })
}

/// A TOML scalar as text (strings as they are, numbers and booleans written out).
fn scalar(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(x) => Some(x.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

impl Mapping {
    /// An empty mapping for `kind` (a record kind: `payment`, `call`, `party`...).
    pub fn new(kind: &str) -> Result<Mapping, MappingError> {
        Ok(Mapping {
            kind: kind_spec(kind)?,
            columns: BTreeMap::new(),
            fixed: BTreeMap::new(),
            date_formats: Vec::new(),
            decimal: None,
            source: None,
        })
    }

    /// Reads a mapping from its TOML text.
    pub fn parse(text: &str) -> Result<Mapping, MappingError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| MappingError::Syntax(one_line(&e.to_string())))?;
        for key in table.keys() {
            if !TOP_KEYS.contains(&key.as_str()) {
                return Err(MappingError::UnknownKey {
                    key: key.clone(),
                    suggestion: closest(key, TOP_KEYS),
                });
            }
        }
        let kind = match table.get("kind") {
            None => return Err(MappingError::NoKind),
            Some(toml::Value::String(k)) => k,
            Some(_) => {
                return Err(MappingError::BadValue {
                    key: "kind".into(),
                    message: "must be a string, e.g. kind = \"payment\"".into(),
                });
            }
        };
        let mut m = Mapping::new(kind)?;
        for (section, is_columns) in [("columns", true), ("fixed", false)] {
            let Some(v) = table.get(section) else {
                continue;
            };
            let Some(t) = v.as_table() else {
                return Err(MappingError::BadValue {
                    key: section.into(),
                    message: format!("must be a table: [{section}] then field = \"...\" lines"),
                });
            };
            for (field, value) in t {
                let key = format!("{section}.{field}");
                let text = match (is_columns, value) {
                    (true, toml::Value::String(s)) => s.clone(),
                    (false, v) => scalar(v).ok_or_else(|| MappingError::BadValue {
                        key: key.clone(),
                        message: "must be a string, number or true/false".into(),
                    })?,
                    (true, _) => {
                        return Err(MappingError::BadValue {
                            key,
                            message: "must be the column's name as a string".into(),
                        });
                    }
                };
                let name = m.field(field).map_err(|e| match e {
                    MappingError::UnknownKey { suggestion, .. } => MappingError::UnknownKey {
                        key: key.clone(),
                        suggestion: suggestion.map(|s| format!("{section}.{s}")),
                    },
                    other => other,
                })?;
                if is_columns {
                    if text.trim().is_empty() {
                        return Err(MappingError::BadValue {
                            key,
                            message: "names no column (an empty name)".into(),
                        });
                    }
                    m.columns.insert(name, text);
                } else {
                    m.fixed.insert(name, text);
                }
            }
        }
        match table.get("date-format") {
            None => {}
            Some(toml::Value::String(s)) => m.date_formats.push(s.clone()),
            Some(toml::Value::Array(a)) => {
                for v in a {
                    let Some(s) = v.as_str() else {
                        return Err(MappingError::BadValue {
                            key: "date-format".into(),
                            message: "must be a string or a list of strings".into(),
                        });
                    };
                    m.date_formats.push(s.to_owned());
                }
            }
            Some(_) => {
                return Err(MappingError::BadValue {
                    key: "date-format".into(),
                    message: "must be a string or a list of strings, e.g. \"%d/%m/%Y\"".into(),
                });
            }
        }
        for p in &m.date_formats {
            if !p.contains('%') {
                return Err(MappingError::BadValue {
                    key: "date-format".into(),
                    message: format!("{p:?} is not a strftime pattern (e.g. \"%d/%m/%Y %H:%M\")"),
                });
            }
        }
        match table.get("decimal") {
            None => {}
            Some(v) => m.set_decimal(v.as_str().unwrap_or("?"))?,
        }
        Ok(m)
    }

    /// The mapping as TOML text that [`Mapping::parse`] reads back to the same mapping.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "# A redflag column mapping: redflag import --mapping THIS_FILE data.csv\n",
        );
        let _ = writeln!(out, "kind = {}", quoted(self.kind.name));
        match self.date_formats.as_slice() {
            [] => {}
            [one] => {
                let _ = writeln!(out, "date-format = {}", quoted(one));
            }
            many => {
                let list: Vec<String> = many.iter().map(|p| quoted(p)).collect();
                let _ = writeln!(out, "date-format = [{}]", list.join(", "));
            }
        }
        if let Some(d) = self.decimal {
            let _ = writeln!(out, "decimal = {}", quoted(&d.to_string()));
        }
        for (section, map) in [("columns", &self.columns), ("fixed", &self.fixed)] {
            if map.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n[{section}]");
            // In the kind's field order, which reads as the record does.
            for field in self.kind.fields {
                if let Some(v) = map.get(field.name) {
                    let _ = writeln!(out, "{} = {}", field.name, quoted(v));
                }
            }
        }
        out
    }

    /// The field a key names (`duration_s` and `duration-s` alike).
    fn field(&self, key: &str) -> Result<&'static str, MappingError> {
        let k = key.trim().to_lowercase().replace('_', "-");
        self.kind
            .fields
            .iter()
            .find(|f| f.name == k)
            .map(|f| f.name)
            .ok_or_else(|| MappingError::UnknownKey {
                key: key.to_owned(),
                suggestion: closest(&k, self.kind.fields.iter().map(|f| f.name)),
            })
    }

    /// Sets which column feeds `field` (replacing what the mapping said).
    pub fn map(&mut self, field: &str, column: &str) -> Result<(), MappingError> {
        let name = self.field(field)?;
        if column.trim().is_empty() {
            return Err(MappingError::BadValue {
                key: name.into(),
                message: "names no column (an empty name)".into(),
            });
        }
        self.columns.insert(name, column.trim().to_owned());
        Ok(())
    }

    /// Sets a fixed value for `field`, for every row (or a mapped column's empty cells).
    pub fn set(&mut self, field: &str, value: &str) -> Result<(), MappingError> {
        let name = self.field(field)?;
        self.fixed.insert(name, value.trim().to_owned());
        Ok(())
    }

    /// Sets the decimal separator of amounts: `.` or `,`.
    pub fn set_decimal(&mut self, sep: &str) -> Result<(), MappingError> {
        self.decimal = Some(match sep.trim() {
            "." => '.',
            "," => ',',
            other => {
                return Err(MappingError::BadValue {
                    key: "decimal".into(),
                    message: format!("{other:?} is not \".\" or \",\""),
                });
            }
        });
        Ok(())
    }

    /// Changes the kind; fields the new kind lacks are dropped.
    pub fn set_kind(&mut self, kind: &str) -> Result<(), MappingError> {
        let spec = kind_spec(kind)?;
        let keep = |map: &mut BTreeMap<&'static str, String>| {
            *map = std::mem::take(map)
                .into_iter()
                .filter_map(|(k, v)| {
                    spec.fields
                        .iter()
                        .find(|f| f.name == k)
                        .map(|f| (f.name, v))
                })
                .collect();
        };
        keep(&mut self.columns);
        keep(&mut self.fixed);
        self.kind = spec;
        Ok(())
    }

    /// Names where the mapping came from (a file name, `--map`), for messages.
    pub fn with_source(mut self, source: impl Into<String>) -> Mapping {
        self.source = Some(source.into());
        self
    }

    /// Where the mapping came from, as given to [`Mapping::with_source`].
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// What each row becomes (`payment`, `party`...).
    pub fn kind(&self) -> &'static str {
        self.kind.name
    }

    /// The column that feeds each field.
    pub fn columns(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.columns.iter().map(|(k, v)| (*k, v.as_str()))
    }

    /// The fixed value of each field.
    pub fn fixed(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.fixed.iter().map(|(k, v)| (*k, v.as_str()))
    }

    /// The strftime patterns dates are read with (empty: automatic).
    pub fn date_formats(&self) -> &[String] {
        &self.date_formats
    }

    /// The decimal separator of amounts, if set.
    pub fn decimal(&self) -> Option<char> {
        self.decimal
    }

    /// The fields the kind needs that neither a column nor a fixed value gives. `party_given`:
    /// the import files every row under one party (`--party`).
    pub fn missing(&self, party_given: bool) -> Vec<&'static str> {
        self.kind
            .fields
            .iter()
            .filter(|f| f.required)
            .filter(|f| !(f.ty == Ty::Party && party_given))
            .filter(|f| !self.columns.contains_key(f.name) && !self.fixed.contains_key(f.name))
            .map(|f| f.name)
            .collect()
    }

    /// The message for [`Mapping::missing`] fields, or `None` when nothing is missing.
    pub fn check_complete(&self, party_given: bool) -> Result<(), String> {
        let missing = self.missing(party_given);
        if missing.is_empty() {
            return Ok(());
        }
        let first = missing[0];
        Err(format!(
            "{}: a {} row needs {} {}; map each to a column (--map {first}=COLUMN, or [columns] {first} = \"COLUMN\") or give a fixed value ([fixed] {first} = \"...\"){}",
            self.describe(),
            self.kind.name,
            if missing.len() == 1 {
                "the field"
            } else {
                "the fields"
            },
            missing.join(", "),
            if missing.contains(&"party") {
                "; or pass --party ID"
            } else {
                ""
            },
        ))
    }

    /// `mapping FILE`, or `the mapping` when it has no source, for messages.
    pub(crate) fn describe(&self) -> String {
        match &self.source {
            Some(s) => format!("mapping {s}"),
            None => "the mapping".into(),
        }
    }

    pub(crate) fn spec(&self) -> &'static KindSpec {
        self.kind
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_reads_and_writes_back_the_same() {
        let text = r#"
kind = "payment"
date-format = ["%d/%m/%Y", "%Y-%m-%d"]
decimal = ","
[columns]
id = "Ref"
invoice = "Invoice no."
at = "Ngày"
amount = "Số tiền"
[fixed]
currency = "VND"
"#;
        let m = Mapping::parse(text).unwrap();
        assert_eq!(m.kind(), "payment");
        assert_eq!(m.decimal(), Some(','));
        let again = Mapping::parse(&m.to_toml()).unwrap();
        assert_eq!(again, m);
        assert!(
            m.to_toml().contains("amount = \"Số tiền\""),
            "{}",
            m.to_toml()
        );
    }

    #[test]
    fn an_unknown_key_is_named_with_the_nearest() {
        let e = Mapping::parse("kind = \"payment\"\ndate-fromat = \"%d\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown key `date-fromat` (did you mean `date-format`?)"
        );
        let e = Mapping::parse("kind = \"payment\"\n[columns]\namout = \"A\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown key `columns.amout` (did you mean `columns.amount`?)"
        );
        let e = Mapping::parse("kind = \"call\"\n[fixed]\nduration_s = 0\n").unwrap();
        assert_eq!(e.fixed().collect::<Vec<_>>(), [("duration-s", "0")]);
    }

    #[test]
    fn a_bad_or_missing_kind_is_refused() {
        let e = Mapping::parse("kind = \"paymnet\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("unknown kind \"paymnet\" (did you mean `payment`?)"),
            "{e}"
        );
        assert!(matches!(
            Mapping::parse("[columns]\nat = \"Date\"\n"),
            Err(MappingError::NoKind)
        ));
        assert!(matches!(
            Mapping::parse("kind = 3\n"),
            Err(MappingError::BadValue { .. })
        ));
        assert!(matches!(
            Mapping::parse("kind = \"payment\"\ndecimal = \";\"\n"),
            Err(MappingError::BadValue { .. })
        ));
        assert!(matches!(
            Mapping::parse("kind = \"payment\"\n[columns]\nat = \" \"\n"),
            Err(MappingError::BadValue { .. })
        ));
        assert!(matches!(
            Mapping::parse("kind = \"payment\"\n[columns\n"),
            Err(MappingError::Syntax(_))
        ));
    }

    #[test]
    fn missing_required_fields_are_named() {
        let m = Mapping::parse("kind = \"payment\"\n[columns]\nat = \"Date\"\n")
            .unwrap()
            .with_source("pay.toml");
        assert_eq!(m.missing(false), ["party", "invoice", "amount"]);
        assert_eq!(m.missing(true), ["invoice", "amount"]);
        let e = m.check_complete(true).unwrap_err();
        assert!(
            e.starts_with("mapping pay.toml: a payment row needs the fields invoice, amount;"),
            "{e}"
        );
        let mut m = m;
        m.map("invoice", "Inv").unwrap();
        m.set("amount", "100").unwrap();
        assert!(m.check_complete(true).is_ok());
    }

    #[test]
    fn the_kind_can_change_and_keeps_the_fields_it_shares() {
        let mut m = Mapping::new("invoice").unwrap();
        m.map("at", "Date").unwrap();
        m.map("due", "Due").unwrap();
        m.set_kind("payment").unwrap();
        assert_eq!(m.columns().collect::<Vec<_>>(), [("at", "Date")]);
        assert!(m.map("due", "Due").is_err());
    }
}
