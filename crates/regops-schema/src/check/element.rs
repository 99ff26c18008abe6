//! Reading one element: allowed attributes and children, required ones, docs.

use crate::diagnostic::{Code, Diagnostic};
use crate::xml::{Attribute, Element};

use super::Cx;

/// Reads one element, reporting what it does not allow as soon as it is opened.
pub(super) struct Reader<'c, 'e> {
    pub(super) cx: &'c mut Cx,
    element: &'e Element,
}

impl<'c, 'e> Reader<'c, 'e> {
    /// Opens `element`, which takes `attributes` and `children` (element names).
    pub(super) fn new(
        cx: &'c mut Cx,
        element: &'e Element,
        attributes: &[&str],
        children: &[&str],
    ) -> Self {
        for attribute in &element.attributes {
            if !attributes.contains(&attribute.name.as_str()) {
                let expected = if attributes.is_empty() {
                    "it takes no attributes".to_string()
                } else {
                    format!("it takes {}", super::list(attributes.iter().copied()))
                };
                cx.error(
                    Diagnostic::new(
                        Code::UnknownAttribute,
                        attribute.span,
                        format!(
                            "unknown attribute `{}` on `<{}>`",
                            attribute.name, element.name
                        ),
                    )
                    .label("not allowed here")
                    .help(expected),
                );
            }
        }
        for child in &element.children {
            if !children.contains(&child.name.as_str()) {
                let expected = if children.is_empty() {
                    "it takes no child elements".to_string()
                } else {
                    format!("it takes {}", super::list(children.iter().copied()))
                };
                cx.error(
                    Diagnostic::new(
                        Code::UnknownElement,
                        child.span,
                        format!("unknown element `<{}>` in `<{}>`", child.name, element.name),
                    )
                    .label("not allowed here")
                    .help(expected),
                );
            }
        }
        Self { cx, element }
    }

    /// An attribute that must be present and not empty.
    pub(super) fn required(&mut self, name: &str) -> Option<&'e Attribute> {
        match self.element.attribute(name) {
            Some(attribute) if !attribute.value.trim().is_empty() => Some(attribute),
            Some(attribute) => {
                self.cx.error(
                    Diagnostic::new(
                        Code::MissingAttribute,
                        attribute.span,
                        format!("attribute `{name}` is empty"),
                    )
                    .label("a value is required"),
                );
                None
            }
            None => {
                self.cx.error(
                    Diagnostic::new(
                        Code::MissingAttribute,
                        self.element.span,
                        format!(
                            "`<{}>` is missing the attribute `{name}`",
                            self.element.name
                        ),
                    )
                    .label(format!("add {name}=\"…\"")),
                );
                None
            }
        }
    }

    /// An attribute that may be absent.
    pub(super) fn optional(&self, name: &str) -> Option<&'e Attribute> {
        self.element.attribute(name)
    }

    /// A `true`/`false` attribute.
    pub(super) fn flag(&mut self, name: &str) -> bool {
        let Some(attribute) = self.element.attribute(name) else {
            return false;
        };
        match attribute.value.as_str() {
            "true" => true,
            "false" => false,
            other => {
                self.cx.error(
                    Diagnostic::new(
                        Code::InvalidAttribute,
                        attribute.span,
                        format!("`{name}` must be `true` or `false`, not `{other}`"),
                    )
                    .label("expected `true` or `false`"),
                );
                false
            }
        }
    }

    /// One of a fixed set of words.
    pub(super) fn choice<T: Copy>(
        &mut self,
        attribute: &Attribute,
        choices: &[(&str, T)],
    ) -> Option<T> {
        if let Some((_, value)) = choices.iter().find(|(word, _)| *word == attribute.value) {
            return Some(*value);
        }
        self.cx.error(
            Diagnostic::new(
                Code::InvalidAttribute,
                attribute.span,
                format!(
                    "`{}` is not a value of `{}`",
                    attribute.value, attribute.name
                ),
            )
            .label(format!(
                "expected {}",
                super::list(choices.iter().map(|(w, _)| *w))
            )),
        );
        None
    }

    /// Child elements called `name`.
    pub(super) fn children(
        &self,
        name: &'static str,
    ) -> impl Iterator<Item = &'e Element> + use<'e> {
        self.element.children.iter().filter(move |c| c.name == name)
    }

    /// The element's `<doc>` text, normalised; reports a missing or empty one.
    pub(super) fn doc_text(&mut self) -> String {
        let mut docs = self.children("doc");
        let Some(doc) = docs.next() else {
            let what = match self
                .element
                .attribute("name")
                .or_else(|| self.element.attribute("wire"))
            {
                Some(name) => format!("`<{}>` `{}` has no `<doc>`", self.element.name, name.value),
                None => format!("`<{}>` has no `<doc>`", self.element.name),
            };
            self.cx.error(
                Diagnostic::new(Code::MissingDoc, self.element.span, what)
                    .label("documentation is required")
                    .help("every item is documented: add `<doc>…</doc>`; the generated crates deny missing docs"),
            );
            return String::new();
        };
        self.only_text(doc, docs.next(), "write what this item is")
    }

    /// The normalised text of `element` (a `<doc>` or `<summary>`), which must be the only
    /// child of its name (`second` is the next one, if any), hold text only and not be empty.
    fn only_text(&mut self, element: &Element, second: Option<&Element>, hint: &str) -> String {
        let name = &element.name;
        if let Some(second) = second {
            self.cx.error(
                Diagnostic::new(
                    Code::UnknownElement,
                    second.span,
                    format!("a second `<{name}>`"),
                )
                .label(format!("only one `<{name}>` here"))
                .also(element.span, format!("first `<{name}>`")),
            );
        }
        // Text only; elements inside are reported by `Reader::new`.
        Reader::new(self.cx, element, &[], &[]);
        let text = normalise_doc(&element.text);
        if text.is_empty() {
            self.cx.error(
                Diagnostic::new(Code::MissingDoc, element.span, format!("empty `<{name}>`"))
                    .label(hint.to_string()),
            );
        }
        text
    }

    /// The text of the element's only `<summary>` child, normalised like docs; `None` without
    /// one. A second or an empty one is reported.
    pub(super) fn summary_text(&mut self) -> Option<(String, crate::Span)> {
        let mut summaries = self.children("summary");
        let summary = summaries.next()?;
        let text = self.only_text(summary, summaries.next(), "write what the module is");
        Some((text, summary.span))
    }
}

/// Removes the indentation the XML layout adds and trims blank edges.
fn normalise_doc(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = if i == 0 {
            line.trim_start()
        } else {
            line.get(indent..).unwrap_or(line.trim_start())
        };
        out.push(line.trim_end());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn docs_lose_xml_indentation() {
        assert_eq!(
            super::normalise_doc("\n    First line.\n\n    - item\n      more\n  "),
            "First line.\n\n- item\n  more"
        );
        assert_eq!(super::normalise_doc("One line."), "One line.");
    }
}
