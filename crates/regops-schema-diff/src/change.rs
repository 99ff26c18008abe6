//! One change between two schemas and what it does, category by category.

use std::fmt;

use crate::rules::Rule;
use crate::subject::Subject;

/// `file:line:column` of a declaration.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file as the loader names it (`schema/gandi-operation.xml`, `3f2a1c0:schema/…`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The four ways a schema change reaches the programs and peers that use the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// What one side sends and the other decodes.
    Wire,
    /// Source compatibility of the generated crates.
    RustApi,
    /// What the generated validators accept.
    Validation,
    /// What the schema's machines, mappings, groups and methods do.
    Behaviour,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 4] = [
        Category::Wire,
        Category::RustApi,
        Category::Validation,
        Category::Behaviour,
    ];

    /// The spelling on the command line and in reports (`rust-api`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Wire => "wire",
            Category::RustApi => "rust-api",
            Category::Validation => "validation",
            Category::Behaviour => "behaviour",
        }
    }

    /// The category spelled `name`.
    pub fn parse(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// How a value crosses from one side to the other, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// It decodes with the same meaning.
    Compatible,
    /// It decodes; what the receiver does not know is kept verbatim (an open enum's
    /// `Unrecognized`, a struct's `extra_fields`) and written back unchanged.
    Kept,
    /// It decodes; members the receiver does not know are skipped (`unknown-fields="ignore"`).
    Dropped,
    /// It may fail to decode, decode with another meaning, or be refused by the receiver.
    Breaking,
}

impl Level {
    /// `compatible`, `kept`, `dropped` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Compatible => "compatible",
            Level::Kept => "kept",
            Level::Dropped => "dropped",
            Level::Breaking => "breaking",
        }
    }
}

/// One direction of a wire verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// How the value crosses.
    pub level: Level,
    /// Why, in a few words (may be empty when the level says it all).
    pub note: String,
}

impl Flow {
    /// A flow at `level` with a note.
    pub fn new(level: Level, note: impl Into<String>) -> Self {
        Self {
            level,
            note: note.into(),
        }
    }

    /// Decodes the same; nothing to explain.
    pub fn compatible() -> Self {
        Self::new(Level::Compatible, "")
    }
}

/// What a change does on the wire, in each direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    /// A peer built on the old schema sends, one built on the new schema decodes.
    pub old_to_new: Flow,
    /// A peer built on the new schema sends, one built on the old schema decodes.
    pub new_to_old: Flow,
}

impl Wire {
    /// The worse of the two directions.
    pub fn worst(&self) -> Level {
        self.old_to_new.level.max(self.new_to_old.level)
    }
}

/// A semantic-versioning bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Docs and internals only.
    Patch,
    /// Additions users' code cannot notice (new items, members of `Default` structs, …).
    Minor,
    /// Code that compiled may no longer compile or may behave differently.
    Major,
}

impl Bump {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// A generated crate whose API a change reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Crate {
    /// `regops-model`, and through its types every crate built on it.
    Model,
    /// `regops-validate` alone: the preconditions generated from the machines.
    Validate,
    /// `regops-service` alone: server traits, dispatch, routes.
    Service,
}

impl Crate {
    /// The crate's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Crate::Model => crate::report::MODEL_CRATE,
            Crate::Validate => crate::report::VALIDATE_CRATE,
            Crate::Service => crate::report::SERVICE_CRATE,
        }
    }
}

/// What a change does to the users of one generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustApi {
    /// The crate.
    pub krate: Crate,
    /// The bump it calls for.
    pub bump: Bump,
    /// Why.
    pub note: String,
}

/// Which way the validators moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strictness {
    /// Payloads refused (or warned about) before are accepted.
    Looser,
    /// Payloads accepted before are refused (or warned about).
    Stricter,
    /// Some of each.
    StricterAndLooser,
}

impl Strictness {
    /// `looser`, `stricter` or `stricter and looser`.
    pub fn as_str(self) -> &'static str {
        match self {
            Strictness::Looser => "looser",
            Strictness::Stricter => "stricter",
            Strictness::StricterAndLooser => "stricter and looser",
        }
    }

    /// Whether a payload valid before may be refused now.
    pub fn is_stricter(self) -> bool {
        self != Strictness::Looser
    }

    /// `Stricter` when `stricter`, `Looser` when `looser`, both, or `None`.
    pub fn from_flags(stricter: bool, looser: bool) -> Option<Self> {
        match (stricter, looser) {
            (true, true) => Some(Strictness::StricterAndLooser),
            (true, false) => Some(Strictness::Stricter),
            (false, true) => Some(Strictness::Looser),
            (false, false) => None,
        }
    }
}

/// What a change does to the validators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// Stricter, looser or both.
    pub effect: Strictness,
    /// Why.
    pub note: String,
}

/// Whether a behaviour is new or different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// Something new that existing calls do not see (a new machine, transition, method…).
    Added,
    /// An existing call answers differently (a lost transition, a new terminal state, another
    /// mapping image, a method's parameters or result…).
    Changed,
}

impl Effect {
    /// `added` or `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Added => "added",
            Effect::Changed => "changed",
        }
    }
}

/// What a change does to the machines, mappings, groups and methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behaviour {
    /// The crate whose behaviour it is: the model's machines and mappings, or only the answers
    /// of `regops-validate` (rule names) or `regops-service` (fault answers).
    pub krate: Crate,
    /// Added or changed.
    pub effect: Effect,
    /// Why.
    pub note: String,
}

/// One change, located, explained and classified in every category it affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Stable rule id.
    pub rule: Rule,
    /// What changed.
    pub subject: Subject,
    /// One line saying what changed.
    pub message: String,
    /// Where it is in the old schema, if it was there.
    pub old: Option<Location>,
    /// Where it is in the new schema, if it is there.
    pub new: Option<Location>,
    /// Effect on the wire, if any.
    pub wire: Option<Wire>,
    /// Effect on the generated Rust API, per crate it reaches (empty: none).
    pub rust_api: Vec<RustApi>,
    /// Effect on the validators, if any.
    pub validation: Option<Validation>,
    /// Effect on behaviour, if any.
    pub behaviour: Option<Behaviour>,
}

impl Change {
    /// The new location, or the old one for something that is gone.
    pub fn location(&self) -> Option<&Location> {
        self.new.as_ref().or(self.old.as_ref())
    }

    /// Whether the change affects `category` at all.
    pub fn affects(&self, category: Category) -> bool {
        match category {
            Category::Wire => self.wire.is_some(),
            Category::RustApi => !self.rust_api.is_empty(),
            Category::Validation => self.validation.is_some(),
            Category::Behaviour => self.behaviour.is_some(),
        }
    }

    /// Whether the change is breaking in `category`: a wire direction that may fail, a major
    /// Rust API bump, stricter validation, a changed behaviour.
    pub fn is_breaking(&self, category: Category) -> bool {
        match category {
            Category::Wire => self
                .wire
                .as_ref()
                .is_some_and(|w| w.worst() == Level::Breaking),
            Category::RustApi => self.rust_api.iter().any(|r| r.bump == Bump::Major),
            Category::Validation => self
                .validation
                .as_ref()
                .is_some_and(|v| v.effect.is_stricter()),
            Category::Behaviour => self
                .behaviour
                .as_ref()
                .is_some_and(|b| b.effect == Effect::Changed),
        }
    }
}
