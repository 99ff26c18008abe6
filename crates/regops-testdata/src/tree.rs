//! A value tree and its three encodings: XML-RPC in Python's layout, XML-RPC with no
//! whitespace between elements, and JSON. Written here, not with the codec under test, so
//! the payloads check the codec instead of echoing it.

use std::fmt::Write as _;

use crate::calendar::Timestamp;

/// A value of the payloads: what XML-RPC and JSON both carry.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `<int>`; a JSON number.
    Int(i64),
    /// `<string>`; a JSON string.
    Str(String),
    /// `<dateTime.iso8601>` (compact layout); a JSON string in extended layout.
    DateTime(Timestamp),
    /// `<array>`; a JSON array.
    Array(Vec<Node>),
    /// `<struct>`; a JSON object. Members in the order given (the generator sorts them, as
    /// Python writes a dict built in key order).
    Struct(Vec<(String, Node)>),
}

impl Node {
    /// A struct from members, sorted by name.
    pub fn sorted_struct(mut members: Vec<(String, Node)>) -> Node {
        members.sort_by(|a, b| a.0.cmp(&b.0));
        Node::Struct(members)
    }

    /// A string.
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }
}

/// Layout of an XML-RPC document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Byte for byte what Python's `xmlrpc.client.dumps((value,), methodresponse=True)`
    /// writes: a newline after each value, member, name and structural line.
    Python,
    /// The same document without any newline between elements.
    Compact,
}

/// The `methodResponse` carrying `value` as its one parameter.
pub fn method_response(value: &Node, layout: Layout) -> String {
    let nl = match layout {
        Layout::Python => "\n",
        Layout::Compact => "",
    };
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<?xml version='1.0'?>{nl}<methodResponse>{nl}<params>{nl}<param>{nl}"
    );
    write_value(&mut out, value, nl);
    let _ = write!(out, "</param>{nl}</params>{nl}</methodResponse>{nl}");
    out
}

/// Python's `xmlrpc.client.escape`: `&`, `<` and `>` only.
fn escape_xml(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn write_value(out: &mut String, value: &Node, nl: &str) {
    match value {
        Node::Int(n) => {
            let _ = write!(out, "<value><int>{n}</int></value>{nl}");
        }
        Node::Str(s) => {
            out.push_str("<value><string>");
            escape_xml(out, s);
            let _ = write!(out, "</string></value>{nl}");
        }
        Node::DateTime(t) => {
            let _ = write!(
                out,
                "<value><dateTime.iso8601>{}</dateTime.iso8601></value>{nl}",
                t.compact()
            );
        }
        Node::Array(items) => {
            let _ = write!(out, "<value><array><data>{nl}");
            for item in items {
                write_value(out, item, nl);
            }
            let _ = write!(out, "</data></array></value>{nl}");
        }
        Node::Struct(members) => {
            let _ = write!(out, "<value><struct>{nl}");
            for (name, item) in members {
                let _ = write!(out, "<member>{nl}<name>");
                escape_xml(out, name);
                let _ = write!(out, "</name>{nl}");
                write_value(out, item, nl);
                let _ = write!(out, "</member>{nl}");
            }
            let _ = write!(out, "</struct></value>{nl}");
        }
    }
}

/// JSON as Python's `json.dumps(value, ensure_ascii=False, separators=(",", ":"))` writes it.
pub fn json(value: &Node) -> String {
    let mut out = String::with_capacity(4096);
    write_json(&mut out, value);
    out
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_json(out: &mut String, value: &Node) {
    match value {
        Node::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Node::Str(s) => json_string(out, s),
        Node::DateTime(t) => json_string(out, &t.extended()),
        Node::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Node::Struct(members) => {
            out.push('{');
            for (i, (name, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(out, name);
                out.push(':');
                write_json(out, item);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Node {
        Node::Array(vec![Node::sorted_struct(vec![
            ("b".into(), Node::str("a & <b> \"é\"")),
            ("a".into(), Node::Int(-3)),
            (
                "when".into(),
                Node::DateTime(Timestamp::from_civil(2026, 11, 22, 10, 11, 12)),
            ),
            ("list".into(), Node::Array(vec![])),
        ])])
    }

    #[test]
    fn python_layout() {
        assert_eq!(
            method_response(&sample(), Layout::Python),
            "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n\
             <value><array><data>\n<value><struct>\n\
             <member>\n<name>a</name>\n<value><int>-3</int></value>\n</member>\n\
             <member>\n<name>b</name>\n<value><string>a &amp; &lt;b&gt; \"é\"</string></value>\n</member>\n\
             <member>\n<name>list</name>\n<value><array><data>\n</data></array></value>\n</member>\n\
             <member>\n<name>when</name>\n<value><dateTime.iso8601>20261122T10:11:12</dateTime.iso8601></value>\n</member>\n\
             </struct></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n"
        );
    }

    #[test]
    fn compact_layout_has_no_newline() {
        let compact = method_response(&sample(), Layout::Compact);
        assert!(!compact.contains('\n'));
        assert_eq!(
            compact,
            method_response(&sample(), Layout::Python).replace('\n', "")
        );
    }

    #[test]
    fn json_layout() {
        assert_eq!(
            json(&sample()),
            r#"[{"a":-3,"b":"a & <b> \"é\"","list":[],"when":"2026-11-22T10:11:12"}]"#
        );
    }
}
