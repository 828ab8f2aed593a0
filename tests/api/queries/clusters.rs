use crate::helpers::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn clusters_report_the_seeded_members() {
    let app = spawn_app().await;
    let seeds: Value =
        serde_json::from_str(&std::fs::read_to_string("seeds/demo/organisations.json").unwrap())
            .unwrap();
    let expected = seeds["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            o["clusters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "life-health")
        })
        .count();
    let clusters: Vec<Value> = app.get("/api/v1/clusters").await.json().await.unwrap();
    assert_eq!(clusters.len(), 7);
    let life = app.get_json("/api/v1/clusters/life-health").await;
    assert_eq!(life["member_count"].as_u64().unwrap() as usize, expected);
    assert_eq!(life["members"].as_array().unwrap().len(), expected);
    assert!(life["chains"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "biomedicine"));
    let total = life["relationships"].as_i64().unwrap();
    assert_eq!(
        life["internal_relationships"].as_i64().unwrap()
            + life["cross_region_relationships"].as_i64().unwrap(),
        total
    );
    assert_eq!(app.get("/api/v1/clusters/atlantis").await.status(), 404);
}
