use reqwest::Method;
use serde_json::json;

use crate::helpers::{problem, spawn_app, spawn_ready_app_with, test_settings, unique_prefix};

#[tokio::test]
async fn writes_without_a_key_are_401_and_with_a_bad_key_too() {
    let app = spawn_app().await;
    let body =
        json!({"uscc": crate::helpers::fresh_uscc(), "name_zh": "无钥企业", "region": "130200"});
    let anonymous = app
        .with_key(Method::POST, "/api/v1/enterprises", None)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    problem(anonymous).await;
    let forged = "ca_0123456789ab_0000000000000000000000000000000000000000000000000000000000000000";
    let bad = app.post_json("/api/v1/enterprises", forged, &body).await;
    assert_eq!(bad.status(), 401);
    let garbage = app
        .post_json("/api/v1/enterprises", "not-a-key", &body)
        .await;
    assert_eq!(garbage.status(), 401);
    // Authentication comes before validation: a bad body sent without a key, or with a key
    // that is not valid, is told it needs a key, not what is wrong with the body.
    let bad_body = json!({"kind": "supplies", "source_id": "x"});
    for key in [None, Some(forged)] {
        let refused = app
            .with_key(Method::POST, "/api/v1/relationships", key)
            .json(&bad_body)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401, "{key:?}");
        assert!(problem(refused).await.get("errors").is_none());
    }
}

#[tokio::test]
async fn readers_cannot_write_and_members_cannot_manage_keys() {
    let app = spawn_app().await;
    let reader = app.key(chain_atlas::auth::Role::Reader, None).await;
    let body =
        json!({"uscc": crate::helpers::fresh_uscc(), "name_zh": "读者企业", "region": "130200"});
    assert_eq!(
        app.post_json("/api/v1/enterprises", &reader, &body)
            .await
            .status(),
        403
    );
    let member = app.member_key(&unique_prefix("m")).await;
    let key_body = json!({"name": "x", "role": "admin"});
    let response = app.post_json("/api/v1/keys", &member, &key_body).await;
    assert_eq!(response.status(), 403);
    assert_eq!(problem(response).await["title"], "Forbidden");
}

#[tokio::test]
async fn admins_create_and_revoke_member_keys() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let org = unique_prefix("org");
    let created = app
        .post_json(
            "/api/v1/keys",
            &admin,
            &json!({"name": "portal", "role": "member", "member_org": org}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_owned();
    let id = created["key"]["id"].as_str().unwrap().to_owned();
    assert!(created["key"].get("hash").is_none());

    let listed: Vec<serde_json::Value> =
        serde_json::from_value(app.get_json_as("/api/v1/keys", &admin).await).unwrap();
    assert!(listed.iter().any(|k| k["id"] == id.as_str()));
    assert!(
        !serde_json::to_string(&listed).unwrap().contains(&secret),
        "secret is listed"
    );

    let body = json!({"uscc": crate::helpers::fresh_uscc(), "name_zh": "钥匙测试企业", "region": "130200"});
    assert_eq!(
        app.post_json("/api/v1/enterprises", &secret, &body)
            .await
            .status(),
        201
    );
    assert_eq!(
        app.delete(&format!("/api/v1/keys/{id}"), &admin)
            .await
            .status(),
        200
    );
    let body =
        json!({"uscc": crate::helpers::fresh_uscc(), "name_zh": "吊销后企业", "region": "130200"});
    assert_eq!(
        app.post_json("/api/v1/enterprises", &secret, &body)
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn member_keys_need_a_member_organisation() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let response = app
        .post_json(
            "/api/v1/keys",
            &admin,
            &json!({"name": "x", "role": "member"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(problem(response).await["errors"][0]["field"], "member_org");
}

#[tokio::test]
async fn reads_need_a_key_when_public_reads_are_off() {
    let mut settings = test_settings();
    settings.auth.public_read = false;
    let app = spawn_ready_app_with(settings).await;
    let anonymous = app.get("/api/v1/chains").await;
    assert_eq!(anonymous.status(), 401);
    let reader = app.key(chain_atlas::auth::Role::Reader, None).await;
    let keyed = app
        .with_key(Method::GET, "/api/v1/chains", Some(&reader))
        .send()
        .await
        .unwrap();
    assert_eq!(keyed.status(), 200);
}

#[tokio::test]
async fn key_events_and_failed_authentications_reach_the_audit_log() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let admin_id = &admin[3..15];
    let body = json!({"name": "audited", "role": "reader"});
    let created: serde_json::Value = app
        .post_json("/api/v1/keys", &admin, &body)
        .await
        .json()
        .await
        .unwrap();
    let id = created["key"]["id"].as_str().unwrap().to_owned();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert_eq!(
        app.delete(&format!("/api/v1/keys/{id}"), &admin)
            .await
            .status(),
        200
    );
    let refused = app
        .with_key(Method::GET, "/api/v1/chains", Some(&secret))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    let events: Vec<serde_json::Value> = app
        .with_key(Method::GET, "/api/v1/audit?limit=500", Some(&admin))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let find = |action: &str| {
        events
            .iter()
            .find(|e| {
                e["action"] == action && (e["subject"] == id.as_str() || e["actor"] == id.as_str())
            })
            .unwrap_or_else(|| panic!("no {action} event for {id}"))
    };
    let created = find("key_created");
    assert_eq!(
        (created["actor"].as_str(), created["address"].as_str()),
        (Some(admin_id), Some("127.0.0.1"))
    );
    assert_eq!(find("key_revoked")["actor"], admin_id);
    let failed = find("authentication_failed");
    assert_eq!(failed["address"], "127.0.0.1");
    let everything = serde_json::to_string(&events).unwrap();
    assert!(
        !everything.contains(&secret[16..]),
        "a secret reached the audit log"
    );
    // Readers, members and anonymous callers cannot read it.
    let member = app.member_key(&unique_prefix("aud")).await;
    let forbidden = app
        .with_key(Method::GET, "/api/v1/audit", Some(&member))
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);
}
