//! The query endpoints, each on a small graph the test builds, where the answer is known by
//! construction. Aggregate tests own a chain link or a pair of regions that no other test
//! writes to (machine-tools.cnc-systems; biomedicine; Fangshan 110111 → Xinji 130181), so
//! tests running in parallel cannot change their counts.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{fresh_uscc, spawn_app, unique_prefix, TestApp};

async fn json_get(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// An enterprise registered by `key`, optionally operating in `segment`.
async fn firm(app: &TestApp, key: &str, name: &str, region: &str, segment: Option<&str>) -> String {
    let body = json!({"uscc": fresh_uscc(), "name_zh": name, "region": region, "scale": "medium"});
    let created: Value = app
        .post_json("/api/v1/enterprises", key, &body)
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().expect("registered").to_owned();
    if let Some(segment) = segment {
        let path = format!("/api/v1/enterprises/{id}/segments/{segment}");
        let put = app
            .with_key(Method::PUT, &path, Some(key))
            .json(&json!({"role": "core"}))
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 200);
    }
    id
}

async fn relate(
    app: &TestApp,
    key: &str,
    kind: &str,
    from: &str,
    to: &str,
    extra: Value,
) -> String {
    let mut body =
        json!({"kind": kind, "source_id": from, "target_id": to, "source": "test graph"});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let response = app.post_json("/api/v1/relationships", key, &body).await;
    assert_eq!(response.status(), 201, "{body}");
    let created: Value = response.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn paths_come_back_shortest_first_within_the_bounds() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("path");
    let lab_body =
        json!({"rd_kind": "key_lab", "name_zh": format!("{tag}实验室"), "region": "110108"});
    let lab: Value = app
        .post_json("/api/v1/rd-sources", &admin, &lab_body)
        .await
        .json()
        .await
        .unwrap();
    let lab = lab["id"].as_str().unwrap().to_owned();
    let supplier = firm(&app, &admin, &format!("{tag}天津供应商"), "120116", None).await;
    let maker = firm(&app, &admin, &format!("{tag}河北制造商"), "130200", None).await;
    relate(
        &app,
        &admin,
        "transfers_technology",
        &lab,
        &supplier,
        json!({"mode": "licence", "year": 2023}),
    )
    .await;
    relate(
        &app,
        &admin,
        "supplies",
        &supplier,
        &maker,
        json!({"product": "servo drives"}),
    )
    .await;
    relate(
        &app,
        &admin,
        "transfers_technology",
        &lab,
        &maker,
        json!({"mode": "joint_rd", "year": 2025}),
    )
    .await;

    let answer = json_get(&app, &format!("/api/v1/paths?from={lab}&to={maker}")).await;
    let lengths: Vec<u64> = answer["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    assert_eq!(lengths, vec![1, 2]);
    let long = &answer["paths"][1]["hops"];
    assert_eq!(
        (long[0]["kind"].as_str(), long[1]["kind"].as_str()),
        (Some("transfers_technology"), Some("supplies"))
    );
    assert_eq!(long[1]["from"]["region_code"], "120116");
    assert_eq!(long[1]["product"], "servo drives");
    assert_eq!(long[0]["source"], "test graph");

    let short = json_get(
        &app,
        &format!("/api/v1/paths?from={lab}&to={maker}&max_hops=1"),
    )
    .await;
    assert_eq!(short["paths"].as_array().unwrap().len(), 1);
    let none = json_get(
        &app,
        &format!("/api/v1/paths?from={lab}&to={maker}&kinds=supplies"),
    )
    .await;
    assert!(none["paths"].as_array().unwrap().is_empty());
    assert_eq!(
        (none["max_hops"].as_u64(), none["k"].as_u64()),
        (Some(4), Some(5))
    );
    assert_eq!(
        app.get(&format!("/api/v1/paths?from={lab}&to=ent-nobody"))
            .await
            .status(),
        404
    );
    for bad in ["k=0", "k=21", "max_hops=7", "kinds=teleports"] {
        assert_eq!(
            app.get(&format!("/api/v1/paths?from={lab}&to={maker}&{bad}"))
                .await
                .status(),
            422,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn the_reported_beijing_to_hebei_examples_come_back_with_sources() {
    let app = spawn_app().await;
    for (from, to) in [
        ("ustb", "tangshan-baichuan-robot-plant"),
        ("bwi-beijing-rd", "bwi-zhangjiakou"),
    ] {
        let answer = json_get(&app, &format!("/api/v1/paths?from={from}&to={to}")).await;
        // The reported relationship is a one-hop path; other tests may add further paths.
        let reported = answer["paths"].as_array().unwrap().iter().any(|p| {
            let hop = &p["hops"][0];
            p["length"] == 1
                && hop["kind"] == "transfers_technology"
                && hop["source"]
                    .as_str()
                    .unwrap_or("")
                    .contains("Economic Daily")
        });
        assert!(reported, "{from} → {to}: {answer}");
    }
}

#[tokio::test]
async fn search_finds_chinese_fragments_fields_and_english_words() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("s").replace('-', "");
    let name = format!("京津冀星河氢能装备{tag}有限公司");
    let id = firm(&app, &admin, &name, "130700", None).await;
    let found = json_get(&app, &format!("/api/v1/search?q=星河氢能装备{tag}")).await;
    assert_eq!(found["items"][0]["id"], id.as_str());

    let hydrogen = json_get(&app, "/api/v1/search?q=氢能&limit=100").await;
    let ids: Vec<&str> = hydrogen["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.iter().any(|i| i.starts_with("demo-hydrogen-")),
        "a firm in the hydrogen chain"
    );
    let english = json_get(
        &app,
        "/api/v1/search?q=Science%20and%20Technology%20Beijing",
    )
    .await;
    // Other records may carry the same English name (the contract tests create such look-alikes),
    // so USTB must be among the best-scored hits rather than strictly first.
    let hits = english["items"].as_array().unwrap();
    let best = hits[0]["score"].as_f64().unwrap();
    assert!(
        hits.iter()
            .any(|h| h["id"] == "ustb" && h["score"].as_f64() == Some(best)),
        "{english}"
    );

    let page = json_get(&app, "/api/v1/search?q=机器人&limit=2").await;
    let next = page["next_cursor"]
        .as_str()
        .expect("more than two robot matches");
    let second = json_get(
        &app,
        &format!("/api/v1/search?q=机器人&limit=2&cursor={next}"),
    )
    .await;
    assert_ne!(page["items"][0]["id"], second["items"][0]["id"]);
    let hostile = app.get("/api/v1/search?q=x%27%7D)%20OR%20%22%5B*").await;
    assert_eq!(hostile.status(), 200);
    assert_eq!(app.get("/api/v1/search?q=").await.status(), 422);
}

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
    // The grades depend on absolute counts: remove what an earlier run of this test left.
    let leftovers = "MATCH (e:Enterprise) WHERE e.name_zh STARTS WITH 't-map-' DETACH DELETE e";
    app.db.run(neo4rs::query(leftovers)).await.unwrap();
    let before = link(
        &json_get(
            &app,
            "/api/v1/chains/machine-tools/map?region=130500&by=city",
        )
        .await,
    );
    assert_eq!(
        (before["target_count"].as_u64(), before["strength"].as_str()),
        (Some(0), Some("missing"))
    );
    let hebei_before = before["by_province"]["130000"].as_u64().unwrap();

    let tag = unique_prefix("map");
    firm(
        &app,
        &admin,
        &format!("{tag}邢台数控一"),
        "130500",
        Some("machine-tools.cnc-systems"),
    )
    .await;
    let one = link(
        &json_get(
            &app,
            "/api/v1/chains/machine-tools/map?region=130500&by=city",
        )
        .await,
    );
    assert_eq!(
        (one["target_count"].as_u64(), one["strength"].as_str()),
        (Some(1), Some("weak"))
    );
    assert_eq!(
        one["by_province"]["130000"].as_u64().unwrap(),
        hebei_before + 1
    );
    assert_eq!(one["by_city"]["130500 邢台市"].as_u64(), Some(1));

    for i in 2..=5 {
        firm(
            &app,
            &admin,
            &format!("{tag}邢台数控{i}"),
            "130500",
            Some("machine-tools.cnc-systems"),
        )
        .await;
    }
    let five = link(&json_get(&app, "/api/v1/chains/machine-tools/map?region=130500").await);
    assert_eq!(
        (five["target_count"].as_u64(), five["strength"].as_str()),
        (Some(5), Some("strong"))
    );
    assert!(five.get("by_city").is_none());
    let links: Vec<u64> = json_get(&app, "/api/v1/chains/machine-tools/map").await["links"]
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

#[tokio::test]
async fn the_three_lists_follow_their_rules() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("lists");
    // A diamond: the single-supplier firm depends on one Tianjin supplier; the other firm has a
    // Hebei and a Beijing supplier, so it is no bottleneck.
    let tianjin = firm(
        &app,
        &admin,
        &format!("{tag}天津原料"),
        "120116",
        Some("biomedicine.apis-intermediates"),
    )
    .await;
    let hebei_api = firm(
        &app,
        &admin,
        &format!("{tag}沧州原料"),
        "130900",
        Some("biomedicine.apis-intermediates"),
    )
    .await;
    let beijing_cro = firm(
        &app,
        &admin,
        &format!("{tag}北京研发"),
        "110114",
        Some("biomedicine.rd-cro"),
    )
    .await;
    let single = firm(
        &app,
        &admin,
        &format!("{tag}单一来源药企"),
        "130100",
        Some("biomedicine.innovative-drugs"),
    )
    .await;
    let diverse = firm(
        &app,
        &admin,
        &format!("{tag}多来源药企"),
        "130100",
        Some("biomedicine.innovative-drugs"),
    )
    .await;
    relate(
        &app,
        &admin,
        "supplies",
        &tianjin,
        &single,
        json!({"product": "API"}),
    )
    .await;
    relate(
        &app,
        &admin,
        "supplies",
        &hebei_api,
        &diverse,
        json!({"product": "API"}),
    )
    .await;
    relate(
        &app,
        &admin,
        "supplies",
        &beijing_cro,
        &diverse,
        json!({"product": "CRO services"}),
    )
    .await;
    // Leads for biologics (no Hebei firm): one candidate already supplies two Hebei firms.
    let supplier_lead = firm(
        &app,
        &admin,
        &format!("{tag}天津生物制品"),
        "120111",
        Some("biomedicine.biologics"),
    )
    .await;
    let idle_lead = firm(
        &app,
        &admin,
        &format!("{tag}北京生物制品"),
        "110115",
        Some("biomedicine.biologics"),
    )
    .await;
    relate(
        &app,
        &admin,
        "supplies",
        &supplier_lead,
        &single,
        json!({"product": "antibodies"}),
    )
    .await;
    relate(
        &app,
        &admin,
        "supplies",
        &supplier_lead,
        &diverse,
        json!({"product": "antibodies"}),
    )
    .await;

    let lists = json_get(&app, "/api/v1/chains/biomedicine/lists?region=130000").await;
    let dependents: Vec<&Value> = lists["bottlenecks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["dependent_firms"].as_array().unwrap())
        .collect();
    let mine = dependents
        .iter()
        .find(|d| d["id"] == single.as_str())
        .expect("single-supplier firm listed");
    assert_eq!(mine["dependency"], "single_outside_supplier");
    assert_eq!(mine["suppliers"][0]["id"], tianjin.as_str());
    assert!(!dependents.iter().any(|d| d["id"] == diverse.as_str()));

    let lead = lists["investment_leads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["link"] == "biomedicine.biologics")
        .expect("biologics is a lead");
    assert_eq!(lead["strength"], "missing");
    let rank = |id: &str| {
        lead["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["rank"]
            .as_u64()
            .unwrap()
    };
    assert!(rank(&supplier_lead) < rank(&idle_lead));
    let top = lead["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == supplier_lead.as_str())
        .unwrap();
    assert_eq!(top["customers_in_target"], 2);
    assert!(top["reason"].as_str().unwrap().contains("supplies 2"));

    let holders = lists["key_enterprises"]["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["link"] == "biomedicine.innovative-drugs")
        .unwrap()["holders"]
        .as_array()
        .unwrap()
        .clone();
    let diverse_holder = holders
        .iter()
        .find(|h| h["id"] == diverse.as_str())
        .unwrap();
    assert_eq!(diverse_holder["in_chain_relationships"], 3);
    assert!(diverse_holder["share"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn impact_follows_supply_downstream_and_spots_missing_alternatives() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("impact");
    let stopped = firm(&app, &admin, &format!("{tag}停产企业"), "120116", None).await;
    let covered = firm(&app, &admin, &format!("{tag}有替代"), "130200", None).await;
    let exposed = firm(&app, &admin, &format!("{tag}无替代"), "130600", None).await;
    let second_tier = firm(&app, &admin, &format!("{tag}二级"), "110108", None).await;
    let alternative = firm(&app, &admin, &format!("{tag}替代供应商"), "130100", None).await;
    for (from, to, product) in [
        (&stopped, &covered, "bearings"),
        (&stopped, &exposed, "bearings"),
        (&alternative, &covered, "bearings"),
        (&covered, &second_tier, "gearboxes"),
        (&exposed, &second_tier, "gearboxes"),
    ] {
        relate(
            &app,
            &admin,
            "supplies",
            from,
            to,
            json!({"product": product}),
        )
        .await;
    }
    let impact = json_get(&app, &format!("/api/v1/enterprises/{stopped}/impact")).await;
    let affected: Vec<(String, u64, Vec<String>)> = impact["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["firm"]["id"].as_str().unwrap().to_owned(),
                a["depth"].as_u64().unwrap(),
                a["without_alternative"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    let of = |id: &str| {
        affected
            .iter()
            .find(|a| a.0 == id)
            .cloned()
            .expect("affected")
    };
    assert_eq!(affected.len(), 3, "{affected:?}");
    assert_eq!(of(&covered), (covered.clone(), 1, vec![]));
    assert_eq!(
        of(&exposed),
        (exposed.clone(), 1, vec!["bearings".to_owned()])
    );
    assert_eq!(
        of(&second_tier),
        (second_tier.clone(), 2, vec!["gearboxes".to_owned()])
    );
    assert_eq!(impact["without_alternative"], 2);
    assert_eq!(impact["by_region"]["130000"], 2);
    let shallow = json_get(
        &app,
        &format!("/api/v1/enterprises/{stopped}/impact?depth=1"),
    )
    .await;
    assert_eq!(shallow["affected"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.get(&format!("/api/v1/enterprises/{stopped}/impact?depth=9"))
            .await
            .status(),
        422
    );
}

#[tokio::test]
async fn flows_and_relocations_count_what_moved_between_regions() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let before = json_get(&app, "/api/v1/flows?from_region=110111&to_region=130181").await;
    let tag = unique_prefix("flow");
    let lab = firm(&app, &admin, &format!("{tag}房山研发"), "110111", None).await;
    let plant = firm(
        &app,
        &admin,
        &format!("{tag}辛集工厂"),
        "130181",
        Some("hydrogen.fuel-cell-systems"),
    )
    .await;
    relate(
        &app,
        &admin,
        "transfers_technology",
        &lab,
        &plant,
        json!({"mode": "licence", "year": 2024}),
    )
    .await;
    relate(
        &app,
        &admin,
        "supplies",
        &lab,
        &plant,
        json!({"product": "membranes"}),
    )
    .await;
    relate(
        &app,
        &admin,
        "relocated_from",
        &plant,
        "110111",
        json!({"year": 2021}),
    )
    .await;
    let after = json_get(&app, "/api/v1/flows?from_region=110111&to_region=130181").await;
    let delta = |kind: &str, path: &[&str]| {
        let get = |v: &Value| {
            path.iter()
                .fold(&v[kind], |v, k| &v[*k])
                .as_u64()
                .unwrap_or(0)
        };
        get(&after) - get(&before)
    };
    assert_eq!(delta("transfers_technology", &["total"]), 1);
    assert_eq!(delta("transfers_technology", &["by_year", "2024"]), 1);
    assert_eq!(delta("transfers_technology", &["by_chain", "hydrogen"]), 1);
    assert_eq!(delta("supplies", &["by_year", "unknown"]), 1);
    assert_eq!(delta("relocated", &["total"]), 1);
    assert_eq!(delta("invests_in", &["total"]), 0);

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

#[tokio::test]
async fn clusters_report_the_seeded_members() {
    let app = spawn_app().await;
    let seeds: Value =
        serde_json::from_str(&std::fs::read_to_string("seeds/demo/organisations.json").unwrap())
            .unwrap();
    let expected = seeds["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            o["clusters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "life-health")
        })
        .count();
    let clusters: Vec<Value> = app.get("/api/v1/clusters").await.json().await.unwrap();
    assert_eq!(clusters.len(), 7);
    let life = json_get(&app, "/api/v1/clusters/life-health").await;
    assert_eq!(life["member_count"].as_u64().unwrap() as usize, expected);
    assert_eq!(life["members"].as_array().unwrap().len(), expected);
    assert!(life["chains"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "biomedicine"));
    let total = life["relationships"].as_i64().unwrap();
    assert_eq!(
        life["internal_relationships"].as_i64().unwrap()
            + life["cross_region_relationships"].as_i64().unwrap(),
        total
    );
    assert_eq!(app.get("/api/v1/clusters/atlantis").await.status(), 404);
}
