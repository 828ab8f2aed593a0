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
    assert_eq!(clusters.len(), 12);
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

#[tokio::test]
async fn the_five_groups_and_the_national_list_are_told_apart_and_mapped() {
    let app = spawn_app().await;
    let five: Vec<Value> = app
        .get("/api/v1/clusters?kind=five_groups")
        .await
        .json()
        .await
        .unwrap();
    let mut ids: Vec<&str> = five.iter().map(|c| c["id"].as_str().unwrap()).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "biomedicine",
            "cybersecurity",
            "ic",
            "power-equipment",
            "safety-emergency"
        ]
    );
    assert!(five
        .iter()
        .all(|c| c["kind"] == "five_groups" && c["listed_year"] == 2023));
    let national: Vec<Value> = app
        .get("/api/v1/clusters?kind=national")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(national.len(), 7);
    // The correspondence reads both ways, and never within one list.
    let life = national.iter().find(|c| c["id"] == "life-health").unwrap();
    assert_eq!(life["corresponds_to"], serde_json::json!(["biomedicine"]));
    let bio = five.iter().find(|c| c["id"] == "biomedicine").unwrap();
    assert_eq!(bio["corresponds_to"], serde_json::json!(["life-health"]));
    let tianjin_led = five.iter().find(|c| c["id"] == "cybersecurity").unwrap();
    assert_eq!(tianjin_led["lead_region"], "120000");
    assert_eq!(
        app.get("/api/v1/clusters?kind=joint").await.status(),
        422,
        "the old kinds are gone"
    );
    // Every seeded member of a five-groups cluster is synthetic, so hiding synthetic data
    // leaves it empty.
    let bio_real = app
        .get_json("/api/v1/clusters/biomedicine?synthetic=false")
        .await;
    assert!(bio["member_count"].as_u64().unwrap() > 0);
    assert_eq!(bio_real["member_count"], 0, "{bio_real}");
}
