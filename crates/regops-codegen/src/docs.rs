//! Schema prose → `#[doc = "…"]` attributes that rustdoc renders cleanly.
//!
//! One attribute per line (prettyplease prints them as `///`), code fences
//! without a language become `text` (never doctests), bare URLs are wrapped in
//! `<…>` and square brackets outside code are escaped (they are not links).

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes (`///`) for `text` followed by `facts`, one per line.
pub fn outer(text: &str, facts: &[String]) -> TokenStream {
    let lines = lines(text, facts);
    quote! { #( #[doc = #lines] )* }
}

/// Outer doc attributes for text the generator writes itself (intra-doc links kept as they
/// are, no sanitising), one per line.
pub fn generated(text: &str) -> TokenStream {
    let lines = text.lines().map(prefix);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`) for a module file.
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text, &[]);
    quote! { #( #![doc = #lines] )* }
}

fn lines(text: &str, facts: &[String]) -> Vec<String> {
    let mut out: Vec<String> = sanitise(text).into_iter().map(|l| prefix(&l)).collect();
    if !facts.is_empty() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(facts.iter().map(|f| prefix(&sanitise_line(f))));
    }
    out
}

fn prefix(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Sanitises every line, tracking whether it is inside a code fence.
pub fn sanitise(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            let indent = &line[..line.len() - trimmed.len()];
            out.push(
                if in_fence || !info.trim().is_empty() && info.trim() != "rust" {
                    line.to_string()
                } else {
                    format!("{indent}```text")
                },
            );
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        // Four spaces of indentation would make an (untyped) code block: keep the
        // text as prose instead.
        let line = if line.starts_with("    ") && !trimmed.starts_with(['-', '*']) {
            trimmed
        } else {
            line
        };
        out.push(sanitise_line(line));
    }
    if in_fence {
        out.push("```".to_string());
    }
    out
}

/// Escapes brackets and wraps URLs outside inline code.
fn sanitise_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part); // inside `code`
            continue;
        }
        let mut rest = part;
        while let Some(at) = rest.find("http://").or_else(|| rest.find("https://")) {
            escape_into(&mut out, &rest[..at]);
            let url_len = rest[at..]
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                .unwrap_or(rest.len() - at);
            let mut url = &rest[at..at + url_len];
            let trailing = url.len() - url.trim_end_matches(['.', ',', ';']).len();
            url = &url[..url.len() - trailing];
            let already_wrapped = out.ends_with('<');
            if !already_wrapped {
                out.push('<');
            }
            out.push_str(url);
            if !already_wrapped {
                out.push('>');
            }
            rest = &rest[at + url.len()..];
        }
        escape_into(&mut out, rest);
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_made_safe_for_rustdoc() {
        assert_eq!(
            sanitise_line("see https://doc.rpc.gandi.net/x.html."),
            "see <https://doc.rpc.gandi.net/x.html>."
        );
        assert_eq!(sanitise_line("[inferred] `a[0]`"), "\\[inferred\\] `a[0]`");
        assert_eq!(sanitise("```\nx\n```"), vec!["```text", "x", "```"]);
        assert_eq!(sanitise("    indented"), vec!["indented"]);
    }
}
