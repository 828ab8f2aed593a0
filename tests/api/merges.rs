//! Merging duplicates (issue 20): after A is merged into B, the chain map, the three lists and
//! the paths are those of a graph built with B only. Two small worlds are built in two counties
//! no other test uses: in the first, a firm registered twice (A and B) and merged; in the
//! second, the same firm registered once. Every answer about the first county must equal the
//! one about the second, names aside.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{problem, spawn_app, TestApp};

const MERGED_COUNTY: &str = "130423";
const BUILT_COUNTY: &str = "130424";

/// A world's firms: the survivor, its customer and its two suppliers.
struct World {
    survivor: String,
    customer: String,
    parts: String,
    castings: String,
}

async fn supply(
    app: &TestApp,
    key: &str,
    from: &str,
    to: &str,
    product: &str,
    source: &str,
) -> String {
    app.relate(
        key,
        "supplies",
        from,
        to,
        json!({"product": product, "source": source}),
    )
    .await
}

/// The firms every world has; `name` prefixes each with the world's tag.
async fn common(app: &TestApp, key: &str, tag: &str, county: &str) -> (String, String, String) {
    let customer = app
        .firm(
            key,
            &format!("{tag}集成商"),
            county,
            Some("machine-tools.integration"),
        )
        .await;
    let parts = app
        .firm(
            key,
            &format!("{tag}功能部件厂"),
            county,
            Some("machine-tools.functional-parts"),
        )
        .await;
    let castings = app
        .firm(
            key,
            &format!("{tag}铸造厂"),
            county,
            Some("machine-tools.castings"),
        )
        .await;
    (customer, parts, castings)
}

/// The first county: the firm registered twice — A in one link, B in another, each with
/// its own supplier, both supplying the same customer — then A merged into B.
async fn merged_world(app: &TestApp, admin: &str) -> (World, String) {
    let (customer, parts, castings) = common(app, admin, "合并世界", MERGED_COUNTY).await;
    let a = app
        .firm(
            admin,
            "合并世界数控甲",
            MERGED_COUNTY,
            Some("machine-tools.cnc-systems"),
        )
        .await;
    let b = app
        .firm(
            admin,
            "合并世界数控乙",
            MERGED_COUNTY,
            Some("machine-tools.machine-tools"),
        )
        .await;
    supply(app, admin, &a, &customer, "数控系统", "甲来源").await;
    supply(app, admin, &b, &customer, "数控系统", "乙来源").await;
    supply(app, admin, &parts, &a, "功能部件", "部件来源").await;
    supply(app, admin, &castings, &b, "铸件", "铸件来源").await;
    supply(app, admin, &a, &b, "数控系统", "自供来源").await;
    let merged = app
        .post_json(
            &format!("/api/v1/enterprises/{a}/merge"),
            admin,
            &json!({"into": b}),
        )
        .await;
    let status = merged.status();
    let survivor: Value = merged.json().await.unwrap();
    assert_eq!(status, 200, "{survivor}");
    assert_eq!(survivor["id"].as_str(), Some(b.as_str()));
    let world = World {
        survivor: b,
        customer,
        parts,
        castings,
    };
    (world, a)
}

/// The second county: the same firm registered once, in both links, with what the merge kept.
async fn built_world(app: &TestApp, admin: &str) -> World {
    let (customer, parts, castings) = common(app, admin, "单建世界", BUILT_COUNTY).await;
    let b = app
        .firm(
            admin,
            "单建世界数控乙",
            BUILT_COUNTY,
            Some("machine-tools.machine-tools"),
        )
        .await;
    app.join_link(admin, &b, "machine-tools.cnc-systems").await;
    supply(app, admin, &b, &customer, "数控系统", "乙来源").await;
    supply(app, admin, &parts, &b, "功能部件", "部件来源").await;
    supply(app, admin, &castings, &b, "铸件", "铸件来源").await;
    World {
        survivor: b,
        customer,
        parts,
        castings,
    }
}

/// An answer with the worlds' names and ids made alike, so the two can be compared.
fn alike(answer: &Value, world: &World, tag: &str) -> String {
    let mut text = answer.to_string();
    for (id, role) in [
        (&world.survivor, "SURVIVOR"),
        (&world.customer, "CUSTOMER"),
        (&world.parts, "PARTS"),
        (&world.castings, "CASTINGS"),
    ] {
        text = text.replace(id.as_str(), role);
    }
    text.replace(tag, "WORLD")
        .replace(MERGED_COUNTY, "COUNTY")
        .replace(BUILT_COUNTY, "COUNTY")
        .replace("临漳县", "COUNTY_NAME")
        .replace("成安县", "COUNTY_NAME")
}

/// What the chain's map says of a county: each link's count, grade and quotient inputs.
async fn map_of(app: &TestApp, county: &str) -> Vec<Value> {
    let map = app
        .get_json(&format!("/api/v1/chains/machine-tools/map?region={county}"))
        .await;
    map["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| json!([l["link"]["id"], l["target_count"]]))
        .collect()
}

/// The three lists for a county, as far as they speak of it: its bottlenecks and its firms
/// among each link's holders.
async fn lists_of(app: &TestApp, county: &str, world: &World, tag: &str) -> String {
    let lists = app
        .get_json(&format!(
            "/api/v1/chains/machine-tools/lists?region={county}&top=100"
        ))
        .await;
    let holders: Vec<Value> = lists["key_enterprises"]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let ours: Vec<&Value> = l
                .to_string()
                .contains(tag)
                .then_some(l)
                .into_iter()
                .collect();
            json!(ours)
        })
        .collect();
    alike(&json!([lists["bottlenecks"], holders]), world, tag)
}

async fn paths_of(app: &TestApp, world: &World, tag: &str) -> String {
    let mut answers = Vec::new();
    for from in [&world.parts, &world.castings] {
        let paths = app
            .get_json(&format!("/api/v1/paths?from={from}&to={}", world.customer))
            .await;
        answers.push(json!(paths["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| json!([
                p["length"],
                p["hops"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| json!([
                        h["kind"],
                        h["from"]["id"],
                        h["to"]["id"],
                        h["product"],
                        h["source"]
                    ]))
                    .collect::<Vec<_>>()
            ]))
            .collect::<Vec<_>>()));
    }
    alike(&json!(answers), world, tag)
}

#[tokio::test]
async fn after_a_merge_the_map_lists_and_paths_are_those_of_the_survivor_alone() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    // The counties are this test's alone: what an earlier run left goes.
    let leftovers = "MATCH (o:Organisation) WHERE o.region_code IN $counties DETACH DELETE o";
    let counties = vec![MERGED_COUNTY, BUILT_COUNTY];
    app.db
        .run(neo4rs::query(leftovers).param("counties", counties))
        .await
        .unwrap();
    let (merged, duplicate) = merged_world(&app, &admin).await;
    let built = built_world(&app, &admin).await;

    assert_eq!(
        map_of(&app, MERGED_COUNTY).await,
        map_of(&app, BUILT_COUNTY).await
    );
    assert_eq!(
        lists_of(&app, MERGED_COUNTY, &merged, "合并世界").await,
        lists_of(&app, BUILT_COUNTY, &built, "单建世界").await
    );
    let (merged_paths, built_paths) = (
        paths_of(&app, &merged, "合并世界").await,
        paths_of(&app, &built, "单建世界").await,
    );
    assert_eq!(merged_paths, built_paths);
    assert!(merged_paths.contains("SURVIVOR"), "{merged_paths}");

    // One supply to the customer, with both sources; the one between the two is gone.
    let of = |id: &str| format!("/api/v1/organisations/{id}/relationships?direction=out");
    let outgoing = app.get_json(&of(&merged.survivor)).await;
    let supplies: Vec<&Value> = outgoing.as_array().unwrap().iter().collect();
    assert_eq!(supplies.len(), 1, "{outgoing}");
    assert_eq!(supplies[0]["source"], "乙来源");
    assert_eq!(supplies[0]["also_sources"], json!(["甲来源"]));

    // The duplicate's id still answers, with where it went.
    let not_following = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let old = not_following
        .get(app.url(&format!("/api/v1/enterprises/{duplicate}")))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 301);
    assert_eq!(
        old.headers()["location"].to_str().unwrap(),
        format!("/api/v1/enterprises/{}", merged.survivor)
    );
    assert_eq!(
        problem(old).await["merged_into"].as_str(),
        Some(merged.survivor.as_str())
    );
    // A client that follows redirects lands on the survivor.
    let followed = app
        .with_key(
            Method::GET,
            &format!("/api/v1/enterprises/{duplicate}"),
            None,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        followed.json::<Value>().await.unwrap()["id"].as_str(),
        Some(merged.survivor.as_str())
    );
    // A client that follows redirects lands on the survivor.
    let followed = app
        .get_json(&format!("/api/v1/enterprises/{duplicate}"))
        .await;
    assert_eq!(followed["id"].as_str(), Some(merged.survivor.as_str()));
    let found = app.get_json("/api/v1/enterprises?q=合并世界数控").await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");

    // Both histories tell of it; the duplicate's earlier history is the survivor's now.
    let actions = app.history_actions(&merged.survivor).await;
    let created = actions.iter().filter(|a| *a == "create").count();
    assert_eq!(created, 2, "{actions:?}");
    assert_eq!(
        actions.last().map(String::as_str),
        Some("merge"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn only_a_curator_merges_and_a_record_never_into_itself() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let member = app
        .member_key(&crate::helpers::unique_prefix("merge"))
        .await;
    let a = app.firm(&member, "合并权限甲", "130200", None).await;
    let b = app.firm(&member, "合并权限乙", "130200", None).await;
    let path = format!("/api/v1/enterprises/{a}/merge");
    let by_member = app.post_json(&path, &member, &json!({"into": b})).await;
    assert_eq!(by_member.status(), 403);
    let itself = app.post_json(&path, &admin, &json!({"into": a})).await;
    assert_eq!(itself.status(), 422);
    let nowhere = app
        .post_json(&path, &admin, &json!({"into": "ent-0000000000000000"}))
        .await;
    assert_eq!(nowhere.status(), 404);
    let lab = app.register_lab(&admin, "合并权限实验室", "130200").await;
    let across = app.post_json(&path, &admin, &json!({"into": lab})).await;
    assert_eq!(
        across.status(),
        404,
        "an R&D source is not an enterprise to merge into"
    );
    assert_eq!(
        app.get(&format!("/api/v1/enterprises/{a}")).await.status(),
        200
    );
}

#[tokio::test]
async fn possible_duplicates_are_listed_for_their_member_and_the_curators() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let member = app.member_key(&crate::helpers::unique_prefix("dup")).await;
    let han = crate::import_lists::unique_han();
    let first = app
        .firm(&member, &format!("{han}精工减速器有限公司"), "130200", None)
        .await;
    let second = app
        .firm(&member, &format!("唐山{han}精工减速器"), "130200", None)
        .await;
    // Named afresh each run: the same name from an earlier run on this database would be a
    // true duplicate.
    let unrelated_name = format!("{}完全不相干", crate::import_lists::unique_han());
    let unrelated = app.firm(&member, &unrelated_name, "130200", None).await;

    let pairs = app.get_json_as("/api/v1/duplicates", &member).await;
    let ours: Vec<(&str, &str)> = pairs
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["other"]["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(ours.contains(&(second.as_str(), first.as_str())), "{pairs}");
    assert!(ours.iter().all(|(id, _)| *id != unrelated), "{pairs}");
    let other = app
        .get_json_as(
            "/api/v1/duplicates",
            &app.member_key("another-alliance").await,
        )
        .await;
    assert!(
        !other.to_string().contains(&second),
        "another member's records are not shown"
    );

    let queue = app
        .get_json_as("/api/v1/duplicates?limit=500", &admin)
        .await;
    let pair = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == second.as_str())
        .unwrap_or_else(|| panic!("not in the curators' queue: {queue}"));
    assert!(pair["other"]["score"].as_u64().unwrap() >= 85);
    let merged = app
        .post_json(
            &format!("/api/v1/enterprises/{second}/merge"),
            &admin,
            &json!({"into": first}),
        )
        .await;
    assert_eq!(merged.status(), 200);
    let after = app.get_json_as("/api/v1/duplicates", &member).await;
    assert!(!after.to_string().contains(&second), "{after}");
}
