//! The curators' review queue and their decisions.

mod decide;
mod queue;

pub use decide::decide_review;
pub use queue::list_review_queue;
