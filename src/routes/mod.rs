//! The route table. Routes and the OpenAPI document come from these same registrations.

pub mod alerts;
pub mod answered;
pub mod audit;
pub mod caller;
pub mod chains;
pub mod changes;
pub mod enterprises;
pub mod export;
pub mod extract;
pub mod fallback;
pub mod headers;
pub mod health;
pub mod idempotent;
pub mod imports;
pub mod keys;
pub mod limits;
pub mod me;
pub mod metrics;
pub mod middleware;
pub mod organisations;
pub mod page;
pub mod problem;
pub mod queries;
pub mod rd_sources;
pub mod reconcile;
pub mod relationships;
pub mod responses;
pub mod review;
pub mod versions;
pub mod watches;
pub mod webhooks;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(health::ready)
        .service(metrics::metrics)
        .service(
            scope("/api/v1")
                .service(chains::list_chains)
                .service(chains::get_chain)
                .service(chains::get_chain_map)
                .service(chains::get_chain_lists)
                .service(chains::get_chain_matches)
                .service(organisations::create_enterprise)
                .service(organisations::list_enterprises)
                .service(enterprises::find_enterprise_by_uscc)
                .service(enterprises::get_enterprise_by_uscc)
                .service(organisations::get_enterprise)
                .service(organisations::update_enterprise)
                .service(organisations::delete_enterprise)
                .service(organisations::verify_enterprise)
                .service(organisations::merge_enterprise)
                .service(organisations::enterprise_history)
                .service(enterprises::get_enterprise_impact)
                .service(enterprises::put_enterprise_segment)
                .service(enterprises::delete_enterprise_segment)
                .service(organisations::create_rd_source)
                .service(organisations::list_rd_sources)
                .service(organisations::get_rd_source)
                .service(organisations::update_rd_source)
                .service(organisations::delete_rd_source)
                .service(organisations::verify_rd_source)
                .service(organisations::merge_rd_source)
                .service(organisations::rd_source_history)
                .service(rd_sources::put_rd_source_capability)
                .service(rd_sources::delete_rd_source_capability)
                .service(relationships::create_relationship)
                .service(relationships::list_relationships)
                .service(relationships::get_relationship)
                .service(relationships::delete_relationship)
                .service(relationships::verify_relationship)
                .service(relationships::relationship_history)
                .service(relationships::list_organisation_relationships)
                .service(queries::find_paths)
                .service(queries::search_organisations)
                .service(reconcile::reconcile_rows)
                .service(reconcile::manifest)
                .service(reconcile::reconcile_queries)
                .service(queries::get_flows)
                .service(queries::list_relocations)
                .service(queries::list_clusters)
                .service(queries::get_cluster)
                .service(queries::list_regions)
                .service(imports::import_csv)
                .service(imports::get_import_job)
                .service(keys::create_key)
                .service(keys::list_keys)
                .service(keys::revoke_key)
                .service(audit::list_audit_events)
                .service(me::whoami)
                .service(me::list_own_records)
                .service(review::list_review_queue)
                .service(review::decide_review)
                .service(review::create_dispute)
                .service(review::list_possible_duplicates)
                .service(changes::list_changes)
                .service(webhooks::create_webhook)
                .service(webhooks::list_webhooks)
                .service(webhooks::get_webhook)
                .service(webhooks::delete_webhook)
                .service(webhooks::resume_webhook)
                .service(webhooks::list_webhook_deliveries)
                .service(webhooks::redeliver_webhook)
                .service(enterprises::report_enterprise_event)
                .service(enterprises::list_enterprise_events)
                .service(watches::create_watch)
                .service(watches::list_watches)
                .service(watches::delete_watch)
                .service(alerts::list_alerts)
                .service(alerts::mark_alerts_read),
        );
}
