//! The rules: one stable id per kind of change, with what it does in each category.
//!
//! The table is the documentation (`cargo xtask schema-diff --rules` prints it, and
//! `schema/README.md` carries a copy that a test keeps equal); the comparison code in
//! [`crate::compare`] decides each change's actual verdicts, which may depend on context (an
//! open or `exact` enum, a struct with `Default`, a required member).

macro_rules! rules {
    ($( $variant:ident = $id:literal {
        $what:literal,
        wire: $wire:literal,
        rust_api: $rust_api:literal,
        validation: $validation:literal,
        behaviour: $behaviour:literal $(,)?
    } ),* $(,)?) => {
        /// A kind of change, with a stable id (`enum-value-added`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(
                #[doc = $what]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in documentation order.
            pub const ALL: &'static [Rule] = &[$( Rule::$variant ),*];

            /// The stable id.
            pub fn id(self) -> &'static str {
                match self {
                    $( Rule::$variant => $id, )*
                }
            }

            /// What the rule covers and its verdicts, category by category (empty: the
            /// category is never affected).
            pub fn info(self) -> RuleInfo {
                match self {
                    $( Rule::$variant => RuleInfo {
                        id: $id,
                        what: $what,
                        wire: $wire,
                        rust_api: $rust_api,
                        validation: $validation,
                        behaviour: $behaviour,
                    }, )*
                }
            }
        }
    };
}

/// A rule's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The stable id.
    pub id: &'static str,
    /// What kind of edit it covers.
    pub what: &'static str,
    /// Wire verdict, per direction.
    pub wire: &'static str,
    /// Rust API bump.
    pub rust_api: &'static str,
    /// Validation verdict.
    pub validation: &'static str,
    /// Behaviour verdict.
    pub behaviour: &'static str,
}

impl RuleInfo {
    /// The verdict text of `category` (empty when the rule never affects it).
    pub fn verdict(&self, category: crate::Category) -> &'static str {
        match category {
            crate::Category::Wire => self.wire,
            crate::Category::RustApi => self.rust_api,
            crate::Category::Validation => self.validation,
            crate::Category::Behaviour => self.behaviour,
        }
    }
}

rules! {
    ModuleAdded = "module-added" {
        "A Rust module appears.",
        wire: "", rust_api: "minor", validation: "", behaviour: "",
    },
    ModuleRemoved = "module-removed" {
        "A Rust module disappears (its items are reported too).",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    DocChanged = "doc-changed" {
        "A `<doc>`, a file's `title`, a module's `<summary>` or an enum value's `label` changes.",
        wire: "", rust_api: "patch", validation: "", behaviour: "",
    },
    DeprecationChanged = "deprecation-changed" {
        "An enum value or member gets, loses or rewords `deprecated`.",
        wire: "", rust_api: "minor when newly deprecated, patch otherwise", validation: "", behaviour: "",
    },
    ItemMoved = "item-moved" {
        "A declaration moves to another file of its module.",
        wire: "", rust_api: "patch (Rust paths are unchanged)", validation: "", behaviour: "",
    },
    RuntimeAdded = "runtime-added" {
        "A module gains a `<runtime>`: the public items of a hand-written module of `regops-model` join it.",
        wire: "", rust_api: "minor", validation: "", behaviour: "",
    },
    RuntimeRemoved = "runtime-removed" {
        "A module loses a `<runtime>`: the items of that hand-written module leave it.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    EnumAdded = "enum-added" {
        "An enum appears.",
        wire: "", rust_api: "minor", validation: "", behaviour: "",
    },
    EnumRemoved = "enum-removed" {
        "An enum disappears.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    EnumRenamed = "enum-renamed" {
        "An enum gets another name, its values unchanged (type names are not on the wire).",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    EnumSetChanged = "enum-set-changed" {
        "An enum's `set` changes (`open`, `closed`, `exact`).",
        wire: "open→closed: old→new breaking (values outside the list that old peers keep are refused by validators); closed→open: new→old breaking; to `exact`: old→new breaking (decoding fails on other values); from `exact`: new→old breaking",
        rust_api: "major to or from `exact` (catch-all variant, `#[non_exhaustive]`, `Copy`); patch between open and closed",
        validation: "open→closed stricter; closed→open looser",
        behaviour: "",
    },
    EnumFormatChanged = "enum-format-changed" {
        "An enum's `format` (the shape of every value, listed or not) appears, disappears or changes.",
        wire: "",
        rust_api: "closed: patch for `regops-validate` (unlisted values are errors either way; those of another shape are reported as `invalid_format`, not `invalid_enum_value`)",
        validation: "open: stricter when it appears (unlisted values of another shape are errors, not warnings), looser when it goes, both when it changes",
        behaviour: "",
    },
    EnumValueAdded = "enum-value-added" {
        "An enum gains a value.",
        wire: "old→new compatible; new→old kept (open: `Unrecognized`), breaking (closed: validators refuse it; exact: decoding fails)",
        rust_api: "minor (open, closed: `#[non_exhaustive]`); major (exact: exhaustive matches break)",
        validation: "looser (open: no longer warned about; closed: accepted)",
        behaviour: "",
    },
    EnumValueRemoved = "enum-value-removed" {
        "An enum loses a value.",
        wire: "old→new kept (open: `Unrecognized`), breaking (closed: validators refuse it; exact: decoding fails); new→old compatible",
        rust_api: "major",
        validation: "stricter (open: warned about; closed: refused)",
        behaviour: "",
    },
    EnumValueWireChanged = "enum-value-wire-changed" {
        "An enum value is spelled differently on the wire; its Rust variant stays.",
        wire: "both directions: kept (open: the other spelling is `Unrecognized`), breaking (closed, exact)",
        rust_api: "patch (`as_str()` and `VALUES` change)",
        validation: "stricter and looser (open, closed)",
        behaviour: "",
    },
    EnumValueRenamed = "enum-value-renamed" {
        "An enum value's Rust variant gets another name; its wire spelling stays.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    EnumValuesReordered = "enum-values-reordered" {
        "An enum's values change order.",
        wire: "", rust_api: "patch", validation: "",
        behaviour: "changed (`Ord`, `VALUES` and `KNOWN` follow schema order)",
    },
    GroupAdded = "group-added" {
        "An enum gains a group (a predicate method).",
        wire: "", rust_api: "minor", validation: "", behaviour: "added",
    },
    GroupRemoved = "group-removed" {
        "An enum loses a group.",
        wire: "", rust_api: "major", validation: "", behaviour: "changed",
    },
    GroupRenamed = "group-renamed" {
        "A group gets another name, its members unchanged.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    GroupMembersChanged = "group-members-changed" {
        "Values move into or out of a group.",
        wire: "", rust_api: "",
        validation: "when a precondition is limited to the group (`when`): stricter when a value leaves it, looser when one joins",
        behaviour: "changed (the predicate answers differently)",
    },
    StructAdded = "struct-added" {
        "A struct appears.",
        wire: "", rust_api: "minor", validation: "", behaviour: "",
    },
    StructRemoved = "struct-removed" {
        "A struct disappears.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    StructRenamed = "struct-renamed" {
        "A struct gets another name, its members unchanged (type names are not on the wire).",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    UnknownFieldsChanged = "unknown-fields-changed" {
        "A struct's `unknown-fields` changes (`keep`, `ignore`).",
        wire: "keep→ignore: old→new dropped (members old peers kept are skipped); ignore→keep: new→old dropped",
        rust_api: "keep→ignore: major (`extra_fields` goes); ignore→keep: minor when the struct derives `Default`, major otherwise",
        validation: "keep→ignore: looser (unknown members are no longer warned about); ignore→keep: stricter",
        behaviour: "",
    },
    FieldAdded = "field-added" {
        "A struct gains a member.",
        wire: "old→new compatible, breaking when required (old peers do not send it); new→old kept (`extra_fields`) or dropped (`ignore`)",
        rust_api: "minor for an optional member of a struct that derives `Default`; major otherwise (struct literals must name it)",
        validation: "looser when the struct keeps unknown members (the member was warned about as unknown); stricter when it has constraints or TLDs (it was unchecked)",
        behaviour: "",
    },
    FieldRemoved = "field-removed" {
        "A struct loses a member.",
        wire: "old→new kept (`extra_fields`) or dropped (`ignore`); new→old compatible, breaking when it was required",
        rust_api: "major",
        validation: "stricter when the struct keeps unknown members (the member is warned about as unknown); looser when it had constraints or TLDs",
        behaviour: "",
    },
    FieldRenamed = "field-renamed" {
        "A member's wire name changes, its type and attributes unchanged.",
        wire: "both directions: the other name arrives as an unknown member, kept or dropped; breaking when the receiver requires its own name",
        rust_api: "major when the Rust name changes too, patch otherwise",
        validation: "stricter (the old name is warned about as unknown) and looser (the new name no longer is), where the struct keeps unknown members",
        behaviour: "",
    },
    FieldRustRenamed = "field-rust-renamed" {
        "A member's Rust name changes (`rust-name`); its wire name stays.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    FieldTypeChanged = "field-type-changed" {
        "A member's type changes.",
        wire: "per direction, by type: compatible (`string`↔`apikey`, `T`→`one-or-array(T)`, `array(T)`→`one-or-array(T)`, a `date` or enum sent to a `string`, text or a `datetime` sent to a `datetime-or-string`), kept (to `any` or `map`, to an open enum), breaking otherwise",
        rust_api: "major",
        validation: "", behaviour: "",
    },
    FieldRequiredChanged = "field-required-changed" {
        "A member becomes required or optional.",
        wire: "now required: old→new breaking (old peers may leave it out); now optional: new→old breaking",
        rust_api: "major when the Rust type changes (`T`, `Option<T>`, `Nullable<T>`), patch otherwise",
        validation: "", behaviour: "",
    },
    FieldDefaultChanged = "field-default-changed" {
        "A member's vendor `default` appears, disappears or changes.",
        wire: "",
        rust_api: "minor when added (`…_or_default()`), major when removed, patch when changed",
        validation: "",
        behaviour: "changed when the value changes",
    },
    FieldEmptyChanged = "field-empty-changed" {
        "A member gets or loses `empty=\"none\"`.",
        wire: "added: new→old breaking (the new side may send an empty string); removed: old→new breaking",
        rust_api: "major when the Rust type changes (`T` ↔ `Nullable<T>`), patch otherwise",
        validation: "", behaviour: "",
    },
    FieldNilChanged = "field-nil-changed" {
        "A member gets or loses `nil=\"allowed\"`.",
        wire: "added: new→old kept (the old side keeps nil in `extra_fields`; dropped when its struct ignores unknown members), breaking for a required member (the old side refuses nil); removed: the same old→new",
        rust_api: "major when the Rust type changes (`Nullable<T>` ↔ `T` or `Option<T>`), patch otherwise",
        validation: "", behaviour: "",
    },
    FieldSensitiveChanged = "field-sensitive-changed" {
        "A member or parameter gets or loses `sensitive` (`Debug` redaction).",
        wire: "", rust_api: "patch", validation: "", behaviour: "",
    },
    FieldTldsChanged = "field-tlds-changed" {
        "A member's `tlds` change.",
        wire: "", rust_api: "",
        validation: "stricter for TLDs where the member is now warned about (or required by a `required-for-tld` rule), looser for the reverse",
        behaviour: "",
    },
    FieldBoundsChanged = "field-bounds-changed" {
        "A member's `min` or `max` changes.",
        wire: "", rust_api: "", validation: "stricter when the range narrows, looser when it widens", behaviour: "",
    },
    FieldMaxLengthChanged = "field-max-length-changed" {
        "A member's `max-length` changes.",
        wire: "", rust_api: "", validation: "stricter when it shrinks or appears, looser when it grows or goes", behaviour: "",
    },
    FieldFormatChanged = "field-format-changed" {
        "A member's `format` changes.",
        wire: "", rust_api: "", validation: "stricter when it appears, looser when it goes, both when it changes", behaviour: "",
    },
    FieldFilterChanged = "field-filter-changed" {
        "A member is now, or is no longer, declared by a `<filter>`.",
        wire: "", rust_api: "patch (docs)", validation: "", behaviour: "",
    },
    FieldsReordered = "fields-reordered" {
        "A struct's members change order (members are named on the wire).",
        wire: "", rust_api: "patch", validation: "", behaviour: "",
    },
    RuleAdded = "rule-added" {
        "A struct gains a `<rule>`.",
        wire: "", rust_api: "", validation: "stricter", behaviour: "",
    },
    RuleRemoved = "rule-removed" {
        "A struct loses a `<rule>`.",
        wire: "", rust_api: "", validation: "looser", behaviour: "",
    },
    RuleRenamed = "rule-renamed" {
        "A `<rule>` gets another name, its check unchanged.",
        wire: "", rust_api: "", validation: "", behaviour: "changed (violations name the rule)",
    },
    RuleChanged = "rule-changed" {
        "A `<rule>`'s kind, members, condition, pattern or limit changes.",
        wire: "", rust_api: "",
        validation: "stricter or looser, by what changed (more members or `equals` values: stricter; a larger `max`, more pattern alternatives: looser)",
        behaviour: "",
    },
    StatusListAdded = "status-list-added" {
        "A status list appears.",
        wire: "", rust_api: "minor", validation: "", behaviour: "",
    },
    StatusListRemoved = "status-list-removed" {
        "A status list disappears.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    StatusListRenamed = "status-list-renamed" {
        "A status list gets another name.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    StatusListChanged = "status-list-changed" {
        "A status list's `separator`, `state` or `flags` changes (the text is kept either way).",
        wire: "", rust_api: "major when `state` or `flags` name another enum, patch otherwise",
        validation: "", behaviour: "changed (`state()` and `flags()` read the text differently)",
    },
    MachineAdded = "machine-added" {
        "An enum gains a state machine.",
        wire: "", rust_api: "minor", validation: "", behaviour: "added",
    },
    MachineRemoved = "machine-removed" {
        "An enum loses its state machine.",
        wire: "", rust_api: "major", validation: "", behaviour: "changed",
    },
    InitialChanged = "initial-changed" {
        "A state becomes, or stops being, initial.",
        wire: "", rust_api: "", validation: "", behaviour: "changed (`is_initial()`)",
    },
    TerminalChanged = "terminal-changed" {
        "A state becomes, or stops being, terminal.",
        wire: "", rust_api: "", validation: "", behaviour: "changed (`is_terminal()`: trackers stop or keep polling)",
    },
    TransitionAdded = "transition-added" {
        "A machine gains a transition.",
        wire: "", rust_api: "", validation: "looser (transition checks allow it)", behaviour: "added",
    },
    TransitionRemoved = "transition-removed" {
        "A machine loses a transition.",
        wire: "", rust_api: "", validation: "stricter (transition checks refuse it)", behaviour: "changed",
    },
    TransitionRenamed = "transition-renamed" {
        "A transition gets another name; its states stay.",
        wire: "", rust_api: "", validation: "", behaviour: "changed (`TRANSITIONS` names it)",
    },
    TransitionMethodChanged = "transition-method-changed" {
        "A transition's `method` (the vendor method that performs it) appears, disappears or changes.",
        wire: "", rust_api: "", validation: "",
        behaviour: "changed (`Transition::method` names another method; preconditions are reported apart)",
    },
    PreconditionAdded = "precondition-added" {
        "A vendor method gets a precondition: a transition names it (`method`) where none did.",
        wire: "", rust_api: "minor for `regops-validate` (a new function)", validation: "", behaviour: "",
    },
    PreconditionRemoved = "precondition-removed" {
        "No transition names a vendor method any more: its precondition goes.",
        wire: "", rust_api: "major for `regops-validate`", validation: "", behaviour: "",
    },
    PreconditionStatesChanged = "precondition-states-changed" {
        "The states a precondition accepts change: transitions that name its method are added or removed, or name another method.",
        wire: "", rust_api: "", validation: "stricter when a state leaves, looser when one joins", behaviour: "",
    },
    PreconditionConditionChanged = "precondition-condition-changed" {
        "The group that limits a precondition (`when` on its transitions) appears, disappears or changes.",
        wire: "",
        rust_api: "major for `regops-validate` when the limited value becomes, stops being or changes type as an argument; none for another group of the same enum",
        validation: "stricter when it appears, looser when it goes; by the groups' members when it changes",
        behaviour: "",
    },
    MappingAdded = "mapping-added" {
        "An enum gains a mapping (a method).",
        wire: "", rust_api: "minor", validation: "", behaviour: "added",
    },
    MappingRemoved = "mapping-removed" {
        "An enum loses a mapping.",
        wire: "", rust_api: "major", validation: "", behaviour: "changed",
    },
    MappingRenamed = "mapping-renamed" {
        "A mapping gets another name, its images unchanged.",
        wire: "", rust_api: "major", validation: "", behaviour: "",
    },
    MappingTargetChanged = "mapping-target-changed" {
        "A mapping maps to another enum.",
        wire: "", rust_api: "major", validation: "", behaviour: "changed",
    },
    MappingImageChanged = "mapping-image-changed" {
        "A value maps to another image, or a new value gets one.",
        wire: "", rust_api: "", validation: "", behaviour: "changed (added for a new value)",
    },
    MethodAdded = "method-added" {
        "A method appears.",
        wire: "", rust_api: "minor; major for `regops-service` in a module with a transport (its server trait gains a method every implementor must add)",
        validation: "", behaviour: "added",
    },
    MethodRemoved = "method-removed" {
        "A method disappears.",
        wire: "old→new breaking (old clients call a method new servers do not serve); new→old compatible",
        rust_api: "major", validation: "", behaviour: "changed",
    },
    MethodRenamed = "method-renamed" {
        "A method's wire name changes, its parameters and result unchanged.",
        wire: "breaking both ways (each side calls a name the other does not serve); none over REST, where the route is on the wire",
        rust_api: "major when the Rust name changes too (marker and parameter types), patch otherwise",
        validation: "", behaviour: "",
    },
    MethodRustRenamed = "method-rust-renamed" {
        "A method's Rust name changes (`rust-name`); its wire name stays.",
        wire: "", rust_api: "major (marker and parameter types)", validation: "", behaviour: "",
    },
    MethodEffectChanged = "method-effect-changed" {
        "A method's `effect` changes (`read` ↔ `change`), written out or through its route's verb.",
        wire: "", rust_api: "patch (`Method::READ_ONLY`)", validation: "",
        behaviour: "changed (clients repeat a read after any failure, a change only when it never left)",
    },
    ParamAdded = "param-added" {
        "A method gains a trailing parameter.",
        wire: "old→new compatible when optional, breaking when required; new→old breaking (the old side refuses an extra parameter)",
        rust_api: "minor when every parameter is optional (the parameter struct derives `Default`), major otherwise",
        validation: "", behaviour: "changed",
    },
    ParamRemoved = "param-removed" {
        "A method loses its trailing parameter.",
        wire: "old→new breaking (an extra parameter); new→old breaking when it was required, compatible otherwise",
        rust_api: "major", validation: "", behaviour: "changed",
    },
    ParamRenamed = "param-renamed" {
        "A parameter gets another name at the same position (parameters are positional).",
        wire: "none over XML-RPC (positional); breaking both ways over REST, where body members are named after parameters",
        rust_api: "major when the Rust field changes (parameter struct), patch otherwise", validation: "", behaviour: "",
    },
    ParamTypeChanged = "param-type-changed" {
        "A parameter's type changes.",
        wire: "per direction, by type (as `field-type-changed`)",
        rust_api: "major", validation: "", behaviour: "changed",
    },
    ParamTrackingNumberChanged = "param-tracking-number-changed" {
        "A parameter becomes, or stops being, the tracking number of its method's operation.",
        wire: "", rust_api: "patch (`Method::tracking_number`)", validation: "", behaviour: "",
    },
    ParamOptionalChanged = "param-optional-changed" {
        "A parameter becomes optional or required.",
        wire: "now required: old→new breaking; now optional: new→old breaking",
        rust_api: "major (`Option<T>` ↔ `T`)", validation: "", behaviour: "changed",
    },
    ReturnsChanged = "returns-changed" {
        "A method's result type changes, appears or disappears.",
        wire: "per direction, by type; breaking both ways when a result appears or disappears",
        rust_api: "major (`Method::Output`)", validation: "", behaviour: "changed",
    },
    TransportAdded = "transport-added" {
        "A module gets a transport (`<xml-rpc>` or `<rest>`): its methods can be served.",
        wire: "", rust_api: "minor for `regops-service` (a server trait, dispatch and routes)", validation: "", behaviour: "added",
    },
    TransportRemoved = "transport-removed" {
        "A module loses its transport.",
        wire: "old→new breaking (old clients call endpoints new servers do not serve)",
        rust_api: "major for `regops-service`", validation: "", behaviour: "changed",
    },
    TransportChanged = "transport-changed" {
        "A transport changes: its kind, XML-RPC endpoint or API-key parameter, REST base, error member, version, default auth or session flow.",
        wire: "breaking both ways for the kind, endpoint, base, error member and session flow; none for the others",
        rust_api: "major for `regops-service` when the kind changes, patch otherwise", validation: "", behaviour: "",
    },
    FaultAnswerChanged = "fault-answer-changed" {
        "The fault an XML-RPC module answers for a class of bad request changes (code or string).",
        wire: "", rust_api: "", validation: "", behaviour: "changed (clients that read fault codes see another one)",
    },
    HttpRouteAdded = "http-route-added" {
        "A method gets an `<http>` route.",
        wire: "", rust_api: "minor for `regops-service`", validation: "", behaviour: "added",
    },
    HttpRouteRemoved = "http-route-removed" {
        "A method loses its `<http>` route.",
        wire: "old→new breaking (old clients call the route)",
        rust_api: "major for `regops-service`", validation: "", behaviour: "changed",
    },
    HttpRouteChanged = "http-route-changed" {
        "A route's verb, path (placeholder names aside) or auth changes.",
        wire: "breaking both ways (each side calls a route, or sends credentials, the other does not take)",
        rust_api: "patch for `regops-service`; major when the auth changes (the trait method takes another caller argument)",
        validation: "", behaviour: "",
    },
}

/// The rule table as Markdown, for `--rules` and `schema/README.md`.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| rule | what | wire (old→new, new→old) | rust-api | validation | behaviour |\n|---|---|---|---|---|---|\n",
    );
    for rule in Rule::ALL {
        let info = rule.info();
        let cell = |text: &str| {
            if text.is_empty() {
                "–".to_string()
            } else {
                text.replace('|', "\\|")
            }
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            info.id,
            cell(info.what),
            cell(info.wire),
            cell(info.rust_api),
            cell(info.validation),
            cell(info.behaviour)
        ));
    }
    out
}
