//! Each class of bad input gets its own 4xx problem answer and writes nothing.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{fields, fresh_uscc, problem, spawn_app, unique_prefix, urlencode, TestApp};

async fn post_raw(app: &TestApp, key: &str, body: String) -> reqwest::Response {
    app.with_key(Method::POST, "/api/v1/enterprises", Some(key))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn enterprise_count(app: &TestApp) -> i64 {
    app.db
        .column::<i64>(
            neo4rs::query("MATCH (e:Enterprise) RETURN count(e) AS n"),
            "n",
        )
        .await
        .unwrap()[0]
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    let response = post_raw(&app, &key, "{\"uscc\": ".into()).await;
    assert_eq!(response.status(), 400);
    assert!(problem(response).await["detail"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    let huge = json!({"uscc": fresh_uscc(), "name_zh": "大", "region": "130200",
                      "description": "x".repeat(1_100_000)});
    let response = post_raw(&app, &key, huge.to_string()).await;
    assert_eq!(response.status(), 413);
    problem(response).await;
}

#[tokio::test]
async fn shape_errors_are_422_naming_the_field() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    let cases = [
        (
            json!({"uscc": fresh_uscc(), "name_zh": "x", "region": "130200", "scale": 5}),
            "scale",
        ),
        (
            json!({"uscc": fresh_uscc(), "name_zh": "x", "region": "130200", "scale": "huge"}),
            "scale",
        ),
        (json!({"uscc": fresh_uscc(), "region": "130200"}), "name_zh"),
        (
            json!({"uscc": fresh_uscc(), "name_zh": "x", "region": "130200", "colour": "red"}),
            "colour",
        ),
    ];
    for (body, field) in cases {
        let response = post_raw(&app, &key, body.to_string()).await;
        assert_eq!(response.status(), 422, "{body}");
        let p = problem(response).await;
        assert!(
            p["detail"].as_str().unwrap().contains(field),
            "{field} not named in {p}"
        );
    }
}

#[tokio::test]
async fn rule_violations_are_422_with_field_and_rule() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    let bad_check = {
        let mut u = fresh_uscc();
        let last = if u.ends_with('0') { '1' } else { '0' };
        u.pop();
        u.push(last);
        u
    };
    let cases = [
        (
            json!({"uscc": bad_check, "name_zh": "x", "region": "130200"}),
            ("uscc", "check_character"),
        ),
        (
            json!({"uscc": "9113020012345", "name_zh": "x", "region": "130200"}),
            ("uscc", "length"),
        ),
        (
            json!({"uscc": fresh_uscc(), "name_zh": "x", "region": "999999"}),
            ("region", "exists"),
        ),
        (
            json!({"uscc": fresh_uscc(), "name_zh": "x", "region": "130200", "park": "nowhere"}),
            ("park", "exists"),
        ),
        (
            json!({"uscc": fresh_uscc(), "name_zh": "长".repeat(201), "region": "130200"}),
            ("name_zh", "length"),
        ),
        (
            json!({"uscc": fresh_uscc(), "name_zh": "   ", "region": "130200"}),
            ("name_zh", "required"),
        ),
        (
            json!({"uscc": fresh_uscc(), "name_zh": "x", "region": "130200",
                   "tags": ["high_tech", "little_giant", "high_tech"]}),
            ("tags", "unique"),
        ),
    ];
    let usccs: Vec<String> = cases
        .iter()
        .map(|(b, _)| b["uscc"].as_str().unwrap().to_owned())
        .collect();
    for (body, (field, rule)) in cases {
        let response = app.post_json("/api/v1/enterprises", &key, &body).await;
        assert_eq!(response.status(), 422, "{body}");
        let got = fields(&problem(response).await);
        assert!(
            got.contains(&(field.into(), rule.into())),
            "{field}/{rule} not in {got:?}"
        );
    }
    let written: Vec<i64> = app
        .db
        .column(
            neo4rs::query("MATCH (e:Enterprise) WHERE e.uscc IN $u RETURN count(e) AS n")
                .param("u", usccs),
            "n",
        )
        .await
        .unwrap();
    assert_eq!(written, vec![0], "a rejected request wrote something");
}

#[tokio::test]
async fn hostile_text_is_stored_literally_and_harms_nothing() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    let name = format!("x'}}) DETACH DELETE n // {}", unique_prefix("inj"));
    let description = "\"; MATCH (n) DETACH DELETE n; $param {{}} `backtick` 北京";
    let body = json!({"uscc": fresh_uscc(), "name_zh": name, "region": "130200", "description": description});
    let created: Value = app
        .post_json("/api/v1/enterprises", &key, &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["name_zh"], name.as_str());
    assert_eq!(created["description"], description);
    // Nothing was deleted: the seeded organisations are all still there.
    assert!(enterprise_count(&app).await >= 70);
    let listed: Value = app
        .get(&format!("/api/v1/enterprises?q={}", urlencode(&name)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["id"], created["id"]);
}

#[tokio::test]
async fn disguising_characters_are_refused_and_names_stored_in_nfc() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    // U+202E turns the rest of a name around on screen; U+0007 is a control character.
    for (field, value) in [
        ("name_zh", "公司\u{202E}司公"),
        ("description", "bell\u{7}"),
    ] {
        let mut body = json!({"uscc": fresh_uscc(), "name_zh": "正常企业", "region": "130200"});
        body[field] = json!(value);
        let response = app.post_json("/api/v1/enterprises", &key, &body).await;
        assert_eq!(response.status(), 422, "{field}");
        let problem = problem(response).await;
        assert_eq!(fields(&problem), vec![(field.into(), "characters".into())]);
    }
    // "Café" typed with a combining accent is stored as the one-character é.
    let name = format!("Cafe\u{301} {}", unique_prefix("nfc"));
    let body = json!({"uscc": fresh_uscc(), "name_zh": name, "region": "130200"});
    let created: Value = app
        .post_json("/api/v1/enterprises", &key, &body)
        .await
        .json()
        .await
        .unwrap();
    assert!(created["name_zh"]
        .as_str()
        .unwrap()
        .starts_with("Caf\u{e9} "));
}

#[tokio::test]
async fn bad_list_parameters_are_422() {
    let app = spawn_app().await;
    for query in [
        "limit=0",
        "limit=201",
        "cursor=zz",
        "chain=quantum",
        "region=999999",
        "verified=maybe",
        "link=robotics.nothing",
    ] {
        let response = app.get(&format!("/api/v1/enterprises?{query}")).await;
        assert_eq!(response.status(), 422, "{query}");
        problem(response).await;
    }
}

#[tokio::test]
async fn relationship_years_out_of_range_are_422() {
    let app = spawn_app().await;
    let key = app.admin_key().await;
    let body = json!({"kind": "transfers_technology", "source_id": "ustb", "target_id": "tsinghua",
                      "mode": "licence", "year": 3000, "source": "test"});
    let response = app.post_json("/api/v1/relationships", &key, &body).await;
    assert_eq!(response.status(), 422);
    assert!(fields(&problem(response).await).contains(&("year".into(), "range".into())));
}
