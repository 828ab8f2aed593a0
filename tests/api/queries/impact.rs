use crate::helpers::{spawn_app, unique_prefix};
use serde_json::json;

#[tokio::test]
async fn impact_follows_supply_downstream_and_spots_missing_alternatives() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("impact");
    let stopped = app
        .firm(&admin, &format!("{tag}停产企业"), "120116", None)
        .await;
    let covered = app
        .firm(&admin, &format!("{tag}有替代"), "130200", None)
        .await;
    let exposed = app
        .firm(&admin, &format!("{tag}无替代"), "130600", None)
        .await;
    let second_tier = app
        .firm(&admin, &format!("{tag}二级"), "110108", None)
        .await;
    let alternative = app
        .firm(&admin, &format!("{tag}替代供应商"), "130100", None)
        .await;
    for (from, to, product) in [
        (&stopped, &covered, "bearings"),
        (&stopped, &exposed, "bearings"),
        (&alternative, &covered, "bearings"),
        (&covered, &second_tier, "gearboxes"),
        (&exposed, &second_tier, "gearboxes"),
    ] {
        app.relate(&admin, "supplies", from, to, json!({"product": product}))
            .await;
    }
    let impact = app
        .get_json(&format!("/api/v1/enterprises/{stopped}/impact"))
        .await;
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
    // Reached through the disrupted firm, but the covered firm (not disrupted) still delivers
    // its gearboxes: exposed, not disrupted.
    assert_eq!(of(&second_tier), (second_tier.clone(), 2, vec![]));
    assert_eq!(impact["without_alternative"], 1);
    assert_eq!(impact["disrupted"], 1);
    assert_eq!(impact["by_region"]["130000"], 2);
    let disrupted = |impact: &serde_json::Value, id: &str| {
        impact["affected"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["firm"]["id"] == id)
            .map(|a| {
                (
                    a["disrupted"].as_bool().unwrap(),
                    a["hit_share"].as_f64().unwrap(),
                )
            })
    };
    assert_eq!(disrupted(&impact, &covered), Some((false, 0.5)));
    assert_eq!(disrupted(&impact, &exposed), Some((true, 1.0)));
    assert_eq!(disrupted(&impact, &second_tier), Some((false, 0.5)));
    // At a half share, losing one of two suppliers is enough: the covered firm is disrupted too,
    // and the second tier loses both its gearbox suppliers.
    let strict = app
        .get_json(&format!(
            "/api/v1/enterprises/{stopped}/impact?disruption_share=0.5"
        ))
        .await;
    assert_eq!(strict["disrupted"], 3, "{strict}");
    assert_eq!(disrupted(&strict, &second_tier), Some((true, 1.0)));
    for bad in ["0", "1.5", "-1"] {
        let status = app
            .get(&format!(
                "/api/v1/enterprises/{stopped}/impact?disruption_share={bad}"
            ))
            .await
            .status();
        assert_eq!(status, 422, "{bad}");
    }
    // Covered still loses the stopped firm's bearings, though another supplier delivers them.
    let covered_entry = impact["affected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["firm"]["id"] == covered.as_str())
        .unwrap();
    assert_eq!(covered_entry["lost_products"], json!(["bearings"]));
    // How the disruption reached each firm: the hit suppliers it buys from (only disrupted
    // firms pass it on, so the second tier was reached through the exposed firm alone).
    let via = |impact: &serde_json::Value, id: &str| {
        let entry = impact["affected"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["firm"]["id"] == id);
        let mut via: Vec<String> = serde_json::from_value(entry.unwrap()["via"].clone()).unwrap();
        via.sort();
        via
    };
    assert_eq!(via(&impact, &covered), vec![stopped.clone()]);
    assert_eq!(via(&impact, &second_tier), vec![exposed.clone()]);
    let mut both = vec![covered.clone(), exposed.clone()];
    both.sort();
    assert_eq!(via(&strict, &second_tier), both);
    let shallow = app
        .get_json(&format!("/api/v1/enterprises/{stopped}/impact?depth=1"))
        .await;
    assert_eq!(shallow["affected"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.get(&format!("/api/v1/enterprises/{stopped}/impact?depth=9"))
            .await
            .status(),
        422
    );
}

/// Past the visit budget the answer is cut, says so, and keeps the nearest firms.
#[tokio::test]
async fn impact_stops_at_its_budget_and_keeps_the_nearest() {
    let mut settings = crate::helpers::test_settings();
    settings.queries.impact_max_affected = 3;
    let app = crate::helpers::spawn_ready_app_with(settings).await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("budget");
    let hub = app
        .firm(&admin, &format!("{tag}枢纽"), "120116", None)
        .await;
    let mut customers = Vec::new();
    for i in 0..2 {
        let c = app
            .firm(&admin, &format!("{tag}客户{i}"), "130200", None)
            .await;
        app.relate(&admin, "supplies", &hub, &c, json!({"product": "bearings"}))
            .await;
        customers.push(c);
    }
    for i in 0..3 {
        let c = app
            .firm(&admin, &format!("{tag}二级{i}"), "130200", None)
            .await;
        app.relate(
            &admin,
            "supplies",
            &customers[0],
            &c,
            json!({"product": "gears"}),
        )
        .await;
    }
    let impact = app
        .get_json(&format!("/api/v1/enterprises/{hub}/impact?depth=2"))
        .await;
    let depths: Vec<u64> = impact["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["depth"].as_u64().unwrap())
        .collect();
    assert_eq!(depths, vec![1, 1, 2], "{impact}");
    assert_eq!(impact["truncated"], true);
    let shallow = app
        .get_json(&format!("/api/v1/enterprises/{hub}/impact?depth=1"))
        .await;
    assert_eq!(shallow["truncated"], false);
}

/// A firm left without a supplier of a product is shown who else supplies it, nearest first.
#[tokio::test]
async fn impact_lists_substitute_suppliers_nearest_first() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("subst");
    // A product name only this test uses, so other tests' suppliers are no candidates.
    let product = format!("{tag}谐波减速器");
    let firm = |name: &'static str, region: &'static str| {
        let (app, admin, tag) = (&app, &admin, &tag);
        async move { app.firm(admin, &format!("{tag}{name}"), region, None).await }
    };
    let stopped = firm("停产", "120116").await;
    let exposed = firm("唐山整机", "130209").await;
    let elsewhere_customer = firm("其他客户", "110108").await;
    let other_customer = firm("另一客户", "120116").await;
    let same_city_busy = firm("唐山供应商甲", "130200").await;
    let same_city = firm("唐山供应商乙", "130200").await;
    let same_province = firm("石家庄供应商", "130100").await;
    let beijing = firm("北京供应商", "110108").await;
    let supplies = |from: &str, to: &str| {
        let body = json!({"product": product});
        let (app, admin, from, to) = (&app, &admin, from.to_owned(), to.to_owned());
        async move { app.relate(admin, "supplies", &from, &to, body).await }
    };
    supplies(&stopped, &exposed).await;
    for supplier in [&same_city_busy, &same_city, &same_province, &beijing] {
        supplies(supplier, &elsewhere_customer).await;
    }
    supplies(&same_city_busy, &other_customer).await;
    supplies(&stopped, &other_customer).await;

    let plain = app
        .get_json(&format!("/api/v1/enterprises/{stopped}/impact?depth=1"))
        .await;
    assert!(
        plain["affected"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["substitutes"] == json!([])),
        "substitutes only when asked for"
    );
    let impact = app
        .get_json(&format!(
            "/api/v1/enterprises/{stopped}/impact?depth=1&substitutes=true"
        ))
        .await;
    let entry = impact["affected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["firm"]["id"] == exposed.as_str())
        .unwrap()
        .clone();
    assert_eq!(entry["without_alternative"], json!([product]));
    let offered: Vec<(&str, &str, i64)> = entry["substitutes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["product"], product.as_str());
            (
                s["firm"]["id"].as_str().unwrap(),
                s["distance"].as_str().unwrap(),
                s["customers"].as_i64().unwrap(),
            )
        })
        .collect();
    // Same city first, the busier one ahead; then the same province; three at most, so the
    // Beijing supplier is left out; the stopped firm is never offered.
    assert_eq!(
        offered,
        vec![
            (same_city_busy.as_str(), "same_city", 2),
            (same_city.as_str(), "same_city", 1),
            (same_province.as_str(), "same_province", 1),
        ]
    );
    // The other customer still has a supplier of the product: no substitutes are offered.
    let other = impact["affected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["firm"]["id"] == other_customer.as_str())
        .unwrap();
    assert_eq!(other["substitutes"], json!([]));
}
