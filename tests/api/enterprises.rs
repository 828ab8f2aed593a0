use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{enterprise_body, problem, spawn_app, unique_prefix};

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_member_registers_edits_and_deletes_its_enterprise_with_history() {
    let app = spawn_app().await;
    let org = unique_prefix("org");
    let member = app.member_key(&org).await;
    let created = app
        .post_json(
            "/api/v1/enterprises",
            &member,
            &enterprise_body("测试减速器有限公司", "130200"),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created = json_of(created).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["verified"], false);
    assert_eq!(created["owner"], org.as_str());
    assert_eq!(created["kind"], "enterprise");

    let path = format!("/api/v1/enterprises/{id}");
    let patched = app
        .patch_json(
            &path,
            &member,
            &json!({"scale": "large", "name_en": "Test Reducer"}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let patched = json_of(patched).await;
    assert_eq!(
        (patched["scale"].as_str(), patched["name_en"].as_str()),
        (Some("large"), Some("Test Reducer"))
    );
    let cleared = json_of(
        app.patch_json(&path, &member, &json!({"name_en": null}))
            .await,
    )
    .await;
    assert!(cleared["name_en"].is_null());

    assert_eq!(app.delete(&path, &member).await.status(), 204);
    assert_eq!(app.get(&path).await.status(), 404);
    let history: Vec<Value> = json_of(app.get(&format!("{path}/history")).await)
        .await
        .as_array()
        .unwrap()
        .clone();
    let actions: Vec<&str> = history
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["create", "update", "update", "delete"]);
    assert_eq!(
        history[1]["changes"]["scale"],
        json!({"from": "small", "to": "large"})
    );
    assert_eq!(history[1]["by_owner"], org.as_str());
}

#[tokio::test]
async fn members_change_only_what_their_organisation_owns() {
    let app = spawn_app().await;
    let owner = app.member_key(&unique_prefix("owner")).await;
    let other = app.member_key(&unique_prefix("other")).await;
    let admin = app.admin_key().await;
    let created = json_of(
        app.post_json(
            "/api/v1/enterprises",
            &owner,
            &enterprise_body("归属测试企业", "130600"),
        )
        .await,
    )
    .await;
    let path = format!("/api/v1/enterprises/{}", created["id"].as_str().unwrap());
    assert_eq!(
        app.patch_json(&path, &other, &json!({"scale": "large"}))
            .await
            .status(),
        403
    );
    assert_eq!(app.delete(&path, &other).await.status(), 403);
    assert_eq!(
        app.post_json(&format!("{path}/verify"), &owner, &json!({}))
            .await
            .status(),
        403
    );
    assert_eq!(
        app.patch_json(&path, &admin, &json!({"scale": "medium"}))
            .await
            .status(),
        200
    );
    let verified = json_of(
        app.post_json(&format!("{path}/verify"), &admin, &json!({}))
            .await,
    )
    .await;
    assert_eq!(verified["verified"], true);
}

#[tokio::test]
async fn a_second_registration_of_a_uscc_is_a_409_naming_the_first() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("org")).await;
    let body = enterprise_body("重复代码企业", "130200");
    let first = json_of(app.post_json("/api/v1/enterprises", &member, &body).await).await;
    let second = app.post_json("/api/v1/enterprises", &member, &body).await;
    assert_eq!(second.status(), 409);
    assert_eq!(problem(second).await["existing_id"], first["id"]);
    let uscc = body["uscc"].as_str().unwrap();
    // The lookup answers at its /api/v1/uscc path and at the deprecated one it moved from.
    for path in [
        format!("/api/v1/uscc/{uscc}"),
        format!("/api/v1/enterprises/by-uscc/{uscc}"),
    ] {
        let found = app.get_json(&path).await;
        assert_eq!(found["id"], first["id"], "{path}");
    }
    // The rolled-back registration left no history behind.
    let history: Vec<Value> = json_of(
        app.get(&format!(
            "/api/v1/enterprises/{}/history",
            first["id"].as_str().unwrap()
        ))
        .await,
    )
    .await
    .as_array()
    .unwrap()
    .clone();
    assert_eq!(history.len(), 1);
}

#[tokio::test]
async fn fifty_concurrent_registrations_of_one_uscc_create_one_enterprise() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("org")).await;
    let body = enterprise_body("并发注册企业", "130200");
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let request = app
            .client
            .post(app.url("/api/v1/enterprises"))
            .bearer_auth(&member)
            .json(&body);
        attempts.spawn(async move { request.send().await.expect("sent").status().as_u16() });
    }
    let statuses = attempts.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        49,
        "{statuses:?}"
    );
    let count: Vec<i64> = app
        .db
        .column(
            neo4rs::query("MATCH (e:Enterprise {uscc: $u}) RETURN count(e) AS n")
                .param("u", body["uscc"].as_str().unwrap()),
            "n",
        )
        .await
        .unwrap();
    assert_eq!(count, vec![1]);
}

#[tokio::test]
async fn near_duplicate_names_in_a_region_are_flagged_not_refused() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("org")).await;
    let brand = unique_prefix("dup");
    let first = json_of(
        app.post_json(
            "/api/v1/enterprises",
            &member,
            &enterprise_body(&format!("{brand}机器人科技有限公司"), "130209"),
        )
        .await,
    )
    .await;
    let second = app
        .post_json(
            "/api/v1/enterprises",
            &member,
            &enterprise_body(&format!("{brand}机器人科技"), "130209"),
        )
        .await;
    assert_eq!(second.status(), 201);
    let second = json_of(second).await;
    let flagged: Vec<&Value> = second["possible_duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert!(flagged.iter().any(|d| d["id"] == first["id"]), "{second}");
    let elsewhere = json_of(
        app.post_json(
            "/api/v1/enterprises",
            &member,
            &enterprise_body(&format!("{brand}机器人科技"), "120116"),
        )
        .await,
    )
    .await;
    assert!(elsewhere["possible_duplicates"]
        .as_array()
        .unwrap()
        .is_empty());
}

async fn page(app: &crate::helpers::TestApp, brand: &str, query: &str) -> Value {
    json_of(
        app.get(&format!("/api/v1/enterprises?q={brand}&{query}"))
            .await,
    )
    .await
}

#[tokio::test]
async fn lists_filter_by_region_subtree_chain_and_text_and_page_with_a_cursor() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let brand = unique_prefix("list");
    let mut ids = Vec::new();
    for region in ["130209", "130200", "131002", "110108"] {
        let created = json_of(
            app.post_json(
                "/api/v1/enterprises",
                &admin,
                &enterprise_body(&format!("{brand}{region}"), region),
            )
            .await,
        )
        .await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let seg = format!("/api/v1/enterprises/{}/segments/robotics.reducers", ids[0]);
    let put = app
        .with_key(Method::PUT, &seg, Some(&admin))
        .json(&json!({"role": "core", "products": ["RV reducers"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);

    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(&page(&app, &brand, "region=130200").await).len(),
        2,
        "Tangshan and its Caofeidian district"
    );
    assert_eq!(names(&page(&app, &brand, "region=130000").await).len(), 3);
    assert_eq!(
        names(&page(&app, &brand, "chain=robotics").await),
        vec![ids[0].clone()]
    );
    assert_eq!(
        names(&page(&app, &brand, "link=robotics.reducers&verified=true").await),
        vec![ids[0].clone()]
    );

    // Pages in id order, whether the query reads the id index in order (no filter, or a
    // province) or starts from a smaller region's subtree.
    for (filter, of) in [("", &ids[..]), ("region=130200&", &ids[..2])] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let query = match &cursor {
                Some(c) => format!("{filter}limit=1&cursor={c}"),
                None => format!("{filter}limit=1"),
            };
            let p = page(&app, &brand, &query).await;
            seen.extend(names(&p));
            match p["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        let mut expected = of.to_vec();
        expected.sort();
        assert_eq!(seen, expected, "{filter}");
    }
}

/// Concurrent writers that move firms between the same regions lock the same nodes; Neo4j
/// then aborts some of them as deadlocks, and the service must retry rather than answer 503.
#[tokio::test]
async fn concurrent_moves_between_two_regions_all_succeed() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("org")).await;
    let mut ids = Vec::new();
    for i in 0..24 {
        let created: Value = json_of(
            app.post_json(
                "/api/v1/enterprises",
                &member,
                &enterprise_body(&format!("搬迁并发{i}"), "120116"),
            )
            .await,
        )
        .await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    let mut attempts = tokio::task::JoinSet::new();
    for (i, id) in ids.iter().enumerate() {
        let (region, park) = if i % 2 == 0 {
            ("130209", "caofeidian-demo-zone")
        } else {
            ("120116", "binhai-zgc")
        };
        let request = app
            .client
            .patch(app.url(&format!("/api/v1/enterprises/{id}")))
            .bearer_auth(&member)
            .json(&json!({"region": region, "park": park, "scale": "large"}));
        attempts.spawn(async move { request.send().await.expect("sent").status().as_u16() });
    }
    let statuses = attempts.join_all().await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}
