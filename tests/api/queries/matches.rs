use crate::helpers::{spawn_app, unique_prefix};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn labs_are_matched_with_the_target_regions_firms_that_have_no_partner_yet() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("match");
    let lab = app
        .register_lab(&admin, &format!("{tag}北京膜电极实验室"), "110108")
        .await;
    let capability = format!("/api/v1/rd-sources/{lab}/capabilities/hydrogen.stack-mea");
    let put = |body: Value| {
        app.with_key(Method::PUT, &capability, Some(&admin))
            .json(&body)
            .send()
    };
    let bad = put(json!({"technology": "MEA", "readiness": 10, "source": "report"}))
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let ok = put(json!({"technology": "low-platinum MEA", "readiness": 6,
        "evidence": "pilot line", "source": "https://example.org/lab-report"}))
    .await
    .unwrap();
    assert_eq!(ok.status(), 200);
    let lab_now: Value = ok.json().await.unwrap();
    assert_eq!(lab_now["capabilities"][0]["readiness"], 6);

    let same_link = app
        .firm(
            &admin,
            &format!("{tag}保定膜电极"),
            "130600",
            Some("hydrogen.stack-mea"),
        )
        .await;
    let downstream = app
        .firm(
            &admin,
            &format!("{tag}唐山燃料电池系统"),
            "130200",
            Some("hydrogen.fuel-cell-systems"),
        )
        .await;
    let partnered = app
        .firm(
            &admin,
            &format!("{tag}张家口已合作"),
            "130700",
            Some("hydrogen.stack-mea"),
        )
        .await;
    let outside = app
        .firm(
            &admin,
            &format!("{tag}天津膜电极"),
            "120116",
            Some("hydrogen.stack-mea"),
        )
        .await;
    app.relate(
        &admin,
        "transfers_technology",
        &lab,
        &partnered,
        json!({"mode": "licence"}),
    )
    .await;

    let found = app
        .get_json("/api/v1/chains/hydrogen/matches?link=hydrogen.stack-mea&region=130000&limit=200")
        .await;
    let mine: Vec<&Value> = found["matches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["rd_source"]["id"] == lab.as_str())
        .filter(|m| m["firm"]["name_zh"].as_str().unwrap().starts_with(&tag))
        .collect();
    let firms: Vec<&str> = mine
        .iter()
        .map(|m| m["firm"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(firms, [same_link.as_str(), downstream.as_str()], "{found}");
    assert!(!firms.contains(&partnered.as_str()) && !firms.contains(&outside.as_str()));
    // 6/9 readiness, evidence given, a small firm (2/8); a downstream firm fits at 0.7.
    let expected = [6.0 / 9.0 * 0.25, 6.0 / 9.0 * 0.7 * 0.25];
    for (m, score) in mine.iter().zip(expected) {
        assert!((m["score"].as_f64().unwrap() - score).abs() < 1e-9, "{m}");
    }
    assert_eq!(mine[1]["firm_link"], "hydrogen.fuel-cell-systems");
    assert!(mine[1]["reason"].as_str().unwrap().contains("feeds"));
    let ranks: Vec<u64> = mine.iter().map(|m| m["rank"].as_u64().unwrap()).collect();
    assert!(ranks[0] < ranks[1]);

    assert_eq!(
        app.get("/api/v1/chains/hydrogen/matches?link=robotics.reducers")
            .await
            .status(),
        422,
        "a link of another chain"
    );
    let removed = app
        .with_key(Method::DELETE, &capability, Some(&admin))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    let after = app
        .get_json("/api/v1/chains/hydrogen/matches?link=hydrogen.stack-mea&limit=200")
        .await;
    assert!(!after["matches"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["rd_source"]["id"] == lab.as_str()));
}
