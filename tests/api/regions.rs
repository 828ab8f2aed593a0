use crate::helpers::{spawn_app, unique_prefix};
use serde_json::Value;

/// Xiong'an's counties are administered by Xiong'an and sit in Baoding's code range: a query
/// for either finds their firms, once, and a province query counts them once.
#[tokio::test]
async fn xiongan_firms_are_found_from_xiongan_and_from_baoding_once() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("xiongan");
    let rongcheng = app
        .firm(
            &admin,
            &format!("{tag}容城机器人"),
            "130629",
            Some("robotics.applications"),
        )
        .await;
    let ids = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect()
    };
    for region in ["133100", "130600", "130000"] {
        let page = app
            .get_json(&format!("/api/v1/enterprises?region={region}&q={tag}"))
            .await;
        assert_eq!(ids(page), vec![rongcheng.clone()], "region {region}");
    }
    assert!(ids(app
        .get_json(&format!("/api/v1/enterprises?region=130100&q={tag}"))
        .await)
    .is_empty());
    // The chain map counts the firm in either target, and in Hebei once.
    let applications = |map: &Value| -> Value {
        map["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["link"]["id"] == "robotics.applications")
            .unwrap()
            .clone()
    };
    let baoding = app
        .get_json("/api/v1/chains/robotics/map?region=130600")
        .await;
    let xiongan = app
        .get_json("/api/v1/chains/robotics/map?region=133100")
        .await;
    assert!(applications(&baoding)["target_count"].as_u64().unwrap() >= 1);
    assert_eq!(
        applications(&baoding)["by_province"],
        applications(&xiongan)["by_province"],
        "a firm is counted in its province once"
    );
}

#[tokio::test]
async fn every_county_level_division_of_the_three_is_seeded() {
    let app = spawn_app().await;
    let rows = app
        .db
        .rows(neo4rs::query(
            "MATCH (r:Region) RETURN r.level AS level, count(*) AS n ORDER BY level",
        ))
        .await
        .unwrap();
    let count = |level: &str| -> i64 {
        rows.iter()
            .find(|r| r.get::<String>("level").unwrap() == level)
            .map(|r| r.get::<i64>("n").unwrap())
            .unwrap_or(0)
    };
    assert_eq!(count("province"), 3);
    // Hebei's 11 prefecture cities and Xiong'an.
    assert_eq!(count("city"), 12);
    // Beijing's 16 districts, Tianjin's 16 and Hebei's counties, districts and county-level cities.
    assert!(count("district") >= 190, "{}", count("district"));
}

/// The region list is the seeded reference data: every division with its parent, Xiong'an's
/// counties with their second parent, and the parks of each region.
#[tokio::test]
async fn the_region_list_has_every_division_with_parents_and_parks() {
    let app = spawn_app().await;
    let reference: Value =
        serde_json::from_str(include_str!("../../seeds/reference/regions.json")).unwrap();
    let expected = reference["regions"].as_array().unwrap();
    let listed = app.get_json("/api/v1/regions").await;
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), expected.len());
    let codes: Vec<&str> = listed.iter().map(|r| r["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "in code order");
    let find = |code: &str| listed.iter().find(|r| r["code"] == code).unwrap().clone();
    for e in expected {
        let r = find(e["code"].as_str().unwrap());
        assert_eq!(
            (&r["name_zh"], &r["level"], &r["parent"]),
            (&e["name_zh"], &e["level"], &e["parent"])
        );
    }
    let rongcheng = find("130629");
    assert_eq!(
        (&rongcheng["parent"], &rongcheng["also_part_of"]),
        (&Value::from("133100"), &Value::from("130600"))
    );
    let xiongan = find("133100");
    let parks: Vec<&str> = xiongan["parks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let parks_file: Value =
        serde_json::from_str(include_str!("../../seeds/reference/parks.json")).unwrap();
    let mut expected_parks: Vec<&str> = parks_file["parks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["region"] == "133100")
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    expected_parks.sort();
    assert!(expected_parks.contains(&"xiongan-zgc"));
    assert_eq!(parks, expected_parks);
    assert_eq!(find("110000")["parent"], Value::Null);
}
