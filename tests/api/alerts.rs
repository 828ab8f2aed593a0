//! Watchlists, events and alerts (issue 22): a key watches firms, links, chains and regions; a
//! change to a watched firm, a firm joining a watched link, a supplier upstream relocating, and
//! an event whose impact disrupts a watched firm each raise an alert with the supply path — never
//! for the watcher's own change; alerts are read and marked read.

use std::time::{Duration, Instant};

use chain_atlas::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{
    problem, spawn_app, spawn_ready_app_with, test_settings, unique_prefix, TestApp,
};
use crate::webhooks::{documented_recipe_accepts, Mode, Receiver};

async fn alerting_app() -> TestApp {
    // The seed (regions, chains) is loaded once per test process by `spawn_app`.
    spawn_app().await;
    let mut settings = test_settings();
    settings.alerts.raise = true;
    settings.webhooks.deliver = true;
    spawn_ready_app_with(settings).await
}

async fn watch(app: &TestApp, key: &str, kind: &str, target: &str) -> String {
    let response = app
        .post_json(
            "/api/v1/watches",
            key,
            &json!({"kind": kind, "target": target}),
        )
        .await;
    assert_eq!(response.status(), 201, "{kind} {target}");
    let watch: Value = response.json().await.unwrap();
    watch["id"].as_str().unwrap().to_owned()
}

/// The key's alerts once `done` holds of them (a hang guard, not a speed check).
async fn alerts_once(
    app: &TestApp,
    key: &str,
    what: &str,
    done: impl Fn(&[Value]) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let page = app.get_json_as("/api/v1/alerts?limit=200", key).await;
        if done(page["alerts"].as_array().unwrap()) {
            return page;
        }
        assert!(Instant::now() < deadline, "waited 90 s for {what}: {page}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn for_watch<'a>(alerts: &'a [Value], watch: &str, action: &str) -> Option<&'a Value> {
    alerts
        .iter()
        .find(|a| a["watch"]["id"] == watch && a["change"]["action"] == action)
}

fn path_ids(alert: &Value) -> Vec<String> {
    alert["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn any_key_watches_what_exists_once_and_only_its_own() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let reader = app.key(Role::Reader, None).await;
    let other = app.key(Role::Reader, None).await;
    let firm = app
        .register_enterprise(&admin, &format!("{}甲", unique_prefix("watch")), "130200")
        .await;
    let anonymous = app
        .with_key(Method::POST, "/api/v1/watches", None)
        .json(&json!({"kind": "chain", "target": "robotics"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    // Authentication comes before validation, for reads as for writes.
    for path in [
        "/api/v1/alerts?limit=0",
        "/api/v1/webhooks/whk-0/deliveries?before=x",
    ] {
        assert_eq!(app.get(path).await.status(), 401, "{path}");
    }
    for (kind, target, rule) in [
        ("chain", "quantum", "format"),
        ("enterprise", "no-such-firm-anywhere", "exists"),
        ("link", "robotics.no-such-link", "exists"),
        ("region", "990000", "exists"),
        ("rd_source", firm.as_str(), "exists"),
    ] {
        let refused = app
            .post_json(
                "/api/v1/watches",
                &reader,
                &json!({"kind": kind, "target": target}),
            )
            .await;
        assert_eq!(refused.status(), 422, "{kind} {target}");
        let p = problem(refused).await;
        assert_eq!(p["errors"][0]["field"], "target");
        assert_eq!(p["errors"][0]["rule"], rule, "{kind} {target}: {p}");
    }
    let id = watch(&app, &reader, "enterprise", &firm).await;
    let again = app
        .post_json(
            "/api/v1/watches",
            &reader,
            &json!({"kind": "enterprise", "target": firm}),
        )
        .await;
    assert_eq!(again.status(), 200, "watching again is the same watch");
    assert_eq!(again.json::<Value>().await.unwrap()["id"], id.as_str());
    watch(&app, &reader, "region", "130000").await;
    let mine = app.get_json_as("/api/v1/watches", &reader).await;
    let kinds: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["region", "enterprise"], "newest first");
    assert!(mine[1]["name_zh"].as_str().unwrap().ends_with('甲'));
    assert_eq!(app.get_json_as("/api/v1/watches", &other).await, json!([]));
    let path = format!("/api/v1/watches/{id}");
    assert_eq!(app.delete(&path, &other).await.status(), 404);
    assert_eq!(app.delete(&path, &reader).await.status(), 204);
    assert_eq!(app.delete(&path, &reader).await.status(), 404);
}

#[tokio::test]
async fn watchers_hear_of_changes_upstream_and_of_the_firms_an_event_disrupts() {
    let app = alerting_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("alert");
    let member = app.member_key(&tag).await;
    let watcher = app.key(Role::Reader, None).await;
    // A supplies B supplies C: each the only supplier of what it delivers.
    let a = app
        .firm(&admin, &format!("{tag}上游"), "130200", None)
        .await;
    let b = app
        .firm(&admin, &format!("{tag}中游"), "120116", None)
        .await;
    let c = app
        .firm(&admin, &format!("{tag}下游"), "110108", None)
        .await;
    app.relate(&admin, "supplies", &a, &b, json!({"product": "质子交换膜"}))
        .await;
    app.relate(&admin, "supplies", &b, &c, json!({"product": "膜电极"}))
        .await;
    let own = app
        .firm(&member, &format!("{tag}自家"), "130200", None)
        .await;

    let on_b = watch(&app, &watcher, "enterprise", &b).await;
    let on_c = watch(&app, &watcher, "enterprise", &c).await;
    let on_link = watch(&app, &watcher, "link", "hydrogen.stack-mea").await;
    // A member watching its own firm is not alerted of its own change.
    let member_on_own = watch(&app, &member, "enterprise", &own).await;

    let patched = app
        .patch_json(
            &format!("/api/v1/enterprises/{c}"),
            &admin,
            &json!({"scale": "large"}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let own_patch = app
        .patch_json(
            &format!("/api/v1/enterprises/{own}"),
            &member,
            &json!({"scale": "large"}),
        )
        .await;
    assert_eq!(own_patch.status(), 200);
    let e = app
        .firm(
            &admin,
            &format!("{tag}新进"),
            "130600",
            Some("hydrogen.stack-mea"),
        )
        .await;
    // A moves out of Tangshan: its customers' supply may be cut.
    let moved = app
        .patch_json(
            &format!("/api/v1/enterprises/{a}"),
            &admin,
            &json!({"region": "130100"}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let event = json!({"kind": "production_stop", "occurred_on": "2026-12-07",
        "severity": "high", "note": "【测试】停产检修",
        "source": {"outlet": "【测试】", "title": "【测试】停产", "published_on": "2026-12-08"}});
    let reported = app
        .post_json(&format!("/api/v1/enterprises/{a}/events"), &admin, &event)
        .await;
    assert_eq!(reported.status(), 201);

    let page = alerts_once(&app, &watcher, "the event's alerts", |alerts| {
        for_watch(alerts, &on_c, "report").is_some() && for_watch(alerts, &on_b, "report").is_some()
    })
    .await;
    let alerts = page["alerts"].as_array().unwrap();
    let changed = alerts
        .iter()
        .find(|x| x["watch"]["id"] == on_c && x["change"]["record_id"] == c)
        .expect("C's own change");
    assert_eq!(changed["reason"], "changed");
    assert_eq!(changed["change"]["record_id"], c.as_str());
    assert!(path_ids(changed).is_empty());

    let joined = alerts
        .iter()
        .find(|a| a["watch"]["id"] == on_link && a["change"]["record_id"] == e)
        .expect("a firm joining the watched link");
    assert_eq!(joined["reason"], "in_scope");

    let relocated: Vec<&Value> = alerts
        .iter()
        .filter(|x| x["change"]["record_id"] == a && x["change"]["action"] == "update")
        .collect();
    let upstream_c = relocated
        .iter()
        .find(|x| x["watch"]["id"] == on_c)
        .expect("C hears that its supplier's supplier moved");
    assert_eq!(upstream_c["reason"], "upstream");
    assert_eq!(path_ids(upstream_c), [a.clone(), b.clone(), c.clone()]);

    let disrupted_c = for_watch(alerts, &on_c, "report").unwrap();
    assert_eq!(
        disrupted_c["reason"], "disrupted",
        "the impact rule: B had no other supplier"
    );
    assert_eq!(path_ids(disrupted_c), [a.clone(), b.clone(), c.clone()]);
    assert!(disrupted_c["path"][0]["name_zh"]
        .as_str()
        .unwrap()
        .ends_with("上游"));
    assert_eq!(
        disrupted_c["change"]["changes"]["event"]["kind"],
        "production_stop"
    );
    let disrupted_b = for_watch(alerts, &on_b, "report").unwrap();
    assert_eq!(disrupted_b["reason"], "disrupted");
    assert_eq!(path_ids(disrupted_b), [a.clone(), b.clone()]);
    assert!(
        alerts.iter().all(|x| x["watch"]["id"] != member_on_own),
        "alerts are the watcher's own"
    );
    let member_alerts = app.get_json_as("/api/v1/alerts", &member).await;
    assert!(
        member_alerts["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["change"]["record_id"] != own),
        "nobody is alerted of their own change: {member_alerts}"
    );

    // Read: one, then all.
    let unread = page["unread"].as_i64().unwrap();
    assert!(unread >= 6, "{unread}");
    let first = alerts[0]["id"].as_str().unwrap();
    let marked = app
        .post_json("/api/v1/alerts/read", &watcher, &json!({"ids": [first]}))
        .await;
    assert_eq!(marked.status(), 200);
    let left = marked.json::<Value>().await.unwrap()["unread"]
        .as_i64()
        .unwrap();
    assert!(left < unread, "{left} of {unread}");
    let only_unread = app
        .get_json_as("/api/v1/alerts?unread_only=true&limit=200", &watcher)
        .await;
    assert!(only_unread["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["read"] == false && x["id"] != first));
    let all = app
        .post_json("/api/v1/alerts/read", &watcher, &json!({"all": true}))
        .await;
    assert_eq!(all.json::<Value>().await.unwrap()["unread"], 0);
    let events = app
        .get_json(&format!("/api/v1/enterprises/{a}/events"))
        .await;
    assert_eq!(events[0]["kind"], "production_stop");
    assert_eq!(events[0]["source"]["outlet"], "【测试】");
}

#[tokio::test]
async fn events_need_a_writer_a_source_and_real_dates() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let reader = app.key(Role::Reader, None).await;
    let firm = app
        .register_enterprise(&admin, &format!("{}甲", unique_prefix("event")), "130200")
        .await;
    let path = format!("/api/v1/enterprises/{firm}/events");
    let good = json!({"kind": "accident", "occurred_on": "2026-12-07", "severity": "low",
        "source": {"outlet": "【测试】", "title": "【测试】事故"}});
    assert_eq!(app.post_json(&path, &reader, &good).await.status(), 403);
    let mut bad = good.clone();
    bad["occurred_on"] = json!("2026-02-30");
    bad["source"]["title"] = json!(" ");
    let refused = app.post_json(&path, &admin, &bad).await;
    assert_eq!(refused.status(), 422);
    let p = problem(refused).await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["occurred_on", "source.title"], "{p}");
    assert_eq!(app.get_json(&path).await, json!([]), "nothing half-written");
    let unknown = app
        .post_json(
            "/api/v1/enterprises/no-such-firm-anywhere/events",
            &admin,
            &good,
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let created = app.post_json(&path, &admin, &good).await;
    assert_eq!(created.status(), 201);
    let history = app
        .get_json(&format!("/api/v1/enterprises/{firm}/history"))
        .await;
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "report");
    assert_eq!(last["changes"]["event"]["kind"], "accident");
}

#[tokio::test]
async fn alerts_go_out_by_webhook_signed_a_change_at_a_time() {
    let app = alerting_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("alert-hook");
    let member = app.member_key(&tag).await;
    let receiver = Receiver::start(Mode::Accept).await;
    let firm = app.firm(&admin, &format!("{tag}甲"), "130200", None).await;
    let watched = watch(&app, &member, "enterprise", &firm).await;
    watch(&app, &member, "region", "130200").await;
    let filtered = app
        .post_json(
            "/api/v1/webhooks",
            &member,
            &json!({"url": receiver.url, "stream": "alerts", "chain": "robotics"}),
        )
        .await;
    assert_eq!(filtered.status(), 422, "an alerts webhook has no filters");
    assert_eq!(
        problem(filtered).await["errors"][0]["rule"],
        "not_applicable"
    );
    let created = app
        .post_json(
            "/api/v1/webhooks",
            &member,
            &json!({"url": receiver.url, "stream": "alerts"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["webhook"]["stream"], "alerts");
    let secret = created["secret"].as_str().unwrap().to_owned();
    let hook = created["webhook"]["id"].as_str().unwrap().to_owned();

    let patched = app
        .patch_json(
            &format!("/api/v1/enterprises/{firm}"),
            &admin,
            &json!({"scale": "large"}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let cursor = app
        .get_json_as(&format!("/api/v1/enterprises/{firm}/history"), &admin)
        .await;
    let change_id = cursor.as_array().unwrap().last().unwrap()["id"].clone();
    receiver
        .wait_for("the alerts of the edit", |r| {
            r.iter().any(|got| {
                let body: Value = serde_json::from_slice(&got.body).unwrap();
                body["data"]["alerts"][0]["change"]["id"] == change_id
            })
        })
        .await;
    let got = receiver
        .received()
        .into_iter()
        .find(|got| {
            let body: Value = serde_json::from_slice(&got.body).unwrap();
            body["data"]["alerts"][0]["change"]["id"] == change_id
        })
        .unwrap();
    assert!(documented_recipe_accepts(&secret, &got).await);
    let body: Value = serde_json::from_slice(&got.body).unwrap();
    assert_eq!(body["type"], "alerts_raised");
    assert_eq!(
        body["data"]["cursor"],
        got.id.as_str(),
        "webhook-id is the change's cursor"
    );
    // Both watches hear of the edit: one delivery carries the change's alerts together.
    let reasons: Vec<(&str, &str)> = body["data"]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["watch"]["kind"].as_str().unwrap(),
                a["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(reasons.contains(&("enterprise", "changed")), "{reasons:?}");
    assert!(reasons.contains(&("region", "in_scope")), "{reasons:?}");
    assert!(body["data"]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["watch"]["id"] == watched));
    app.delete(&format!("/api/v1/webhooks/{hook}"), &member)
        .await;
}
