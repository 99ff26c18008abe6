//! Compares two checked schemas declaration by declaration.
//!
//! Declarations are matched by identity (types by `module.Name`, values and members by wire
//! name, machines by enum, mappings by enum and name, methods by wire name, parameters by
//! position since they are positional on the wire). A removed and an added declaration that
//! differ only in name (docs included) are a rename, when the pair is unique. Every IR struct is destructured without `..`,
//! so a new IR attribute does not compile until the comparison handles it.

mod behaviour;
mod checks;
mod enums;
mod header;
mod methods;
mod preconditions;
mod structs;
mod transports;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use regops_schema::Span;
use regops_schema::ir::{File, Item, ItemPath, Type};

use crate::change::{
    Behaviour, Bump, Change, Crate, Effect, Flow, RustApi, Strictness, Validation, Wire,
};
use crate::rules::Rule;
use crate::side::Side;
use crate::subject::Subject;

/// State of one comparison.
pub(crate) struct Cx<'a> {
    pub(crate) old: &'a Side,
    pub(crate) new: &'a Side,
    /// Types that were renamed: old path → new path.
    renames: BTreeMap<ItemPath, ItemPath>,
    changes: Vec<Change>,
}

impl<'a> Cx<'a> {
    fn new(old: &'a Side, new: &'a Side) -> Self {
        Self {
            old,
            new,
            renames: BTreeMap::new(),
            changes: Vec::new(),
        }
    }

    /// An empty comparison of the same sides, to test whether two declarations are the same.
    fn scratch(&self) -> Cx<'a> {
        Cx {
            old: self.old,
            new: self.new,
            renames: self.renames.clone(),
            changes: Vec::new(),
        }
    }

    /// Whether everything `compare` reports is one of `allowed` (docs, names).
    fn same_apart_from(&self, allowed: &[Rule], compare: impl FnOnce(&mut Cx<'a>)) -> bool {
        let mut scratch = self.scratch();
        compare(&mut scratch);
        scratch.changes.iter().all(|c| allowed.contains(&c.rule))
    }

    /// The new path of an old type.
    pub(crate) fn renamed<'p>(&'p self, old: &'p ItemPath) -> &'p ItemPath {
        self.renames.get(old).unwrap_or(old)
    }

    /// Whether two types are the same, after renames.
    pub(crate) fn same_type(&self, old: &Type, new: &Type) -> bool {
        // One arm per variant, so that a new kind of type is compared on purpose.
        match old {
            Type::Int
            | Type::Bool
            | Type::String
            | Type::Double
            | Type::DateTime
            | Type::DateTimeOrString
            | Type::Date
            | Type::Base64
            | Type::ApiKey
            | Type::Any
            | Type::Map
            | Type::IntOrDigits => old == new,
            Type::Array(a) => matches!(new, Type::Array(b) if self.same_type(a, b)),
            Type::MapOf(a) => matches!(new, Type::MapOf(b) if self.same_type(a, b)),
            Type::OneOrArray(a) => matches!(new, Type::OneOrArray(b) if self.same_type(a, b)),
            Type::Named(p, kind) => {
                matches!(new, Type::Named(q, other) if kind == other && self.renamed(p) == q)
            }
        }
    }

    /// Starts a change; [`Draft::push`] records it.
    pub(crate) fn change(
        &mut self,
        rule: Rule,
        subject: Subject,
        message: impl Into<String>,
    ) -> Draft<'_, 'a> {
        Draft {
            change: Change {
                rule,
                subject,
                message: message.into(),
                old: None,
                new: None,
                wire: None,
                rust_api: Vec::new(),
                validation: None,
                behaviour: None,
            },
            cx: self,
        }
    }

    /// Reports changed docs (or labels, titles) of one declaration.
    pub(crate) fn doc(
        &mut self,
        subject: Subject,
        what: &str,
        old: (&str, Span),
        new: (&str, Span),
    ) {
        if old.0 != new.0 {
            let verb = if what.ends_with('s') {
                "change"
            } else {
                "changes"
            };
            let message = format!("the {what} of {subject} {verb}");
            self.change(Rule::DocChanged, subject, message)
                .spans(old.1, new.1)
                .rust_api(Bump::Patch, "documentation only")
                .push();
        }
    }

    /// Reports a changed `deprecated` note.
    pub(crate) fn deprecation(
        &mut self,
        subject: Subject,
        old: (Option<&String>, Span),
        new: (Option<&String>, Span),
    ) {
        let (message, bump, note) = match (old.0, new.0) {
            (None, Some(why)) => (
                format!("{subject} is deprecated: {why}"),
                Bump::Minor,
                "uses of it now warn (`#[deprecated]`)",
            ),
            (Some(_), None) => (
                format!("{subject} is no longer deprecated"),
                Bump::Patch,
                "`#[deprecated]` goes",
            ),
            (Some(a), Some(b)) if a != b => (
                format!("the deprecation note of {subject} changes"),
                Bump::Patch,
                "the deprecation note changes",
            ),
            _ => return,
        };
        self.change(Rule::DeprecationChanged, subject, message)
            .spans(old.1, new.1)
            .rust_api(bump, note)
            .push();
    }
}

/// A change being built.
#[must_use = "a draft records nothing until `push`"]
pub(crate) struct Draft<'c, 'a> {
    cx: &'c mut Cx<'a>,
    change: Change,
}

impl Draft<'_, '_> {
    /// Where it was in the old schema.
    pub(crate) fn at_old(mut self, span: Span) -> Self {
        self.change.old = Some(self.cx.old.locate(span));
        self
    }

    /// Where it is in the new schema.
    pub(crate) fn at_new(mut self, span: Span) -> Self {
        self.change.new = Some(self.cx.new.locate(span));
        self
    }

    /// Where it was and is.
    pub(crate) fn spans(self, old: Span, new: Span) -> Self {
        self.at_old(old).at_new(new)
    }

    /// The wire verdict.
    pub(crate) fn wire(mut self, old_to_new: Flow, new_to_old: Flow) -> Self {
        self.change.wire = Some(Wire {
            old_to_new,
            new_to_old,
        });
        self
    }

    /// The Rust API verdict for `regops-model` (and the crates built on it).
    pub(crate) fn rust_api(mut self, bump: Bump, note: impl Into<String>) -> Self {
        self.change.rust_api.push(RustApi {
            krate: Crate::Model,
            bump,
            note: note.into(),
        });
        self
    }

    /// The Rust API verdict for `regops-validate` alone.
    pub(crate) fn validate_api(mut self, bump: Bump, note: impl Into<String>) -> Self {
        self.change.rust_api.push(RustApi {
            krate: Crate::Validate,
            bump,
            note: note.into(),
        });
        self
    }

    /// The Rust API verdict for `regops-service` alone.
    pub(crate) fn service_api(mut self, bump: Bump, note: impl Into<String>) -> Self {
        self.change.rust_api.push(RustApi {
            krate: Crate::Service,
            bump,
            note: note.into(),
        });
        self
    }

    /// The validation verdict.
    pub(crate) fn validation(mut self, effect: Strictness, note: impl Into<String>) -> Self {
        self.change.validation = Some(Validation {
            effect,
            note: note.into(),
        });
        self
    }

    /// The behaviour verdict, for the model (and the crates built on it).
    pub(crate) fn behaviour(self, effect: Effect, note: impl Into<String>) -> Self {
        self.behaviour_of(Crate::Model, effect, note)
    }

    /// The behaviour verdict for `krate` alone.
    pub(crate) fn behaviour_of(
        mut self,
        krate: Crate,
        effect: Effect,
        note: impl Into<String>,
    ) -> Self {
        self.change.behaviour = Some(Behaviour {
            krate,
            effect,
            note: note.into(),
        });
        self
    }

    /// Records the change.
    pub(crate) fn push(self) {
        self.cx.changes.push(self.change);
    }
}

/// Every change from `old` to `new`, in file order.
pub(crate) fn compare(old: &Side, new: &Side) -> Vec<Change> {
    let mut cx = Cx::new(old, new);
    modules(&mut cx);
    files(&mut cx);
    named_types(&mut cx);
    header::summaries(&mut cx);
    header::runtimes(&mut cx);
    behaviour::machines(&mut cx);
    preconditions::preconditions(&mut cx);
    behaviour::mappings(&mut cx);
    methods::methods(&mut cx);
    transports::transports(&mut cx);
    let mut changes = cx.changes;
    changes.sort_by_key(sort_key);
    changes
}

/// File name without revision or folder, then position: old and new locations interleave.
fn sort_key(change: &Change) -> (String, usize, usize, Rule, String) {
    let (file, line, column) = change.location().map_or((String::new(), 0, 0), |l| {
        let name = l.file.rsplit(['/', ':']).next().unwrap_or(&l.file);
        (name.to_string(), l.line, l.column)
    });
    (file, line, column, change.rule, change.subject.to_string())
}

/// The first file of each module.
fn module_files(side: &Side) -> BTreeMap<&str, &File> {
    let mut modules = BTreeMap::new();
    for file in &side.schema.files {
        modules.entry(file.module.as_str()).or_insert(file);
    }
    modules
}

fn modules(cx: &mut Cx<'_>) {
    let old = module_files(cx.old);
    let new = module_files(cx.new);
    for (module, file) in &old {
        if !new.contains_key(module) {
            cx.change(
                Rule::ModuleRemoved,
                Subject::Module(module.to_string()),
                format!("module `{module}` is gone"),
            )
            .at_old(file.span)
            .rust_api(Bump::Major, format!("`regops_model::{module}` is gone"))
            .push();
        }
    }
    for (module, file) in &new {
        if !old.contains_key(module) {
            cx.change(
                Rule::ModuleAdded,
                Subject::Module(module.to_string()),
                format!("module `{module}` is new"),
            )
            .at_new(file.span)
            .rust_api(Bump::Minor, format!("new module `regops_model::{module}`"))
            .push();
        }
    }
}

/// Titles and module docs of files present on both sides (by generated file stem).
fn files(cx: &mut Cx<'_>) {
    let (old_side, new_side) = (cx.old, cx.new);
    for old in &old_side.schema.files {
        let Some(new) = new_side.schema.files.iter().find(|f| f.stem == old.stem) else {
            continue;
        };
        // Items and transports are compared by path and module, whatever file holds them;
        // summaries and runtimes by module (`header`).
        let File {
            source: _,
            stem,
            module: _,
            title: old_title,
            doc: old_doc,
            summary: _,
            runtimes: _,
            items: _,
            transport: _,
            span: old_span,
        } = old;
        let File {
            title: new_title,
            doc: new_doc,
            span: new_span,
            ..
        } = new;
        let subject = Subject::File(stem.clone());
        cx.doc(
            subject.clone(),
            "title",
            (old_title, *old_span),
            (new_title, *new_span),
        );
        cx.doc(
            subject,
            "module docs",
            (old_doc, *old_span),
            (new_doc, *new_span),
        );
    }
}

/// An enum, struct or status list with the file that declares it.
type Declared<'s> = BTreeMap<ItemPath, (&'s File, &'s Item)>;

fn declared(side: &Side) -> Declared<'_> {
    let mut out = BTreeMap::new();
    for (file, item) in side.schema.items() {
        if let Some(name) = item.type_name() {
            out.insert(ItemPath::new(&file.module, name), (file, item));
        }
    }
    out
}

/// What kind of declaration an item is, for messages and rules.
fn kind(item: &Item) -> (&'static str, Rule, Rule, Rule) {
    match item {
        Item::Enum(_) => (
            "enum",
            Rule::EnumAdded,
            Rule::EnumRemoved,
            Rule::EnumRenamed,
        ),
        Item::Struct(_) => (
            "struct",
            Rule::StructAdded,
            Rule::StructRemoved,
            Rule::StructRenamed,
        ),
        Item::StatusList(_) => (
            "status list",
            Rule::StatusListAdded,
            Rule::StatusListRemoved,
            Rule::StatusListRenamed,
        ),
        Item::Machine(_) | Item::Mapping(_) | Item::Method(_) => (
            "declaration",
            Rule::DocChanged,
            Rule::DocChanged,
            Rule::DocChanged,
        ),
    }
}

fn span_of(item: &Item) -> Span {
    match item {
        Item::Enum(e) => e.span,
        Item::Struct(s) => s.span,
        Item::StatusList(s) => s.span,
        Item::Machine(m) => m.span,
        Item::Mapping(m) => m.span,
        Item::Method(m) => m.span,
    }
}

/// Compares two declarations of the same path (or a rename candidate).
fn compare_items(cx: &mut Cx<'_>, path: &ItemPath, old: &Item, new: &Item) {
    match (old, new) {
        (Item::Enum(a), Item::Enum(b)) => enums::compare(cx, path, a, b),
        (Item::Struct(a), Item::Struct(b)) => structs::compare(cx, path, a, b),
        (Item::StatusList(a), Item::StatusList(b)) => structs::compare_status_list(cx, path, a, b),
        // Different kinds under one name are reported as a removal and an addition.
        (
            Item::Enum(_)
            | Item::Struct(_)
            | Item::StatusList(_)
            | Item::Machine(_)
            | Item::Mapping(_)
            | Item::Method(_),
            _,
        ) => {}
    }
}

/// The wire names a declaration lists: equal for a rename, cheap to compare before the
/// full comparison.
fn fingerprint(item: &Item) -> Vec<&str> {
    match item {
        Item::Enum(e) => e.values.iter().map(|v| v.wire.as_str()).collect(),
        Item::Struct(s) => s.fields.iter().map(|f| f.wire.as_str()).collect(),
        Item::StatusList(s) => vec![s.separator.as_str()],
        Item::Machine(_) | Item::Mapping(_) | Item::Method(_) => Vec::new(),
    }
}

fn same_kind(a: &Item, b: &Item) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn named_types(cx: &mut Cx<'_>) {
    let old = declared(cx.old);
    let new = declared(cx.new);
    detect_renames(cx, &old, &new);
    let targets: BTreeSet<&ItemPath> = cx.renames.values().collect::<BTreeSet<_>>();
    let targets: BTreeSet<ItemPath> = targets.into_iter().cloned().collect();
    for (path, (old_file, old_item)) in &old {
        let (noun, _, removed, renamed) = kind(old_item);
        let new_path = cx.renamed(path).clone();
        let found = new.get(&new_path).filter(|(_, n)| same_kind(old_item, n));
        let Some((new_file, new_item)) = found else {
            cx.change(
                removed,
                Subject::Item(path.clone()),
                format!("{noun} `{path}` is gone"),
            )
            .at_old(span_of(old_item))
            .rust_api(Bump::Major, format!("`{}` is gone", rust_path(path)))
            .push();
            continue;
        };
        let (old_span, new_span) = (span_of(old_item), span_of(new_item));
        if new_path != *path {
            cx.change(
                renamed,
                Subject::Item(path.clone()),
                format!("{noun} `{path}` is renamed `{}`", new_path.name),
            )
            .spans(old_span, new_span)
            .rust_api(
                Bump::Major,
                format!(
                    "`{}` is now `{}`; type names are not on the wire",
                    rust_path(path),
                    rust_path(&new_path)
                ),
            )
            .push();
        }
        if old_file.stem != new_file.stem {
            cx.change(
                Rule::ItemMoved,
                Subject::Item(path.clone()),
                format!(
                    "`{path}` moves from `{}` to `{}`",
                    old_file.source, new_file.source
                ),
            )
            .spans(old_span, new_span)
            .rust_api(Bump::Patch, "the Rust path is unchanged")
            .push();
        }
        compare_items(cx, path, old_item, new_item);
    }
    for (path, (_, new_item)) in &new {
        let replaced = old.get(path).is_some_and(|(_, o)| same_kind(o, new_item));
        if replaced || targets.contains(path) {
            continue;
        }
        let (noun, added, _, _) = kind(new_item);
        cx.change(
            added,
            Subject::Item(path.clone()),
            format!("{noun} `{path}` is new"),
        )
        .at_new(span_of(new_item))
        .rust_api(Bump::Minor, format!("new type `{}`", rust_path(path)))
        .push();
    }
}

/// Pairs a removed and an added type of one module that differ only in name. Repeated until
/// nothing more is found, so a struct whose member type was renamed is recognised too.
fn detect_renames(cx: &mut Cx<'_>, old: &Declared<'_>, new: &Declared<'_>) {
    // Each round can only add renames that depend on earlier ones; a bound keeps it finite.
    for _ in 0..old.len().min(new.len()) + 1 {
        let removed: Vec<(&ItemPath, &Item)> = old
            .iter()
            .filter(|(p, (_, i))| !new.get(*p).is_some_and(|(_, n)| same_kind(i, n)))
            .map(|(p, (_, i))| (p, *i))
            .collect();
        let added: Vec<(&ItemPath, &Item)> = new
            .iter()
            .filter(|(p, (_, i))| !old.get(*p).is_some_and(|(_, o)| same_kind(o, i)))
            .map(|(p, (_, i))| (p, *i))
            .collect();
        let mut found = BTreeMap::new();
        for (old_path, old_item) in &removed {
            let candidates: Vec<&ItemPath> = added
                .iter()
                .filter(|(new_path, new_item)| {
                    new_path.module == old_path.module
                        && same_kind(old_item, new_item)
                        && fingerprint(old_item) == fingerprint(new_item)
                        && cx.same_apart_from(&[], |scratch| {
                            compare_items(scratch, old_path, old_item, new_item)
                        })
                })
                .map(|(p, _)| *p)
                .collect();
            if let [only] = candidates.as_slice() {
                found.insert((*old_path).clone(), (*only).clone());
            }
        }
        // A new type claimed by two old ones is no rename.
        let mut claims: BTreeMap<&ItemPath, usize> = BTreeMap::new();
        for target in found.values() {
            *claims.entry(target).or_default() += 1;
        }
        let unique: BTreeMap<ItemPath, ItemPath> = found
            .iter()
            .filter(|(_, t)| claims[t] == 1)
            .map(|(o, t)| (o.clone(), t.clone()))
            .collect();
        if unique == cx.renames {
            return;
        }
        cx.renames = unique;
    }
}

/// How the entries of an old and a new list correspond (values, members, groups, rules,
/// mappings, methods).
pub(crate) struct Matching {
    /// For each old entry: its new partner, and whether the pair is a rename (other keys).
    pub(crate) partners: Vec<Option<(usize, bool)>>,
    /// New entries that no old entry matches.
    pub(crate) added: Vec<usize>,
}

impl Matching {
    /// Whether the entries on both sides come in another order.
    pub(crate) fn reordered(&self) -> bool {
        let order: Vec<usize> = self.partners.iter().flatten().map(|(j, _)| *j).collect();
        order.windows(2).any(|w| w[0] > w[1])
    }
}

/// Matches entries with equal keys, then pairs the others that `renamed` says differ only in
/// their key, when each has exactly one such partner.
pub(crate) fn matching<O, N, K: PartialEq>(
    old: &[O],
    new: &[N],
    old_key: impl Fn(&O) -> K,
    new_key: impl Fn(&N) -> K,
    mut renamed: impl FnMut(&O, &N) -> bool,
) -> Matching {
    let new_keys: Vec<K> = new.iter().map(new_key).collect();
    let mut partners: Vec<Option<(usize, bool)>> = old
        .iter()
        .map(|o| {
            let key = old_key(o);
            new_keys.iter().position(|k| *k == key).map(|j| (j, false))
        })
        .collect();
    let taken = |partners: &[Option<(usize, bool)>], j: usize| {
        partners.iter().any(|p| p.is_some_and(|(k, _)| k == j))
    };
    let unmatched_new: Vec<usize> = (0..new.len()).filter(|&j| !taken(&partners, j)).collect();
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if partners[i].is_none() {
            candidates.extend(
                unmatched_new
                    .iter()
                    .filter(|&&j| renamed(o, &new[j]))
                    .map(|&j| (i, j)),
            );
        }
    }
    for &(i, j) in &candidates {
        let unique = candidates.iter().filter(|(r, _)| *r == i).count() == 1
            && candidates.iter().filter(|(_, a)| *a == j).count() == 1;
        if unique {
            partners[i] = Some((j, true));
        }
    }
    let added = (0..new.len()).filter(|&j| !taken(&partners, j)).collect();
    Matching { partners, added }
}

/// `regops_model::module::Name`
pub(crate) fn rust_path(path: &ItemPath) -> String {
    format!("regops_model::{}::{}", path.module, path.name)
}

/// `a, b` in backticks, for messages.
pub(crate) fn list<'s>(items: impl IntoIterator<Item = &'s str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Strictness from what was added (tightening) and what was removed (loosening).
pub(crate) fn strictness(stricter: bool, looser: bool) -> Option<Strictness> {
    Strictness::from_flags(stricter, looser)
}

#[cfg(test)]
mod tests {
    use super::matching;

    #[test]
    fn entries_match_by_key_then_by_unique_rename() {
        let old = ["a", "b", "c", "d"];
        let new = ["b", "a2", "x", "y", "a"];
        // `c` and `d` could each be `x` or `y`: ambiguous, so no rename.
        let same = |o: &&str, n: &&str| {
            (o.starts_with('a') && n.starts_with('a')) || (*o >= "c" && *n >= "x")
        };
        let m = matching(&old, &new, |s| s.to_string(), |s| s.to_string(), same);
        assert_eq!(
            m.partners,
            vec![Some((4, false)), Some((0, false)), None, None]
        );
        assert_eq!(m.added, vec![1, 2, 3]);
        assert!(m.reordered());

        let m = matching(
            &["a", "c"],
            &["a2", "x"],
            |s| s.to_string(),
            |s| s.to_string(),
            same,
        );
        assert_eq!(m.partners, vec![Some((0, true)), Some((1, true))]);
        assert!(m.added.is_empty());
        assert!(!m.reordered());
    }
}
