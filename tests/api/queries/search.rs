use chain_atlas::queries::search::STOP_WORDS;
use neo4rs::query;
use serde_json::Value;

use crate::helpers::{spawn_app, unique_prefix};

/// The hits found as written (a forgiving search may add records the text could mean).
fn written(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["as_written"] == true)
        .map(|h| h["id"].as_str().unwrap())
        .collect()
}

fn ids(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn search_finds_names_containing_every_word_and_the_matching_chains() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("s").replace('-', "");
    let name = format!("京津冀星河氢能装备{tag}有限公司");
    let id = app.firm(&admin, &name, "130700", None).await;
    let found = app
        .get_json(&format!("/api/v1/search?q=星河氢能装备{tag}"))
        .await;
    assert_eq!(written(&found), [id.as_str()], "{found}");
    // Words need not be next to each other, but each must appear as written.
    let apart = app
        .get_json(&format!("/api/v1/search?q=京津冀 {tag}"))
        .await;
    assert_eq!(written(&apart), [id.as_str()], "{apart}");
    // Text not found as written may still mean a record (a short name, a typo): it is offered,
    // marked so, after every hit as written.
    let as_written = |page: &Value| -> Vec<bool> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["as_written"].as_bool().unwrap())
            .collect()
    };
    assert!(as_written(&found)[0]);
    for q in [format!("北京 {tag}"), format!("能氢装备{tag}")] {
        let forgiven = app.get_json(&format!("/api/v1/search?q={q}")).await;
        assert!(as_written(&forgiven).iter().all(|w| !w), "{q}: {forgiven}");
    }

    // A chain's name finds the chain as a topic, and the organisations named after it.
    let hydrogen = app.get_json("/api/v1/search?q=氢能&limit=100").await;
    let topics = hydrogen["topics"].as_array().unwrap();
    assert!(
        topics
            .iter()
            .any(|t| t["id"] == "hydrogen" && t["level"] == "chain"),
        "{hydrogen}"
    );
    assert!(ids(&hydrogen).contains(&id.as_str()));

    // English words, the last one possibly cut short as one types; stop words are no obstacle.
    for q in [
        "Science%20and%20Technology%20Beijing",
        "university%20of%20science%20and%20techn",
    ] {
        let english = app.get_json(&format!("/api/v1/search?q={q}")).await;
        assert!(ids(&english).contains(&"ustb"), "{q}: {english}");
    }

    // Pages of a word only this test writes (other tests add robot firms as this one runs).
    let mut made = vec![id.clone()];
    for n in 1..=2 {
        made.push(
            app.firm(&admin, &format!("{tag}机器人{n}号"), "120116", None)
                .await,
        );
    }
    let page = app
        .get_json(&format!("/api/v1/search?q={tag}&limit=2"))
        .await;
    let next = page["next_cursor"]
        .as_str()
        .expect("three matches, two a page");
    let second = app
        .get_json(&format!("/api/v1/search?q={tag}&limit=2&cursor={next}"))
        .await;
    assert!(second["topics"].as_array().unwrap().is_empty());
    assert!(second["next_cursor"].is_null());
    let mut paged: Vec<&str> = ids(&page).into_iter().chain(ids(&second)).collect();
    paged.sort();
    made.sort();
    assert_eq!(paged, made);
    // A filter keeps the page full: Lucene is not cut short before the filter applies.
    let labs = app
        .get_json("/api/v1/search?q=机器人&kind=rd_source&limit=100")
        .await;
    assert!(labs["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["kind"] == "rd_source"));

    let hostile = app
        .get_json("/api/v1/search?q=x%27%7D)%20OR%20%22%5B*")
        .await;
    // Searched as text: only a name with that text in it may match (another test writes one).
    for hit in hostile["items"].as_array().unwrap() {
        assert!(
            hit["name_zh"].as_str().unwrap().contains("x'})"),
            "{hostile}"
        );
    }
    let nothing_to_search = app.get_json("/api/v1/search?q=the%20-").await;
    assert!(ids(&nothing_to_search).is_empty());
    assert_eq!(app.get("/api/v1/search?q=").await.status(), 422);
}

#[tokio::test]
async fn the_stop_words_left_out_are_the_analyzers_own() {
    let app = spawn_app().await;
    let rows = app
        .db
        .rows(query(
            "CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer, stopwords
             WITH analyzer, stopwords WHERE analyzer = 'cjk' RETURN stopwords",
        ))
        .await
        .unwrap();
    let mut theirs: Vec<String> = rows[0].get("stopwords").unwrap();
    theirs.sort();
    assert_eq!(theirs, STOP_WORDS);
}
