//! The change feed (issue 22): every recorded change once, in commit order, the same entries
//! as the records' histories; a mirror that follows it has the records the API serves; a cursor
//! of another feed is gone.

use std::collections::{BTreeMap, HashSet};

use serde_json::{json, Value};

use crate::helpers::{enterprise_body, problem, spawn_app, TestApp};

/// Follows the feed from `after` until a page comes back empty, `limit` at a time.
async fn follow(app: &TestApp, after: Option<&str>, query: &str, limit: usize) -> Vec<Value> {
    let mut after = after.map(str::to_owned);
    let mut changes = Vec::new();
    for _ in 0..10_000 {
        let mut path = format!("/api/v1/changes?limit={limit}{query}");
        if let Some(a) = &after {
            path.push_str(&format!("&after={a}"));
        }
        let page = app.get_json(&path).await;
        let got = page["changes"].as_array().unwrap().clone();
        if got.is_empty() {
            assert_eq!(
                page["next"].as_str(),
                after.as_deref(),
                "an empty page stays put"
            );
            return changes;
        }
        after = Some(page["next"].as_str().unwrap().to_owned());
        assert_eq!(got.last().unwrap()["cursor"], page["next"]);
        changes.extend(got);
    }
    panic!("the feed did not end");
}

fn seq(change: &Value) -> i64 {
    change["cursor"]
        .as_str()
        .unwrap()
        .rsplit_once('-')
        .unwrap()
        .1
        .parse()
        .unwrap()
}

async fn head(app: &TestApp) -> String {
    let page = app.get_json("/api/v1/changes?limit=1").await;
    page["head"]
        .as_str()
        .expect("the feed has begun")
        .to_owned()
}

/// Writes from several tasks at once: registrations, edits, a relationship, a deletion.
async fn busy_writes(app: &TestApp, key: &str, tag: &str) -> Vec<String> {
    let writes = (0..6).map(|i| {
        let (app, key) = (app.clone(), key.to_owned());
        let tag = tag.to_owned();
        tokio::spawn(async move {
            let id = app
                .register_enterprise(&key, &format!("{tag}企业{i}"), "130203")
                .await;
            let patch = json!({"name_en": format!("{tag} firm {i}"), "scale": "medium"});
            let r = app
                .patch_json(&format!("/api/v1/enterprises/{id}"), &key, &patch)
                .await;
            assert_eq!(r.status(), 200);
            id
        })
    });
    let mut ids = Vec::new();
    for w in writes {
        ids.push(w.await.unwrap());
    }
    app.relate(
        key,
        "supplies",
        &ids[0],
        &ids[1],
        json!({"product": format!("{tag}零件")}),
    )
    .await;
    let gone = app
        .post_json(
            "/api/v1/enterprises",
            key,
            &enterprise_body(&format!("{tag}撤回"), "130203"),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.delete(&format!("/api/v1/enterprises/{gone}"), key)
            .await
            .status(),
        204
    );
    ids.push(gone);
    ids
}

#[tokio::test]
async fn the_feed_holds_every_change_once_in_commit_order_as_the_histories_do() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    app.register_enterprise(&key, "变更流起点企业", "130203")
        .await;
    let start = head(&app).await;
    let ids = busy_writes(&app, &key, "变更流甲").await;

    let feed = follow(&app, Some(&start), "", 7).await;
    // Places follow one another from the start with no gap and no repeat, whoever else wrote.
    let first = seq(&json!({"cursor": start})) + 1;
    for (i, change) in feed.iter().enumerate() {
        assert_eq!(seq(change), first + i as i64, "{change}");
    }
    let unique: HashSet<&str> = feed.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(unique.len(), feed.len(), "each change once");

    // Each record's entries in the feed are its history, in the same order.
    for id in &ids {
        let history = app
            .get_json(&format!("/api/v1/enterprises/{id}/history"))
            .await;
        let in_feed: Vec<Value> = feed
            .iter()
            .filter(|c| c["record_id"] == json!(id))
            .map(|c| {
                json!({"id": c["id"], "action": c["action"], "at": c["at"],
                            "by_key": c["by_key"], "by_owner": c["by_owner"],
                            "changes": c["changes"]})
            })
            .collect();
        let history: Vec<Value> = history.as_array().unwrap().clone();
        assert_eq!(in_feed, history, "{id}");
        assert!(in_feed.iter().all(|c| c["changes"].is_object()));
    }
    let actions: Vec<&str> = feed
        .iter()
        .filter(|c| ids.contains(&c["record_id"].as_str().unwrap().to_owned()))
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "create").count(), 7);
    assert_eq!(actions.iter().filter(|a| **a == "delete").count(), 1);

    // Only relationships, when asked.
    let relationships = follow(&app, Some(&start), "&kinds=relationship", 50).await;
    assert!(!relationships.is_empty());
    assert!(relationships
        .iter()
        .all(|c| c["record_kind"] == "relationship"));
    assert!(relationships
        .iter()
        .any(|c| c["changes"]["source_id"] == json!(ids[0])));
}

#[tokio::test]
async fn a_mirror_that_follows_the_feed_has_the_records_the_api_serves() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    app.register_enterprise(&key, "镜像起点企业", "130203")
        .await;
    let start = head(&app).await;
    let ids = busy_writes(&app, &key, "变更流乙").await;
    // A registration with a region and a move to another.
    let moved = app
        .register_enterprise(&key, "变更流乙搬迁企业", "130203")
        .await;
    let r = app
        .patch_json(
            &format!("/api/v1/enterprises/{moved}"),
            &key,
            &json!({"region": "130681"}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let mut mirror: BTreeMap<String, serde_json::Map<String, Value>> = BTreeMap::new();
    for change in follow(&app, Some(&start), "&kinds=enterprise", 5).await {
        let id = change["record_id"].as_str().unwrap().to_owned();
        let changes = change["changes"].as_object().unwrap();
        match change["action"].as_str().unwrap() {
            "create" => {
                mirror.insert(id, changes.clone());
            }
            "delete" => {
                mirror.remove(&id);
            }
            _ => {
                // Other tests edit records they created before `start`: not this mirror's.
                let Some(record) = mirror.get_mut(&id) else {
                    continue;
                };
                for (field, step) in changes {
                    if let Some(to) = step.get("to") {
                        record.insert(field.clone(), to.clone());
                    }
                }
            }
        }
    }
    let mut ours: Vec<&String> = ids.iter().chain([&moved]).collect();
    ours.sort();
    let mirrored: Vec<&String> = mirror.keys().filter(|id| ours.contains(id)).collect();
    let served: Vec<&String> = {
        let mut kept = Vec::new();
        for id in &ours {
            if app.get(&format!("/api/v1/enterprises/{id}")).await.status() == 200 {
                kept.push(*id);
            }
        }
        kept
    };
    assert_eq!(
        mirrored, served,
        "the same records: the deleted one in neither"
    );
    for id in served {
        let record = app.get_json(&format!("/api/v1/enterprises/{id}")).await;
        let copy = &mirror[id.as_str()];
        for field in [
            "name_zh",
            "name_en",
            "uscc",
            "scale",
            "source",
            "region_code",
        ] {
            let copied = copy.get(field).cloned().unwrap_or(Value::Null);
            assert_eq!(copied, record[field], "{id} {field}");
        }
        assert!(
            !copy.contains_key("match_text"),
            "only what the record shows"
        );
    }
}

#[tokio::test]
async fn a_cursor_the_feed_never_gave_is_refused_and_one_of_another_database_is_gone() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    app.register_enterprise(&key, "游标检查企业", "130203")
        .await;
    let head = head(&app).await;
    let epoch = head.split_once('-').unwrap().0.to_owned();

    let other = if epoch == "00000000" {
        "00000001"
    } else {
        "00000000"
    };
    for after in [format!("{other}-1"), format!("{epoch}-999999999999")] {
        let response = app.get(&format!("/api/v1/changes?after={after}")).await;
        assert_eq!(response.status(), 410, "{after}");
        let p = problem(response).await;
        assert_eq!(p["type"], "https://chain-atlas.example/problems/gone");
        assert_eq!(p["oldest_cursor"], json!(format!("{epoch}-0")));
        // Where it says to start again is a place the feed reads from.
        let restart = app
            .get(&format!("/api/v1/changes?after={epoch}-0&limit=1"))
            .await;
        assert_eq!(restart.status(), 200);
    }
    for (query, field) in [
        ("after=not-a-cursor", "after"),
        ("kinds=firm", "kinds"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
    ] {
        let response = app.get(&format!("/api/v1/changes?{query}")).await;
        assert_eq!(response.status(), 422, "{query}");
        let p = problem(response).await;
        assert_eq!(p["errors"][0]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn the_feed_keeps_the_changes_about_a_chain_or_a_region() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    let start = {
        app.register_enterprise(&key, "变更流筛选起点", "130203")
            .await;
        head(&app).await
    };
    // A Tangshan reducer maker, a Beijing integrator it supplies, and a Tangshan firm that
    // leaves: registered, placed in a link, then deleted.
    let maker = app
        .firm(
            &key,
            "变更流筛选减速器厂",
            "130203",
            Some("robotics.reducers"),
        )
        .await;
    let integrator = app
        .firm(
            &key,
            "变更流筛选集成商",
            "110108",
            Some("machine-tools.integration"),
        )
        .await;
    let supply = app
        .relate(
            &key,
            "supplies",
            &maker,
            &integrator,
            json!({"product": "减速器"}),
        )
        .await;
    let gone = app
        .firm(
            &key,
            "变更流筛选撤回企业",
            "130203",
            Some("robotics.reducers"),
        )
        .await;
    assert_eq!(
        app.delete(&format!("/api/v1/enterprises/{gone}"), &key)
            .await
            .status(),
        204
    );

    let about = |changes: &[Value]| -> Vec<(String, String)> {
        let ours = [&maker, &integrator, &supply, &gone];
        changes
            .iter()
            .filter(|c| ours.iter().any(|id| c["record_id"] == json!(id)))
            .map(|c| {
                let id = c["record_id"].as_str().unwrap();
                let who = if id == maker {
                    "maker"
                } else if id == integrator {
                    "integrator"
                } else if id == supply {
                    "supply"
                } else {
                    "gone"
                };
                (who.to_owned(), c["action"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    // A firm is in a chain from the change that places it there; a relationship is about both
    // ends' chains; a deleted firm is still about the chain it left.
    let robotics = follow(&app, Some(&start), "&chain=robotics", 50).await;
    assert_eq!(
        about(&robotics),
        pairs(&[
            ("maker", "update"),
            ("supply", "create"),
            ("gone", "update"),
            ("gone", "delete")
        ])
    );
    // A region holds what is located in it or below, and relationships with an end there.
    let tangshan = follow(&app, Some(&start), "&region=130200", 50).await;
    assert_eq!(
        about(&tangshan),
        pairs(&[
            ("maker", "create"),
            ("maker", "update"),
            ("supply", "create"),
            ("gone", "create"),
            ("gone", "update"),
            ("gone", "delete")
        ])
    );
    let beijing = follow(&app, Some(&start), "&region=110000&kinds=enterprise", 50).await;
    assert_eq!(
        about(&beijing),
        pairs(&[("integrator", "create"), ("integrator", "update")])
    );
}
