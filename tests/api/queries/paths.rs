use crate::helpers::{spawn_app, unique_prefix};
use serde_json::json;

#[tokio::test]
async fn paths_come_back_shortest_first_within_the_bounds() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("path");
    let lab = app
        .register_lab(&admin, &format!("{tag}实验室"), "110108")
        .await;
    let supplier = app
        .firm(&admin, &format!("{tag}天津供应商"), "120116", None)
        .await;
    let maker = app
        .firm(&admin, &format!("{tag}河北制造商"), "130200", None)
        .await;
    app.relate(
        &admin,
        "transfers_technology",
        &lab,
        &supplier,
        json!({"mode": "licence", "year": 2023}),
    )
    .await;
    app.relate(
        &admin,
        "supplies",
        &supplier,
        &maker,
        json!({"product": "servo drives"}),
    )
    .await;
    app.relate(
        &admin,
        "transfers_technology",
        &lab,
        &maker,
        json!({"mode": "joint_rd", "year": 2025}),
    )
    .await;

    let answer = app
        .get_json(&format!("/api/v1/paths?from={lab}&to={maker}"))
        .await;
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

    let short = app
        .get_json(&format!("/api/v1/paths?from={lab}&to={maker}&max_hops=1"))
        .await;
    assert_eq!(short["paths"].as_array().unwrap().len(), 1);
    let none = app
        .get_json(&format!(
            "/api/v1/paths?from={lab}&to={maker}&kinds=supplies"
        ))
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

/// The headline question, answered from real records alone: a Beijing (or Tianjin) lab or
/// headquarters reaches a Hebei or Tianjin plant, every step carrying the report it rests on.
#[tokio::test]
async fn the_reported_beijing_to_hebei_examples_come_back_with_sources() {
    let app = spawn_app().await;
    // (from, to, hops, where the first step's report was read)
    let reported = [
        ("bwi-beijing-rd", "bwi-zhangjiakou", 1, "systematicmath.com"),
        ("jingdiao", "jingdiao-langfang", 1, "lf.hebnews.cn"),
        ("baic-group", "baic-huanghua", 1, "www.gov.cn"),
        (
            "beijing-hyundai",
            "beijing-hyundai-cangzhou",
            1,
            "district.ce.cn",
        ),
        ("langyi", "langyi-cangzhou", 1, "www.investheb.com"),
        ("gkss", "gkss-hebei", 1, "lf.hebei.com.cn"),
        ("tsinghua", "thu-tj-hee", 1, "epaper.bjnews.com.cn"),
        ("tsinghua", "sinohytec-power-zjk", 2, "poshpak.com"),
    ];
    for (from, to, hops, read_at) in reported {
        let real = app
            .get_json(&format!(
                "/api/v1/paths?from={from}&to={to}&synthetic=false"
            ))
            .await;
        let shortest = &real["paths"][0];
        assert_eq!(shortest["length"], hops, "{from} → {to}: {real}");
        for hop in shortest["hops"].as_array().unwrap() {
            let source = hop["source"].as_str().unwrap_or("");
            assert!(
                source.contains("http"),
                "{from} → {to}: a step without its report: {hop}"
            );
        }
        assert!(
            shortest["hops"][0]["source"]
                .as_str()
                .unwrap()
                .contains(read_at),
            "{from} → {to}: {shortest}"
        );
        let demo_only = app
            .get_json(&format!("/api/v1/paths?from={from}&to={to}&synthetic=true"))
            .await;
        assert_eq!(demo_only["paths"], serde_json::json!([]), "{demo_only}");
    }
}

/// Of two paths of one length, the one with more distinct sources comes first.
#[tokio::test]
async fn paths_of_equal_length_are_ranked_by_evidence() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("evidence");
    let lab = app
        .register_lab(&admin, &format!("{tag}北京实验室"), "110108")
        .await;
    // Two two-hop routes to one maker: via `cited` each hop has its own source, via `single`
    // both hops cite the same one.
    let maker = app
        .firm(&admin, &format!("{tag}唐山制造商"), "130200", None)
        .await;
    let single = app
        .firm(&admin, &format!("{tag}甲供应商"), "120116", None)
        .await;
    let cited = app
        .firm(&admin, &format!("{tag}乙供应商"), "120116", None)
        .await;
    for (from, to, source) in [
        (&lab, &single, "report A"),
        (&single, &maker, "report A"),
        (&lab, &cited, "report B"),
        (&cited, &maker, "report C"),
    ] {
        app.relate(
            &admin,
            "transfers_technology",
            from,
            to,
            json!({"mode": "licence", "source": source}),
        )
        .await;
    }
    let ranked = app
        .get_json(&format!(
            "/api/v1/paths?from={lab}&to={maker}&kinds=transfers_technology"
        ))
        .await;
    let paths = ranked["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 2, "{ranked}");
    assert_eq!(paths[0]["hops"][0]["to"]["id"], cited.as_str());
    assert_eq!(paths[0]["evidence"]["sources"], 2);
    assert_eq!(paths[1]["evidence"]["sources"], 1);
}

/// Branches are followed both ways (issue 10): a Beijing lab that licenses its technology to a
/// parent company reaches the parent's Hebei branch plant, the last hop marked `reversed`. The
/// reverse step is gone with the branch, and a member deleting its own branch plant is not
/// stopped by it.
#[tokio::test]
async fn a_parent_reaches_its_branch_plant_and_the_step_goes_with_the_branch() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let org = unique_prefix("branchorg");
    let member = app.member_key(&org).await;
    let tag = unique_prefix("branch");
    let lab = app
        .register_lab(&admin, &format!("{tag}实验室"), "110108")
        .await;
    let parent = app
        .firm(&admin, &format!("{tag}北京总部"), "110108", None)
        .await;
    let created = app
        .post_json(
            "/api/v1/enterprises",
            &member,
            &json!({"name_zh": format!("{tag}沧州分厂"), "region": "130900",
                    "uscc": crate::helpers::fresh_uscc()}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let plant: serde_json::Value = created.json().await.unwrap();
    let plant = plant["id"].as_str().unwrap().to_owned();
    app.relate(
        &admin,
        "transfers_technology",
        &lab,
        &parent,
        json!({"mode": "licence", "year": 2024}),
    )
    .await;
    let branch = app
        .relate(&member, "branch_of", &plant, &parent, json!({"year": 2022}))
        .await;

    let url = format!("/api/v1/paths?from={lab}&to={plant}");
    let answer = app.get_json(&url).await;
    let hops = &answer["paths"][0]["hops"];
    assert_eq!(answer["paths"][0]["length"], 2, "{answer}");
    assert_eq!(hops[0]["reversed"], false);
    assert_eq!(
        (hops[1]["kind"].as_str(), hops[1]["reversed"].as_bool()),
        (Some("branch_of"), Some(true))
    );
    assert_eq!(hops[1]["relationship_id"], branch.as_str());
    assert_eq!(
        (hops[1]["from"]["id"].as_str(), hops[1]["to"]["id"].as_str()),
        (Some(parent.as_str()), Some(plant.as_str()))
    );
    // The hop reports the branch relationship itself: its year and source count as evidence.
    assert_eq!(hops[1]["year"], 2022);
    assert_eq!(hops[1]["source"], "test graph");
    assert_eq!(answer["paths"][0]["evidence"]["latest_year"], 2024);

    // A path visits each organisation once: with a direct transfer to the plant too, the walk
    // lab → plant → parent → plant (out along the branch, back along its reverse) is no path.
    let direct = app
        .relate(
            &admin,
            "transfers_technology",
            &lab,
            &plant,
            json!({"mode": "licence", "year": 2025}),
        )
        .await;
    let both = app.get_json(&url).await;
    let lengths: Vec<u64> = both["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    assert_eq!(lengths, [1, 2], "{both}");

    // Only the kinds asked for: without branches, no way from the parent to the plant.
    let without = app
        .get_json(&format!("{url}&kinds=supplies,branch_of&max_hops=1"))
        .await;
    assert_eq!(without["paths"], json!([]));
    let forwards_only = app
        .get_json(&format!("{url}&kinds=transfers_technology,supplies"))
        .await;
    let lengths: Vec<u64> = forwards_only["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    assert_eq!(lengths, [1], "only the direct transfer: {forwards_only}");
    let removed = app
        .delete(&format!("/api/v1/relationships/{direct}"), &admin)
        .await;
    assert_eq!(removed.status(), 204);
    // The plant's relationships list the branch once, as recorded.
    let listed = app
        .get_json(&format!("/api/v1/organisations/{plant}/relationships"))
        .await;
    let kinds: Vec<&str> = listed["items"]
        .as_array()
        .unwrap_or_else(|| listed.as_array().unwrap())
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["branch_of"], "{listed}");

    assert_eq!(app.branch_twins(&branch).await, 1);

    // Deleting the branch takes the reverse step with it.
    let deleted = app
        .delete(&format!("/api/v1/relationships/{branch}"), &member)
        .await;
    assert_eq!(deleted.status(), 204);
    assert_eq!(app.branch_twins(&branch).await, 0);
    assert_eq!(app.get_json(&url).await["paths"][1], json!(null));

    // The member deletes its plant: the reverse step (no relationship of its own, no owner)
    // does not stand in the way, and goes too.
    let again = app
        .relate(&member, "branch_of", &plant, &parent, json!({}))
        .await;
    assert_eq!(app.branch_twins(&again).await, 1);
    let path = format!("/api/v1/enterprises/{plant}");
    assert_eq!(app.delete(&path, &member).await.status(), 204);
    assert_eq!(app.branch_twins(&again).await, 0);
}
