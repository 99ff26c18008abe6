//! The checked intermediate representation that emitters read.
//!
//! Everything here is valid: names are resolved, Rust names are computed and
//! unique, value references are indexes. Emitters never fail on it.

use std::collections::BTreeMap;

/// The whole checked schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Files in name order; each becomes one generated Rust file.
    pub files: Vec<File>,
    index: BTreeMap<ItemPath, (usize, usize)>,
}

impl Schema {
    pub(crate) fn new(files: Vec<File>) -> Self {
        let mut index = BTreeMap::new();
        for (f, file) in files.iter().enumerate() {
            for (i, item) in file.items.iter().enumerate() {
                if let Some(name) = item.type_name() {
                    index.insert(ItemPath::new(&file.module, name), (f, i));
                }
            }
        }
        Self { files, index }
    }

    /// The item a type reference points at.
    pub fn item(&self, path: &ItemPath) -> Option<&Item> {
        let &(f, i) = self.index.get(path)?;
        Some(&self.files[f].items[i])
    }

    /// The enum a reference points at (references to enums are checked).
    pub fn enumeration(&self, path: &ItemPath) -> Option<&Enum> {
        match self.item(path)? {
            Item::Enum(e) => Some(e),
            _ => None,
        }
    }

    /// Rust modules in name order, with the files that fill each.
    pub fn modules(&self) -> BTreeMap<&str, Vec<&File>> {
        let mut modules: BTreeMap<&str, Vec<&File>> = BTreeMap::new();
        for file in &self.files {
            modules.entry(file.module.as_str()).or_default().push(file);
        }
        modules
    }

    /// Every item of every file.
    pub fn items(&self) -> impl Iterator<Item = (&File, &Item)> {
        self.files
            .iter()
            .flat_map(|f| f.items.iter().map(move |i| (f, i)))
    }
}

/// `module.Name`: where a named type lives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemPath {
    /// Rust module (`gandi`).
    pub module: String,
    /// Rust type name (`Step`).
    pub name: String,
}

impl ItemPath {
    /// A path from module and name.
    pub fn new(module: &str, name: &str) -> Self {
        Self {
            module: module.to_string(),
            name: name.to_string(),
        }
    }
}

impl std::fmt::Display for ItemPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.module, self.name)
    }
}

/// One schema file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Source name (`schema/gandi-operation.xml`), for the generated header.
    pub source: String,
    /// Generated file stem (`gandi_operation`).
    pub stem: String,
    /// Rust module the file fills.
    pub module: String,
    /// One-line title.
    pub title: String,
    /// Module docs.
    pub doc: String,
    /// Declarations in file order.
    pub items: Vec<Item>,
}

/// One declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `<enum>`
    Enum(Enum),
    /// `<struct>`
    Struct(Struct),
    /// `<status-list>`
    StatusList(StatusList),
    /// `<machine>`
    Machine(Machine),
    /// `<mapping>`
    Mapping(Mapping),
    /// `<method>`
    Method(Method),
}

impl Item {
    /// The type name the item defines, if it defines a type.
    pub fn type_name(&self) -> Option<&str> {
        match self {
            Item::Enum(e) => Some(&e.name),
            Item::Struct(s) => Some(&s.name),
            Item::StatusList(s) => Some(&s.name),
            Item::Machine(_) | Item::Mapping(_) | Item::Method(_) => None,
        }
    }
}

/// How complete an enum's value list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumSet {
    /// The source lists some values; others are kept and validators warn.
    Open,
    /// The source lists all values; others are kept and validators reject them.
    Closed,
    /// Defined by regops; no catch-all, strict parsing.
    Exact,
}

impl EnumSet {
    /// Whether the enum has the catch-all variant.
    pub fn keeps_unknown(self) -> bool {
        !matches!(self, EnumSet::Exact)
    }
}

/// `<enum>`
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: String,
    pub doc: String,
    pub set: EnumSet,
    pub values: Vec<EnumValue>,
    pub groups: Vec<Group>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub wire: String,
    pub rust_name: String,
    pub label: Option<String>,
    pub deprecated: Option<String>,
    pub doc: String,
}

/// A named subset of an enum's values (`needs_attention`).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Predicate method name.
    pub name: String,
    pub doc: String,
    /// Indexes into the enum's values.
    pub members: Vec<usize>,
}

/// What to do with members a struct does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownFields {
    /// Keep them in `extra_fields` and write them back.
    Keep,
    /// Skip them on decode.
    Ignore,
}

/// `<struct>`
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub name: String,
    pub doc: String,
    pub unknown_fields: UnknownFields,
    pub fields: Vec<Field>,
    /// `<rule>`s across members, in file order (validators only).
    pub rules: Vec<Rule>,
}

/// `<rule>`: a check across members of one struct, applied by validators only.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// `snake_case` name, shown in violation reports.
    pub name: String,
    pub doc: String,
    pub kind: RuleKind,
}

/// What a `<rule>` checks. Member references are indexes into the struct's fields.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// `requires-when`: every member of `fields` must be present when `when` is one of `values`
    /// (wire spellings).
    RequiresWhen {
        fields: Vec<usize>,
        when: usize,
        values: Vec<String>,
    },
    /// `max-total-items`: the arrays of `fields` hold at most `max` items together.
    MaxTotalItems { fields: Vec<usize>, max: u64 },
    /// `pattern`: each string of `fields` matches one of `alternatives` (`#` an ASCII digit,
    /// `@` an ASCII letter, `*` an ASCII letter or digit, any other character itself).
    Pattern {
        fields: Vec<usize>,
        alternatives: Vec<String>,
        /// Only when this member has one of these wire values (`when`/`equals`).
        when: Option<(usize, Vec<String>)>,
    },
    /// `required-for-tld`: each member of `fields` must be present when the value is validated
    /// for a domain under one of the member's `tlds`.
    RequiredForTld { fields: Vec<usize> },
}

impl RuleKind {
    /// Every kind with its schema spelling.
    pub const NAMES: &'static [&'static str] = &[
        "requires-when",
        "max-total-items",
        "pattern",
        "required-for-tld",
    ];
}

impl Struct {
    /// Whether every member may be absent (the struct derives `Default`).
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }
}

/// Name of the generated member that keeps unknown members.
pub const EXTRA_FIELDS: &str = "extra_fields";

/// A list-filter comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Comparison {
    /// `<name`: less than.
    Lt,
    /// `>name`: greater than.
    Gt,
}

impl Comparison {
    /// Wire prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Gt => ">",
        }
    }

    /// Rust suffix.
    pub fn suffix(self) -> &'static str {
        match self {
            Comparison::Lt => "_lt",
            Comparison::Gt => "_gt",
        }
    }
}

/// One struct member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire: String,
    pub rust_name: String,
    pub ty: Type,
    pub required: bool,
    pub default: Option<Literal>,
    pub deprecated: Option<String>,
    /// TLDs the member belongs to (empty: all).
    pub tlds: Vec<String>,
    /// An empty string on the wire means no value (`empty="none"`).
    pub empty_is_none: bool,
    /// The vendor may send nil for the member (`nil="allowed"`): nil and absent are kept apart.
    pub nil_allowed: bool,
    pub sensitive: bool,
    pub constraints: Constraints,
    pub doc: String,
    /// Set on members that a `<filter>` produced: the base name and comparison.
    pub filter: Option<(String, Option<Comparison>)>,
}

impl Field {
    /// Whether the member may hold a spelled "no value" (nil, or the empty string of
    /// `empty="none"`) besides being absent: its Rust type is `regops_model::Nullable<T>`.
    pub fn is_nullable(&self) -> bool {
        self.nil_allowed || self.empty_is_none
    }
}

/// Checks that validators apply; the model never enforces them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// In characters for strings, in items for arrays.
    pub max_length: Option<u64>,
    pub format: Option<Format>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// Text formats a validator checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Hostname,
    Ipv4,
    Ipv6,
    /// ISO 3166-1 alpha-2.
    Country,
    /// `YYYY-MM-DD`.
    Date,
    Email,
}

impl Format {
    /// Every format with its schema spelling.
    pub const ALL: &'static [(&'static str, Format)] = &[
        ("hostname", Format::Hostname),
        ("ipv4", Format::Ipv4),
        ("ipv6", Format::Ipv6),
        ("country", Format::Country),
        ("date", Format::Date),
        ("email", Format::Email),
    ];

    /// The schema spelling.
    pub fn as_str(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(s, _)| s)
    }
}

/// A checked default value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Int(i64),
    Bool(bool),
    Double(f64),
    String(String),
    /// Index into the enum's values.
    EnumValue(usize),
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Int,
    Bool,
    String,
    Double,
    DateTime,
    /// `datetime-or-string`: a date-time sent as a string or as `dateTime.iso8601`, kept in
    /// its form and text.
    DateTimeOrString,
    Date,
    Base64,
    ApiKey,
    Any,
    Map,
    Array(Box<Type>),
    OneOrArray(Box<Type>),
    Named(ItemPath, NamedKind),
}

/// What kind of item a named type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    Enum,
    Struct,
    StatusList,
}

/// `<status-list>`
#[derive(Debug, Clone, PartialEq)]
pub struct StatusList {
    pub name: String,
    pub doc: String,
    /// Separator without spaces (`,`).
    pub separator: String,
    pub state: ItemPath,
    pub flags: ItemPath,
}

/// `<machine>`
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    pub enumeration: ItemPath,
    pub doc: String,
    /// Indexes into the enum's values.
    pub initial: Vec<usize>,
    pub terminal: Vec<usize>,
    pub transitions: Vec<Transition>,
}

/// One named transition.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub name: String,
    pub doc: String,
    pub from: usize,
    pub to: usize,
}

/// `<mapping>`
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// Method name on `from`.
    pub name: String,
    pub doc: String,
    pub from: ItemPath,
    pub to: ItemPath,
    /// For each value of `from` (by index), the index of its image in `to`.
    pub images: Vec<usize>,
}

/// `<method>`
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    pub wire: String,
    /// Marker type name (`OperationList`).
    pub rust_name: String,
    /// Parameter struct name (`OperationListParams`).
    pub params_name: String,
    pub doc: String,
    pub params: Vec<Param>,
    pub returns: Option<Returns>,
}

/// One positional parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire: String,
    pub rust_name: String,
    pub ty: Type,
    pub optional: bool,
    /// `Debug` of the parameter struct does not show it.
    pub sensitive: bool,
    pub doc: String,
}

/// What a method returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Returns {
    pub ty: Type,
    pub doc: String,
}
