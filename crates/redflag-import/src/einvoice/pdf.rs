//! A PDF that carries an e-invoice as an embedded file: the Thai e-Tax PDF/A-3 (whose
//! attachment, often `ETDA-invoice.xml`, is the legal document), or any PDF with a Vietnamese
//! `HDon` XML attached. The XML is pulled out and read by [`super::th`] or [`super::vn`].
//!
//! The reader does not trust the cross-reference table (often stale after incremental saves):
//! it finds every `N G obj` in the file (the last definition of a number wins, as in an
//! incremental update) and reads each object's dictionary. The embedded files are the streams
//! whose dictionary says `/Type /EmbeddedFile`, and the streams a file specification's `/EF`
//! dictionary points to, also inside compressed object streams (`/Type /ObjStm`). A stream's
//! `/Length` may be direct or an indirect reference; when it is missing or wrong the data ends
//! at `endstream`. The keyword `stream` may be followed by CRLF, LF or (not conforming, but
//! seen) CR. Filters: `/FlateDecode` (zlib, or raw deflate from careless writers) and
//! `/ASCIIHexDecode`, alone or chained; predictors and other filters are refused with a
//! message. Every embedded file that is an e-invoice is imported (a PDF normally has one).
//!
//! Bounds: a PDF over [`MAX_PDF_BYTES`] is refused; a stream inflating past
//! [`MAX_INFLATED_BYTES`] is refused (a deflate bomb), as is inflating more than
//! [`MAX_PDF_BYTES`] in all. Encrypted PDFs cannot be read (their attachments are encrypted):
//! when no e-invoice is found in one, the message says so.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;

use miniz_oxide::inflate::{
    TINFLStatus, decompress_to_vec_with_limit, decompress_to_vec_zlib_with_limit,
};

use crate::{Confidence, Context, Format, ImportError, Position, Sink, Skip, Stop};

/// The largest PDF read: e-Tax PDFs are a few hundred kilobytes; a scan-heavy one a few MB.
pub const MAX_PDF_BYTES: usize = 64 << 20;

/// The most one stream may inflate to: far above any e-invoice XML, far below a deflate bomb.
pub const MAX_INFLATED_BYTES: usize = 16 << 20;

/// Nested arrays and dictionaries deeper than this are not read.
const MAX_DEPTH: usize = 32;

/// A PDF with an embedded e-invoice XML (Thai e-Tax PDF/A-3).
pub struct EinvoicePdf;

impl Format for EinvoicePdf {
    fn id(&self) -> &'static str {
        "einvoice-pdf"
    }

    fn describe(&self) -> &'static str {
        "a PDF with an embedded e-invoice (Thai e-Tax PDF/A-3)"
    }

    fn sniff(&self, _file_name: Option<&str>, head: &[u8]) -> Confidence {
        // The attachment is usually far past the first bytes: every PDF is claimed, and one
        // without an e-invoice is refused on import with a message saying so.
        if pdf_start(head).is_some() {
            Confidence::Content
        } else {
            Confidence::No
        }
    }

    fn import(
        &self,
        input: &mut dyn BufRead,
        ctx: &mut Context,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let at = Position::Line(1);
        let bytes = match super::read_limited(input, MAX_PDF_BYTES, "the PDF")? {
            Ok(b) => b,
            Err(message) => return super::bad(sink, at, message),
        };
        if pdf_start(&bytes).is_none() {
            return super::bad(sink, at, "not a PDF (no %PDF- header)".into());
        }
        let files = embedded_files(&bytes);
        let mut found = 0;
        let mut others = Vec::new();
        let mut problems = Vec::new();
        for f in files {
            let label = f.label();
            let data = match f.data {
                Ok(d) => d,
                Err(e) => {
                    problems.push(format!("{label}: {e}"));
                    continue;
                }
            };
            let (text, _) = crate::text::decode(&data);
            let text = text.trim_start_matches('\u{feff}').trim_start();
            let mut inner = Embedded {
                inner: sink,
                prefix: format!("embedded {label}"),
            };
            if super::th::is_th(text) {
                found += 1;
                super::th::import_text(text, ctx, &mut inner)?;
            } else if super::vn::is_vn(text) {
                found += 1;
                super::vn::import_text(text, ctx, &mut inner)?;
            } else {
                others.push(label);
            }
        }
        if found > 0 {
            return Ok(());
        }
        let mut message = String::from("no embedded e-invoice (ETDA or HDon XML) in this PDF");
        if !others.is_empty() {
            message.push_str(&format!("; its attachments are {}", others.join(", ")));
        }
        if !problems.is_empty() {
            message.push_str(&format!("; unreadable: {}", problems.join("; ")));
        }
        if has_token(&bytes, b"/Encrypt") {
            message.push_str("; the PDF is encrypted, so its attachments cannot be read");
        }
        message.push_str(
            "; import the XML itself (from the e-Tax or e-invoice system) or a PDF/A-3 that embeds it",
        );
        super::bad(sink, at, message)
    }
}

/// Passes records and skips on, placed at the PDF itself (a PDF has no lines); puts which
/// attachment, and where in it, a bad item is before its message.
struct Embedded<'a> {
    inner: &'a mut dyn Sink,
    prefix: String,
}

impl Sink for Embedded<'_> {
    fn record(&mut self, _: &Position, record: redflag_domain::Record) -> Result<(), Stop> {
        self.inner.record(&Position::Line(1), record)
    }

    fn bad(&mut self, error: ImportError) -> Result<(), Stop> {
        let error = match error {
            ImportError::Item { at, message } => ImportError::Item {
                at: Position::Line(1),
                message: format!("{}, {at}: {message}", self.prefix),
            },
            other => other,
        };
        self.inner.bad(error)
    }

    fn skip(&mut self, _: &Position, why: Skip) -> Result<(), Stop> {
        self.inner.skip(&Position::Line(1), why)
    }
}

/// Where `%PDF-` is: at the start, or within the first kilobyte (some writers put junk first).
fn pdf_start(bytes: &[u8]) -> Option<usize> {
    find(&bytes[..bytes.len().min(1024)], b"%PDF-", 0)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from >= hay.len() {
        return None;
    }
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

/// Whether a name token such as `/Encrypt` occurs (followed by a delimiter, not `/EncryptX`).
fn has_token(bytes: &[u8], token: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = find(bytes, token, from) {
        if bytes.get(i + token.len()).is_none_or(|b| !is_regular(*b)) {
            return true;
        }
        from = i + 1;
    }
    false
}

/// A PDF object, as much of it as is needed here.
#[derive(Debug, Clone, PartialEq)]
enum Obj {
    Null,
    Num(i64),
    Other,
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Vec<(Vec<u8>, Obj)>),
    Ref(u32),
}

impl Obj {
    fn get(&self, key: &[u8]) -> Option<&Obj> {
        match self {
            Obj::Dict(items) => items.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn is_name(&self, name: &[u8]) -> bool {
        matches!(self, Obj::Name(n) if n == name)
    }
}

/// Reads objects from bytes.
struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(b: &'a [u8], pos: usize) -> Self {
        Lexer { b, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.b.get(start..self.pos).unwrap_or(&[])
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.b.get(self.pos..).is_some_and(|r| r.starts_with(s))
    }

    fn object(&mut self, depth: usize) -> Option<Obj> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        let c = self.peek()?;
        match c {
            b'/' => {
                self.pos += 1;
                Some(Obj::Name(unescape_name(self.regular())))
            }
            b'(' => self.literal(),
            b'<' if self.starts_with(b"<<") => {
                self.pos += 2;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.starts_with(b">>") {
                        self.pos += 2;
                        return Some(Obj::Dict(items));
                    }
                    let Obj::Name(key) = self.object(depth + 1)? else {
                        return None;
                    };
                    let value = self.object(depth + 1)?;
                    items.push((key, value));
                }
            }
            b'<' => {
                self.pos += 1;
                let start = self.pos;
                let end = find(self.b, b">", start)?;
                self.pos = end + 1;
                Some(Obj::Str(hex(self.b.get(start..end)?)))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(Obj::Array(items));
                    }
                    items.push(self.object(depth + 1)?);
                }
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let tok = self.regular();
                let Some(n) = std::str::from_utf8(tok)
                    .ok()
                    .and_then(|s| s.parse::<i64>().ok())
                else {
                    return Some(Obj::Other);
                };
                // `N G R` is a reference.
                let save = self.pos;
                self.skip_space();
                let gen_tok = self.regular();
                if !gen_tok.is_empty() && gen_tok.iter().all(u8::is_ascii_digit) {
                    self.skip_space();
                    if self.peek() == Some(b'R')
                        && self.b.get(self.pos + 1).is_none_or(|b| !is_regular(*b))
                    {
                        self.pos += 1;
                        return Some(u32::try_from(n).map_or(Obj::Null, Obj::Ref));
                    }
                }
                self.pos = save;
                Some(Obj::Num(n))
            }
            _ if is_regular(c) => {
                let tok = self.regular();
                Some(if tok == b"null" {
                    Obj::Null
                } else {
                    Obj::Other
                })
            }
            _ => None,
        }
    }

    fn literal(&mut self) -> Option<Obj> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let c = self.peek()?;
            self.pos += 1;
            match c {
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(Obj::Str(out));
                    }
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#'
            && let Some(h) = raw.get(i + 1..i + 3)
            && let Some(v) = std::str::from_utf8(h)
                .ok()
                .and_then(|s| u8::from_str_radix(s, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

fn hex(raw: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = raw
        .iter()
        .filter_map(|c| (*c as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}

/// A PDF text string (a file name): UTF-16BE with a BOM, UTF-8 with one, else PDFDocEncoding
/// (read as Latin-1, which agrees for file names).
fn text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(b"\xfe\xff") {
        let units = rest
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]));
        return char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{fffd}'))
            .collect();
    }
    if let Some(rest) = b.strip_prefix(b"\xef\xbb\xbf") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    b.iter().map(|c| char::from(*c)).collect()
}

/// Every `N G obj` in the file: object number → where its body starts (the last one wins).
fn object_table(b: &[u8]) -> HashMap<u32, usize> {
    let mut table = HashMap::new();
    let mut from = 0;
    while let Some(i) = find(b, b"obj", from) {
        from = i + 3;
        if b.get(i + 3).is_some_and(|c| is_regular(*c)) {
            continue;
        }
        // Back over: space, generation digits, space, number digits.
        let mut j = i;
        let back_space = |j: &mut usize| {
            let start = *j;
            while *j > 0 && is_white(b[*j - 1]) {
                *j -= 1;
            }
            *j < start
        };
        let back_digits = |j: &mut usize| {
            let end = *j;
            while *j > 0 && b[*j - 1].is_ascii_digit() {
                *j -= 1;
            }
            (*j < end).then_some((*j, end))
        };
        if !back_space(&mut j) || back_digits(&mut j).is_none() || !back_space(&mut j) {
            continue;
        }
        let Some((start, end)) = back_digits(&mut j) else {
            continue;
        };
        if start > 0 && is_regular(b[start - 1]) {
            continue;
        }
        let Some(n) = std::str::from_utf8(&b[start..end])
            .ok()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        table.insert(n, i + 3);
    }
    table
}

/// An object's dictionary (or other value) and, for a stream, where its data starts.
struct Parsed {
    obj: Obj,
    stream_at: Option<usize>,
}

fn parse_at(b: &[u8], at: usize) -> Option<Parsed> {
    let mut lx = Lexer::new(b, at);
    let obj = lx.object(0)?;
    let mut stream_at = None;
    if matches!(obj, Obj::Dict(_)) {
        lx.skip_space();
        if lx.starts_with(b"stream") {
            let mut p = lx.pos + 6;
            match (b.get(p), b.get(p + 1)) {
                (Some(b'\r'), Some(b'\n')) => p += 2,
                (Some(b'\n' | b'\r'), _) => p += 1,
                _ => {}
            }
            stream_at = Some(p);
        }
    }
    Some(Parsed { obj, stream_at })
}

/// The raw data of a stream whose data starts at `start`.
fn stream_data<'a>(
    b: &'a [u8],
    dict: &Obj,
    start: usize,
    resolve: &dyn Fn(u32) -> Option<Obj>,
) -> &'a [u8] {
    let len = match dict.get(b"Length") {
        Some(Obj::Num(n)) => usize::try_from(*n).ok(),
        Some(Obj::Ref(r)) => match resolve(*r) {
            Some(Obj::Num(n)) => usize::try_from(n).ok(),
            _ => None,
        },
        _ => None,
    };
    if let Some(len) = len
        && let Some(end) = start.checked_add(len)
        && let Some(data) = b.get(start..end)
    {
        let mut after = end;
        while b.get(after).is_some_and(|c| is_white(*c)) {
            after += 1;
        }
        if b.get(after..).is_some_and(|r| r.starts_with(b"endstream")) {
            return data;
        }
    }
    // No usable /Length: up to `endstream`, less the end-of-line before it.
    let end = find(b, b"endstream", start).unwrap_or(b.len());
    let mut data = b.get(start..end).unwrap_or(&[]);
    if let Some(d) = data.strip_suffix(b"\n") {
        data = d;
    }
    if let Some(d) = data.strip_suffix(b"\r") {
        data = d;
    }
    data
}

/// Applies a stream's filters, bounded by `budget` (what may still be inflated in all).
fn decode(dict: &Obj, raw: &[u8], budget: &mut usize) -> Result<Vec<u8>, String> {
    let filters: Vec<Vec<u8>> = match dict.get(b"Filter") {
        None | Some(Obj::Null) => Vec::new(),
        Some(Obj::Name(n)) => vec![n.clone()],
        Some(Obj::Array(a)) => a
            .iter()
            .map(|f| match f {
                Obj::Name(n) => Ok(n.clone()),
                _ => Err("a filter that is not a name".to_owned()),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("a /Filter that is neither a name nor an array".into()),
    };
    let predictor = |p: Option<&Obj>| matches!(p.and_then(|p| p.get(b"Predictor")), Some(Obj::Num(n)) if *n > 1);
    let parms = dict.get(b"DecodeParms");
    let has_predictor = match parms {
        Some(Obj::Array(a)) => a.iter().any(|p| predictor(Some(p))),
        p => predictor(p),
    };
    if has_predictor {
        return Err("a stream with a /Predictor (not supported for attachments)".into());
    }
    let mut data = raw.to_vec();
    for f in filters {
        data = match f.as_slice() {
            b"FlateDecode" | b"Fl" => inflate(&data, budget)?,
            b"ASCIIHexDecode" | b"AHx" => {
                let end = data.iter().position(|c| *c == b'>').unwrap_or(data.len());
                hex(&data[..end])
            }
            other => {
                return Err(format!(
                    "the /{} filter is not supported",
                    String::from_utf8_lossy(other)
                ));
            }
        };
    }
    Ok(data)
}

fn inflate(data: &[u8], budget: &mut usize) -> Result<Vec<u8>, String> {
    let limit = MAX_INFLATED_BYTES.min(*budget);
    let too_big = || {
        format!(
            "a stream inflates past {} MiB (refused: no e-invoice is that large)",
            limit >> 20
        )
    };
    let out = match decompress_to_vec_zlib_with_limit(data, limit) {
        Ok(out) => out,
        Err(e) if e.status == TINFLStatus::HasMoreOutput => return Err(too_big()),
        Err(zlib) => match decompress_to_vec_with_limit(data, limit) {
            Ok(out) => out,
            Err(e) if e.status == TINFLStatus::HasMoreOutput => return Err(too_big()),
            // A truncated or mis-summed stream: what came out is worth a try.
            Err(_) if !zlib.output.is_empty() => zlib.output,
            Err(_) => return Err("a /FlateDecode stream that cannot be inflated".into()),
        },
    };
    *budget = budget.saturating_sub(out.len());
    Ok(out)
}

/// One embedded file: its name (from its file specification), object number, and content.
struct File {
    name: Option<String>,
    number: u32,
    data: Result<Vec<u8>, String>,
}

impl File {
    fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} (object {})", self.number),
            None => format!("file (object {})", self.number),
        }
    }
}

/// File specifications in an object: `/EF << /F 12 0 R /UF 12 0 R >>` → (12, name).
fn filespecs(obj: &Obj, out: &mut BTreeMap<u32, Option<String>>) {
    let mut stack = vec![obj];
    while let Some(o) = stack.pop() {
        match o {
            Obj::Dict(items) => {
                if let Some(Obj::Dict(ef)) = o.get(b"EF") {
                    let name = [&b"UF"[..], b"F"].iter().find_map(|k| match o.get(k) {
                        Some(Obj::Str(s)) => Some(text_string(s)),
                        _ => None,
                    });
                    for (_, v) in ef {
                        if let Obj::Ref(n) = v {
                            let slot = out.entry(*n).or_insert(None);
                            if slot.is_none() {
                                *slot = name.clone();
                            }
                        }
                    }
                }
                stack.extend(items.iter().map(|(_, v)| v));
            }
            Obj::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
}

/// The objects inside an object stream: its header is `N offset` pairs, offsets from `/First`.
fn object_stream_objects(dict: &Obj, data: &[u8]) -> Vec<Obj> {
    let (Some(Obj::Num(n)), Some(Obj::Num(first))) = (dict.get(b"N"), dict.get(b"First")) else {
        return Vec::new();
    };
    let (Ok(n), Ok(first)) = (usize::try_from(*n), usize::try_from(*first)) else {
        return Vec::new();
    };
    let mut lx = Lexer::new(data, 0);
    let mut offsets = Vec::new();
    for _ in 0..n.min(100_000) {
        let (Some(Obj::Num(_)), Some(Obj::Num(off))) = (lx.object(0), lx.object(0)) else {
            break;
        };
        if let Ok(off) = usize::try_from(off) {
            offsets.push(off);
        }
    }
    offsets
        .into_iter()
        .filter_map(|off| Lexer::new(data, first.checked_add(off)?).object(0))
        .collect()
}

/// Every embedded file of a PDF (see the module docs), in object order.
fn embedded_files(b: &[u8]) -> Vec<File> {
    let table = object_table(b);
    let mut numbers: Vec<u32> = table.keys().copied().collect();
    numbers.sort_unstable();
    let resolve = |n: u32| -> Option<Obj> {
        let at = *table.get(&n)?;
        Lexer::new(b, at).object(0)
    };
    let mut budget = MAX_PDF_BYTES;
    let mut specs: BTreeMap<u32, Option<String>> = BTreeMap::new();
    let mut typed: BTreeSet<u32> = BTreeSet::new();
    let mut streams: HashMap<u32, (Obj, usize)> = HashMap::new();
    for n in &numbers {
        let Some(&at) = table.get(n) else { continue };
        let Some(parsed) = parse_at(b, at) else {
            continue;
        };
        filespecs(&parsed.obj, &mut specs);
        if let Some(start) = parsed.stream_at {
            let dict = parsed.obj;
            if dict
                .get(b"Type")
                .is_some_and(|t| t.is_name(b"EmbeddedFile"))
            {
                typed.insert(*n);
            }
            if dict.get(b"Type").is_some_and(|t| t.is_name(b"ObjStm")) {
                let raw = stream_data(b, &dict, start, &resolve);
                if let Ok(data) = decode(&dict, raw, &mut budget) {
                    for o in object_stream_objects(&dict, &data) {
                        filespecs(&o, &mut specs);
                    }
                }
                continue;
            }
            streams.insert(*n, (dict, start));
        }
    }
    let wanted: BTreeSet<u32> = specs.keys().copied().chain(typed).collect();
    let mut files = Vec::new();
    for n in wanted {
        let Some((dict, start)) = streams.get(&n) else {
            continue;
        };
        let raw = stream_data(b, dict, *start, &resolve);
        files.push(File {
            name: specs.get(&n).cloned().flatten(),
            number: n,
            data: decode(dict, raw, &mut budget),
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_references_and_strings() {
        let mut lx = Lexer::new(
            b"<< /Type /Filespec /F (a\\(b\\).xml) /UF <FEFF0078> /EF << /F 7 0 R >> /K [1 2 0 R] /N#20x null >>",
            0,
        );
        let o = lx.object(0).unwrap();
        assert!(o.get(b"Type").unwrap().is_name(b"Filespec"));
        assert_eq!(o.get(b"F"), Some(&Obj::Str(b"a(b).xml".to_vec())));
        assert_eq!(o.get(b"EF").and_then(|e| e.get(b"F")), Some(&Obj::Ref(7)));
        assert_eq!(
            o.get(b"K"),
            Some(&Obj::Array(vec![Obj::Num(1), Obj::Ref(2)]))
        );
        assert_eq!(o.get(b"N x"), Some(&Obj::Null));
        let mut specs = BTreeMap::new();
        filespecs(&o, &mut specs);
        assert_eq!(specs.get(&7), Some(&Some("x".to_owned())));
    }

    #[test]
    fn the_object_table_finds_numbers_before_obj() {
        let t = object_table(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n12 0 obj<<>>endobj\nxobj 3 0 objx");
        assert_eq!(t.len(), 2);
        assert!(t.contains_key(&1) && t.contains_key(&12));
    }

    #[test]
    fn deep_nesting_and_truncation_do_not_panic() {
        let deep = b"[".repeat(10_000);
        assert!(Lexer::new(&deep, 0).object(0).is_none());
        assert!(Lexer::new(b"<< /A (unclosed", 0).object(0).is_none());
        assert!(Lexer::new(b"<0", 0).object(0).is_none());
        assert!(
            embedded_files(b"1 0 obj << /Type /EmbeddedFile /Length 99 >> stream\nabc").len() == 1
        );
    }

    #[test]
    fn a_deflate_bomb_is_refused() {
        // 32 MiB of zeros deflates to a few kilobytes.
        let zeros = vec![0u8; 32 << 20];
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 6);
        let mut budget = MAX_PDF_BYTES;
        let err = inflate(&packed, &mut budget).unwrap_err();
        assert!(err.contains("16 MiB"), "{err}");
    }
}
