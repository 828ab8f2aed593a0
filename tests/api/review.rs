//! The curators' review queue, their decisions, and a member's view of its records.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, unique_prefix, TestApp};

async fn queue(app: &TestApp, admin: &str, owner: &str) -> Vec<Value> {
    let path = format!("/api/v1/review?owner={owner}");
    serde_json::from_value(app.get_json_as(&path, admin).await).unwrap()
}

async fn mine(app: &TestApp, key: &str) -> Vec<Value> {
    serde_json::from_value(app.get_json_as("/api/v1/me/records", key).await).unwrap()
}

fn status_of(records: &[Value], id: &str) -> (String, Value) {
    let r = records.iter().find(|r| r["id"] == id).expect("listed");
    (
        r["status"].as_str().unwrap().to_owned(),
        r["reason"].clone(),
    )
}

#[tokio::test]
async fn submissions_wait_in_the_queue_until_approved_or_rejected_with_a_reason() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let org = unique_prefix("alliance");
    let member = app.member_key(&org).await;
    let tag = unique_prefix("review");
    let first = app.firm(&member, &format!("{tag}甲"), "130200", None).await;
    let second = app.firm(&member, &format!("{tag}乙"), "130200", None).await;
    let rel = app
        .relate(
            &member,
            "supplies",
            &first,
            &second,
            json!({"product": "gears"}),
        )
        .await;

    // Who the key is.
    let me = app.get_json_as("/api/v1/me", &member).await;
    assert_eq!(
        (me["role"].as_str(), me["member_org"].as_str()),
        (Some("member"), Some(org.as_str()))
    );
    assert_eq!(app.get("/api/v1/me").await.status(), 401);

    // All three wait, oldest first, as new records.
    let waiting = queue(&app, &admin, &org).await;
    let ids: Vec<&str> = waiting.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![first.as_str(), second.as_str(), rel.as_str()]);
    assert!(waiting
        .iter()
        .all(|i| i["new"] == true && i["owner"] == org.as_str()));
    assert_eq!(waiting[2]["kind"], "relationship");

    // Members cannot see the queue or decide.
    let refused = app
        .with_key(Method::GET, "/api/v1/review", Some(&member))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    let decide = |kind: &'static str, id: String, body: Value| {
        let request = app.with_key(
            Method::POST,
            &format!("/api/v1/review/{kind}/{id}"),
            Some(&admin),
        );
        async move { request.json(&body).send().await.unwrap() }
    };
    let approved = decide("enterprise", first.clone(), json!({"decision": "approve"})).await;
    assert_eq!(approved.status(), 200);
    assert_eq!(
        approved.json::<Value>().await.unwrap()["status"],
        "verified"
    );
    // A rejection needs its reason.
    let no_reason = decide("enterprise", second.clone(), json!({"decision": "reject"})).await;
    assert_eq!(no_reason.status(), 422);
    let problem: Value = no_reason.json().await.unwrap();
    assert_eq!(
        (
            &problem["errors"][0]["field"],
            &problem["errors"][0]["rule"]
        ),
        (&json!("reason"), &json!("required"))
    );
    let rejected = decide(
        "enterprise",
        second.clone(),
        json!({"decision": "reject", "reason": "名称与执照不符"}),
    )
    .await;
    assert_eq!(rejected.status(), 200);
    let rejected_rel = decide(
        "relationship",
        rel.clone(),
        json!({"decision": "reject", "reason": "no source"}),
    )
    .await;
    assert_eq!(rejected_rel.status(), 200);
    assert!(queue(&app, &admin, &org).await.is_empty());

    // The member sees each outcome, and the history keeps the decision.
    let records = mine(&app, &member).await;
    assert_eq!(
        status_of(&records, &first),
        ("verified".into(), Value::Null)
    );
    assert_eq!(
        status_of(&records, &second),
        ("rejected".into(), json!("名称与执照不符"))
    );
    assert_eq!(
        status_of(&records, &rel),
        ("rejected".into(), json!("no source"))
    );
    let history = app
        .get_json(&format!("/api/v1/enterprises/{second}/history"))
        .await;
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["action"].as_str(), last["changes"]["reason"].as_str()),
        (Some("reject"), Some("名称与执照不符"))
    );

    // An edit puts the rejected record back in the queue, with what changed.
    let edited = app
        .patch_json(
            &format!("/api/v1/enterprises/{second}"),
            &member,
            &json!({"scale": "medium"}),
        )
        .await;
    assert_eq!(edited.status(), 200);
    let back = queue(&app, &admin, &org).await;
    assert_eq!(back.len(), 1, "{back:?}");
    assert_eq!(back[0]["id"], second.as_str());
    assert_eq!(
        back[0]["changes"]["scale"],
        json!({"from": "small", "to": "medium"})
    );
    assert_eq!(
        status_of(&mine(&app, &member).await, &second).0,
        "unverified"
    );
    // And an edit after approval shows only the change since.
    let _ = app
        .patch_json(
            &format!("/api/v1/enterprises/{first}"),
            &member,
            &json!({"scale": "large"}),
        )
        .await;
    let changed = queue(&app, &admin, &org).await;
    let first_again = changed.iter().find(|i| i["id"] == first.as_str()).unwrap();
    assert_eq!(first_again["new"], false);
    assert_eq!(
        first_again["changes"],
        json!({"scale": {"from": "small", "to": "large"}})
    );
}

#[tokio::test]
async fn a_member_disputes_a_record_and_the_curators_decision_closes_it() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let (holder_org, disputer_org) = (unique_prefix("holder"), unique_prefix("disputer"));
    let holder = app.member_key(&holder_org).await;
    let disputer = app.member_key(&disputer_org).await;
    let firm = app
        .firm(
            &holder,
            &format!("{}占用", unique_prefix("dispute")),
            "130200",
            None,
        )
        .await;
    // Verified first: a dispute brings it back to the queue all the same.
    let approve = app
        .with_key(
            Method::POST,
            &format!("/api/v1/review/enterprise/{firm}"),
            Some(&admin),
        )
        .json(&json!({"decision": "approve"}))
        .send()
        .await
        .unwrap();
    assert_eq!(approve.status(), 200);
    assert!(queue(&app, &admin, &holder_org).await.is_empty());

    let raise = |body: Value| {
        let request = app.with_key(Method::POST, "/api/v1/disputes", Some(&disputer));
        async move { request.json(&body).send().await.unwrap() }
    };
    let raised = raise(json!({"kind": "enterprise", "id": firm, "reason": "holds our USCC"})).await;
    assert_eq!(raised.status(), 201);
    assert_eq!(
        raise(json!({"kind": "enterprise", "id": "no-such-firm", "reason": "x"}))
            .await
            .status(),
        404
    );
    let blank = raise(json!({"kind": "enterprise", "id": firm, "reason": "   "})).await;
    assert_eq!(blank.status(), 422);

    let queued = queue(&app, &admin, &holder_org).await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    let disputes = queued[0]["disputes"].as_array().unwrap();
    assert_eq!(disputes.len(), 1);
    assert_eq!(
        (
            disputes[0]["reason"].as_str(),
            disputes[0]["by_owner"].as_str()
        ),
        (Some("holds our USCC"), Some(disputer_org.as_str()))
    );

    let reject = app
        .with_key(
            Method::POST,
            &format!("/api/v1/review/enterprise/{firm}"),
            Some(&admin),
        )
        .json(&json!({"decision": "reject", "reason": "the USCC belongs to the disputing member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reject.status(), 200);
    assert!(
        queue(&app, &admin, &holder_org).await.is_empty(),
        "the decision closes the dispute"
    );
    let actions = app.history_actions(&firm).await;
    assert_eq!(actions, vec!["create", "verify", "dispute", "reject"]);
    assert_eq!(status_of(&mine(&app, &holder).await, &firm).0, "rejected");
}
