//! Command-line arguments of `schema-diff` (a handful of flags: no parser crate).

use std::path::PathBuf;

use regops_schema_diff::Category;

pub const USAGE: &str = "usage: cargo xtask schema-diff [--against GIT-REV | --old DIR] [--format text|json] [--deny CATEGORY…]
       cargo xtask schema-diff --rules

  Compares schema/ (the working tree) with an older schema and lists every change with its
  rule id, location and effect on the wire, the Rust API (semver), validation and behaviour.

  --against REV    the old schema is schema/*.xml of git revision REV (read with git, no checkout);
                   default: the merge base of HEAD and main, or HEAD~1 on main
  --old DIR        the old schema is DIR/*.xml
  --format FORMAT  text (default) or json
  --deny CAT…      exit 1 when a change is breaking in a category: wire, rust-api, validation,
                   behaviour, or all (several: `--deny wire rust-api` or `--deny wire,rust-api`)
  --rules          print the rule table (Markdown) and exit";

/// Where the old schema comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Old {
    /// The merge base with main, or the previous commit.
    Default,
    /// A git revision.
    Rev(String),
    /// A folder.
    Dir(PathBuf),
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Parsed arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub old: Old,
    pub format: Format,
    pub deny: Vec<Category>,
    pub rules: bool,
    pub help: bool,
}

impl Args {
    /// Parses the arguments after `schema-diff`.
    pub fn parse(args: &[&str]) -> Result<Args, String> {
        let mut parsed = Args {
            old: Old::Default,
            format: Format::Text,
            deny: Vec::new(),
            rules: false,
            help: false,
        };
        let mut i = 0;
        let value = |i: usize, flag: &str| -> Result<String, String> {
            match args.get(i + 1) {
                Some(v) if !v.starts_with("--") => Ok(v.to_string()),
                _ => Err(format!("`{flag}` needs a value")),
            }
        };
        while i < args.len() {
            let arg = args[i];
            match arg {
                "--against" | "--old" => {
                    if parsed.old != Old::Default {
                        return Err("give one of `--against` and `--old`, once".to_string());
                    }
                    let v = value(i, arg)?;
                    parsed.old = if arg == "--against" {
                        Old::Rev(v)
                    } else {
                        Old::Dir(PathBuf::from(v))
                    };
                    i += 2;
                }
                "--format" => {
                    parsed.format = match value(i, arg)?.as_str() {
                        "text" => Format::Text,
                        "json" => Format::Json,
                        other => return Err(format!("unknown format `{other}`: text or json")),
                    };
                    i += 2;
                }
                "--deny" => {
                    let start = i;
                    i += 1;
                    while let Some(v) = args.get(i).filter(|v| !v.starts_with("--")) {
                        for name in v.split(',').filter(|n| !n.is_empty()) {
                            if name == "all" {
                                parsed.deny.extend(Category::ALL);
                                continue;
                            }
                            let category = Category::parse(name).ok_or_else(|| {
                                format!(
                                    "unknown category `{name}`: wire, rust-api, validation, behaviour or all"
                                )
                            })?;
                            parsed.deny.push(category);
                        }
                        i += 1;
                    }
                    if i == start + 1 {
                        return Err("`--deny` needs a category".to_string());
                    }
                }
                "--rules" => {
                    parsed.rules = true;
                    i += 1;
                }
                "--help" | "-h" => {
                    parsed.help = true;
                    i += 1;
                }
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        parsed.deny.sort();
        parsed.deny.dedup();
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_takes_several_categories() {
        let args =
            Args::parse(&["--deny", "wire", "rust-api,validation", "--format", "json"]).unwrap();
        assert_eq!(
            args.deny,
            vec![Category::Wire, Category::RustApi, Category::Validation]
        );
        assert_eq!(args.format, Format::Json);
        assert_eq!(Args::parse(&["--deny", "all"]).unwrap().deny.len(), 4);
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        assert!(
            Args::parse(&["--deny"])
                .unwrap_err()
                .contains("needs a category")
        );
        assert!(
            Args::parse(&["--deny", "wires"])
                .unwrap_err()
                .contains("unknown category `wires`")
        );
        assert!(
            Args::parse(&["--against", "HEAD", "--old", "x"])
                .unwrap_err()
                .contains("one of")
        );
        assert!(
            Args::parse(&["--format", "yaml"])
                .unwrap_err()
                .contains("unknown format")
        );
        assert_eq!(
            Args::parse(&["--old", "old-schema"]).unwrap().old,
            Old::Dir(PathBuf::from("old-schema"))
        );
    }
}
