//! Reports as text (for people and CI logs) and JSON (for tools).

mod json;
mod text;

pub use json::json;
pub use text::text;
