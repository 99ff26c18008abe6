//! The checked intermediate representation that emitters read.
//!
//! Everything here is valid: names are resolved, Rust names are computed and
//! unique, value references are indexes. Emitters never fail on it.
//!
//! Every declaration keeps the [`Span`] of its start tag (an index into the files given to
//! [`load`](crate::load) and a byte range), so tools that compare schemas can say where a
//! change is. Emitters ignore spans: moving a declaration never changes generated code.

use std::collections::BTreeMap;

pub use crate::source::Span;

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

    /// The transport a module declares (in any of its files).
    pub fn transport(&self, module: &str) -> Option<&Transport> {
        self.files
            .iter()
            .filter(|f| f.module == module)
            .find_map(|f| f.transport.as_ref())
    }

    /// The methods of a module, in file then declaration order.
    pub fn methods<'a>(&'a self, module: &'a str) -> impl Iterator<Item = &'a Method> + 'a {
        self.files
            .iter()
            .filter(move |f| f.module == module)
            .flat_map(|f| f.items.iter())
            .filter_map(|item| match item {
                Item::Method(m) => Some(m),
                _ => None,
            })
    }

    /// The summary of `module`: the `<summary>` of its main file, or, for a module filled by
    /// one file without a summary, that file's title and docs. The checker makes sure a module
    /// of several files has exactly one main file.
    pub fn module_summary(&self, module: &str) -> String {
        let files: Vec<&File> = self.files.iter().filter(|f| f.module == module).collect();
        if let Some(summary) = files.iter().find_map(|f| f.summary.as_deref()) {
            return summary.to_string();
        }
        files
            .first()
            .map(|f| format!("{}\n\n{}", f.title, f.doc))
            .unwrap_or_default()
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
    /// What this file models (`<doc>`).
    pub doc: String,
    /// The module's summary (`<summary>`): set on the module's main file only.
    pub summary: Option<String>,
    /// Hand-written modules of `regops-model` that join this module (`<runtime>`).
    pub runtimes: Vec<Runtime>,
    /// Declarations in file order.
    pub items: Vec<Item>,
    /// How the module's methods travel, when this file declares it (`<xml-rpc>` or `<rest>`);
    /// at most one file of a module does.
    pub transport: Option<Transport>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// `<runtime>`: a hand-written module of `regops-model` whose public items join the schema
/// module, for what the schema language cannot say (Gandi's fault-code arithmetic).
#[derive(Debug, Clone, PartialEq)]
pub struct Runtime {
    /// Rust module name (`fault_code`): the file `src/<module>/<name>.rs` of `regops-model`.
    pub name: String,
    /// What the module adds.
    pub doc: String,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
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
    /// Rust type name (`Step`).
    pub name: String,
    /// Docs.
    pub doc: String,
    /// How complete the value list is.
    pub set: EnumSet,
    /// The shape every value has, listed or not (`format="country"`): validators report an
    /// unknown value without it as `invalid_format`, with it as an unknown value.
    pub format: Option<Format>,
    /// The known values, in schema order.
    pub values: Vec<EnumValue>,
    /// Named subsets of the values.
    pub groups: Vec<Group>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value exactly as on the wire.
    pub wire: String,
    /// Variant name.
    pub rust_name: String,
    /// Short human label.
    pub label: Option<String>,
    /// Why the value is deprecated, if it is.
    pub deprecated: Option<String>,
    /// Docs.
    pub doc: String,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// A named subset of an enum's values (`needs_attention`).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Predicate method name.
    pub name: String,
    /// Docs.
    pub doc: String,
    /// Indexes into the enum's values.
    pub members: Vec<usize>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
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
    /// Rust type name.
    pub name: String,
    /// Docs.
    pub doc: String,
    /// What happens to members the schema does not name.
    pub unknown_fields: UnknownFields,
    /// Members in schema order (a `<filter>` gives three).
    pub fields: Vec<Field>,
    /// `<rule>`s across members, in file order (validators only).
    pub rules: Vec<Rule>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// `<rule>`: a check across members of one struct, applied by validators only.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// `snake_case` name, shown in violation reports.
    pub name: String,
    /// Docs.
    pub doc: String,
    /// What the rule checks.
    pub kind: RuleKind,
    /// How bad breaking it is (`severity`, default `error`).
    pub severity: RuleSeverity,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// `rule/@severity`: whether breaking a rule is an error or a warning. A rule that rests on
/// what the vendor states is an error; one that rests on an inferred format is a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuleSeverity {
    /// The payload is refused (the default).
    #[default]
    Error,
    /// The payload is reported but passes.
    Warning,
}

impl RuleSeverity {
    /// Every severity with its spelling.
    pub const ALL: &'static [(&'static str, RuleSeverity)] = &[
        ("error", RuleSeverity::Error),
        ("warning", RuleSeverity::Warning),
    ];
}

/// What a `<rule>` checks. Member references are indexes into the struct's fields (the
/// method's parameters for a rule of a `<method>`).
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// `required`: every member of `fields` must be present and not empty, though the model
    /// keeps it optional (validators only).
    Required {
        /// The members required.
        fields: Vec<usize>,
    },
    /// `requires-when`: every member of `fields` must be present when `when` is one of `values`
    /// (wire spellings).
    RequiresWhen {
        /// The members that become required.
        fields: Vec<usize>,
        /// The member whose value triggers the rule.
        when: usize,
        /// The wire values that trigger it.
        values: Vec<String>,
    },
    /// `max-total-items`: the arrays of `fields` hold at most `max` items together.
    MaxTotalItems {
        /// The array members counted together.
        fields: Vec<usize>,
        /// The largest total.
        max: u64,
    },
    /// `min-total-items`: the arrays or maps of `fields` hold at least `min` items together.
    MinTotalItems {
        /// The array or map members counted together.
        fields: Vec<usize>,
        /// The smallest total.
        min: u64,
    },
    /// `pattern`: each string of `fields` matches one of `alternatives` (`#` an ASCII digit,
    /// `@` an ASCII letter, `*` an ASCII letter or digit, any other character itself).
    Pattern {
        /// The string members checked.
        fields: Vec<usize>,
        /// The shapes, one of which must match.
        alternatives: Vec<String>,
        /// Only when this member has one of these wire values (`when`/`equals`).
        when: Option<(usize, Vec<String>)>,
    },
    /// `required-for-tld`: each member of `fields` must be present when the value is validated
    /// for a domain under one of the member's `tlds`.
    RequiredForTld {
        /// The members required for their TLDs.
        fields: Vec<usize>,
    },
}

impl RuleKind {
    /// Every kind with its schema spelling.
    pub const NAMES: &'static [&'static str] = &[
        "required",
        "requires-when",
        "max-total-items",
        "min-total-items",
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
    /// Member name exactly as on the wire.
    pub wire: String,
    /// Rust field name.
    pub rust_name: String,
    /// Its type.
    pub ty: Type,
    /// Always present (the Rust type is not an `Option`).
    pub required: bool,
    /// The vendor's value when the member is absent.
    pub default: Option<Literal>,
    /// Why the member is deprecated, if it is.
    pub deprecated: Option<String>,
    /// TLDs the member belongs to (empty: all).
    pub tlds: Vec<String>,
    /// An empty string on the wire means no value (`empty="none"`).
    pub empty_is_none: bool,
    /// The vendor may send nil for the member (`nil="allowed"`): nil and absent are kept apart.
    pub nil_allowed: bool,
    /// `Debug` does not show the value.
    pub sensitive: bool,
    /// What validators check.
    pub constraints: Constraints,
    /// Docs.
    pub doc: String,
    /// Set on members that a `<filter>` produced: the base name and comparison.
    pub filter: Option<(String, Option<Comparison>)>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
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
    /// Smallest integer allowed.
    pub min: Option<i64>,
    /// Largest integer allowed.
    pub max: Option<i64>,
    /// In characters for strings, in items for arrays.
    pub max_length: Option<u64>,
    /// Text format of strings (of each item for arrays).
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
    /// A DNS host name.
    Hostname,
    /// A dotted-quad IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// ISO 3166-1 alpha-2: two ASCII letters, not a user-assigned code.
    Country,
    /// `YYYY-MM-DD`.
    Date,
    /// An e-mail address.
    Email,
    /// A phone number `+CC.NNNN…` or `+CC NNNN…` (country code, separator, digits).
    Phone,
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
        ("phone", Format::Phone),
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
    /// An integer.
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// A floating-point number.
    Double(f64),
    /// A string.
    String(String),
    /// Index into the enum's values.
    EnumValue(usize),
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `int`
    Int,
    /// `int-or-digits`: an integer sent as a number or as a string of digits; the form is kept.
    IntOrDigits,
    /// `bool`
    Bool,
    /// `string`
    String,
    /// `double`
    Double,
    /// `datetime`
    DateTime,
    /// `datetime-or-string`: a date-time sent as a string or as `dateTime.iso8601`, kept in
    /// its form and text.
    DateTimeOrString,
    /// `date`
    Date,
    /// `base64`
    Base64,
    /// `apikey`
    ApiKey,
    /// `any`
    Any,
    /// `map`
    Map,
    /// `array(T)`
    Array(Box<Type>),
    /// `one-or-array(T)`
    OneOrArray(Box<Type>),
    /// `map(T)`: an object whose members (any names) all hold a `T`.
    MapOf(Box<Type>),
    /// An enum, struct or status list of the schema.
    Named(ItemPath, NamedKind),
}

/// The schema spelling (`array(int)`, `gandi.Step`), as `type="…"` writes it.
impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::Int => f.write_str("int"),
            Type::IntOrDigits => f.write_str("int-or-digits"),
            Type::Bool => f.write_str("bool"),
            Type::String => f.write_str("string"),
            Type::Double => f.write_str("double"),
            Type::DateTime => f.write_str("datetime"),
            Type::DateTimeOrString => f.write_str("datetime-or-string"),
            Type::Date => f.write_str("date"),
            Type::Base64 => f.write_str("base64"),
            Type::ApiKey => f.write_str("apikey"),
            Type::Any => f.write_str("any"),
            Type::Map => f.write_str("map"),
            Type::Array(inner) => write!(f, "array({inner})"),
            Type::OneOrArray(inner) => write!(f, "one-or-array({inner})"),
            Type::MapOf(inner) => write!(f, "map({inner})"),
            Type::Named(path, _) => write!(f, "{path}"),
        }
    }
}

/// What kind of item a named type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    /// `<enum>`
    Enum,
    /// `<struct>`
    Struct,
    /// `<status-list>`
    StatusList,
}

/// `<status-list>`
#[derive(Debug, Clone, PartialEq)]
pub struct StatusList {
    /// Rust type name.
    pub name: String,
    /// Docs.
    pub doc: String,
    /// Separator without spaces (`,`).
    pub separator: String,
    /// The enum of the leading state.
    pub state: ItemPath,
    /// The enum of the flags.
    pub flags: ItemPath,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// `<machine>`
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    /// The enum whose values are the states.
    pub enumeration: ItemPath,
    /// Docs.
    pub doc: String,
    /// Initial states (indexes into the enum's values).
    pub initial: Vec<usize>,
    /// Terminal states (indexes into the enum's values).
    pub terminal: Vec<usize>,
    /// Named transitions in schema order.
    pub transitions: Vec<Transition>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

impl Machine {
    /// The vendor methods that perform a transition of this machine, in order of first use,
    /// each with its transitions.
    pub fn methods(&self) -> Vec<(&str, Vec<&Transition>)> {
        let mut out: Vec<(&str, Vec<&Transition>)> = Vec::new();
        for t in &self.transitions {
            let Some(method) = t.method.as_deref() else {
                continue;
            };
            match out.iter_mut().find(|(m, _)| *m == method) {
                Some((_, ts)) => ts.push(t),
                None => out.push((method, vec![t])),
            }
        }
        out
    }
}

/// One named transition.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// `snake_case` name.
    pub name: String,
    /// Docs.
    pub doc: String,
    /// State left (index into the enum's values).
    pub from: usize,
    /// State entered (index into the enum's values).
    pub to: usize,
    /// Wire name of the vendor method (a `<method>` of the same module) that performs it.
    pub method: Option<String>,
    /// Only for values in this group of another enum (`OperationType.relaunchable`).
    pub when: Option<GroupRef>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// A group of an enum, named `Enum.group` or `module.Enum.group` in the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    /// The enum.
    pub enumeration: ItemPath,
    /// Index into its groups.
    pub group: usize,
}

/// `<mapping>`
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// Method name on `from`.
    pub name: String,
    /// Docs.
    pub doc: String,
    /// The enum mapped.
    pub from: ItemPath,
    /// The enum of the images.
    pub to: ItemPath,
    /// For each value of `from` (by index), the index of its image in `to`.
    pub images: Vec<usize>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// `<method>`
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Method name exactly as on the wire.
    pub wire: String,
    /// Marker type name (`OperationList`).
    pub rust_name: String,
    /// Function name of the method in generated service traits (`operation_list`).
    pub fn_name: String,
    /// Parameter struct name (`OperationListParams`).
    pub params_name: String,
    /// Docs.
    pub doc: String,
    /// Positional parameters.
    pub params: Vec<Param>,
    /// What it returns, if anything.
    pub returns: Option<Returns>,
    /// `<http>`: the REST route, for methods of a module whose transport is `<rest>`.
    pub http: Option<HttpBinding>,
    /// `<rule>`s across parameters, in file order (validators only).
    pub rules: Vec<Rule>,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
    /// What a call does to the vendor's state (`effect`).
    pub effect: Effect,
}

/// `method/@effect`: whether a call only reads, or creates or changes something. A client
/// repeats a read freely; a change only when the request provably never reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The call only reads (`effect="read"`; the default of a `GET` route).
    Read,
    /// The call creates or changes something (`effect="change"`; the default otherwise).
    Change,
}

impl Effect {
    /// Every effect with its spelling.
    pub const ALL: &'static [(&'static str, Effect)] =
        &[("read", Effect::Read), ("change", Effect::Change)];
}

impl Method {
    /// The parameters as the members of the parameter struct, which `<rule>`s name: an
    /// optional parameter is an optional member.
    pub fn param_fields(&self) -> Vec<Field> {
        self.params.iter().map(Param::as_field).collect()
    }

    /// The parameter holding the tracking number of the operation the call is about, if any.
    pub fn tracking_param(&self) -> Option<&Param> {
        self.params.iter().find(|p| p.tracking_number)
    }

    /// Parameters that travel in the JSON body: those the route's path does not bind.
    pub fn body_params(&self) -> impl Iterator<Item = &Param> {
        let bound: Vec<usize> = self.http.iter().flat_map(|h| h.path_params()).collect();
        self.params
            .iter()
            .enumerate()
            .filter(move |(i, _)| !bound.contains(i))
            .map(|(_, p)| p)
    }
}

impl Param {
    /// The parameter as a member of the parameter struct (no constraints, no TLDs).
    pub fn as_field(&self) -> Field {
        Field {
            wire: self.wire.clone(),
            rust_name: self.rust_name.clone(),
            ty: self.ty.clone(),
            required: !self.optional,
            default: None,
            deprecated: None,
            tlds: Vec::new(),
            empty_is_none: false,
            nil_allowed: false,
            sensitive: self.sensitive,
            constraints: Constraints::default(),
            doc: self.doc.clone(),
            filter: None,
            span: self.span,
        }
    }
}

/// One positional parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Parameter name.
    pub wire: String,
    /// Rust field name.
    pub rust_name: String,
    /// Its type.
    pub ty: Type,
    /// May be left out (trailing parameters only).
    pub optional: bool,
    /// `Debug` of the parameter struct does not show it.
    pub sensitive: bool,
    /// The parameter is the tracking number of the operation the call is about.
    pub tracking_number: bool,
    /// Docs.
    pub doc: String,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// What a method returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Returns {
    /// The result type.
    pub ty: Type,
    /// Docs.
    pub doc: String,
    /// Where it is declared: the start tag in its schema file.
    pub span: Span,
}

/// How a module's methods travel on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum Transport {
    /// `<xml-rpc>`: one endpoint, the method named in the call.
    XmlRpc(XmlRpc),
    /// `<rest>`: one route (verb + path) per method, JSON bodies.
    Rest(Rest),
}

/// `<xml-rpc>`
#[derive(Debug, Clone, PartialEq)]
pub struct XmlRpc {
    /// Docs.
    pub doc: String,
    /// Path of the endpoint (`/xmlrpc/`).
    pub path: String,
    /// The parameter every method takes first, holding the API key (`apikey`).
    pub api_key_param: String,
    /// The fault answered to each class of bad request.
    pub faults: Vec<FaultAnswer>,
}

impl XmlRpc {
    /// The fault declared for `class` (the checker makes sure every class has one).
    pub fn fault(&self, class: FaultClass) -> Option<&FaultAnswer> {
        self.faults.iter().find(|f| f.class == class)
    }
}

/// A class of request the server side of a transport refuses before any method runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FaultClass {
    /// The body is not a well-formed call, or exceeds a decoding limit.
    Malformed,
    /// The call names a method the module does not have.
    UnknownMethod,
    /// The parameters do not decode into the method's parameter types.
    InvalidParams,
    /// The method's answer cannot be encoded.
    Internal,
}

impl FaultClass {
    /// Every class with its schema spelling.
    pub const ALL: &'static [(&'static str, FaultClass)] = &[
        ("malformed", FaultClass::Malformed),
        ("unknown-method", FaultClass::UnknownMethod),
        ("invalid-params", FaultClass::InvalidParams),
        ("internal", FaultClass::Internal),
    ];

    /// The schema spelling.
    pub fn as_str(self) -> &'static str {
        FaultClass::ALL
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("", |(s, _)| s)
    }
}

/// `<fault class="…" code="…" string="…">`
#[derive(Debug, Clone, PartialEq)]
pub struct FaultAnswer {
    /// The class of bad request it answers.
    pub class: FaultClass,
    /// Docs.
    pub doc: String,
    /// `faultCode`.
    pub code: i32,
    /// Start of the `faultString`; the details follow in brackets.
    pub string: String,
}

/// `<rest>`
#[derive(Debug, Clone, PartialEq)]
pub struct Rest {
    /// Docs.
    pub doc: String,
    /// Path the routes are relative to (`/3.0/`).
    pub base: String,
    /// Version of the API, for documents such as OpenAPI (`3.0`).
    pub version: String,
    /// The member of an error answer's JSON object that holds the message (`message`).
    pub error_member: String,
    /// How methods authenticate unless their `<http>` says otherwise.
    pub auth: Auth,
    /// How a bearer token is obtained and given back.
    pub session: Option<Session>,
}

/// `<session open="…" close="…" token="…">`
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Docs.
    pub doc: String,
    /// Wire name of the method that opens a session.
    pub open: String,
    /// Wire name of the method that closes it.
    pub close: String,
    /// Member of the open method's result that holds the bearer token.
    pub token: String,
}

/// How a REST call authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// No credentials.
    None,
    /// HTTP Basic `login:secret`.
    Basic,
    /// `Authorization: Bearer <token>` of a session.
    Bearer,
}

impl Auth {
    /// Every scheme with its schema spelling.
    pub const ALL: &'static [(&'static str, Auth)] = &[
        ("none", Auth::None),
        ("basic", Auth::Basic),
        ("bearer", Auth::Bearer),
    ];
}

/// An HTTP verb of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verb {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Verb {
    /// Every verb with its spelling.
    pub const ALL: &'static [(&'static str, Verb)] = &[
        ("GET", Verb::Get),
        ("POST", Verb::Post),
        ("PUT", Verb::Put),
        ("PATCH", Verb::Patch),
        ("DELETE", Verb::Delete),
    ];

    /// The spelling on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        Verb::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(s, _)| s)
    }
}

/// `<http verb="…" path="…">`: where a method lives in a REST API.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpBinding {
    /// The HTTP verb.
    pub verb: Verb,
    /// The template as written, relative to the API's base (`operation/{idOpe}/cancel/`).
    pub path: String,
    /// Its non-empty segments.
    pub segments: Vec<PathSegment>,
    /// How the call authenticates.
    pub auth: Auth,
}

impl HttpBinding {
    /// Indexes (into the method's parameters) of the parameters the path binds, in path order.
    pub fn path_params(&self) -> impl Iterator<Item = usize> + '_ {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(i) => Some(*i),
            PathSegment::Literal(_) => None,
        })
    }
}

/// One segment of a route's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text that must be there as written.
    Literal(String),
    /// `{name}`: a parameter, by index into the method's parameters.
    Param(usize),
}
