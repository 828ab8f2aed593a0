use serde_json::Value;

use crate::helpers::{
    fresh_uscc, problem, spawn_app, spawn_ready_app_with, statuses, test_settings, unique_prefix,
    HeldLock, TestApp,
};

/// The caller an import run from the library (as the CLI does) acts as.
fn curator() -> chain_atlas::auth::Principal {
    chain_atlas::auth::Principal {
        key_id: "test".into(),
        role: chain_atlas::auth::Role::Admin,
        member_org: None,
    }
}

async fn exists(app: &TestApp, uscc: &str) -> bool {
    app.get(&format!("/api/v1/enterprises/by-uscc/{uscc}"))
        .await
        .status()
        == 200
}

#[tokio::test]
async fn importing_a_file_twice_creates_once_and_then_changes_nothing() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("imp")).await;
    let (a, b) = (fresh_uscc(), fresh_uscc());
    let csv = format!(
        "uscc,name_zh,name_en,region,scale,tags\n{a},导入甲公司,Import A,130200,small,little_giant;high_tech\n{b},导入乙公司,,120116,medium,\n"
    );
    let dry = app
        .import_csv(&member, "kind=enterprises&dry_run=true", &csv)
        .await;
    assert_eq!(dry.status(), 200);
    let dry: Value = dry.json().await.unwrap();
    assert_eq!(
        (dry["written"].as_bool(), statuses(&dry)),
        (Some(false), vec!["created", "created"])
    );
    assert!(!exists(&app, &a).await, "a dry run wrote");

    let first: Value = app
        .import_csv(&member, "kind=enterprises", &csv)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["counts"]["created"], 2);
    assert!(exists(&app, &a).await && exists(&app, &b).await);
    let imported: Value = app
        .get(&format!("/api/v1/enterprises/by-uscc/{a}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        imported["tags"],
        serde_json::json!(["little_giant", "high_tech"])
    );
    assert_eq!(imported["verified"], false);

    let second: Value = app
        .import_csv(&member, "kind=enterprises", &csv)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statuses(&second), vec!["unchanged", "unchanged"]);
    let changed = csv.replace("导入乙公司,,120116,medium", "导入乙公司,,120116,large");
    let third: Value = app
        .import_csv(&member, "kind=enterprises", &changed)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statuses(&third), vec!["unchanged", "updated"]);
}

#[tokio::test]
async fn an_invalid_row_stops_the_import_unless_told_to_skip() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("imp")).await;
    let good = fresh_uscc();
    let csv = format!(
        "uscc,name_zh,region\n{good},有效行公司,130200\n91130200123456789Z,无效行公司,130200\n"
    );
    let refused = app.import_csv(&member, "kind=enterprises", &csv).await;
    assert_eq!(refused.status(), 422);
    let body = problem(refused).await;
    assert_eq!(body["errors"][0]["field"], "rows[3].uscc");
    assert_eq!(body["report"]["written"], false);
    assert!(
        !exists(&app, &good).await,
        "a refused import wrote its valid row"
    );

    let skipped: Value = app
        .import_csv(&member, "kind=enterprises&on_error=skip", &csv)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statuses(&skipped), vec!["created", "rejected"]);
    assert!(exists(&app, &good).await);
}

#[tokio::test]
async fn relationships_import_by_uscc_and_are_recognised_on_reimport() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("imp")).await;
    let (s, t) = (fresh_uscc(), fresh_uscc());
    let orgs = format!("uscc,name_zh,region\n{s},导入供应商,120116\n{t},导入制造商,130200\n");
    assert_eq!(
        app.import_csv(&member, "kind=enterprises", &orgs)
            .await
            .status(),
        200
    );
    let rels = format!(
        "kind,source_id,target_id,product,year,valid_from,source\n\
         supplies,{s},{t},gearboxes,,2024,test file\n\
         relocated_from,{t},110108,,2022,,test file\n\
         supplies,{s},{s},loops,,,test file\n"
    );
    let refused = app.import_csv(&member, "kind=relationships", &rels).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(problem(refused).await["errors"][0]["rule"], "self_loop");
    let rels: String = rels.lines().take(3).map(|l| format!("{l}\n")).collect();
    let first: Value = app
        .import_csv(&member, "kind=relationships", &rels)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statuses(&first), vec!["created", "created"]);
    let again: Value = app
        .import_csv(&member, "kind=relationships", &rels)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statuses(&again), vec!["unchanged", "unchanged"]);
    let maker: Value = app
        .get(&format!("/api/v1/enterprises/by-uscc/{t}"))
        .await
        .json()
        .await
        .unwrap();
    let incoming: Vec<Value> = app
        .get(&format!(
            "/api/v1/organisations/{}/relationships?direction=in",
            maker["id"].as_str().unwrap()
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(incoming.len(), 1);
    assert_eq!(incoming[0]["product"], "gearboxes");
}

#[tokio::test]
async fn bad_headers_large_files_and_readers_are_refused() {
    let mut settings = test_settings();
    settings.application.import_limit_bytes = 200;
    let app = spawn_ready_app_with(settings).await;
    let member = app.member_key(&unique_prefix("imp")).await;
    let header = app
        .import_csv(&member, "kind=enterprises", "uscc,name,region\n")
        .await;
    assert_eq!(header.status(), 422);
    let rules: Vec<String> = problem(header).await["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, vec!["unknown_column", "missing_column"]);
    let big = format!("uscc,name_zh,region\n{}", "x".repeat(300));
    assert_eq!(
        app.import_csv(&member, "kind=enterprises", &big)
            .await
            .status(),
        413
    );
    let reader = app.key(chain_atlas::auth::Role::Reader, None).await;
    assert_eq!(
        app.import_csv(&reader, "kind=enterprises", "uscc,name_zh,region\n")
            .await
            .status(),
        403
    );
    assert_eq!(
        app.import_csv(&member, "kind=everything", "uscc\n")
            .await
            .status(),
        422
    );
}

/// The samples use fixed USCCs, so this writes them for real (importing is idempotent) in the
/// order a user would: organisations first, then the relationships that name them.
#[tokio::test]
async fn the_sample_files_import_cleanly() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    for (kind, file) in [
        ("enterprises", "enterprises.csv"),
        ("rd_sources", "rd_sources.csv"),
        ("relationships", "relationships.csv"),
    ] {
        let csv = std::fs::read_to_string(format!("seeds/samples/{file}")).unwrap();
        let response = app.import_csv(&admin, &format!("kind={kind}"), &csv).await;
        assert_eq!(response.status(), 200, "{file}");
        let report: Value = response.json().await.unwrap();
        assert_eq!(report["counts"]["rejected"], 0, "{file}: {report}");
    }
    // The Excel list: every row without a USCC is a registered firm matched by its name.
    let book = std::fs::read("seeds/samples/enterprise_list.xlsx").unwrap();
    let response = app
        .with_key(
            reqwest::Method::POST,
            "/api/v1/imports?kind=enterprises",
            Some(&admin),
        )
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(book)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(
        (rows.len(), report["counts"]["rejected"].as_u64()),
        (6, Some(0)),
        "{report}"
    );
    let matched: Vec<&str> = rows
        .iter()
        .filter_map(|r| r["matched"]["by"].as_str())
        .collect();
    assert_eq!(matched, vec!["name"; 5], "{report}");
}

#[tokio::test]
async fn a_file_is_written_chunk_by_chunk_and_resumes_where_it_stopped() {
    use chain_atlas::imports::{self, ImportKind, ImportOptions, OnError, Source};

    let app = spawn_app().await;
    let tag = unique_prefix("chunks");
    let who = curator();
    let usccs: Vec<String> = (0..23).map(|_| fresh_uscc()).collect();
    let rows: Vec<String> = usccs
        .iter()
        .enumerate()
        .map(|(i, u)| format!("{u},{tag}分块企业{i},130200"))
        .collect();
    let csv = |n: usize| format!("uscc,name_zh,region\n{}\n", rows[..n].join("\n"));
    let options = ImportOptions {
        chunk: 5,
        ..ImportOptions::new(false, OnError::Abort)
    };
    let quiet = std::sync::Arc::new(|_, _| {});
    // A first run that stopped after 12 rows (as if killed), then the whole file again.
    let first = imports::run(
        &app.db,
        &who,
        ImportKind::Enterprises,
        &Source::from(csv(12)),
        options,
        quiet.clone(),
    )
    .await
    .unwrap();
    assert_eq!(first.counts.created, 12);
    let whole = imports::run(
        &app.db,
        &who,
        ImportKind::Enterprises,
        &Source::from(csv(23)),
        options,
        quiet,
    )
    .await
    .unwrap();
    assert_eq!(
        (whole.counts.created, whole.counts.unchanged),
        (11, 12),
        "{:?}",
        whole.counts
    );
    for u in &usccs {
        assert!(exists(&app, u).await, "{u} missing");
    }
}

/// Until Neo4j reports any transaction waiting for a lock.
async fn wait_for_a_blocked_write(db: &chain_atlas::db::Db) {
    let show = "SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked'
                RETURN count(*) AS n";
    for _ in 0..200 {
        let n: Vec<i64> = db.column(neo4rs::query(show), "n").await.unwrap();
        if n.first().copied().unwrap_or(0) > 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import's write never waited for the lock");
}

#[tokio::test]
async fn a_chunk_whose_write_times_out_is_planned_again_and_written_once() {
    use chain_atlas::imports::{self, ImportKind, ImportOptions, OnError, Source};
    use std::time::Duration;

    let app = spawn_app().await;
    let tag = unique_prefix("retry");
    let who = curator();
    let usccs: Vec<String> = (0..12).map(|_| fresh_uscc()).collect();
    let csv = |names: &str| {
        let rows: Vec<String> = usccs
            .iter()
            .enumerate()
            .map(|(i, u)| format!("{u},{tag}{names}{i},130200"))
            .collect();
        format!("uscc,name_zh,region\n{}\n", rows.join("\n"))
    };
    let options = ImportOptions {
        chunk: 5,
        ..ImportOptions::new(false, OnError::Skip)
    };
    let quiet = std::sync::Arc::new(|_, _| {});
    let first = imports::run(
        &app.db,
        &who,
        ImportKind::Enterprises,
        &Source::from(csv("重试企业")),
        options,
        quiet.clone(),
    )
    .await
    .unwrap();
    assert_eq!(first.counts.created, 12);
    let held_id = first.rows[0].id.clone().unwrap();

    // The first chunk renames a firm another transaction holds locked, so its write waits past
    // the import's timeout; the lock goes once that has certainly expired.
    let lock = HeldLock::take(&app.db, &held_id).await;
    let impatient = app.db.with_timeout(Duration::from_millis(1_000));
    let import = async {
        let source = Source::from(csv("重试改名"));
        let kind = ImportKind::Enterprises;
        imports::run(&impatient, &who, kind, &source, options, quiet).await
    };
    let release = async {
        wait_for_a_blocked_write(&app.db).await;
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        lock.release().await;
    };
    let (report, ()) = tokio::join!(import, release);
    let report = report.expect("the timed-out chunk was written on a later attempt");
    assert_eq!(
        (report.counts.updated, report.counts.rejected),
        (12, 0),
        "{:?}",
        report.counts
    );
    for (i, u) in usccs.iter().enumerate() {
        let found: Value = app
            .get(&format!("/api/v1/enterprises/by-uscc/{u}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(found["name_zh"], format!("{tag}重试改名{i}"), "{u}");
    }
    let copies: Vec<i64> = app
        .db
        .column(
            neo4rs::query("MATCH (e:Enterprise) WHERE e.uscc IN $u RETURN count(e) AS n")
                .param("u", usccs.clone()),
            "n",
        )
        .await
        .unwrap();
    assert_eq!(copies, vec![12]);
}

#[tokio::test]
async fn large_files_run_as_jobs_that_report_progress_and_outcome() {
    let mut settings = crate::helpers::test_settings();
    settings.application.import_sync_rows = 3;
    let app = spawn_ready_app_with(settings).await;
    let tag = unique_prefix("job");
    let member = app.member_key(&tag).await;
    let rows: Vec<String> = (0..8)
        .map(|i| format!("{},{tag}后台企业{i},130200", fresh_uscc()))
        .collect();
    let csv = format!("uscc,name_zh,region\n{}\n", rows.join("\n"));
    let started = app.import_csv(&member, "kind=enterprises", &csv).await;
    assert_eq!(started.status(), 202);
    let location = started.headers()["location"].to_str().unwrap().to_owned();
    let job: Value = started.json().await.unwrap();
    assert_eq!(job["rows_total"], 8);
    let mut finished = None;
    for _ in 0..300 {
        let now: Value = app
            .with_key(reqwest::Method::GET, &location, Some(&member))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if now["status"] != "running" {
            finished = Some(now);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let job = finished.expect("the job finished");
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["report"]["counts"]["created"], 8);
    // Another member cannot follow it.
    let other = app.member_key(&unique_prefix("nosy")).await;
    let hidden = app
        .with_key(reqwest::Method::GET, &location, Some(&other))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404);
}

#[tokio::test]
async fn memberships_import_and_curator_only_columns() {
    let app = spawn_app().await;
    let tag = unique_prefix("members");
    let (admin, member) = (app.admin_key().await, app.member_key(&tag).await);
    let id = app
        .register_enterprise(&member, &format!("{tag}企业"), "130200")
        .await;
    let csv = format!(
        "enterprise,segment,role,products\n{id},robotics.reducers,core,RV reducers;harmonic drives\n{id},robotics.nowhere,core,\n"
    );
    let skipped: Value = app
        .import_csv(&member, "kind=memberships&on_error=skip", &csv)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statuses(&skipped), vec!["created", "rejected"]);
    let firm = app.get_json(&format!("/api/v1/enterprises/{id}")).await;
    assert_eq!(firm["segments"][0]["products"][1], "harmonic drives");
    // Ids and the synthetic mark are for curators; a curator's synthetic record is never verified.
    let synthetic = format!(
        "id,uscc,name_zh,region,synthetic\n{tag}-syn,{},【合成】{tag},130200,true\n",
        fresh_uscc()
    );
    let refused = app
        .import_csv(&member, "kind=enterprises", &synthetic)
        .await;
    assert_eq!(refused.status(), 422);
    let done: Value = app
        .import_csv(&admin, "kind=enterprises", &synthetic)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(done["rows"][0]["id"], format!("{tag}-syn"));
    let record = app
        .get_json(&format!("/api/v1/enterprises/{tag}-syn"))
        .await;
    assert_eq!(
        (record["synthetic"].as_bool(), record["verified"].as_bool()),
        (Some(true), Some(false))
    );
}

/// The CLI reads the file from disk (a pass at a time, never whole) and a second run of the same
/// file writes nothing again.
#[tokio::test]
async fn the_cli_imports_a_file_and_a_rerun_changes_nothing() {
    let app = spawn_app().await;
    let tag = unique_prefix("cli");
    let rows: Vec<String> = (0..7)
        .map(|i| format!("{},{tag}命令行企业{i},130200", fresh_uscc()))
        .collect();
    let dir = std::env::temp_dir().join(&tag);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("enterprises.csv");
    std::fs::write(&file, format!("uscc,name_zh,region\n{}\n", rows.join("\n"))).unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_chain-atlas"))
            .args(["import", "--kind", "enterprises"])
            .arg(&file)
            .env("APP_ENV", "test")
            .output()
            .unwrap()
    };
    let first = run();
    let first_out = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{first_out}");
    assert!(first_out.contains("7 created"), "{first_out}");
    assert!(first_out.contains("rows/s"), "{first_out}");
    let again = run();
    let again_out = String::from_utf8_lossy(&again.stdout);
    assert!(again_out.contains("7 unchanged"), "{again_out}");
    let found = app
        .get_json(&format!("/api/v1/enterprises?q={tag}&limit=20"))
        .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 7);
    std::fs::remove_dir_all(dir).unwrap();
}
