use crate::helpers::{spawn_app, unique_prefix};

#[tokio::test]
async fn search_finds_chinese_fragments_fields_and_english_words() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("s").replace('-', "");
    let name = format!("京津冀星河氢能装备{tag}有限公司");
    let id = app.firm(&admin, &name, "130700", None).await;
    let found = app
        .get_json(&format!("/api/v1/search?q=星河氢能装备{tag}"))
        .await;
    assert_eq!(found["items"][0]["id"], id.as_str());

    let hydrogen = app.get_json("/api/v1/search?q=氢能&limit=100").await;
    let ids: Vec<&str> = hydrogen["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.iter().any(|i| i.starts_with("demo-hydrogen-")),
        "a firm in the hydrogen chain"
    );
    let english = app
        .get_json("/api/v1/search?q=Science%20and%20Technology%20Beijing")
        .await;
    // Other records may carry the same English name (the contract tests create such look-alikes),
    // so USTB must be among the best-scored hits rather than strictly first.
    let hits = english["items"].as_array().unwrap();
    let best = hits[0]["score"].as_f64().unwrap();
    assert!(
        hits.iter()
            .any(|h| h["id"] == "ustb" && h["score"].as_f64() == Some(best)),
        "{english}"
    );

    let page = app.get_json("/api/v1/search?q=机器人&limit=2").await;
    let next = page["next_cursor"]
        .as_str()
        .expect("more than two robot matches");
    let second = app
        .get_json(&format!("/api/v1/search?q=机器人&limit=2&cursor={next}"))
        .await;
    assert_ne!(page["items"][0]["id"], second["items"][0]["id"]);
    let hostile = app.get("/api/v1/search?q=x%27%7D)%20OR%20%22%5B*").await;
    assert_eq!(hostile.status(), 200);
    assert_eq!(app.get("/api/v1/search?q=").await.status(), 422);
}
