//! The curators' review queue and their decisions.

mod decide;
mod dispute;
mod duplicates;
mod queue;

pub use decide::decide_review;
pub use dispute::create_dispute;
pub use duplicates::list_possible_duplicates;
pub use queue::list_review_queue;
