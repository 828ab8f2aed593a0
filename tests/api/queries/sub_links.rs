//! Sub-links (issue 10): the finer classes of a link. A firm placed in one counts in its link at
//! `level=link` (once, however many of the link's sub-links it is in) and under the sub-link at
//! `level=sub_link`; the link's old id keeps answering. Each test owns a county no other test
//! writes to (Quyang 130634, Li County 130635), so its counts are its own.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, unique_prefix, TestApp};

const QUYANG: &str = "130634";
const LI_COUNTY: &str = "130635";

/// A map's row for `link`, as (firms in the target, the row's level and parent).
fn row(map: &Value, link: &str) -> Option<(u64, String, Option<String>)> {
    map["links"].as_array().unwrap().iter().find_map(|l| {
        (l["link"]["id"] == link).then(|| {
            (
                l["target_count"].as_u64().unwrap(),
                l["link"]["level"].as_str().unwrap().to_owned(),
                l["link"]["parent"].as_str().map(str::to_owned),
            )
        })
    })
}

/// Which of `ours` `/enterprises?link=` lists in Quyang, in the order listed.
async fn members(app: &TestApp, link: &str, ours: &[&str]) -> Vec<String> {
    let url = format!("/api/v1/enterprises?link={link}&region={QUYANG}&limit=100");
    let page = app.get_json(&url).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["id"].as_str())
        .filter(|id| ours.contains(id))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_firm_in_a_sub_link_counts_in_its_link_once_and_under_the_sub_link() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;

    let chain = app.get_json("/api/v1/chains/hydrogen").await;
    let stack = chain["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "hydrogen.stack-mea")
        .unwrap();
    let subs: Vec<&str> = stack["sub_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        subs,
        [
            "hydrogen.stack-mea.mea",
            "hydrogen.stack-mea.catalysts-membranes"
        ]
    );
    assert_eq!(
        stack["sub_links"][1]["feeds"],
        json!(["hydrogen.stack-mea.mea"])
    );

    let map = |level: &str| format!("/api/v1/chains/hydrogen/map?region={QUYANG}&level={level}");
    let links_before = app.get_json(&map("link")).await;
    let subs_before = app.get_json(&map("sub_link")).await;

    let tag = unique_prefix("sublink");
    let both = app
        .firm(
            &admin,
            &format!("{tag}膜电极"),
            QUYANG,
            Some("hydrogen.stack-mea.mea"),
        )
        .await;
    app.join_link(&admin, &both, "hydrogen.stack-mea.catalysts-membranes")
        .await;
    let direct = app
        .firm(
            &admin,
            &format!("{tag}电堆"),
            QUYANG,
            Some("hydrogen.stack-mea"),
        )
        .await;

    let links = app.get_json(&map("link")).await;
    let count = |m: &Value, id: &str| row(m, id).map(|r| r.0);
    // Two firms: the one in two sub-links once, the one placed in the link itself.
    assert_eq!(
        count(&links, "hydrogen.stack-mea").unwrap(),
        count(&links_before, "hydrogen.stack-mea").unwrap() + 2
    );
    assert!(
        row(&links, "hydrogen.stack-mea.mea").is_none(),
        "no sub-link rows at link level"
    );
    assert_eq!(links["level"], "link");

    let sub_map = app.get_json(&map("sub_link")).await;
    assert_eq!(sub_map["level"], "sub_link");
    let (mea, level, parent) = row(&sub_map, "hydrogen.stack-mea.mea").unwrap();
    assert_eq!(
        (level.as_str(), parent.as_deref()),
        ("sub_link", Some("hydrogen.stack-mea"))
    );
    assert_eq!(
        mea,
        count(&subs_before, "hydrogen.stack-mea.mea").unwrap() + 1
    );
    assert_eq!(
        count(&sub_map, "hydrogen.stack-mea.catalysts-membranes").unwrap(),
        count(&subs_before, "hydrogen.stack-mea.catalysts-membranes").unwrap() + 1
    );
    // The link's own row holds only the firm placed in the link alone.
    assert_eq!(
        count(&sub_map, "hydrogen.stack-mea").unwrap(),
        count(&subs_before, "hydrogen.stack-mea").unwrap() + 1
    );
    // Rows keep the chain's order: each sub-link right after its link.
    let ids: Vec<&str> = sub_map["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["link"]["id"].as_str().unwrap())
        .collect();
    let at = |id| ids.iter().position(|i| *i == id).unwrap();
    assert_eq!(at("hydrogen.stack-mea.mea"), at("hydrogen.stack-mea") + 1);
    assert_eq!(
        at("hydrogen.stack-mea.catalysts-membranes"),
        at("hydrogen.stack-mea") + 2
    );

    // The link's old id lists its sub-links' firms too, each once; a sub-link only its own.
    let ours = [both.as_str(), direct.as_str()];
    let mut in_link = members(&app, "hydrogen.stack-mea", &ours).await;
    in_link.sort();
    let mut expected = vec![both.clone(), direct.clone()];
    expected.sort();
    assert_eq!(in_link, expected);
    assert_eq!(
        members(&app, "hydrogen.stack-mea.mea", &ours).await,
        vec![both.clone()]
    );

    let bad = app.get(&map("product")).await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "level", "{problem}");
}

/// A sub-link's feeds count in the bottlenecks at either level: catalysts feed membrane
/// electrode assemblies, so a Li County MEA maker buying from one Beijing catalyst maker depends
/// on it — listed under the MEA sub-link at `level=sub_link`, under the stack link at `link`.
#[tokio::test]
async fn bottlenecks_follow_sub_link_feeds_at_either_level() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("subfeed");
    let maker = app
        .firm(
            &admin,
            &format!("{tag}膜电极"),
            LI_COUNTY,
            Some("hydrogen.stack-mea.mea"),
        )
        .await;
    let catalysts = app
        .firm(
            &admin,
            &format!("{tag}催化剂"),
            "110108",
            Some("hydrogen.stack-mea.catalysts-membranes"),
        )
        .await;
    // A firm of a link that feeds nothing the maker is in: not among its suppliers.
    let refuelling = app
        .firm(
            &admin,
            &format!("{tag}加氢站"),
            "110108",
            Some("hydrogen.refuelling"),
        )
        .await;
    for supplier in [&catalysts, &refuelling] {
        app.relate(
            &admin,
            "supplies",
            supplier,
            &maker,
            json!({"product": "catalyst"}),
        )
        .await;
    }
    let dependent = |lists: &Value| {
        lists["bottlenecks"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|b| {
                let firms = b["dependent_firms"].as_array().unwrap();
                let d = firms.iter().find(|d| d["id"] == maker.as_str())?;
                Some((b["link"].as_str().unwrap().to_owned(), d.clone()))
            })
            .expect("the MEA maker depends on its one catalyst supplier")
    };
    let url = |level: &str| {
        format!("/api/v1/chains/hydrogen/lists?region={LI_COUNTY}&top=1000&level={level}")
    };
    let (link, firm) = dependent(&app.get_json(&url("sub_link")).await);
    assert_eq!(link, "hydrogen.stack-mea.mea");
    assert_eq!(firm["dependency"], "single_outside_supplier");
    let suppliers: Vec<&str> = firm["suppliers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(suppliers, [catalysts.as_str()]);

    let (link, firm) = dependent(&app.get_json(&url("link")).await);
    assert_eq!(link, "hydrogen.stack-mea");
    assert_eq!(firm["suppliers"][0]["id"], catalysts.as_str());
    assert_eq!(firm["hhi"], 1.0);
}
