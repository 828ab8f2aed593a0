use chain_atlas::db::schema::{self, FileStatus, SchemaFile};

use crate::helpers::{spawn_app, unique_prefix};

#[tokio::test]
async fn constraints_and_indexes_exist_after_start_up() {
    let app = spawn_app().await;
    let names: Vec<String> = app
        .db
        .column(
            neo4rs::query("SHOW CONSTRAINTS YIELD name RETURN name"),
            "name",
        )
        .await
        .unwrap();
    for expected in [
        "organisation_id",
        "enterprise_uscc",
        "region_code",
        "segment_id",
        "chain_id",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "missing constraint {expected}"
        );
    }
    let analyzer: Vec<String> = app
        .db
        .column(
            neo4rs::query(
                "SHOW FULLTEXT INDEXES YIELD name, options WHERE name = 'organisation_names'
                 RETURN options.indexConfig.`fulltext.analyzer` AS analyzer",
            ),
            "analyzer",
        )
        .await
        .unwrap();
    assert_eq!(analyzer, vec!["cjk".to_owned()]);
}

fn leaked(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn status_of(report: &schema::MigrationReport, name: &str) -> Option<FileStatus> {
    report
        .files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| *s)
}

#[tokio::test]
async fn the_ledger_reports_new_unchanged_changed_and_removed_files() {
    let app = spawn_app().await;
    let tag = unique_prefix("schema").replace('-', "_");
    let name = leaked(format!("{tag}.cypher"));
    let v1 = leaked(format!(
        "CREATE INDEX {tag} IF NOT EXISTS FOR (n:TestOnly) ON (n.a);"
    ));
    let v2 = leaked(format!(
        "CREATE INDEX {tag} IF NOT EXISTS FOR (n:TestOnly) ON (n.b);"
    ));

    let first = schema::apply_files(&app.db, &[SchemaFile { name, text: v1 }])
        .await
        .unwrap();
    assert_eq!(status_of(&first, name), Some(FileStatus::Applied));
    // The shipped files are absent from this list, so the ledger reports them as removed.
    assert_eq!(
        status_of(&first, "001_constraints.cypher"),
        Some(FileStatus::Removed)
    );
    let again = schema::apply_files(&app.db, &[SchemaFile { name, text: v1 }])
        .await
        .unwrap();
    assert_eq!(status_of(&again, name), Some(FileStatus::Unchanged));
    let edited = schema::apply_files(&app.db, &[SchemaFile { name, text: v2 }])
        .await
        .unwrap();
    assert_eq!(status_of(&edited, name), Some(FileStatus::Changed));
    assert!(edited.needs_attention());
    let shipped = schema::apply(&app.db).await.unwrap();
    assert_eq!(status_of(&shipped, name), Some(FileStatus::Removed));
    assert!(schema::is_current(&app.db).await.unwrap());

    let cleanup = [
        format!("DROP INDEX {tag} IF EXISTS"),
        format!("MATCH (m:SchemaFile {{name: '{name}'}}) DELETE m"),
    ];
    for statement in cleanup {
        app.db.run(neo4rs::query(&statement)).await.unwrap();
    }
}

#[tokio::test]
async fn memberships_written_before_their_keys_existed_get_them() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let name = unique_prefix("钥匙").replace('-', "");
    let firm = app
        .firm(&admin, &name, "130200", Some("robotics.reducers"))
        .await;
    let strip = "MATCH (:Organisation {id: $id})-[m:OPERATES_IN]->() REMOVE m.segment_id, m.org_id";
    app.db
        .run(neo4rs::query(strip).param("id", firm.as_str()))
        .await
        .unwrap();
    let path = format!("/api/v1/enterprises?link=robotics.reducers&q={name}&limit=100");
    // Without its keys the membership is invisible to the link's list…
    assert_eq!(app.get_json(&path).await["items"], serde_json::json!([]));
    // …until the migration (run again, as on an old database) fills them in.
    rerun(&app, "009_membership_keys.cypher").await;
    let after = app.get_json(&path).await;
    assert_eq!(after["items"][0]["id"], firm.as_str(), "{after}");

    // A link's list reads the membership's link (schema 011), written before sub-links too.
    let strip = "MATCH (:Organisation {id: $id})-[m:OPERATES_IN]->() REMOVE m.link_id";
    app.db
        .run(neo4rs::query(strip).param("id", firm.as_str()))
        .await
        .unwrap();
    assert_eq!(app.get_json(&path).await["items"], serde_json::json!([]));
    rerun(&app, "011_sub_link_memberships.cypher").await;
    let after = app.get_json(&path).await;
    assert_eq!(after["items"][0]["id"], firm.as_str(), "{after}");
}

/// Branches recorded before paths followed them both ways get their reverse twin (schema 012).
#[tokio::test]
async fn branches_recorded_before_their_twins_existed_get_them() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("twin");
    let parent = app
        .firm(&admin, &format!("{tag}总部"), "110108", None)
        .await;
    let plant = app
        .firm(&admin, &format!("{tag}分厂"), "130900", None)
        .await;
    let branch = app
        .relate(&admin, "branch_of", &plant, &parent, serde_json::json!({}))
        .await;
    app.db
        .run(
            neo4rs::query("MATCH ()-[t:HAS_BRANCH {id: $id}]->() DELETE t")
                .param("id", branch.as_str()),
        )
        .await
        .unwrap();
    assert_eq!(app.branch_twins(&branch).await, 0);
    rerun(&app, "012_branch_twins.cypher").await;
    assert_eq!(app.branch_twins(&branch).await, 1);
    // Running it again adds none.
    rerun(&app, "012_branch_twins.cypher").await;
    assert_eq!(app.branch_twins(&branch).await, 1);
}

/// Applies a committed schema file again under a new name, as on a database that predates it,
/// and forgets it in the ledger afterwards.
async fn rerun(app: &crate::helpers::TestApp, name: &str) {
    let file = schema::FILES.iter().find(|f| f.name == name).unwrap();
    let rerun = leaked(format!("{}_{}", unique_prefix("rerun"), file.name));
    schema::apply_files(
        &app.db,
        &[SchemaFile {
            name: rerun,
            text: file.text,
        }],
    )
    .await
    .unwrap();
    let forget = "MATCH (m:SchemaFile {name: $name}) DELETE m";
    app.db
        .run(neo4rs::query(forget).param("name", rerun))
        .await
        .unwrap();
}
