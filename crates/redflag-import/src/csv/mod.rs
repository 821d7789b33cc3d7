//! CSV exports of time-tracking and invoicing tools: Toggl Track, Clockify and Harvest time
//! reports become `time` events; Xero, QuickBooks Online and Invoice Ninja invoice exports
//! become `invoice` events (and `payment` events where the export says when money came in).
//! Any other CSV is read through a column mapping ([`generic`], [`mapping`]); call logs kept as
//! CSV are [`crate::calls::csv`].
//!
//! * **Reading.** The whole file is read (up to [`MAX_CSV_BYTES`]) and decoded by
//!   [`crate::text::decode`]: BOMs, UTF-16 (Excel's "Unicode text"), windows-1258 and
//!   TIS-620 are recognised and the text is NFC. Banner lines above the header (QuickBooks'
//!   company and report title, Invoice Ninja v4's version line and section title) are
//!   skipped: the header is the first of the first 50 lines whose cells name the format's
//!   columns. The delimiter (`,`, `;` or tab) is the one the header line uses most. Headers
//!   compare without case, surrounding space or Xero's leading `*`.
//! * **Recognition** is by that header row (content first), never by the file name.
//! * **Parties.** The client column names the party: `--party` wins; else a party whose name
//!   matches (as chat names do: case, spacing and NFC aside); else a new party with role
//!   `client`, id `client:NAME`, named after it, unless `--known-only`, which skips the row and
//!   counts it.
//! * **Ids** come from the tool's own number (an invoice number, a row id column) where there
//!   is one, else from a hash of what identifies the row (who, client, project, task,
//!   description, start, duration), with `#2`, `#3`... for identical rows, so re-importing a
//!   file, or a longer export of the same period, changes nothing.
//! * **Money** is read as exact decimals (see [`money`]); **dates** by the formats listed in
//!   [`dates`]; wall-clock times are in `--timezone` (default: the workspace's), as the tools
//!   write them in the user's own zone.

pub mod dates;
pub mod generic;
pub mod invoice;
pub mod mapping;
pub mod money;
pub mod time;

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufRead, Read};

use redflag_domain::{Party, PartyId, Record, Role};
use redflag_text::nfc;

use crate::context::normalise_name;
use crate::{Context, ImportError, Position, Sink, Skip};

pub use generic::Csv;
pub use invoice::{InvoiceNinja, InvoiceNinjaPayments, QuickBooks, Xero};
pub use mapping::{Mapping, MappingError};
pub use time::{Clockify, Harvest, Toggl};

/// The largest CSV file read: it is held whole while its columns' date and number styles are
/// worked out.
pub const MAX_CSV_BYTES: usize = 256 << 20;

/// How many lines may come before the header row (report banners).
pub(crate) const HEADER_SEARCH_LINES: usize = 50;

/// Whether a format id is one of the CSV formats here.
pub fn is_csv_format(id: &str) -> bool {
    matches!(
        id,
        "toggl"
            | "clockify"
            | "harvest"
            | "xero"
            | "quickbooks"
            | "invoiceninja"
            | "invoiceninja-payments"
            | "csv"
    )
}

/// A header cell as compared: NFC, lower case, single spaces, no Xero `*` or surrounding quotes.
pub(crate) fn normalise_header(h: &str) -> String {
    let h = nfc(h.trim().trim_start_matches('\u{feff}'));
    h.trim_start_matches('*')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One data row: its first line in the file and its cells (trimmed).
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Row {
    pub fn at(&self) -> Position {
        Position::Line(self.line)
    }

    /// The cell of column `col`, `""` when the column or the cell is missing.
    pub fn get(&self, col: Option<usize>) -> &str {
        col.and_then(|c| self.cells.get(c))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// A CSV file: its header (normalised) and its rows.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub header: Vec<String>,
    /// The header cells as written, for messages.
    pub raw_header: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The first column named any of `names` (normalised header names).
    pub fn col(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.header.iter().position(|h| h == n))
    }

    /// The cells of a column, for deciding its date or number style.
    pub fn column(&self, col: Option<usize>) -> impl Iterator<Item = &str> {
        self.rows.iter().map(move |r| r.get(col))
    }
}

/// Whether a header has every one of `names` (each a list of synonyms).
pub(crate) fn has_all(header: &[String], names: &[&[&str]]) -> bool {
    names
        .iter()
        .all(|syn| syn.iter().any(|n| header.iter().any(|h| h == n)))
}

/// The delimiter a header line uses most, outside quotes.
fn delimiter(line: &str) -> u8 {
    let (mut comma, mut semi, mut tab, mut quoted) = (0, 0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => comma += 1,
            ';' if !quoted => semi += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// The cells of one line as written (trimmed, a BOM dropped).
fn split_line(line: &str, delim: u8) -> Vec<String> {
    split_record(line, delim)
        .iter()
        .map(|c| nfc(c.trim().trim_start_matches('\u{feff}').trim()))
        .collect()
}

/// The raw cells of the first record of `line`, read exactly as the `csv` crate's default
/// reader (flexible, `"` quotes, doubled quotes, any of `\r`/`\n` ends a record, blank lines
/// skipped) would read them. The header search splits up to [`HEADER_SEARCH_LINES`] lines for
/// every CSV format that sniffs a file; a `csv::Reader` per line costs an 8 KiB buffer and a
/// DFA each time, which made recognition the slowest part of reading a small CSV.
fn split_record(line: &str, delim: u8) -> Vec<String> {
    // Blank lines before a record are skipped, as the reader does.
    let line = line.trim_start_matches(['\r', '\n']);
    if line.is_empty() {
        return Vec::new();
    }
    let delim = char::from(delim);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    // `at_start`: nothing read yet in this cell, so a quote opens a quoted cell.
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_start => {
                at_start = false;
                // Inside quotes up to the closing quote; `""` is one quote.
                while let Some(q) = chars.next() {
                    if q != '"' {
                        cell.push(q);
                    } else if chars.peek() == Some(&'"') {
                        chars.next();
                        cell.push('"');
                    } else {
                        break;
                    }
                }
            }
            '\r' | '\n' => break,
            c if c == delim => {
                cells.push(std::mem::take(&mut cell));
                at_start = true;
            }
            c => {
                at_start = false;
                cell.push(c);
            }
        }
    }
    cells.push(cell);
    cells
}

/// A header line found: where it is, its delimiter, its cells normalised and as written.
struct Header {
    /// 0-based line index.
    index: u64,
    /// Byte offset of the line.
    offset: usize,
    delim: u8,
    cells: Vec<String>,
    raw: Vec<String>,
}

/// A candidate header line's delimiter and cells, as written and normalised.
fn header_cells(line: &str) -> (u8, Vec<String>, Vec<String>) {
    let trimmed = line.trim_end_matches(['\n', '\r']);
    let delim = delimiter(trimmed);
    let raw = split_line(trimmed, delim);
    let cells = raw.iter().map(|c| normalise_header(c)).collect();
    (delim, raw, cells)
}

/// The first of the first lines whose (normalised) cells `is_header` accepts.
fn find_header(text: &str, is_header: &dyn Fn(&[String]) -> bool) -> Option<Header> {
    let mut offset = 0;
    for (i, line) in text
        .split_inclusive('\n')
        .enumerate()
        .take(HEADER_SEARCH_LINES)
    {
        let (delim, raw, cells) = header_cells(line);
        if is_header(&cells) {
            return Some(Header {
                index: i as u64,
                offset,
                delim,
                cells,
                raw,
            });
        }
        offset += line.len();
    }
    None
}

/// The cells of the first non-empty line, as written: what a file offers as its columns.
pub fn first_line_cells(text: &str) -> Vec<String> {
    find_header(text, &|cells| cells.iter().any(|c| !c.is_empty()))
        .map(|h| h.raw)
        .unwrap_or_default()
}

/// The cells of each of the first `n` lines, as written.
pub(crate) fn first_lines_cells(text: &str, n: usize) -> Vec<Vec<String>> {
    text.split_inclusive('\n')
        .take(n)
        .map(|line| {
            let line = line.trim_end_matches(['\n', '\r']);
            split_line(line, delimiter(line))
        })
        .collect()
}

/// The columns a file's first bytes name (the cells of its first non-empty line, as written),
/// for telling the user what a CSV no format recognises has.
pub fn columns(head: &[u8]) -> Vec<String> {
    let head = &head[..head.len().min(16 << 10)];
    let (text, _) = crate::text::decode(head);
    first_line_cells(&text)
}

/// Whether the first bytes of a file hold a header row `is_header` accepts.
pub(crate) fn sniff_header(head: &[u8], is_header: impl Fn(&[String]) -> bool) -> bool {
    // Recognition asks every CSV format in turn about the same head, so its candidate lines
    // are decoded and split once (per thread) and kept until a different head comes.
    thread_local! {
        static LAST: RefCell<(Vec<u8>, Vec<Vec<String>>)> = RefCell::default();
    }
    let head = &head[..head.len().min(16 << 10)];
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != head {
            let (text, _) = crate::text::decode(head);
            let lines = text
                .split_inclusive('\n')
                .take(HEADER_SEARCH_LINES)
                .map(|line| header_cells(line).2)
                .collect();
            *last = (head.to_vec(), lines);
        }
        last.1.iter().any(|cells| is_header(cells))
    })
}

/// Reads a whole CSV file: `Err(message)` inside when it is too large or has no header row
/// `is_header` accepts (`what` names the export in that message).
pub(crate) fn read_table(
    input: &mut dyn BufRead,
    is_header: impl Fn(&[String]) -> bool,
    what: &str,
) -> Result<Result<Table, String>, ImportError> {
    Ok(read_text(input)?.and_then(|text| {
        parse_table(&text, &is_header).unwrap_or_else(|| {
            Err(format!(
                "no header row of {what} in the first {HEADER_SEARCH_LINES} lines"
            ))
        })
    }))
}

/// Reads and decodes a whole CSV file: `Err(message)` inside when it is too large.
pub(crate) fn read_text(input: &mut dyn BufRead) -> Result<Result<String, String>, ImportError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_CSV_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ImportError::Io {
            at: Position::Line(1),
            source,
        })?;
    if bytes.len() > MAX_CSV_BYTES {
        return Ok(Err(format!(
            "the CSV file is larger than {} MB; export a shorter period",
            MAX_CSV_BYTES >> 20
        )));
    }
    Ok(Ok(crate::text::decode(&bytes).0))
}

/// The table under the first header row `is_header` accepts; `None` when there is none.
/// Rows with a broken quote end the table with an `Err` row message.
pub(crate) fn parse_table(
    text: &str,
    is_header: &dyn Fn(&[String]) -> bool,
) -> Option<Result<Table, String>> {
    let Header {
        index: header_index,
        offset,
        delim,
        cells: header,
        raw: raw_header,
    } = find_header(text, is_header)?;
    let body = &text[offset..];
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(body.as_bytes());
    let mut rows = Vec::new();
    let mut rec = ::csv::StringRecord::new();
    let mut first = true;
    // Lines are counted from byte offsets: with CRLF the reader's own line count lags a line
    // behind (it stops between `\r` and `\n`).
    let (mut counted_to, mut newlines) = (0usize, 0u64);
    loop {
        let mut start = usize::try_from(reader.position().byte())
            .unwrap_or(usize::MAX)
            .min(body.len());
        while body[start..].starts_with(['\r', '\n']) {
            start += 1;
        }
        newlines += body.as_bytes()[counted_to.min(start)..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        counted_to = counted_to.max(start);
        let line = header_index + 1 + newlines;
        match reader.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                if std::mem::take(&mut first) {
                    continue; // the header itself
                }
                let cells: Vec<String> = rec.iter().map(|c| c.trim().to_owned()).collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                rows.push(Row { line, cells });
            }
            // Input is valid UTF-8 text and the reader is flexible: only a broken quote can
            // end up here. What follows cannot be placed reliably.
            Err(e) => return Some(Err(format!("line {line}: unreadable CSV: {e}"))),
        }
    }
    Some(Ok(Table {
        header,
        raw_header,
        rows,
    }))
}

/// 128-bit FNV-1a of the parts, as hex: stable across versions and platforms.
pub(crate) fn hash_id(parts: &[&str]) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for p in parts {
        for b in nfc(p.trim()).bytes().chain(std::iter::once(0xff)) {
            h ^= u128::from(b);
            h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
    }
    format!("{h:032x}")
}

/// Makes ids unique within one file: the second identical key gets `#2`, and so on.
#[derive(Default)]
pub(crate) struct Repeats(HashMap<String, u32>);

impl Repeats {
    pub fn unique(&mut self, id: String) -> String {
        let n = self.0.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { id } else { format!("{id}#{n}") }
    }
}

/// The id of the client created for a name no party has: stable across imports.
pub fn party_id_for_client(name: &str) -> PartyId {
    PartyId::new(format!("client:{}", normalise_name(name)))
}

/// The party a row's client column names (see the module docs). `Ok(None)`: the row was
/// skipped or reported bad.
pub(crate) fn party_for(
    client: &str,
    at: Position,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<Option<PartyId>, ImportError> {
    if let Some(p) = &ctx.party {
        return Ok(Some(p.clone()));
    }
    let client = client.trim();
    if client.is_empty() {
        sink.bad(ImportError::Item {
            at,
            message: "no client on this row; pass --party ID to file the rows without one".into(),
        })?;
        return Ok(None);
    }
    if let Some(p) = ctx.party_by_name(client) {
        return Ok(Some(p.clone()));
    }
    let id = party_id_for_client(client);
    client_by_id(id, nfc(client), Vec::new(), at, ctx, sink)
}

/// The client `id`: the stored (or already created) party of that id, else, unless
/// `known_only` (then the row is skipped and counted under `name`), a new client party named
/// `name` with `emails`, sent to the sink before the rows that need it. `Ok(None)`: skipped.
pub(crate) fn client_by_id(
    id: PartyId,
    name: String,
    emails: Vec<String>,
    at: Position,
    ctx: &mut Context,
    sink: &mut dyn Sink,
) -> Result<Option<PartyId>, ImportError> {
    if ctx.has_party(id.as_str()) {
        return Ok(Some(id));
    }
    if ctx.known_only {
        sink.skip(&at, Skip::UnknownSender { address: name })?;
        return Ok(None);
    }
    let party = Party {
        id: id.clone(),
        name,
        role: Role::Client,
        lang: None,
        timezone: None,
        emails,
        phones: Vec::new(),
        since: None,
        tags: Vec::new(),
    };
    ctx.add_party(&party);
    sink.record(&at, Record::Party(party))?;
    Ok(Some(id))
}

/// Sends a bad item unless the sink stops.
pub(crate) fn bad(sink: &mut dyn Sink, at: Position, message: String) -> Result<(), ImportError> {
    Ok(sink.bad(ImportError::Item { at, message })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(h: &[String]) -> bool {
        h.iter().any(|c| c == "client")
    }

    #[test]
    fn banners_are_skipped_and_the_delimiter_is_the_headers() {
        let text = "Company Ltd\nInvoice List\n\nDate;Client;Amount\n01/02/2025;\"A; B\";1,50\n";
        let t = read_table(&mut text.as_bytes(), any, "x").unwrap().unwrap();
        assert_eq!(t.header, ["date", "client", "amount"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 5);
        assert_eq!(t.rows[0].cells[1], "A; B");
    }

    #[test]
    fn rows_are_numbered_by_their_first_line_even_after_quoted_newlines() {
        let text = "\u{feff}*ContactName,Client,X\r\na,\"two\r\nlines\",c\r\nd,e,f\r\n";
        let t = read_table(&mut text.as_bytes(), any, "x").unwrap().unwrap();
        assert_eq!(t.header[0], "contactname");
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
    }

    /// The first record as the `csv` crate reads it, for checking [`split_record`] against.
    fn csv_crate_record(line: &str, delim: u8) -> Vec<String> {
        let mut r = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delim)
            .from_reader(line.as_bytes());
        let mut rec = ::csv::StringRecord::new();
        match r.read_record(&mut rec) {
            Ok(true) => rec.iter().map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn split_record_reads_quotes_as_the_csv_crate_does() {
        for (line, cells) in [
            ("a,b", &["a", "b"][..]),
            ("\"A, B\",c", &["A, B", "c"]),
            ("\"say \"\"hi\"\"\",x", &["say \"hi\"", "x"]),
            ("\"closed\"tail,x", &["closedtail", "x"]),
            ("mid\"quote,x", &["mid\"quote", "x"]),
            ("a,", &["a", ""]),
            ("\r\ra,b\rc,d", &["a", "b"]),
            ("\"open", &["open"]),
            ("", &[]),
        ] {
            assert_eq!(split_record(line, b','), cells, "{line:?}");
            assert_eq!(csv_crate_record(line, b','), cells, "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn split_record_agrees_with_the_csv_crate(
            line in "[a\",;\t\r\n é]{0,24}",
            delim in proptest::sample::select(vec![b',', b';', b'\t']),
        ) {
            proptest::prop_assert_eq!(split_record(&line, delim), csv_crate_record(&line, delim));
        }
    }

    #[test]
    fn the_header_search_of_one_head_is_not_reused_for_another() {
        let calls = b"Title\nDate;Client;Amount\n1;2;3\n";
        let other = b"Title\nDate;Name;Amount\n1;2;3\n";
        assert!(sniff_header(calls, any));
        assert!(sniff_header(calls, |h| h.len() == 3));
        assert!(!sniff_header(other, any));
        assert!(sniff_header(calls, any));
        // A head that is a prefix of the last one is another head.
        assert!(!sniff_header(&calls[..10], any));
    }

    #[test]
    fn repeated_ids_are_numbered() {
        let mut r = Repeats::default();
        assert_eq!(r.unique("a".into()), "a");
        assert_eq!(r.unique("a".into()), "a#2");
        assert_eq!(r.unique("b".into()), "b");
    }
}
