use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{problem, spawn_app, unique_prefix};

#[tokio::test]
async fn a_member_records_lists_and_deletes_relationships_of_its_organisations() {
    let app = spawn_app().await;
    let tag = unique_prefix("rel");
    let member = app.member_key(&tag).await;
    let lab = app
        .register_lab(&member, &format!("{tag}北京实验室"), "110108")
        .await;
    let supplier = app
        .register_enterprise(&member, &format!("{tag}天津供应商"), "120116")
        .await;
    let maker = app
        .register_enterprise(&member, &format!("{tag}河北制造商"), "130200")
        .await;

    let transfer = json!({"kind": "transfers_technology", "source_id": lab, "target_id": maker,
        "technology": "servo tuning", "mode": "licence", "year": 2025, "source": "https://example.org/t"});
    let created = app
        .post_json("/api/v1/relationships", &member, &transfer)
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        (created["verified"].as_bool(), created["owner"].as_str()),
        (Some(false), Some(tag.as_str()))
    );
    assert_eq!(created["recorded_by"].as_str().unwrap().len(), 12);
    let supply = json!({"kind": "supplies", "source_id": supplier, "target_id": maker,
        "product": "servo motors", "valid_from": 2024, "source": "member declaration"});
    assert_eq!(
        app.post_json("/api/v1/relationships", &member, &supply)
            .await
            .status(),
        201
    );

    let incoming: Vec<Value> = app
        .get(&format!(
            "/api/v1/organisations/{maker}/relationships?direction=in"
        ))
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = incoming
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(incoming.len(), 2, "{kinds:?}");
    let only_supply: Vec<Value> = app
        .get(&format!(
            "/api/v1/organisations/{maker}/relationships?direction=in&kind=supplies"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(only_supply.len(), 1);
    assert_eq!(only_supply[0]["source_id"], supplier.as_str());
    let outgoing: Vec<Value> = app
        .get(&format!(
            "/api/v1/organisations/{maker}/relationships?direction=out"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert!(outgoing.is_empty());

    let id = created["id"].as_str().unwrap();
    let admin = app.admin_key().await;
    let verified: Value = app
        .post_json(
            &format!("/api/v1/relationships/{id}/verify"),
            &admin,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verified["verified"], true);
    assert_eq!(
        app.delete(&format!("/api/v1/relationships/{id}"), &member)
            .await
            .status(),
        204
    );
    assert_eq!(
        app.get(&format!("/api/v1/relationships/{id}"))
            .await
            .status(),
        404
    );
    let history: Vec<Value> = app
        .get(&format!("/api/v1/relationships/{id}/history"))
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["create", "verify", "delete"]);
}

#[tokio::test]
async fn self_loops_unknown_ends_and_strangers_are_refused() {
    let app = spawn_app().await;
    let owner = app.member_key(&unique_prefix("owner")).await;
    let stranger = app.member_key(&unique_prefix("stranger")).await;
    let a = app.register_enterprise(&owner, "关系甲", "130200").await;
    let b = app.register_enterprise(&owner, "关系乙", "130600").await;
    let body = |s: &str, t: &str| json!({"kind": "cooperates_with", "source_id": s, "target_id": t, "source": "x"});

    let looped = app
        .post_json("/api/v1/relationships", &owner, &body(&a, &a))
        .await;
    assert_eq!(looped.status(), 422);
    assert_eq!(problem(looped).await["errors"][0]["rule"], "self_loop");
    let unknown = app
        .post_json("/api/v1/relationships", &owner, &body(&a, "ent-nobody"))
        .await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(problem(unknown).await["errors"][0]["field"], "target_id");
    let foreign = app
        .post_json("/api/v1/relationships", &stranger, &body(&a, &b))
        .await;
    assert_eq!(foreign.status(), 403);

    let created: Value = app
        .post_json("/api/v1/relationships", &owner, &body(&a, &b))
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/relationships/{}", created["id"].as_str().unwrap());
    assert_eq!(app.delete(&path, &stranger).await.status(), 403);
    assert_eq!(app.get(&path).await.status(), 200);
}

#[tokio::test]
async fn relocations_point_at_the_region_left() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("reloc")).await;
    let firm = app
        .register_enterprise(&member, "疏解测试企业", "130638")
        .await;
    let body = json!({"kind": "relocated_from", "source_id": firm, "target_id": "110108", "year": 2024,
                      "scope": "headquarters", "source": "https://example.org/relocation"});
    let response = app.post_json("/api/v1/relationships", &member, &body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(
        (
            created["target_id"].as_str(),
            created["target_name_zh"].as_str()
        ),
        (Some("110108"), Some("海淀区"))
    );
    let no_year =
        json!({"kind": "relocated_from", "source_id": firm, "target_id": "110108", "source": "x"});
    assert_eq!(
        app.post_json("/api/v1/relationships", &member, &no_year)
            .await
            .status(),
        422
    );
    let bad_region = json!({"kind": "relocated_from", "source_id": firm, "target_id": "119999", "year": 2024, "source": "x"});
    assert_eq!(
        app.post_json("/api/v1/relationships", &member, &bad_region)
            .await
            .status(),
        422
    );
    // An organisation id where the region moved out of belongs: a rule of the kind, named so.
    let not_a_region = json!({"kind": "relocated_from", "source_id": firm, "target_id": "ubnq3z", "year": 2024, "source": "x"});
    let refused = app
        .post_json("/api/v1/relationships", &member, &not_a_region)
        .await;
    assert_eq!(refused.status(), 422);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(
        problem["errors"][0]["rule"], "region_for_relocation",
        "{problem}"
    );
}

#[tokio::test]
async fn enterprises_declare_chain_links_and_rd_sources_stay_apart() {
    let app = spawn_app().await;
    let member = app.member_key(&unique_prefix("seg")).await;
    let firm = app
        .register_enterprise(&member, "环节测试企业", "130200")
        .await;
    let path = format!("/api/v1/enterprises/{firm}/segments/hydrogen.bipolar-plates");
    let put = app
        .with_key(Method::PUT, &path, Some(&member))
        .json(&json!({"role": "supporting", "products": ["metal plates"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let firm_view: Value = put.json().await.unwrap();
    assert_eq!(firm_view["segments"][0]["chain"], "hydrogen");
    let unknown = app
        .with_key(
            Method::PUT,
            &format!("/api/v1/enterprises/{firm}/segments/hydrogen.nothing"),
            Some(&member),
        )
        .json(&json!({"role": "core"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 422);
    assert_eq!(app.delete(&path, &member).await.status(), 204);
    assert_eq!(app.delete(&path, &member).await.status(), 404);

    let name = unique_prefix("分类测试实验室");
    let lab = app.register_lab(&member, &name, "110108").await;
    assert_eq!(
        app.get(&format!("/api/v1/enterprises/{lab}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/api/v1/rd-sources/{firm}"))
            .await
            .status(),
        404
    );
    let labs: Value = app
        .get(&format!("/api/v1/rd-sources?q={name}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(labs["items"][0]["id"], lab.as_str());
}

/// The whole graph's relationships, a page at a time, in id order: what a mirror pages through.
#[tokio::test]
async fn every_relationship_is_listed_once_a_page_at_a_time() {
    let app = spawn_app().await;
    let tag = unique_prefix("rel-list");
    let member = app.member_key(&tag).await;
    let lab = app
        .register_lab(&member, &format!("{tag}北京实验室"), "110108")
        .await;
    let maker = app
        .register_enterprise(&member, &format!("{tag}河北制造商"), "130200")
        .await;
    let mine = [
        app.relate(&member, "incubates", &lab, &maker, json!({"year": 2024}))
            .await,
        app.relate(
            &member,
            "cooperates_with",
            &lab,
            &maker,
            json!({"topic": "检测"}),
        )
        .await,
    ];

    let mut seen: Vec<Value> = Vec::new();
    let mut path = "/api/v1/relationships?synthetic=false&limit=7".to_owned();
    loop {
        let page = app.get_json(&path).await;
        seen.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => {
                path = format!("/api/v1/relationships?synthetic=false&limit=7&cursor={cursor}")
            }
            None => break,
        }
    }
    let ids: Vec<&str> = seen.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "in id order, each once"
    );
    assert!(seen.iter().all(|r| r["synthetic"] == false));
    for id in &mine {
        assert!(ids.contains(&id.as_str()), "{id} listed");
    }

    // One kind only.
    let incubations = app
        .get_json("/api/v1/relationships?kind=incubates&limit=500")
        .await;
    let items = incubations["items"].as_array().unwrap();
    assert!(items.iter().all(|r| r["kind"] == "incubates"));
    assert!(items.iter().any(|r| r["id"] == mine[0].as_str()));

    let refused = app.get("/api/v1/relationships?cursor=zz").await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        crate::helpers::fields(&problem(refused).await),
        [("cursor".to_owned(), "format".to_owned())]
    );
}
