//! The defects found by trying the service as a hostile or unlucky client would (issue 8), one
//! test each, numbered as the issue numbers them.

use std::time::Duration;

use chain_atlas::db::Db;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{
    fields, problem, spawn_app, spawn_ready_app_with, test_settings, unique_prefix,
    wait_for_blocked_transaction, HeldLock,
};

/// 1. A cursor that decodes to an offset past any page is a 422, never a 500 (`SKIP -1`).
#[tokio::test]
async fn cursors_and_offsets_are_bounded() {
    let app = spawn_app().await;
    let huge = hex::encode("18446744073709551615");
    for path in [
        format!("/api/v1/search?q=robot&cursor={huge}"),
        format!("/api/v1/search?q=robot&cursor={}", hex::encode("10001")),
        "/api/v1/search?q=robot&cursor=zz".to_owned(),
        format!(
            "/api/v1/enterprises?cursor={}",
            hex::encode("DROP DATABASE")
        ),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 422, "{path}");
        let body = problem(response).await;
        assert_eq!(fields(&body)[0].0, "cursor", "{path}");
    }
}

/// 2. `admin` (and the other role names) cannot be a member organisation.
#[tokio::test]
async fn a_member_key_cannot_take_the_curators_name() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    for org in ["admin", "reader", "seed"] {
        let body = json!({"name": "impostor", "role": "member", "member_org": org});
        let response = app.post_json("/api/v1/keys", &admin, &body).await;
        assert_eq!(response.status(), 422, "{org}");
        let body = problem(response).await;
        assert_eq!(
            fields(&body),
            vec![("member_org".into(), "reserved".into())]
        );
    }
}

/// 3. A member's change to a verified record makes it unverified again, in the same write, and
/// the history shows both the change and the reset.
#[tokio::test]
async fn a_members_change_resets_verification() {
    let app = spawn_app().await;
    let org = unique_prefix("verify");
    let (admin, member) = (app.admin_key().await, app.member_key(&org).await);
    let id = app
        .register_enterprise(&member, &format!("{org}企业"), "130200")
        .await;
    let path = format!("/api/v1/enterprises/{id}");
    let verify = |app: &crate::helpers::TestApp| {
        let (path, admin) = (format!("{path}/verify"), admin.clone());
        let request = app.with_key(Method::POST, &path, Some(&admin));
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(verify(&app).await, 200);
    let renamed = app
        .patch_json(
            &path,
            &member,
            &json!({"name_zh": format!("{org}改名企业")}),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    assert_eq!(renamed.json::<Value>().await.unwrap()["verified"], false);
    let history = app.get_json(&format!("{path}/history")).await;
    let last = &history.as_array().unwrap().last().unwrap()["changes"];
    assert_eq!(last["verified"], json!({"from": true, "to": false}));
    assert!(last.get("name_zh").is_some());

    // Chain links count as a change too; an admin's edit keeps the record verified.
    assert_eq!(verify(&app).await, 200);
    app.join_link(&member, &id, "robotics.reducers").await;
    assert_eq!(app.get_json(&path).await["verified"], false);
    assert_eq!(verify(&app).await, 200);
    let curated = app
        .patch_json(&path, &admin, &json!({"scale": "large"}))
        .await;
    assert_eq!(curated.json::<Value>().await.unwrap()["verified"], true);
}

/// 3. A relationship a member re-imports with another source needs verifying again.
#[tokio::test]
async fn a_reimported_relationship_with_another_source_needs_verifying_again() {
    let app = spawn_app().await;
    let org = unique_prefix("reimport");
    let (admin, member) = (app.admin_key().await, app.member_key(&org).await);
    let a = app
        .register_enterprise(&member, &format!("{org}甲"), "130200")
        .await;
    let b = app
        .register_enterprise(&member, &format!("{org}乙"), "120116")
        .await;
    let csv = |source: &str| {
        format!("kind,source_id,target_id,product,source\nsupplies,{a},{b},gears,{source}\n")
    };
    let first: Value = app
        .import_csv(&member, "kind=relationships", &csv("first report"))
        .await
        .json()
        .await
        .unwrap();
    let rel = first["rows"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/relationships/{rel}");
    let verified = app
        .with_key(Method::POST, &format!("{path}/verify"), Some(&admin))
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 200);
    let again = app
        .import_csv(&member, "kind=relationships", &csv("second report"))
        .await;
    assert_eq!(
        again.json::<Value>().await.unwrap()["rows"][0]["status"],
        "updated"
    );
    let now = app.get_json(&path).await;
    assert_eq!(
        (now["verified"].as_bool(), now["source"].as_str()),
        (Some(false), Some("second report"))
    );
    let history = app.get_json(&format!("{path}/history")).await;
    let last = &history.as_array().unwrap().last().unwrap()["changes"];
    assert_eq!(last["verified"], json!({"from": true, "to": false}));
    assert_eq!(last["source"]["to"], "second report");
}

/// 6. Two imports of the same relationships at once give one record each, and neither import
/// answers 500.
#[tokio::test]
async fn concurrent_imports_of_the_same_rows_write_each_record_once() {
    let app = spawn_app().await;
    let org = unique_prefix("race");
    let member = app.member_key(&org).await;
    let a = app
        .register_enterprise(&member, &format!("{org}甲"), "130200")
        .await;
    let mut csv = "kind,source_id,target_id,product,source\n".to_owned();
    let mut ends = Vec::new();
    for i in 0..20 {
        let b = app
            .register_enterprise(&member, &format!("{org}乙{i}"), "120116")
            .await;
        csv.push_str(&format!("supplies,{a},{b},part {i},race test\n"));
        ends.push(b);
    }
    let imports = (0..4).map(|_| app.import_csv(&member, "kind=relationships", &csv));
    for response in futures_util::future::join_all(imports).await {
        assert!(
            [200, 409].contains(&response.status().as_u16()),
            "{}",
            response.status()
        );
    }
    let outgoing = app
        .get_json(&format!(
            "/api/v1/organisations/{a}/relationships?direction=out"
        ))
        .await;
    assert_eq!(outgoing.as_array().unwrap().len(), 20);
}

/// 7. A member cannot delete an organisation while relationships others recorded hang on it;
/// a curator can, and every removed relationship gets its history entry.
#[tokio::test]
async fn deleting_an_organisation_respects_and_records_others_relationships() {
    let app = spawn_app().await;
    let (one, two) = (unique_prefix("own"), unique_prefix("other"));
    let admin = app.admin_key().await;
    let (member, other) = (app.member_key(&one).await, app.member_key(&two).await);
    let mine = app
        .register_enterprise(&member, &format!("{one}甲"), "130200")
        .await;
    let theirs = app
        .register_enterprise(&other, &format!("{two}乙"), "120116")
        .await;
    let rel = app
        .relate(
            &other,
            "supplies",
            &theirs,
            &mine,
            json!({"product": "castings"}),
        )
        .await;
    let path = format!("/api/v1/enterprises/{mine}");
    let refused = app.delete(&path, &member).await;
    assert_eq!(refused.status(), 409);
    assert!(problem(refused).await["detail"]
        .as_str()
        .unwrap()
        .contains(&rel));
    assert_eq!(app.get(&path).await.status(), 200);

    assert_eq!(app.delete(&path, &admin).await.status(), 204);
    assert_eq!(
        app.get(&format!("/api/v1/relationships/{rel}"))
            .await
            .status(),
        404
    );
    let history = app
        .get_json(&format!("/api/v1/relationships/{rel}/history"))
        .await;
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["action"].as_str(), last["by_owner"].as_str()),
        (Some("delete"), Some("admin"))
    );
}

/// 8. PATCH with a stale `If-Match` is refused (412); the diff in the history is against the
/// record as it was when the change was written.
#[tokio::test]
async fn edits_with_a_stale_version_are_refused() {
    let app = spawn_app().await;
    let org = unique_prefix("etag");
    let member = app.member_key(&org).await;
    let id = app
        .register_enterprise(&member, &format!("{org}企业"), "130200")
        .await;
    let path = format!("/api/v1/enterprises/{id}");
    let read = app.get(&path).await;
    let etag = read.headers()["etag"].to_str().unwrap().to_owned();
    let patch = |body: Value, tag: &str| {
        app.with_key(Method::PATCH, &path, Some(&member))
            .header("if-match", tag.to_owned())
            .json(&body)
            .send()
    };
    let first = patch(json!({"scale": "large"}), &etag).await.unwrap();
    assert_eq!(first.status(), 200);
    assert_ne!(first.headers()["etag"].to_str().unwrap(), etag);
    let second = patch(json!({"scale": "micro"}), &etag).await.unwrap();
    assert_eq!(second.status(), 412);
    assert_eq!(problem(second).await["title"], "Precondition failed");
    // A well-formed tag this API never issued matches no version: 412 too (HTTP's rule), not
    // a 422; one that is no entity tag at all is bad input.
    let never = patch(json!({"scale": "micro"}), "\"stale\"").await.unwrap();
    assert_eq!(never.status(), 412);
    let malformed = patch(json!({"scale": "micro"}), "\"3").await.unwrap();
    assert_eq!(malformed.status(), 422);
    assert_eq!(problem(malformed).await["errors"][0]["field"], "If-Match");
    assert_eq!(app.get_json(&path).await["scale"], "large");
    let deleted = app
        .with_key(Method::DELETE, &path, Some(&member))
        .header("if-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 412);
    // Without If-Match the last writer wins, and the history's `from` is what it overwrote.
    let third = app
        .patch_json(&path, &member, &json!({"scale": "micro"}))
        .await;
    assert_eq!(third.status(), 200);
    let history = app.get_json(&format!("{path}/history")).await;
    let last = &history.as_array().unwrap().last().unwrap()["changes"];
    assert_eq!(last["scale"], json!({"from": "large", "to": "micro"}));
}

/// 9. A retried create with the same `Idempotency-Key` returns the first record; the same key
/// with another body is a 422.
#[tokio::test]
async fn retried_creates_with_an_idempotency_key_create_once() {
    let app = spawn_app().await;
    let org = unique_prefix("idem");
    let member = app.member_key(&org).await;
    let lab = json!({"rd_kind": "key_lab", "name_zh": format!("{org}实验室"), "region": "110108"});
    let key = uuid::Uuid::new_v4().to_string();
    let post = |body: &Value, key: &str| {
        app.with_key(Method::POST, "/api/v1/rd-sources", Some(&member))
            .header("idempotency-key", key.to_owned())
            .json(body)
            .send()
    };
    let attempts = futures_util::future::join_all((0..3).map(|_| post(&lab, &key))).await;
    let mut ids = Vec::new();
    for response in attempts {
        let response = response.unwrap();
        assert_eq!(response.status(), 201);
        ids.push(response.json::<Value>().await.unwrap()["id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let replay = post(&lab, &key).await.unwrap();
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let other =
        json!({"rd_kind": "key_lab", "name_zh": format!("{org}另一个"), "region": "110108"});
    let reused = post(&other, &key).await.unwrap();
    assert_eq!(reused.status(), 422);
    let body = problem(reused).await;
    assert_eq!(
        fields(&body),
        vec![("Idempotency-Key".into(), "reused".into())]
    );
    let page = app
        .get_json(&format!("/api/v1/rd-sources?q={}", urlencode(&org)))
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// 5. A request that cannot get a pooled connection answers 503 at once, instead of queueing
/// behind slow work until the query timeout. Here the pool has one connection, held by an edit
/// that waits for a lock the test holds on the record.
#[tokio::test]
async fn a_saturated_pool_answers_503_instead_of_queueing() {
    let mut settings = test_settings();
    settings.neo4j.max_connections = 1;
    settings.neo4j.acquire_timeout_ms = 300;
    let app = spawn_ready_app_with(settings).await;
    // The test's own pool, apart from the app's single connection.
    let db = Db::connect(&test_settings().neo4j).unwrap();
    let admin = app.admin_key().await;
    let id = app
        .register_enterprise(&admin, &unique_prefix("排队企业"), "130209")
        .await;
    let lock = HeldLock::take(&db, &id).await;
    let blocked = {
        let request = app.with_key(
            Method::PATCH,
            &format!("/api/v1/enterprises/{id}"),
            Some(&admin),
        );
        tokio::spawn(async move {
            request
                .json(&json!({"scale": "large"}))
                .send()
                .await
                .unwrap()
                .status()
        })
    };
    wait_for_blocked_transaction(&db, &id).await;
    let queued = app
        .client
        .get(app.url("/api/v1/chains"))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .expect("an answer, not a wait for the pool");
    assert_eq!(queued.status(), 503);
    assert!(queued.headers().contains_key("retry-after"));
    lock.release().await;
    assert_eq!(blocked.await.unwrap(), 200);
}

/// 10 is in tests/config.rs (production refuses known default passwords and demo data); the
/// revocation rule an admin needs to keep a way in is here.
#[tokio::test]
async fn a_key_cannot_revoke_itself() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let id = &admin[3..15];
    let response = app.delete(&format!("/api/v1/keys/{id}"), &admin).await;
    assert_eq!(response.status(), 409);
    assert_eq!(app.get("/api/v1/keys").await.status(), 401);
    let listed = app
        .with_key(Method::GET, "/api/v1/keys", Some(&admin))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);
}
