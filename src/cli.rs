//! The `chain-atlas` command line.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;

use std::sync::Arc;

use crate::auth::audit::Actor;
use crate::auth::rules::NewApiKey;
use crate::auth::{store, Principal, Role};
use crate::db::{self, schema, Db};
use crate::imports::{self, ImportKind, ImportOptions, ImportReport, OnError, Source};
use crate::settings::Settings;
use crate::startup::Application;
use crate::{openapi, seed, telemetry};

#[derive(Parser)]
#[command(
    name = "chain-atlas",
    version,
    about = "Beijing–Tianjin–Hebei industrial chain graph service"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST API (applies the schema at start-up).
    Serve,
    /// Apply the schema files and report each one's status.
    Migrate,
    /// Load the reference data, and the synthetic demo set unless told not to (idempotent).
    Seed {
        /// Only when the database holds no chains yet.
        #[arg(long)]
        if_empty: bool,
        /// Only the reference data (regions, chains, clusters, parks); always so in production.
        #[arg(long)]
        reference_only: bool,
    },
    /// Delete everything in the database, so a test or benchmark run starts from nothing
    /// (refused outside the `test` and `bench` environments).
    Reset,
    /// Write the OpenAPI document.
    Openapi {
        #[arg(long, default_value = "openapi/openapi.json")]
        out: PathBuf,
    },
    /// Manage API keys (bootstrap the first admin key here; admins manage the rest over the API).
    Keys {
        #[command(subcommand)]
        action: KeysCommand,
    },
    /// Import a CSV file of enterprises, R&D sources, chain-link memberships or relationships
    /// (as an admin), in chunks of 5,000 rows; running it again after a stop writes the rest.
    Import {
        file: PathBuf,
        #[arg(long, value_parser = ["enterprises", "rd_sources", "memberships", "relationships"])]
        kind: String,
        /// Validate and report without writing.
        #[arg(long)]
        dry_run: bool,
        /// Write the valid rows even if some are invalid.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Write a deterministic synthetic dataset (CSV files in the import format) of the given
    /// size: every record named 【合成】/[SYNTH] and marked synthetic.
    Synth {
        #[arg(long, default_value_t = 100_000)]
        enterprises: usize,
        #[arg(long, default_value_t = 5_000)]
        rd_sources: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the local Neo4j launcher's settings as shell assignments (used by the Makefile).
    LocalDbEnv,
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create a key and print it once.
    Create {
        #[arg(long, value_parser = ["admin", "member", "reader"])]
        role: String,
        #[arg(long)]
        name: String,
        /// The member organisation (member keys only).
        #[arg(long)]
        member_org: Option<String>,
    },
}

pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Openapi { out } = &cli.command {
        std::fs::write(out, openapi::spec_json())?;
        println!("wrote {}", out.display());
        return Ok(());
    }
    if let Command::Synth {
        enterprises,
        rd_sources,
        seed,
        out,
    } = &cli.command
    {
        return synth(*enterprises, *rd_sources, *seed, out);
    }
    let settings = Settings::load()?;
    if let Command::LocalDbEnv = cli.command {
        return print_local_db_env(&settings);
    }
    telemetry::init(&settings.log);
    match cli.command {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(&settings).await,
        Command::Seed {
            if_empty,
            reference_only,
        } => seed(&settings, if_empty, reference_only).await,
        Command::Reset => reset(&settings).await,
        Command::Keys {
            action:
                KeysCommand::Create {
                    role,
                    name,
                    member_org,
                },
        } => create_key(&settings, &role, name, member_org).await,
        Command::Import {
            file,
            kind,
            dry_run,
            skip_invalid,
        } => import(&settings, &file, &kind, dry_run, skip_invalid).await,
        Command::Openapi { .. } | Command::LocalDbEnv | Command::Synth { .. } => {
            unreachable!("handled above")
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(settings).await?;
    tracing::info!(port = app.port(), "serving");
    app.run_until_stopped().await?;
    Ok(())
}

async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let report = schema::apply(&Db::connect(&settings.neo4j)?).await?;
    print!("{report}");
    if report.needs_attention() {
        eprintln!("some schema files changed or disappeared since they were applied");
    }
    Ok(())
}

async fn seed(settings: &Settings, if_empty: bool, reference_only: bool) -> anyhow::Result<()> {
    let set = if reference_only || settings.environment == "production" {
        seed::SeedSet::Reference
    } else {
        seed::SeedSet::ReferenceAndDemo
    };
    let db = Db::connect(&settings.neo4j)?;
    schema::apply(&db).await?;
    if if_empty && !seed::is_empty(&db).await? {
        println!("database already seeded; nothing to do");
        return Ok(());
    }
    seed::load(&db, &seed::SeedData::embedded()?, set).await?;
    let counts = seed::counts(&db).await?;
    println!(
        "seeded: {} nodes, {} relationships",
        counts.nodes, counts.relationships
    );
    Ok(())
}

fn synth(enterprises: usize, rd_sources: usize, seed: u64, out: &Path) -> anyhow::Result<()> {
    let size = crate::synth::Size {
        enterprises,
        rd_sources,
        seed,
    };
    let w = crate::synth::write(&seed::SeedData::embedded()?, size, out)?;
    println!(
        "wrote {}: {} enterprises, {} R&D sources, {} chain-link memberships, {} relationships",
        out.display(),
        w.enterprises,
        w.rd_sources,
        w.memberships,
        w.relationships
    );
    Ok(())
}

/// Environments whose database exists only to be thrown away.
const DISPOSABLE: &[&str] = &["test", "bench"];

async fn reset(settings: &Settings) -> anyhow::Result<()> {
    if !DISPOSABLE.contains(&settings.environment.as_str()) {
        anyhow::bail!(
            "reset deletes everything; it runs only with APP_ENV={}",
            DISPOSABLE.join(" or ")
        );
    }
    db::reset(&Db::connect(&settings.neo4j)?).await?;
    println!("{} database emptied", settings.environment);
    Ok(())
}

async fn create_key(
    settings: &Settings,
    role: &str,
    name: String,
    member_org: Option<String>,
) -> anyhow::Result<()> {
    let role = Role::parse(role).expect("clap restricts the values");
    let body = NewApiKey {
        name,
        role,
        member_org,
    };
    body.check()?;
    let db = Db::connect(&settings.neo4j)?;
    schema::apply(&db).await?;
    let actor = Actor {
        key: "cli".into(),
        address: "local".into(),
    };
    let member_org = body.member_org.as_deref();
    let (key, secret) = store::create(&db, &actor, &body.name, role, member_org).await?;
    eprintln!(
        "created {} key '{}' (id {}); it is shown only once:",
        role.as_str(),
        key.name,
        key.id
    );
    println!("{secret}");
    Ok(())
}

async fn import(
    settings: &Settings,
    file: &Path,
    kind: &str,
    dry_run: bool,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    let db = Db::connect(&settings.neo4j)?;
    schema::apply(&db).await?;
    let workbook = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xlsx" | "xls" | "ods"));
    let source = if workbook {
        Source::from(imports::sheet::to_csv(std::fs::read(file)?, None)?)
    } else {
        Source::File(file.to_owned())
    };
    let kind: ImportKind = serde_json::from_value(serde_json::json!(kind))?;
    let on_error = if skip_invalid {
        OnError::Skip
    } else {
        OnError::Abort
    };
    let who = Principal {
        key_id: "cli".into(),
        role: Role::Admin,
        member_org: None,
    };
    let options = ImportOptions::new(dry_run, on_error);
    let started = std::time::Instant::now();
    let report = imports::run(&db, &who, kind, &source, options, Arc::new(progress_bar)).await?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!();
    print_import_report(&report);
    let rows = report.counts.total();
    println!(
        "{rows} rows in {seconds:.1} s: {:.0} rows/s",
        rows as f64 / seconds.max(0.001)
    );
    if report.was_refused() {
        anyhow::bail!("invalid rows; fix them or pass --skip-invalid");
    }
    Ok(())
}

fn print_import_report(report: &ImportReport) {
    for row in &report.rows {
        for e in &row.errors {
            eprintln!("line {}: {}: {} ({})", row.line, e.field, e.message, e.rule);
        }
    }
    let outcome = match (report.dry_run, report.written) {
        (true, _) => "dry run, nothing written",
        (false, true) => "written",
        (false, false) => "nothing written",
    };
    let c = &report.counts;
    println!(
        "{outcome}: {} created, {} updated, {} unchanged, {} rejected",
        c.created, c.updated, c.unchanged, c.rejected
    );
}

/// A one-line progress bar on stderr, redrawn as batches are written.
fn progress_bar(done: usize, total: usize) {
    const WIDTH: usize = 30;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    eprint!(
        "\r[{}{}] {done}/{total} rows written",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled)
    );
}

/// Single-quoted for the shell; the password is printed only to the pipe the Makefile reads.
fn print_local_db_env(s: &Settings) -> anyhow::Result<()> {
    let quote = |v: &str| format!("'{}'", v.replace('\'', r"'\''"));
    let l = &s.local_db;
    println!("export NEO4J_INSTANCE={}", quote(&l.instance));
    println!("export NEO4J_BOLT_PORT={}", s.bolt_port()?);
    println!(
        "export NEO4J_PASSWORD={}",
        quote(s.neo4j.password.expose_secret())
    );
    println!("export NEO4J_HEAP={}", quote(&l.heap));
    println!("export NEO4J_PAGECACHE={}", quote(&l.page_cache));
    println!("export NEO4J_START_TIMEOUT={}", l.start_timeout_secs);
    // Neo4j gives up on a transaction when the service does.
    println!("export NEO4J_TX_TIMEOUT={}ms", s.neo4j.query_timeout_ms);
    Ok(())
}
