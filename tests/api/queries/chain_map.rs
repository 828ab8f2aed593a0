use crate::helpers::{spawn_app, unique_prefix};
use serde_json::{json, Value};

#[tokio::test]
async fn the_chain_map_grades_a_link_by_its_firms_in_the_target_region() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let link = |map: &Value| -> Value {
        map["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["link"]["id"] == "machine-tools.cnc-systems")
            .unwrap()
            .clone()
    };
    // The counts are absolute: remove what an earlier run of this test left.
    let leftovers = "MATCH (e:Enterprise) WHERE e.name_zh STARTS WITH 't-map-' DETACH DELETE e";
    app.db.run(neo4rs::query(leftovers)).await.unwrap();
    let before = link(
        &app.get_json("/api/v1/chains/machine-tools/map?region=130500&by=city")
            .await,
    );
    assert_eq!(
        (before["target_count"].as_u64(), before["strength"].as_str()),
        (Some(0), Some("missing"))
    );
    let hebei_before = before["by_province"]["130000"].as_u64().unwrap();

    let tag = unique_prefix("map");
    app.firm(
        &admin,
        &format!("{tag}邢台数控一"),
        "130500",
        Some("machine-tools.cnc-systems"),
    )
    .await;
    let one_map = app
        .get_json("/api/v1/chains/machine-tools/map?region=130500&by=city")
        .await;
    let one = link(&one_map);
    assert_eq!(one["target_count"].as_u64(), Some(1));
    assert_ne!(one["strength"], "missing");
    assert_graded_by_location_quotient(&one_map);
    assert_eq!(
        one["by_province"]["130000"].as_u64().unwrap(),
        hebei_before + 1
    );
    assert_eq!(one["by_city"]["130500 邢台市"].as_u64(), Some(1));

    for i in 2..=5 {
        app.firm(
            &admin,
            &format!("{tag}邢台数控{i}"),
            "130500",
            Some("machine-tools.cnc-systems"),
        )
        .await;
    }
    let five_map = app
        .get_json("/api/v1/chains/machine-tools/map?region=130500")
        .await;
    let five = link(&five_map);
    assert_eq!(five["target_count"].as_u64(), Some(5));
    assert_graded_by_location_quotient(&five_map);
    // Xingtai's capacity in the chain shifts towards CNC systems.
    assert!(
        five["location_quotient"].as_f64().unwrap() > one["location_quotient"].as_f64().unwrap()
    );
    assert!(five.get("by_city").is_none());
    let links: Vec<u64> = app.get_json("/api/v1/chains/machine-tools/map").await["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["link"]["position"].as_u64().unwrap())
        .collect();
    assert_eq!(
        links,
        (0..links.len() as u64).collect::<Vec<_>>(),
        "links in chain order"
    );
    assert_eq!(
        app.get("/api/v1/chains/machine-tools/map?region=999999")
            .await
            .status(),
        422
    );
}

/// The map is cached by data version: a write is seen by the next read, never a stale answer.
#[tokio::test]
async fn a_cached_map_is_never_served_after_a_write() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let path = "/api/v1/chains/cybersec-iiot/map?region=130181";
    let count = |map: &serde_json::Value| {
        map["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["link"]["id"] == "cybersec-iiot.security-products")
            .map(|l| l["target_count"].as_u64().unwrap())
            .unwrap()
    };
    let before = count(&app.get_json(path).await);
    assert_eq!(
        count(&app.get_json(path).await),
        before,
        "a second read differs"
    );
    let tag = unique_prefix("cache");
    app.firm(
        &admin,
        &format!("{tag}辛集安全"),
        "130181",
        Some("cybersec-iiot.security-products"),
    )
    .await;
    assert_eq!(count(&app.get_json(path).await), before + 1);
}

/// Every link's location quotient is its share of the target's capacity over its share of the
/// region's, and its grade follows the thresholds the map reports.
fn assert_graded_by_location_quotient(map: &Value) {
    let links = map["links"].as_array().unwrap();
    let sum = |key: &str| -> f64 { links.iter().map(|l| l[key].as_f64().unwrap()).sum() };
    let (target_chain, region_chain) = (sum("target_capacity"), sum("region_capacity"));
    let (weak, strong) = (
        map["weak_below_lq"].as_f64().unwrap(),
        map["strong_from_lq"].as_f64().unwrap(),
    );
    for l in links {
        let target = l["target_capacity"].as_f64().unwrap();
        let region = l["region_capacity"].as_f64().unwrap();
        let Some(lq) = l["location_quotient"].as_f64() else {
            // No firm of the link anywhere, or none of the chain in the target.
            assert!(region == 0.0 || target_chain == 0.0, "{l}");
            assert_eq!(l["strength"], "missing", "{l}");
            continue;
        };
        let expected = (target / target_chain) / (region / region_chain);
        assert!((lq - expected).abs() < 1e-9, "{l}");
        let grade = match lq {
            _ if target == 0.0 => "missing",
            q if q < weak => "weak",
            q if q >= strong => "strong",
            _ => "present",
        };
        assert_eq!(l["strength"], grade, "{l}");
    }
}

/// `as_of`: the map as it stood in a year. A membership declared as begun in 2025 is not in the
/// 2024 map; one without years counts in every year; one ended in 2023 is gone by 2024, and from
/// today's map.
#[tokio::test]
async fn the_map_as_of_a_year_counts_the_memberships_that_held_then() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("asof-map");
    // A county no other test writes to, so its counts are this test's alone, once what an
    // earlier run of it left is removed.
    let (region, link) = ("130825", "robotics.sensors");
    let leftovers =
        "MATCH (e:Enterprise) WHERE e.name_zh STARTS WITH 't-asof-map-' DETACH DELETE e";
    app.db.run(neo4rs::query(leftovers)).await.unwrap();
    let declare = |id: String, body: Value| {
        let (app, admin) = (&app, &admin);
        async move {
            let path = format!("/api/v1/enterprises/{id}/segments/{link}");
            app.with_key(reqwest::Method::PUT, &path, Some(admin))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    for (name, years) in [
        ("新进", json!({"since": 2025})),
        ("一直在", json!({})),
        ("已退出", json!({"since": 2018, "until": 2023})),
    ] {
        let id = app
            .register_enterprise(&admin, &format!("{tag}{name}"), region)
            .await;
        let mut body = json!({"role": "core"});
        body.as_object_mut()
            .unwrap()
            .extend(years.as_object().unwrap().clone());
        let response = declare(id, body.clone()).await;
        assert_eq!(response.status(), 200, "{body}");
        let firm: Value = response.json().await.unwrap();
        assert_eq!(firm["segments"][0]["since"], body["since"]);
        assert_eq!(firm["segments"][0]["until"], body["until"]);
    }
    let count = |as_of: &'static str| {
        let app = &app;
        async move {
            let path = format!("/api/v1/chains/robotics/map?region={region}{as_of}");
            app.get_json(&path).await["links"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["link"]["id"] == link)
                .unwrap()["target_count"]
                .as_u64()
                .unwrap()
        }
    };
    assert_eq!(
        count("&as_of=2020").await,
        2,
        "the leaver and the one without years"
    );
    assert_eq!(count("&as_of=2024").await, 1, "only the one without years");
    assert_eq!(
        count("&as_of=2025").await,
        2,
        "the newcomer and the one without years"
    );
    assert_eq!(count("").await, 2, "today's map: the leaver is gone");
    let too_early = format!("/api/v1/chains/robotics/map?region={region}&as_of=1800");
    assert_eq!(app.get(&too_early).await.status(), 422);
    let id = app
        .register_enterprise(&admin, &format!("{tag}倒序"), region)
        .await;
    let backwards = declare(id, json!({"role": "core", "since": 2024, "until": 2020})).await;
    assert_eq!(backwards.status(), 422);
    let problem: Value = backwards.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "until", "{problem}");
    assert_eq!(problem["errors"][0]["rule"], "order", "{problem}");
}
