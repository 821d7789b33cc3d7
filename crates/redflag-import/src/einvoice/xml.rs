//! A small element tree over `quick-xml`, for e-invoices: documents of a few kilobytes whose
//! fields are easiest to reach by path. Names are local (any namespace prefix dropped), text is
//! unescaped and NFC, and the tree is bounded in depth and size whatever the input.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event as Xml};
use redflag_text::nfc;

/// Deeper than any e-invoice nests (ETDA documents reach about 8 levels).
const MAX_DEPTH: usize = 64;
/// More elements than any e-invoice has (a thousand-line invoice has about 30 000).
const MAX_ELEMENTS: usize = 200_000;

/// One element: its local name, its own text, its children, and the line of the text where it
/// starts. Attributes are not kept: no field read here is an attribute.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
    pub line: u64,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The element at a path of child names.
    pub fn at(&self, path: &[&str]) -> Option<&Element> {
        let mut e = self;
        for p in path {
            e = e.child(p)?;
        }
        Some(e)
    }

    /// The trimmed text at a path, `None` when missing, empty or `-` (ETDA files write `-` for
    /// an empty field).
    pub fn text_at(&self, path: &[&str]) -> Option<&str> {
        self.at(path).and_then(Element::value)
    }

    /// Its own trimmed text, as [`Element::text_at`] says.
    pub fn value(&self) -> Option<&str> {
        let t = self.text.trim();
        (!t.is_empty() && t != "-").then_some(t)
    }
}

/// Where the document could not be read: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub line: u64,
    pub message: String,
}

fn line_of(text: &str, offset: u64) -> u64 {
    let end = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_owned()
}

fn element(e: &BytesStart<'_>, line: u64) -> Element {
    Element {
        name: local(e.local_name().as_ref()),
        text: String::new(),
        children: Vec::new(),
        line,
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut count = 0usize;
    let err = |offset: u64, message: String| XmlError {
        line: line_of(text, offset),
        message,
    };
    loop {
        let before = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| err(reader.error_position(), format!("not well-formed XML: {e}")))?;
        let line = || line_of(text, before);
        match ev {
            Xml::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        before,
                        format!("nested deeper than {MAX_DEPTH} elements"),
                    ));
                }
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(err(before, format!("more than {MAX_ELEMENTS} elements")));
                }
                stack.push(element(&e, line()));
            }
            Xml::Empty(e) => {
                count += 1;
                let el = element(&e, line());
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Xml::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(err(before, "an end tag without a start tag".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(finish(done)),
                }
            }
            Xml::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Xml::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Xml::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(_) => None,
                };
                if let Some(top) = stack.last_mut() {
                    match c {
                        Some(c) => top.text.push(c),
                        None => {
                            return Err(err(before, format!("unknown entity &{};", &*r)));
                        }
                    }
                }
            }
            Xml::Eof => {
                return Err(err(
                    text.len() as u64,
                    match stack.last() {
                        Some(e) => format!("the file ends inside <{}>", e.name),
                        None => "no XML element in the file".into(),
                    },
                ));
            }
            Xml::Decl(_) | Xml::PI(_) | Xml::Comment(_) | Xml::DocType(_) => {}
        }
    }
}

/// NFC every text once the tree is whole (text may arrive in pieces around references).
fn finish(mut root: Element) -> Element {
    let mut stack = vec![&mut root];
    while let Some(e) = stack.pop() {
        if !e.text.trim().is_empty() {
            e.text = nfc(e.text.trim());
        } else {
            e.text.clear();
        }
        stack.extend(e.children.iter_mut());
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_local_and_text_is_unescaped_and_composed() {
        let doc = "<?xml version=\"1.0\"?>\n<inv:HDon xmlns:inv=\"x\">\n <a:Ten k=\"v&amp;w\">Vie\u{302}\u{323}t &amp; co &#x26; <![CDATA[<b>]]></a:Ten><Empty/></inv:HDon>";
        let root = parse(doc).unwrap();
        assert_eq!(root.name, "HDon");
        let ten = root.child("Ten").unwrap();
        assert_eq!(ten.text, "Việt & co & <b>");
        assert_eq!(ten.line, 3);
        assert!(root.child("Empty").is_some());
    }

    #[test]
    fn broken_documents_say_where() {
        let e = parse("<a>\n<b>\n</a>").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(
            parse("<a>\n<b>")
                .unwrap_err()
                .message
                .contains("ends inside <b>")
        );
        assert!(parse("").is_err());
        let deep = "<a>".repeat(100);
        assert!(parse(&deep).unwrap_err().message.contains("deeper"));
    }
}
