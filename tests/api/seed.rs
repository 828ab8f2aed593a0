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
    // 37 regions, 6 chains, 39 links, 7 clusters, 8 parks and the demo organisations.
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
            source.len() > 20,
            "reported relationship without a real source"
        );
        assert!(!row.get::<bool>("b_synthetic").unwrap());
    }
}
