//! RFC 5545 §3.1 content lines: unfolding, `NAME;PARAM=value:VALUE` splitting, text escapes,
//! and the component tree (`BEGIN:X` ... `END:X`).

/// One unfolded content line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Upper-cased name (`DTSTART`).
    pub name: String,
    /// Parameters, names upper-cased, values unquoted (`TZID`, `Asia/Bangkok`).
    pub params: Vec<(String, String)>,
    /// The raw value, escapes kept.
    pub value: String,
    /// The 1-based line where the property starts.
    pub line: u64,
}

impl Property {
    /// The first value of parameter `name` (upper-case).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A component (`VCALENDAR`, `VEVENT`, `VTIMEZONE`, `STANDARD`...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    /// Upper-cased name.
    pub name: String,
    /// The line of its `BEGIN`.
    pub line: u64,
    /// Its properties, in order.
    pub props: Vec<Property>,
    /// Its sub-components, in order.
    pub children: Vec<Component>,
}

impl Component {
    /// The first property called `name`.
    pub fn prop(&self, name: &str) -> Option<&Property> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Every property called `name`.
    pub fn props<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }
}

/// Why the text is not an iCalendar stream; the line says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Deepest nesting accepted: real calendars use 3 (VCALENDAR > VTIMEZONE > STANDARD).
const MAX_DEPTH: usize = 16;

/// Unfolds `text` into logical lines with the number of their first physical line. A line that
/// starts with a space or tab continues the previous one (the one whitespace character is
/// dropped). Lone CRs end lines too.
pub fn unfold(text: &str) -> Vec<(u64, String)> {
    let mut out: Vec<(u64, String)> = Vec::new();
    let text = text.trim_start_matches('\u{feff}');
    let mut number = 0u64;
    for raw in text.split('\n') {
        // A lone CR (no LF) is a line end too: split on it as well.
        let pieces: Vec<&str> = raw.strip_suffix('\r').unwrap_or(raw).split('\r').collect();
        for piece in pieces {
            number += 1;
            if let Some(rest) = piece.strip_prefix([' ', '\t'])
                && let Some(last) = out.last_mut()
            {
                last.1.push_str(rest);
                continue;
            }
            if piece.trim().is_empty() {
                continue;
            }
            out.push((number, piece.to_owned()));
        }
    }
    out
}

/// Splits one logical line into a property.
pub fn parse_line(line: u64, text: &str) -> Result<Property, SyntaxError> {
    let err = |message: String| SyntaxError { line, message };
    let name_end = text
        .find([';', ':'])
        .ok_or_else(|| err(format!("not an iCalendar line (no ':'): {:?}", clip(text))))?;
    let name = text[..name_end].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(err(format!("bad property name {:?}", clip(name))));
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after
            .find('=')
            .ok_or_else(|| err(format!("parameter without '=' in {name}")))?;
        let pname = after[..eq].trim().to_ascii_uppercase();
        let mut r = &after[eq + 1..];
        // A parameter may hold several values separated by commas, each maybe quoted.
        let mut value = String::new();
        loop {
            if let Some(q) = r.strip_prefix('"') {
                let close = q
                    .find('"')
                    .ok_or_else(|| err(format!("unclosed quote in parameter {pname} of {name}")))?;
                value.push_str(&q[..close]);
                r = &q[close + 1..];
            } else {
                let end = r.find([';', ':', ',']).unwrap_or(r.len());
                value.push_str(&r[..end]);
                r = &r[end..];
            }
            match r.strip_prefix(',') {
                Some(next) => {
                    value.push(',');
                    r = next;
                }
                None => break,
            }
        }
        params.push((pname, rfc6868(value.trim())));
        rest = r;
    }
    let value = rest
        .strip_prefix(':')
        .ok_or_else(|| err(format!("no ':' before the value of {name}")))?;
    Ok(Property {
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_owned(),
        line,
    })
}

/// RFC 6868 parameter escapes: `^n` newline, `^'` quote, `^^` caret.
fn rfc6868(v: &str) -> String {
    if !v.contains('^') {
        return v.to_owned();
    }
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            match chars.peek() {
                Some('n') => {
                    out.push('\n');
                    chars.next();
                }
                Some('\'') => {
                    out.push('"');
                    chars.next();
                }
                Some('^') => {
                    out.push('^');
                    chars.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Undoes TEXT escapes: `\n` `\N` newline, `\,` `\;` `\\`.
pub fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Parses the whole stream into its top-level components (normally one `VCALENDAR`).
pub fn parse(text: &str) -> Result<Vec<Component>, SyntaxError> {
    let mut top = Vec::new();
    let mut stack: Vec<Component> = Vec::new();
    let mut last_line = 0;
    for (line, text) in unfold(text) {
        last_line = line;
        let prop = parse_line(line, &text)?;
        match prop.name.as_str() {
            "BEGIN" => {
                let name = prop.value.trim().to_ascii_uppercase();
                if name.is_empty() {
                    return Err(SyntaxError {
                        line,
                        message: "BEGIN without a component name".into(),
                    });
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        line,
                        message: format!("components nested deeper than {MAX_DEPTH}"),
                    });
                }
                stack.push(Component {
                    name,
                    line,
                    ..Component::default()
                });
            }
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                let Some(open) = stack.pop() else {
                    return Err(SyntaxError {
                        line,
                        message: format!("END:{name} without a BEGIN"),
                    });
                };
                if open.name != name {
                    return Err(SyntaxError {
                        line,
                        message: format!(
                            "END:{name} closes BEGIN:{} of line {}",
                            open.name, open.line
                        ),
                    });
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(open),
                    None => top.push(open),
                }
            }
            _ => match stack.last_mut() {
                Some(c) => c.props.push(prop),
                None => {
                    return Err(SyntaxError {
                        line,
                        message: format!("{} outside any BEGIN:VCALENDAR", prop.name),
                    });
                }
            },
        }
    }
    if let Some(open) = stack.last() {
        return Err(SyntaxError {
            line: last_line.max(open.line),
            message: format!(
                "BEGIN:{} of line {} is never closed (a cut-off file?)",
                open.name, open.line
            ),
        });
    }
    Ok(top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_join_and_keep_their_first_line_number() {
        let l = unfold("BEGIN:VEVENT\r\nSUMMARY:Gặp \r\n anh Minh\r\n\tvề giá\r\nEND:VEVENT\r\n");
        assert_eq!(l[1], (2, "SUMMARY:Gặp anh Minhvề giá".to_owned()));
        assert_eq!(l[2].0, 5);
    }

    #[test]
    fn parameters_may_be_quoted_and_hold_colons() {
        let p = parse_line(
            7,
            "ORGANIZER;CN=\"Lan: Sales\";SENT-BY=\"mailto:a@b\":mailto:lan@x.vn",
        )
        .unwrap();
        assert_eq!(p.name, "ORGANIZER");
        assert_eq!(p.param("CN"), Some("Lan: Sales"));
        assert_eq!(p.value, "mailto:lan@x.vn");
        let p = parse_line(1, "DTSTART;TZID=\"SE Asia Standard Time\":20250301T090000").unwrap();
        assert_eq!(p.param("TZID"), Some("SE Asia Standard Time"));
    }

    #[test]
    fn text_escapes_are_undone() {
        assert_eq!(unescape(r"a\, b\; c\nd\\e"), "a, b; c\nd\\e");
    }

    #[test]
    fn structure_errors_name_the_line() {
        let e = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\n").unwrap_err();
        assert!(e.message.contains("never closed"), "{}", e.message);
    }
}
