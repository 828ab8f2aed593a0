//! One request's share of database time. Each call is bounded by the query timeout, but a
//! request makes several (its key, then its write): against a database that stalls, each could
//! use the whole bound and the answer come after a multiple of it. Within a budget, the calls
//! of one request share the query timeout between them, so the answer (a 503 if it runs out)
//! comes within it whatever the request does. Time spent outside the database — reading an
//! upload, writing a workbook — is not counted. Work spawned off the request (import jobs) runs
//! outside any budget, each call with its own bound.

use std::cell::Cell;
use std::future::Future;
use std::time::Duration;

tokio::task_local! {
    static SPENT: Budget;
}

struct Budget {
    limit: Duration,
    spent: Cell<Duration>,
}

/// Runs `work` with `limit` of database time for all its calls together.
pub async fn within<F: Future>(limit: Duration, work: F) -> F::Output {
    let budget = Budget {
        limit,
        spent: Cell::new(Duration::ZERO),
    };
    SPENT.scope(budget, work).await
}

/// Runs `work` outside any request's budget, each call with its own bound: for a computation
/// shared by every request that waits for it (a whole chain's lists when not cached, which at
/// the region's size needs more than one query timeout of database time in all). A stalled
/// database still fails it within one bound: the first call that meets the stall ends it.
pub async fn apart<F: Future>(work: F) -> F::Output {
    within(Duration::MAX, work).await
}

/// What a call may still use: `bound`, or less when the budget it runs in has less left.
pub(super) fn remaining(bound: Duration) -> Duration {
    SPENT
        .try_with(|b| bound.min(b.limit.saturating_sub(b.spent.get())))
        .unwrap_or(bound)
}

/// Charges a finished call's time to the budget it ran in, if any.
pub(super) fn charge(took: Duration) {
    let _ = SPENT.try_with(|b| b.spent.set(b.spent.get() + took));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn calls_share_the_budget_and_outside_one_keep_their_bound() {
        let bound = Duration::from_secs(3);
        assert_eq!(remaining(bound), bound);
        within(Duration::from_secs(5), async {
            assert_eq!(remaining(bound), bound);
            charge(Duration::from_secs(4));
            assert_eq!(remaining(bound), Duration::from_secs(1));
            charge(Duration::from_secs(4));
            assert_eq!(remaining(bound), Duration::ZERO);
        })
        .await;
        charge(Duration::from_secs(10));
        assert_eq!(remaining(bound), bound);
    }

    #[tokio::test]
    async fn work_apart_keeps_each_call_bound_whatever_the_request_has_spent() {
        let bound = Duration::from_secs(3);
        within(Duration::from_secs(5), async {
            charge(Duration::from_secs(5));
            assert_eq!(remaining(bound), Duration::ZERO);
            apart(async {
                charge(Duration::from_secs(60));
                assert_eq!(remaining(bound), bound);
            })
            .await;
            assert_eq!(remaining(bound), Duration::ZERO);
        })
        .await;
    }
}
