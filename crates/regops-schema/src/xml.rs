//! XML → a small element tree with spans (quick-xml events, no DOM crate).
//!
//! Schema files are small, so the tree is simple to walk with good errors;
//! every element and attribute keeps the byte span it came from.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;

/// An attribute with the spans of its name and value.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub value: String,
    pub span: Span,
}

/// An element, its attributes, child elements and its own text.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    /// The start tag (`<field … >`).
    pub span: Span,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Element>,
    /// Text directly inside the element (entities resolved).
    pub text: String,
    /// Where the text starts, for errors about it.
    pub text_span: Option<Span>,
}

impl Element {
    /// The attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// Parses one file into its root element.
pub fn parse(file: usize, text: &str) -> Result<Element, Diagnostic> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let start = position(&reader);
        let event = reader.read_event().map_err(|error| {
            let at = usize::try_from(reader.error_position()).unwrap_or(text.len());
            malformed(file, at, text, error.to_string())
        })?;
        let end = position(&reader);
        let span = Span::new(file, start, end);
        match event {
            Event::Start(tag) => stack.push(element(span, &tag)?),
            Event::Empty(tag) => {
                let element = element(span, &tag)?;
                attach(&mut stack, &mut root, element, span)?;
            }
            Event::End(_) => {
                let element = stack.pop().ok_or_else(|| {
                    Diagnostic::new(
                        Code::MalformedXml,
                        span,
                        "closing tag without an opening tag",
                    )
                })?;
                attach(&mut stack, &mut root, element, span)?;
            }
            Event::Text(content) => {
                let decoded = content.xml10_content();
                push_text(&mut stack, &decoded, span)?;
            }
            Event::CData(content) => {
                let decoded = content.xml10_content();
                push_text(&mut stack, &decoded, span)?;
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&reference.xml10_content()) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(Diagnostic::new(
                                Code::MalformedXml,
                                span,
                                format!("unknown entity `&{};`", &*reference.xml10_content()),
                            )
                            .help("only the five predefined XML entities and character references are allowed"));
                        }
                    },
                    Err(error) => {
                        return Err(Diagnostic::new(Code::MalformedXml, span, error.to_string()));
                    }
                };
                push_text(&mut stack, &resolved, span)?;
            }
            Event::DocType(_) => {
                return Err(Diagnostic::new(
                    Code::MalformedXml,
                    span,
                    "DOCTYPE declarations are not allowed in schema files",
                ));
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.pop() {
        return Err(Diagnostic::new(
            Code::MalformedXml,
            open.span,
            format!("`<{}>` is never closed", open.name),
        )
        .label("opened here"));
    }
    root.ok_or_else(|| {
        Diagnostic::new(
            Code::MalformedXml,
            Span::new(file, 0, 0),
            "the file has no root element",
        )
        .help("a schema file is one `<module name=\"…\" title=\"…\">` element")
    })
}

fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

fn malformed(file: usize, at: usize, text: &str, message: String) -> Diagnostic {
    let end = (at + 1).min(text.len());
    Diagnostic::new(
        Code::MalformedXml,
        Span::new(file, at.min(end), end),
        format!("malformed XML: {message}"),
    )
}

fn element(tag_span: Span, tag: &BytesStart<'_>) -> Result<Element, Diagnostic> {
    let (file, start) = (tag_span.file, tag_span.start);
    let raw: &str = tag;
    let name = tag.name().as_ref().to_string();
    let mut attributes = Vec::new();
    let mut search_from = name.len();
    for attribute in tag.attributes().with_checks(true) {
        let attribute = attribute.map_err(|error| {
            Diagnostic::new(
                Code::MalformedXml,
                tag_span,
                format!("malformed attribute: {error}"),
            )
        })?;
        let key = attribute.key.as_ref().to_string();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| {
                Diagnostic::new(
                    Code::MalformedXml,
                    tag_span,
                    format!("attribute `{key}`: {error}"),
                )
            })?
            .into_owned();
        let offset = raw[search_from..]
            .find(key.as_str())
            .map_or(0, |i| i + search_from);
        let length = raw[offset..]
            .find(['"', '\''])
            .and_then(|quote_at| {
                let quote = raw[offset + quote_at..].chars().next()?;
                let close = raw[offset + quote_at + 1..].find(quote)?;
                Some(quote_at + close + 2)
            })
            .unwrap_or(key.len());
        search_from = offset + length;
        // +1 for the `<` that `raw` does not include.
        let span = Span::new(file, start + 1 + offset, start + 1 + offset + length);
        attributes.push(Attribute {
            name: key,
            value,
            span,
        });
    }
    Ok(Element {
        name,
        span: tag_span,
        attributes,
        children: Vec::new(),
        text: String::new(),
        text_span: None,
    })
}

fn attach(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
    span: Span,
) -> Result<(), Diagnostic> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None if root.is_none() => *root = Some(element),
        None => {
            return Err(
                Diagnostic::new(Code::MalformedXml, element.span, "a second root element")
                    .label("after the root element closed")
                    .also(span, "here"),
            );
        }
    }
    Ok(())
}

fn push_text(stack: &mut [Element], text: &str, span: Span) -> Result<(), Diagnostic> {
    match stack.last_mut() {
        Some(parent) => {
            if parent.text_span.is_none() && !text.trim().is_empty() {
                parent.text_span = Some(span);
            }
            parent.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(Diagnostic::new(
            Code::MalformedXml,
            span,
            "text outside the root element",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_attributes() {
        let text =
            r#"<module name="gandi"><doc>a &amp; b</doc><enum  set='open' name="S"/></module>"#;
        let root = parse(0, text).unwrap();
        let set = root.children[1].attribute("set").unwrap();
        assert_eq!(&text[set.span.start..set.span.end], "set='open'");
        let name = root.children[1].attribute("name").unwrap();
        assert_eq!(&text[name.span.start..name.span.end], "name=\"S\"");
        assert_eq!(root.children[0].text, "a & b");
        assert_eq!(
            &text[root.children[1].span.start..root.children[1].span.end],
            "<enum  set='open' name=\"S\"/>"
        );
    }

    #[test]
    fn mismatched_end_is_an_error() {
        let error = parse(0, "<module><doc></module>").unwrap_err();
        assert_eq!(error.code, Code::MalformedXml);
    }
}
