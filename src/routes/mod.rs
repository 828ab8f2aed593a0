//! The route table. Routes and the OpenAPI document come from these same registrations.

pub mod chains;
pub mod health;
pub mod keys;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health).service(health::ready).service(
        scope("/api/v1")
            .service(chains::list_chains)
            .service(chains::get_chain),
    );
}
