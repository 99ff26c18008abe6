//! Every change of one comparison, with the summary and semver verdicts built from them.

use crate::change::{Bump, Category, Change, Crate, Effect, Level, Strictness};

/// The crates whose public API the schema generates.
pub const MODEL_CRATE: &str = "regops-model";
/// The validators generated from the schema.
pub const VALIDATE_CRATE: &str = "regops-validate";
/// The server traits, dispatch and routes generated from the schema.
pub const SERVICE_CRATE: &str = "regops-service";

/// The result of comparing two schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// What the old side is (`3f2a1c0 (merge base with main)`).
    pub old: String,
    /// What the new side is (`working tree`).
    pub new: String,
    /// Every change, in file order.
    pub changes: Vec<Change>,
}

/// Counts per category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Changes with a wire verdict.
    pub wire: usize,
    /// Of those, breaking old→new.
    pub wire_breaking_old_to_new: usize,
    /// Of those, breaking new→old.
    pub wire_breaking_new_to_old: usize,
    /// Of those, breaking in at least one direction.
    pub wire_breaking: usize,
    /// Worst direction `kept`.
    pub wire_kept: usize,
    /// Worst direction `dropped`.
    pub wire_dropped: usize,
    /// Worst direction `compatible`.
    pub wire_compatible: usize,
    /// Rust API changes per bump: major, minor, patch.
    pub major: usize,
    /// See `major`.
    pub minor: usize,
    /// See `major`.
    pub patch: usize,
    /// Validation changes that may refuse a payload accepted before.
    pub stricter: usize,
    /// Validation changes that may accept a payload refused before.
    pub looser: usize,
    /// Behaviour that existing calls see differently.
    pub behaviour_changed: usize,
    /// New behaviour.
    pub behaviour_added: usize,
}

impl Report {
    /// Counts per category.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for change in &self.changes {
            if let Some(wire) = &change.wire {
                s.wire += 1;
                s.wire_breaking_old_to_new += usize::from(wire.old_to_new.level == Level::Breaking);
                s.wire_breaking_new_to_old += usize::from(wire.new_to_old.level == Level::Breaking);
                match wire.worst() {
                    Level::Breaking => s.wire_breaking += 1,
                    Level::Dropped => s.wire_dropped += 1,
                    Level::Kept => s.wire_kept += 1,
                    Level::Compatible => s.wire_compatible += 1,
                }
            }
            match change.rust_api.iter().map(|a| a.bump).max() {
                Some(Bump::Major) => s.major += 1,
                Some(Bump::Minor) => s.minor += 1,
                Some(Bump::Patch) => s.patch += 1,
                None => {}
            }
            if let Some(v) = &change.validation {
                s.stricter += usize::from(v.effect.is_stricter());
                s.looser += usize::from(v.effect != Strictness::Stricter);
            }
            if let Some(b) = &change.behaviour {
                match b.effect {
                    Effect::Changed => s.behaviour_changed += 1,
                    Effect::Added => s.behaviour_added += 1,
                }
            }
        }
        s
    }

    /// The bump `regops-model` needs: its Rust API (source compatibility), and its behaviour
    /// (a changed answer is major, a new one minor). `None` when nothing it generates changes.
    pub fn model_bump(&self) -> Option<Bump> {
        self.changes
            .iter()
            .flat_map(|c| {
                let api = c
                    .rust_api
                    .iter()
                    .filter(|a| a.krate == Crate::Model)
                    .map(|a| a.bump);
                api.into_iter()
                    .chain(self.behaviour_bump_of(c, Crate::Model))
            })
            .max()
    }

    /// What a change's behaviour verdict does to `krate`: a changed answer is major, a new
    /// one minor.
    fn behaviour_bump_of(&self, change: &Change, krate: Crate) -> Option<Bump> {
        let b = change.behaviour.as_ref().filter(|b| b.krate == krate)?;
        Some(match b.effect {
            Effect::Changed => Bump::Major,
            Effect::Added => Bump::Minor,
        })
    }

    /// The bump `regops-validate` needs: at least the model's (its API is built on the model's
    /// types), major when validation is stricter (a payload that passed may fail), minor when
    /// it is only looser, and what changes of preconditions do to its functions.
    pub fn validate_bump(&self) -> Option<Bump> {
        let validation = self
            .changes
            .iter()
            .filter_map(|c| c.validation.as_ref())
            .map(|v| {
                if v.effect.is_stricter() {
                    Bump::Major
                } else {
                    Bump::Minor
                }
            })
            .max();
        self.model_bump()
            .max(validation)
            .max(self.crate_bump(Crate::Validate))
    }

    /// The largest bump the changes give `krate` itself, by its Rust API or its behaviour.
    fn crate_bump(&self, krate: Crate) -> Option<Bump> {
        self.changes
            .iter()
            .flat_map(|c| {
                let api = c
                    .rust_api
                    .iter()
                    .filter(|a| a.krate == krate)
                    .map(|a| a.bump);
                api.chain(self.behaviour_bump_of(c, krate))
            })
            .max()
    }

    /// The bump `regops-service` needs: at least the model's (its traits take the model's
    /// types), and what changes of transports, routes and methods do to its traits.
    pub fn service_bump(&self) -> Option<Bump> {
        self.model_bump().max(self.crate_bump(Crate::Service))
    }

    /// Whether some change is breaking in `category`.
    pub fn is_breaking(&self, category: Category) -> bool {
        self.changes.iter().any(|c| c.is_breaking(category))
    }

    /// The categories of `deny` that have a breaking change.
    pub fn denied(&self, deny: &[Category]) -> Vec<Category> {
        Category::ALL
            .into_iter()
            .filter(|c| deny.contains(c) && self.is_breaking(*c))
            .collect()
    }
}
