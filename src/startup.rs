//! `Application::build(settings)`: the real server, bound to the configured port (0 in tests).

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_governor::Governor;
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Condition};
use actix_web::{web, App, HttpResponse, HttpServer};
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::alerts::alerter::Alerter;
use crate::db::{schema, Db};
use crate::queries::cache::Answers;
use crate::routes::extract;
use crate::routes::fallback::{fallback, RouteTable};
use crate::routes::limits::Limits;
use crate::routes::middleware;
use crate::seed::SeedSet;
use crate::settings::Settings;
use crate::state::{AppState, Readiness};
use crate::webhooks::dispatch::{Dispatcher, Sender};
use crate::{metrics, seed};

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    /// The webhook deliverer and the alerter, when this instance runs them: stopped with the
    /// server.
    background: Vec<tokio::task::JoinHandle<()>>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        metrics::install();
        crate::changelog::track_scopes(settings.answers.scoped_versions);
        crate::changelog::number_changes(settings.feed.numbered);
        let db = Db::connect(&settings.neo4j)?;
        if !settings.metrics.listen.is_empty() {
            serve_metrics(&settings.metrics.listen)?;
        }
        let address = format!(
            "{}:{}",
            settings.application.host, settings.application.port
        );
        let listener = TcpListener::bind(&address)?;
        let port = listener.local_addr()?.port();
        let readiness = Arc::new(Readiness::default());
        let seeding = match (
            settings.application.seed_if_empty,
            settings.application.seed_demo,
        ) {
            (false, _) => None,
            (true, false) => Some(SeedSet::Reference),
            (true, true) => Some(SeedSet::ReferenceAndDemo),
        };
        tokio::spawn(bootstrap(db.clone(), seeding, readiness.clone()));
        let sender = Sender::new(&settings.webhooks)?;
        let mut background = Vec::new();
        if settings.webhooks.deliver {
            let dispatcher = Dispatcher::new(db.clone(), settings.webhooks.clone(), sender.clone());
            let ready = readiness.clone();
            background.push(dispatcher.start(move || ready.is_ready()));
        }
        if settings.alerts.raise {
            let q = &settings.queries;
            let alerter = Alerter::new(
                db.clone(),
                settings.alerts.clone(),
                q.impact_max_affected,
                q.impact_disruption_share,
            );
            let ready = readiness.clone();
            background.push(alerter.start(move || ready.is_ready()));
        }
        let (server, state) = run(listener, db, settings, readiness, sender)?;
        Ok(Application {
            port,
            server,
            state,
            background,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server as SIGTERM would (used by tests).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped; a graceful stop then keeps the newest answers in the database, so
    /// the instance that starts next serves them at once if nothing was written meanwhile.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let stopped = self.server.await;
        // A delivery cut short is sent again by the next instance to hold its endpoint; a batch
        // of alerts cut short is raised by the next to hold the alerter.
        for task in self.background {
            task.abort();
        }
        let state = self.state;
        let bound = Duration::from_millis(state.settings.neo4j.query_timeout_ms.max(1000)) * 4;
        if tokio::time::timeout(bound, state.answers.keep_pending(&state.db))
            .await
            .is_err()
        {
            tracing::warn!(
                ?bound,
                "keeping the newest answers at shutdown took too long"
            );
        }
        stopped
    }
}

/// Applies the schema (and seeds an empty database when asked), retrying while Neo4j is not
/// up yet; `/ready` and the API answer 503 until it has succeeded.
async fn bootstrap(db: Db, seeding: Option<SeedSet>, readiness: Arc<Readiness>) {
    let mut delay = Duration::from_millis(500);
    loop {
        match bootstrap_once(&db, seeding).await {
            Ok(()) => {
                readiness.set_ready();
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, retry_in = ?delay, "database bootstrap failed");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(30));
            }
        }
    }
}

async fn bootstrap_once(db: &Db, seeding: Option<SeedSet>) -> anyhow::Result<()> {
    let report = schema::apply(db).await?;
    tracing::info!(
        attention = report.needs_attention(),
        "schema applied\n{report}"
    );
    // Records written before reconciliation existed get what it finds them by (an upgrade's
    // one-time work; a batch at a time, so an interrupted start-up resumes where it stopped).
    let filled = crate::reconcile::fill_match_text(db).await?;
    if filled > 0 {
        tracing::info!(filled, "names prepared for reconciliation");
    }
    if let Some(set) = seeding {
        let data = seed::SeedData::embedded()?;
        if !seed::is_empty(db).await? {
            // The reference data (regions, chains with their links and sub-links, clusters,
            // parks) ships with the binary and is not edited through the API: an upgrade
            // brings its additions (MERGE, so nothing else changes).
            seed::refresh_reference(db, &data).await?;
            tracing::info!("reference data brought up to date");
            return Ok(());
        }
        seed::load(db, &data, set).await?;
        let counts = seed::counts(db).await?;
        tracing::info!(?counts, "empty database seeded");
    }
    Ok(())
}

fn run(
    listener: TcpListener,
    db: Db,
    settings: Settings,
    readiness: Arc<Readiness>,
    webhooks: Sender,
) -> anyhow::Result<(Server, web::Data<AppState>)> {
    let body_limit = settings.application.body_limit_bytes;
    // On SIGTERM in-flight requests may finish: at least as long as a query may take.
    let query_secs = settings.neo4j.query_timeout_ms.div_ceil(1000);
    let shutdown = settings
        .application
        .shutdown_timeout_secs
        .max(query_secs + 1);
    let limits = Limits::new(&settings.limits);
    let limited = settings.limits.enabled;
    let workers = settings.application.workers;
    let answers = Answers::new(settings.answers.clone(), settings.queries.clone());
    answers.start(db.clone());
    let state = web::Data::new(AppState {
        db,
        settings,
        readiness: readiness.clone(),
        answers,
        webhooks,
    });
    let kept = state.clone();
    let spec = web::Data::new(crate::openapi::spec_json());
    let table = web::Data::new(RouteTable::from_spec(&crate::openapi::spec()));
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(middleware::writes_need_a_key))
            .wrap(from_fn(middleware::database_budget))
            .wrap(from_fn(middleware::until_ready))
            // Off (as in benchmarks), the quotas are not consulted at all: a permissive
            // governor still checks every request and reads the clock the slow way on each
            // one over quota.
            .wrap(Condition::new(limited, Governor::new(&limits.per_caller)))
            .wrap(Condition::new(limited, Governor::new(&limits.per_address)))
            .wrap(from_fn(middleware::observe))
            .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
            .app_data(state.clone())
            .app_data(spec.clone())
            .app_data(table.clone())
            .app_data(extract::json_config(body_limit))
            .app_data(extract::form_config(body_limit))
            .app_data(extract::path_config())
            .into_utoipa_app()
            .configure(crate::routes::configure)
            .into_app()
            .route("/api-docs/openapi.json", web::get().to(serve_spec))
            .route("/docs", web::get().to(docs_redirect))
            .route("/", web::get().to(crate::routes::page::index))
            .route(
                "/assets/{file:.*}",
                web::get().to(crate::routes::page::asset),
            )
            .service(
                // Vendored assets: the UI works offline. It reads the spec we serve above, so
                // the browser sees exactly the committed document.
                SwaggerUi::new("/docs/{_:.*}").config(Config::new(["/api-docs/openapi.json"])),
            )
            .default_service(web::to(fallback))
    })
    .listen(listener)?
    .workers(if workers == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        workers
    })
    .shutdown_timeout(shutdown)
    .run();
    Ok((server, kept))
}

/// `/metrics` without a key on a listener of its own (see `MetricsSettings::listen`).
fn serve_metrics(address: &str) -> anyhow::Result<()> {
    let server = HttpServer::new(|| {
        App::new().route(
            "/metrics",
            web::get().to(|| async { crate::routes::metrics::exposition() }),
        )
    })
    .workers(1)
    .bind(address)?
    .run();
    tokio::spawn(server);
    Ok(())
}

async fn docs_redirect() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header(("location", "/docs/"))
        .finish()
}

async fn serve_spec(spec: web::Data<String>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(spec.get_ref().clone())
}
