//! One side of a comparison: a checked schema with the files it came from.

use regops_schema::ir::Schema;
use regops_schema::{Diagnostics, SourceFile, Span};

use crate::change::Location;

/// A loaded schema and its source files, so that IR spans become `file:line:column`.
#[derive(Debug, Clone)]
pub struct Side {
    /// What this side is (`working tree`, `3f2a1c0 (merge base with main)`).
    pub label: String,
    /// The checked schema.
    pub schema: Schema,
    files: Vec<SourceFile>,
    /// Byte offset of every line start, per file.
    line_starts: Vec<Vec<usize>>,
}

impl Side {
    /// Loads `files` with the schema loader; a schema that does not load gives its errors.
    pub fn load(label: impl Into<String>, files: Vec<SourceFile>) -> Result<Self, Diagnostics> {
        let schema = regops_schema::load(files.clone())?;
        let line_starts = files
            .iter()
            .map(|f| {
                std::iter::once(0)
                    .chain(f.text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect()
            })
            .collect();
        Ok(Self {
            label: label.into(),
            schema,
            files,
            line_starts,
        })
    }

    /// `file:line:column` of a span's start (column in characters).
    pub fn locate(&self, span: Span) -> Location {
        let Some(file) = self.files.get(span.file) else {
            return Location {
                file: String::from("?"),
                line: 0,
                column: 0,
            };
        };
        let starts = &self.line_starts[span.file];
        let offset = span.start.min(file.text.len());
        let line = starts.partition_point(|&start| start <= offset);
        let line_start = starts[line - 1];
        let column = file
            .text
            .get(line_start..offset)
            .map_or(1, |text| text.chars().count() + 1);
        Location {
            file: file.name.clone(),
            line,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_agree_with_the_loader() {
        let text = "<module name=\"m\" title=\"T\">\n  <doc>é.</doc>\n  <enum name=\"E\" set=\"open\"><doc>E.</doc></enum>\n</module>\n";
        let side = Side::load("test", vec![SourceFile::new("schema/m.xml", text)]).unwrap();
        let regops_schema::ir::Item::Enum(e) = &side.schema.files[0].items[0] else {
            panic!()
        };
        let location = side.locate(e.span);
        let expected = SourceFile::new("schema/m.xml", text).line_column(e.span.start);
        assert_eq!((location.line, location.column), expected);
        assert_eq!(location.to_string(), "schema/m.xml:3:3");
    }
}
