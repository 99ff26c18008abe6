//! The vendors as the sandbox plays them: each module answers its vendor's methods with the
//! model's typed parameters and results, and words refusals as the vendor does.

pub mod gandi;
pub mod gandi_fault;
pub mod netim;
