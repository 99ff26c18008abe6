//! Columns as both SQL stores write them: phases and states as their names, policies and
//! vendor answers as JSON text, times as milliseconds.

use regops_model::lifecycle::Phase;

use crate::error::StoreError;
use crate::policy::Policies;
use crate::record::{DeliveryState, FollowState};

pub(crate) fn phase_to_sql(phase: Option<Phase>) -> Option<&'static str> {
    phase.map(|phase| phase.as_str())
}

pub(crate) fn phase_from_sql(text: Option<String>) -> Result<Option<Phase>, StoreError> {
    text.map(|text| {
        text.parse::<Phase>()
            .map_err(|_| StoreError::new(format!("column phase: unknown phase `{text}`")))
    })
    .transpose()
}

pub(crate) fn follow_state_from_sql(text: &str) -> Result<FollowState, StoreError> {
    FollowState::parse(text)
        .ok_or_else(|| StoreError::new(format!("column state: unknown state `{text}`")))
}

pub(crate) fn delivery_state_from_sql(text: &str) -> Result<DeliveryState, StoreError> {
    DeliveryState::parse(text)
        .ok_or_else(|| StoreError::new(format!("column state: unknown delivery state `{text}`")))
}

pub(crate) fn policies_to_sql(policies: Option<&Policies>) -> Option<String> {
    policies.map(|policies| serde_json::to_string(policies).expect("policies serialize"))
}

pub(crate) fn policies_from_sql(text: Option<String>) -> Result<Option<Policies>, StoreError> {
    text.map(|text| {
        serde_json::from_str(&text).map_err(|error| StoreError::caused("column policies", error))
    })
    .transpose()
}

pub(crate) fn detail_from_sql(text: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::caused("column detail", error))
}

pub(crate) fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
