//! Schema source files and byte spans into them.

/// One schema file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path shown in diagnostics, relative to the workspace (`schema/gandi-operation.xml`).
    pub name: String,
    /// The whole text.
    pub text: String,
}

impl SourceFile {
    /// A file from its display name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The file name without folders and without `.xml`.
    pub fn stem(&self) -> &str {
        let base = self.name.rsplit(['/', '\\']).next().unwrap_or(&self.name);
        base.strip_suffix(".xml").unwrap_or(base)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Index of the file in the loaded set.
    pub file: usize,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from its file and byte range.
    pub fn new(file: usize, start: usize, end: usize) -> Self {
        Self { file, start, end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let file = SourceFile::new("schema/a.xml", "ab\nçd<x/>\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        // `ç` is two bytes but one column.
        assert_eq!(file.line_column(6), (2, 3));
        assert_eq!(file.stem(), "a");
    }
}
