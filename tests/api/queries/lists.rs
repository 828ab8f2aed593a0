use crate::helpers::{spawn_app, unique_prefix};
use serde_json::{json, Value};

#[tokio::test]
async fn the_three_lists_follow_their_rules() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("lists");
    // A diamond: the single-supplier firm depends on one Tianjin supplier; the other firm has a
    // Hebei and a Beijing supplier, so it is no bottleneck.
    let tianjin = app
        .firm(
            &admin,
            &format!("{tag}天津原料"),
            "120116",
            Some("biomedicine.apis-intermediates"),
        )
        .await;
    let hebei_api = app
        .firm(
            &admin,
            &format!("{tag}沧州原料"),
            "130900",
            Some("biomedicine.apis-intermediates"),
        )
        .await;
    let beijing_cro = app
        .firm(
            &admin,
            &format!("{tag}北京研发"),
            "110114",
            Some("biomedicine.rd-cro"),
        )
        .await;
    let single = app
        .firm(
            &admin,
            &format!("{tag}单一来源药企"),
            "130100",
            Some("biomedicine.innovative-drugs"),
        )
        .await;
    let diverse = app
        .firm(
            &admin,
            &format!("{tag}多来源药企"),
            "130100",
            Some("biomedicine.innovative-drugs"),
        )
        .await;
    app.relate(
        &admin,
        "supplies",
        &tianjin,
        &single,
        json!({"product": "API"}),
    )
    .await;
    app.relate(
        &admin,
        "supplies",
        &hebei_api,
        &diverse,
        json!({"product": "API"}),
    )
    .await;
    app.relate(
        &admin,
        "supplies",
        &beijing_cro,
        &diverse,
        json!({"product": "CRO services"}),
    )
    .await;
    // Outside suppliers only, one of them twice: shares 2/3 and 1/3.
    let concentrated = app
        .firm(
            &admin,
            &format!("{tag}集中来源药企"),
            "130200",
            Some("biomedicine.innovative-drugs"),
        )
        .await;
    for (supplier, product) in [
        (&tianjin, "API"),
        (&tianjin, "excipients"),
        (&beijing_cro, "CRO services"),
    ] {
        app.relate(
            &admin,
            "supplies",
            supplier,
            &concentrated,
            json!({ "product": product }),
        )
        .await;
    }
    // Leads for biologics (no Hebei firm): one candidate already supplies two Hebei firms.
    let supplier_lead = app
        .firm(
            &admin,
            &format!("{tag}天津生物制品"),
            "120111",
            Some("biomedicine.biologics"),
        )
        .await;
    let idle_lead = app
        .firm(
            &admin,
            &format!("{tag}北京生物制品"),
            "110115",
            Some("biomedicine.biologics"),
        )
        .await;
    app.relate(
        &admin,
        "supplies",
        &supplier_lead,
        &single,
        json!({"product": "antibodies"}),
    )
    .await;
    app.relate(
        &admin,
        "supplies",
        &supplier_lead,
        &diverse,
        json!({"product": "antibodies"}),
    )
    .await;

    // A Beijing firm most of whose customers are in Hebei, and a Beijing lab's technology at
    // the idle candidate.
    let mover = app
        .firm(
            &admin,
            &format!("{tag}北京迁移候选"),
            "110113",
            Some("biomedicine.biologics"),
        )
        .await;
    app.relate(
        &admin,
        "supplies",
        &mover,
        &concentrated,
        json!({"product": "antibodies"}),
    )
    .await;
    let lab = app
        .register_lab(&admin, &format!("{tag}北京抗体实验室"), "110108")
        .await;
    app.relate(
        &admin,
        "transfers_technology",
        &lab,
        &idle_lead,
        json!({"mode": "licence"}),
    )
    .await;
    let lists = app
        .get_json("/api/v1/chains/biomedicine/lists?region=130000&top=1000")
        .await;
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
    assert_eq!(mine["suppliers"][0]["origin"], "elsewhere_in_region");
    assert_eq!(mine["hhi"], 1.0);
    assert_eq!(mine["score"], 1.0);
    let spread = dependents
        .iter()
        .find(|d| d["id"] == concentrated.as_str())
        .expect("outside-only firm listed");
    assert_eq!(spread["dependency"], "outside_suppliers_only");
    // (2/3)² + (1/3)² = 5/9, all of it from outside Hebei: score 5/9 × (1 + 1) / 2.
    let hhi = spread["hhi"].as_f64().unwrap();
    assert!((hhi - 5.0 / 9.0).abs() < 1e-9, "{spread}");
    assert_eq!(spread["outside_share"], 1.0);
    assert!((spread["score"].as_f64().unwrap() - 5.0 / 9.0).abs() < 1e-9);
    let from_tianjin = spread["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == tianjin.as_str())
        .unwrap();
    assert_eq!(from_tianjin["relationships"], 2);
    let drugs = lists["bottlenecks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["link"] == "biomedicine.innovative-drugs")
        .unwrap();
    let score = drugs["score"].as_f64().unwrap();
    assert!(score > 0.0 && score <= 1.0, "{drugs}");
    assert!(drugs["firms_with_suppliers"].as_u64().unwrap() >= 3);
    let scores: Vec<f64> = lists["bottlenecks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "highest first: {scores:?}"
    );
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
    // A Tianjin firm is a partner: a branch, never a relocation.
    assert_eq!(top["form"], "branch");
    assert_eq!(top["score"], 2.0);
    let candidate = |id: &str| {
        lead["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    let idle = candidate(&idle_lead);
    assert_eq!(idle["beijing_rd_origin"], true);
    assert_eq!(idle["form"], "pilot_line");
    assert_eq!(idle["score"], 1.0);
    let moving = candidate(&mover);
    assert_eq!(
        (&moving["customers_in_target"], &moving["customers_total"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(moving["form"], "relocation");

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
    assert!(diverse_holder["pagerank"].as_f64().unwrap() > 0.0);
    // The Cangzhou API maker supplies only this firm: without it, that supplier is cut off.
    assert_eq!(diverse_holder["articulation_point"], true);
    let ranks: Vec<f64> = holders
        .iter()
        .map(|h| h["pagerank"].as_f64().unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");

    // Every entry fits under top=1000, so each count is the length of its list; with top=1
    // each list is cut to one and the counts still count them all.
    let counts = |lists: &Value| -> Vec<(usize, usize)> {
        let of = |items: &Value, list: &str, count: &str| -> Vec<(usize, usize)> {
            items
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    let n = x[list].as_array().unwrap().len();
                    (n, x[count].as_u64().unwrap() as usize)
                })
                .collect()
        };
        let mut all = of(&lists["bottlenecks"], "dependent_firms", "dependent_count");
        all.extend(of(
            &lists["investment_leads"],
            "candidates",
            "candidate_count",
        ));
        all.extend(of(
            &lists["key_enterprises"]["links"],
            "holders",
            "holder_count",
        ));
        all
    };
    assert!(counts(&lists).iter().all(|(n, count)| n == count));
    let cut = app
        .get_json("/api/v1/chains/biomedicine/lists?region=130000&top=1")
        .await;
    assert!(counts(&cut).iter().all(|(n, count)| *n <= 1 && count >= n));
    assert!(counts(&cut).iter().any(|(n, count)| count > n));
    let too_many = app.get("/api/v1/chains/biomedicine/lists?top=1001").await;
    assert_eq!(too_many.status(), 422);
}

/// A link of another chain that feeds a link counts among its suppliers: a Hebei fuel-cell
/// vehicle maker buying its fuel-cell systems from a Beijing hydrogen firm depends on it.
#[tokio::test]
async fn bottlenecks_follow_feeds_across_chains() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("cross");
    let maker = app
        .firm(
            &admin,
            &format!("{tag}燃料电池整车"),
            "130700",
            Some("nev-icv.vehicle-assembly"),
        )
        .await;
    let systems = app
        .firm(
            &admin,
            &format!("{tag}燃料电池系统"),
            "110108",
            Some("hydrogen.fuel-cell-systems"),
        )
        .await;
    app.relate(
        &admin,
        "supplies",
        &systems,
        &maker,
        json!({"product": "fuel-cell systems"}),
    )
    .await;
    let chain = app.get_json("/api/v1/chains/hydrogen").await;
    let link = chain["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "hydrogen.fuel-cell-systems")
        .unwrap();
    assert_eq!(link["feeds"], json!(["hydrogen.vehicles-applications"]));
    assert_eq!(
        link["feeds_other_chains"],
        json!(["nev-icv.vehicle-assembly"])
    );
    let nev = app.get_json("/api/v1/chains/nev-icv").await;
    let assembly = nev["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "nev-icv.vehicle-assembly")
        .unwrap();
    assert_eq!(
        assembly["fed_by_other_chains"],
        json!(["hydrogen.fuel-cell-systems"])
    );

    let lists = app
        .get_json("/api/v1/chains/nev-icv/lists?region=130000&top=1000")
        .await;
    let dependent = lists["bottlenecks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["dependent_firms"].as_array().unwrap())
        .find(|d| d["id"] == maker.as_str())
        .expect("the vehicle maker depends on its fuel-cell supplier");
    assert_eq!(dependent["suppliers"][0]["id"], systems.as_str());
    assert_eq!(dependent["suppliers"][0]["origin"], "elsewhere_in_region");
}

/// `as_of`: the lists as they stood in a year, counting only relationships that held then.
#[tokio::test]
async fn the_lists_as_of_a_year_count_what_held_then() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("asof");
    let buyer = app
        .firm(
            &admin,
            &format!("{tag}整机"),
            "130200",
            Some("robotics.robot-bodies"),
        )
        .await;
    let supplier = app
        .firm(
            &admin,
            &format!("{tag}减速器"),
            "120116",
            Some("robotics.reducers"),
        )
        .await;
    app.relate(
        &admin,
        "supplies",
        &supplier,
        &buyer,
        json!({"product": "reducers", "valid_from": 2024}),
    )
    .await;
    let depends = |lists: &Value| {
        lists["bottlenecks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["dependent_firms"].as_array().unwrap())
            .any(|d| d["id"] == buyer.as_str())
    };
    let url = |as_of: &str| format!("/api/v1/chains/robotics/lists?region=130000&top=1000{as_of}");
    assert!(depends(&app.get_json(&url("")).await));
    assert!(depends(&app.get_json(&url("&as_of=2024")).await));
    assert!(
        !depends(&app.get_json(&url("&as_of=2023")).await),
        "the supply began in 2024"
    );
    assert_eq!(app.get(&url("&as_of=1800")).await.status(), 422);
}
