//! The query endpoints, each on a small graph the test builds, where the answer is known by
//! construction. Aggregate tests own a chain link or a pair of regions that no other test
//! writes to (machine-tools.cnc-systems; biomedicine; Fangshan 110111 → Xinji 130181), so
//! tests running in parallel cannot change their counts.

mod chain_map;
mod clusters;
mod flows;
mod impact;
mod lists;
mod matches;
mod paths;
mod search;
mod sub_links;
