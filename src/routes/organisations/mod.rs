//! Enterprises and R&D sources: one file per action, each with one generic implementation
//! that both kinds' routes call. Actions only enterprises have live in `routes::enterprises`.

mod create;
mod delete;
mod get;
mod history;
mod list;
mod merge;
mod sheet;
mod update;
mod verify;

pub use create::{create_enterprise, create_rd_source};
pub use delete::{delete_enterprise, delete_rd_source};
pub use get::{get_enterprise, get_rd_source};
pub use history::{enterprise_history, rd_source_history};
pub use list::{list_enterprises, list_rd_sources, ListQuery};
pub use merge::{merge_enterprise, merge_rd_source, MergeInto};
pub use update::{update_enterprise, update_rd_source};
pub use verify::{verify_enterprise, verify_rd_source};

/// Declares one action for both organisation kinds: two thin handlers, annotated for the
/// OpenAPI document under their own path, operation id and tag, that call the same generic
/// implementation `$action(state, caller, kind, args…)`. Each doc literal is one line of the
/// operation's documentation: the first is its summary, the rest (after "") its description.
macro_rules! for_each_kind {
    (
        $method:ident $action:path,
        enterprise($e_fn:ident, $e_path:tt, $e_op:tt, $($e_doc:tt),+),
        rd_source($r_fn:ident, $r_path:tt, $r_op:tt, $($r_doc:tt),+),
        args($($arg:ident: $ty:ty),*) -> $ret:ty,
        openapi($($openapi:tt)*)
    ) => {
        $(#[doc = $e_doc])+
        #[utoipa::path(operation_id = $e_op, tag = "enterprises", $($openapi)*)]
        #[$method($e_path)]
        pub async fn $e_fn(
            state: actix_web::web::Data<crate::state::AppState>,
            caller: crate::auth::Caller,
            $($arg: $ty),*
        ) -> $ret {
            $action(state, caller, crate::domain::OrgKind::Enterprise, $($arg),*).await
        }

        $(#[doc = $r_doc])+
        #[utoipa::path(operation_id = $r_op, tag = "rd-sources", $($openapi)*)]
        #[$method($r_path)]
        pub async fn $r_fn(
            state: actix_web::web::Data<crate::state::AppState>,
            caller: crate::auth::Caller,
            $($arg: $ty),*
        ) -> $ret {
            $action(state, caller, crate::domain::OrgKind::RdSource, $($arg),*).await
        }
    };
}
pub(crate) use for_each_kind;
