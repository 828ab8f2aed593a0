use chain_atlas::seed::{self, SeedData, SeedSet};

use crate::helpers::spawn_app;

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = spawn_app().await;
    let before = seed::counts(&app.db).await.unwrap();
    seed::load(
        &app.db,
        &SeedData::embedded().unwrap(),
        SeedSet::ReferenceAndDemo,
    )
    .await
    .unwrap();
    let after = seed::counts(&app.db).await.unwrap();
    assert_eq!(before, after);
    // 214 regions, 6 chains, 40 links and 16 sub-links, 12 clusters, 8 parks and the demo
    // organisations.
    assert!(before.nodes >= 60 + 6 + 36, "{before:?}");
    assert!(before.relationships >= 120, "{before:?}");
}

#[tokio::test]
async fn reported_examples_carry_their_source() {
    let app = spawn_app().await;
    let rows = app
        .db
        .rows(neo4rs::query(
            "MATCH (a:Organisation)-[r]->(b:Organisation)
             WHERE r.dataset = 'demo' AND NOT r.synthetic
             RETURN a.id AS a, r.source AS source, b.synthetic AS b_synthetic",
        ))
        .await
        .unwrap();
    assert!(rows.len() >= 3);
    for row in rows {
        let source: String = row.get("source").unwrap();
        assert!(
            (source.contains("https://") || source.contains("http://"))
                && !source.contains("domain notes"),
            "reported relationship without the report's address: {source}"
        );
        assert!(!row.get::<bool>("b_synthetic").unwrap());
    }
}

#[tokio::test]
async fn synthetic_records_are_never_verified_and_can_be_hidden() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let rows = app
        .db
        .rows(neo4rs::query(
            "MATCH (o:Organisation {dataset: 'demo'})
             RETURN o.synthetic AS synthetic, o.inferred IS NOT NULL AS inferred,
                    o.verified AS verified, count(*) AS n",
        ))
        .await
        .unwrap();
    let mut real = 0;
    for row in &rows {
        let synthetic: bool = row.get("synthetic").unwrap();
        let inferred: bool = row.get("inferred").unwrap();
        let verified: bool = row.get("verified").unwrap();
        assert_eq!(
            verified,
            !synthetic && !inferred,
            "seeded synthetic and inferred records are unverified"
        );
        if !synthetic {
            real += row.get::<i64>("n").unwrap();
        }
    }
    assert!(real >= 5);

    let demo = app
        .get_json("/api/v1/enterprises?synthetic=true&limit=1")
        .await;
    let demo_id = demo["items"][0]["id"].as_str().unwrap().to_owned();
    let refused = app
        .post_json(
            &format!("/api/v1/enterprises/{demo_id}/verify"),
            &admin,
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(refused.status(), 409);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("never verified"),
        "{body}"
    );

    let verified = app
        .get_json("/api/v1/enterprises?verified=true&limit=200")
        .await;
    assert!(verified["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["synthetic"] == false));
    let real_only = app
        .get_json("/api/v1/search?q=机器人&synthetic=false&limit=100")
        .await;
    let hits = real_only["items"].as_array().unwrap();
    assert!(hits.iter().all(|h| h["synthetic"] == false), "{real_only}");
    let with_demo = app.get_json("/api/v1/search?q=机器人&limit=100").await;
    assert!(with_demo["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["synthetic"] == true));
    let map = app
        .get_json("/api/v1/chains/robotics/map?synthetic=false")
        .await;
    let firms = firms_on_map(&map);
    // Mech-Mind (sensors) and Pulong (applications) are the real robotics firms seeded.
    assert!(firms >= 2, "{map}");
    let demo_map = app.get_json("/api/v1/chains/robotics/map").await;
    let all = firms_on_map(&demo_map);
    assert!(
        all > firms + 10,
        "synthetic firms are counted without the filter"
    );
}

/// Every enterprise a chain map counts, over all its links and provinces.
fn firms_on_map(map: &serde_json::Value) -> u64 {
    let links = map["links"].as_array().unwrap().iter();
    links
        .flat_map(|l| l["by_province"].as_object().unwrap().values())
        .map(|n| n.as_u64().unwrap())
        .sum()
}

/// Seeded records were loaded, not recorded: their history is empty, not missing; an id that
/// never existed still has none to show.
#[tokio::test]
async fn a_seeded_record_has_an_empty_history_and_an_unknown_one_none() {
    let app = spawn_app().await;
    let history = app.get("/api/v1/rd-sources/ustb/history").await;
    assert_eq!(history.status(), 200);
    assert_eq!(
        history.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!([])
    );
    assert_eq!(
        app.get("/api/v1/enterprises/ustb/history").await.status(),
        404,
        "ustb is no enterprise"
    );
    assert_eq!(
        app.get("/api/v1/enterprises/no-such-firm/history")
            .await
            .status(),
        404
    );
}

/// Reference data ships with the binary: a service starting on a seeded database brings it up
/// to date (how an upgrade delivers new links and sub-links), and leaves everything else.
#[tokio::test]
async fn start_up_brings_the_reference_data_up_to_date() {
    let app = spawn_app().await;
    let humanoids = "robotics.robot-bodies.humanoids";
    let tamper = "MATCH (s:Segment {id: $id}) SET s.name_en = 'out of date'";
    app.db
        .run(neo4rs::query(tamper).param("id", humanoids))
        .await
        .unwrap();
    let name = |chain: serde_json::Value| {
        chain["links"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|l| l["sub_links"].as_array().unwrap().clone())
            .find(|s| s["id"] == humanoids)
            .map(|s| s["name_en"].clone())
            .unwrap()
    };
    assert_eq!(
        name(app.get_json("/api/v1/chains/robotics").await),
        "out of date"
    );
    let before = seed::counts(&app.db).await.unwrap();

    let mut settings = crate::helpers::test_settings();
    settings.application.seed_if_empty = true;
    let restarted = crate::helpers::spawn_ready_app_with(settings).await;
    assert_eq!(
        name(restarted.get_json("/api/v1/chains/robotics").await),
        "Humanoid robots"
    );
    assert_eq!(seed::counts(&app.db).await.unwrap(), before);
}

/// Every item of a listing, page after page.
async fn every_item(app: &crate::helpers::TestApp, path: &str) -> Vec<serde_json::Value> {
    let mut items = Vec::new();
    let mut page = app.get_json(path).await;
    loop {
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => page = app.get_json(&format!("{path}&cursor={cursor}")).await,
            None => return items,
        }
    }
}

/// Issue 21's counts: the seeds hold at least 30 real organisations and 20 real relationships
/// (relocations included), as the API lists them.
#[tokio::test]
async fn the_seeds_hold_thirty_real_organisations_and_twenty_real_relationships() {
    let app = spawn_app().await;
    let relationships = every_item(&app, "/api/v1/relationships?synthetic=false&limit=500").await;
    let seeded = relationships
        .iter()
        .filter(|r| r["recorded_by"] == "seed")
        .count();
    assert!(seeded >= 20, "{seeded} real relationships seeded");
    // Seeded records are curated: no member owns them.
    let mut organisations = every_item(&app, "/api/v1/enterprises?synthetic=false&limit=200").await;
    organisations.extend(every_item(&app, "/api/v1/rd-sources?synthetic=false&limit=200").await);
    let seeded = organisations
        .iter()
        .filter(|o| o["owner"].is_null())
        .count();
    assert!(seeded >= 30, "{seeded} real organisations seeded");
}
