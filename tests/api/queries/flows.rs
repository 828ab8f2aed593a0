use crate::helpers::{spawn_app, unique_prefix};
use serde_json::{json, Value};

#[tokio::test]
async fn flows_and_relocations_count_what_moved_between_regions() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let before = app
        .get_json("/api/v1/flows?from_region=110111&to_region=130181")
        .await;
    let before_2023 = app
        .get_json("/api/v1/flows?from_region=110111&to_region=130181&as_of=2023")
        .await;
    let tag = unique_prefix("flow");
    let lab = app
        .firm(&admin, &format!("{tag}房山研发"), "110111", None)
        .await;
    let plant = app
        .firm(
            &admin,
            &format!("{tag}辛集工厂"),
            "130181",
            Some("hydrogen.fuel-cell-systems"),
        )
        .await;
    app.relate(
        &admin,
        "transfers_technology",
        &lab,
        &plant,
        json!({"mode": "licence", "year": 2024}),
    )
    .await;
    app.relate(
        &admin,
        "supplies",
        &lab,
        &plant,
        json!({"product": "membranes"}),
    )
    .await;
    app.relate(
        &admin,
        "relocated_from",
        &plant,
        "110111",
        json!({"year": 2021}),
    )
    .await;
    app.relate(&admin, "branch_of", &plant, &lab, json!({"year": 2022}))
        .await;
    let after = app
        .get_json("/api/v1/flows?from_region=110111&to_region=130181")
        .await;
    let after_2023 = app
        .get_json("/api/v1/flows?from_region=110111&to_region=130181&as_of=2023")
        .await;
    let change = |before: &Value, after: &Value, kind: &str, path: &[&str]| {
        let get = |v: &Value| {
            path.iter()
                .fold(&v[kind], |v, k| &v[*k])
                .as_u64()
                .unwrap_or(0)
        };
        get(after) - get(before)
    };
    let delta = |kind: &str, path: &[&str]| change(&before, &after, kind, path);
    assert_eq!(delta("transfers_technology", &["total"]), 1);
    assert_eq!(delta("transfers_technology", &["by_year", "2024"]), 1);
    assert_eq!(delta("transfers_technology", &["by_chain", "hydrogen"]), 1);
    assert_eq!(delta("supplies", &["by_year", "unknown"]), 1);
    assert_eq!(delta("relocated", &["total"]), 1);
    assert_eq!(delta("invests_in", &["total"]), 0);
    // A branch in Xinji of a Fangshan parent; Xinji counts with Shijiazhuang.
    assert_eq!(delta("branches", &["total"]), 1);
    assert_eq!(delta("transfers_technology", &["by_city", "130100"]), 1);
    let cell = after["transfers_technology"]["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["chain"] == "hydrogen" && c["year"] == "2024" && c["city"] == "130100")
        .expect("a chain × year × city cell");
    assert!(cell["n"].as_u64().unwrap() >= 1);
    // As of 2023: the 2024 transfer and the undated supply had not happened (or are not known
    // to have); the 2021 relocation and the 2022 branch had.
    let then = |kind: &str| change(&before_2023, &after_2023, kind, &["total"]);
    assert_eq!(after_2023["as_of"], 2023);
    assert_eq!(
        (
            then("transfers_technology"),
            then("supplies"),
            then("relocated"),
            then("branches")
        ),
        (0, 0, 1, 1)
    );
    assert_eq!(
        app.get("/api/v1/flows?from_region=110000&to_region=130000&as_of=1800")
            .await
            .status(),
        422
    );

    let moved: Vec<Value> = app
        .get("/api/v1/relocations?from=110000&to=130181")
        .await
        .json()
        .await
        .unwrap();
    let mine = moved
        .iter()
        .find(|r| r["organisation"]["id"] == plant.as_str())
        .expect("relocation listed");
    assert_eq!(
        (mine["year"].as_u64(), mine["from_region"].as_str()),
        (Some(2021), Some("110111"))
    );
    let elsewhere: Vec<Value> = app
        .get("/api/v1/relocations?from=110000&to=120000")
        .await
        .json()
        .await
        .unwrap();
    assert!(!elsewhere
        .iter()
        .any(|r| r["organisation"]["id"] == plant.as_str()));
    assert_eq!(
        app.get("/api/v1/flows?from_region=1&to_region=130000")
            .await
            .status(),
        422
    );
}
