//! Reconciling lists (issue 20): a labelled set of the names lists write for the real
//! organisations of the seeds (tests/data/reconcile_labels.csv, written by
//! `cargo run --example reconcile_labels`) is reconciled as the goals ask, and the endpoint's
//! rules hold.

use serde_json::{json, Value};

use crate::helpers::{fields, problem, spawn_app, unique_prefix};

struct Label {
    variant: String,
    name: String,
    region: String,
    expected: String,
}

fn labels() -> Vec<Label> {
    let mut reader = csv::Reader::from_path("tests/data/reconcile_labels.csv").unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Label {
                variant: r[0].to_owned(),
                name: r[1].to_owned(),
                region: r[2].to_owned(),
                expected: r[3].to_owned(),
            }
        })
        .collect()
}

#[tokio::test]
async fn the_labelled_names_are_reconciled_as_the_goals_ask() {
    let app = spawn_app().await;
    let labels = labels();
    let rows: Vec<Value> = labels
        .iter()
        .map(|l| {
            let mut row = json!({"name": l.name});
            if !l.region.is_empty() {
                row["region"] = json!(l.region);
            }
            row
        })
        .collect();
    let response = app
        .client
        .post(app.url("/api/v1/reconcile"))
        .json(&json!({ "rows": rows }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), labels.len());

    let (mut named, mut first, mut five, mut confident, mut wrong) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for (label, result) in labels.iter().zip(results) {
        let ids: Vec<&str> = result["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        let matched = result["match"].as_bool().unwrap();
        if matched {
            confident += 1;
            if result["id"] != label.expected.as_str() {
                wrong += 1;
                misses.push(format!(
                    "wrong match {} {} → {}",
                    label.variant, label.name, result["id"]
                ));
            }
        }
        if label.expected.is_empty() {
            continue;
        }
        named += 1;
        match ids.iter().position(|id| *id == label.expected) {
            Some(0) => {
                first += 1;
                five += 1;
            }
            Some(_) => {
                five += 1;
                misses.push(format!(
                    "not first: {} {} → {ids:?}",
                    label.variant, label.name
                ));
            }
            None => misses.push(format!(
                "missed: {} {} → {ids:?}",
                label.variant, label.name
            )),
        }
    }
    let recall_1 = first as f64 / named as f64;
    let recall_5 = five as f64 / named as f64;
    let wrong_share = wrong as f64 / confident.max(1) as f64;
    // Reported, for docs/BENCHMARKS.md's reconciliation table; the goals are asserted below.
    eprintln!(
        "reconciliation: {} names ({named} registered), recall@1 {recall_1:.3}, recall@5 \
         {recall_5:.3}, {confident} confident of which {wrong} wrong\n{}",
        labels.len(),
        misses.join("\n")
    );
    assert!(recall_1 >= 0.90, "recall@1 {recall_1:.3}");
    assert!(recall_5 >= 0.98, "recall@5 {recall_5:.3}");
    assert!(
        wrong_share <= 0.01,
        "wrong confident matches {wrong} of {confident}"
    );
}

#[tokio::test]
async fn a_uscc_decides_and_a_list_is_bounded() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("reconcile");
    let id = app
        .register_enterprise(&admin, &format!("{tag}唐山对账精密"), "130200")
        .await;
    let firm = app.get_json(&format!("/api/v1/enterprises/{id}")).await;
    let uscc = firm["uscc"].as_str().unwrap();
    let post = |body: Value| {
        app.client
            .post(app.url("/api/v1/reconcile"))
            .json(&body)
            .send()
    };
    let answer: Value = post(json!({"rows": [{"name": "一个毫不相干的名字", "uscc": uscc}]}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let row = &answer["results"][0];
    assert_eq!(
        (row["match"].as_bool(), row["id"].as_str()),
        (Some(true), Some(id.as_str()))
    );
    assert_eq!(row["candidates"][0]["score"], 100);
    assert_eq!(row["candidates"][0]["agreed"], json!(["uscc"]));

    let none = post(json!({"rows": []})).await.unwrap();
    assert_eq!(none.status(), 422);
    assert_eq!(
        fields(&problem(none).await),
        [("rows".to_owned(), "length".to_owned())]
    );
    let bad = post(json!({"rows": [{"name": "x", "region": "99"}]}))
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(
        fields(&problem(bad).await),
        [("rows[0].region".to_owned(), "pattern".to_owned())]
    );
}

/// Search forgives as reconciliation does: the labelled names find their record in the first
/// five hits (the goal: 95 % of them).
#[tokio::test]
async fn search_finds_the_labelled_names_in_its_first_five() {
    let app = spawn_app().await;
    let labels: Vec<Label> = labels()
        .into_iter()
        .filter(|l| !l.expected.is_empty())
        .collect();
    let mut found = 0;
    let mut misses = Vec::new();
    for label in &labels {
        let page = app
            .client
            .get(app.url("/api/v1/search"))
            .query(&[("q", label.name.as_str()), ("limit", "5")])
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{}", label.name);
        let page: Value = page.json().await.unwrap();
        let hit = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == label.expected.as_str());
        if hit {
            found += 1;
        } else {
            misses.push(format!("{} {}", label.variant, label.name));
        }
    }
    let recall_5 = found as f64 / labels.len() as f64;
    eprintln!(
        "search: recall@5 {recall_5:.3} of {}\n{}",
        labels.len(),
        misses.join("\n")
    );
    assert!(recall_5 >= 0.95, "search recall@5 {recall_5:.3}");
}

/// The W3C Reconciliation Service API, as OpenRefine speaks it: the manifest, then a batch of
/// queries posted as a form, each answered by its key.
#[tokio::test]
async fn openrefine_reconciles_through_the_w3c_api() {
    let app = spawn_app().await;
    let manifest = app.get_json("/api/v1/reconcile/w3c").await;
    assert_eq!(manifest["versions"], json!(["0.2"]));
    let types: Vec<&str> = manifest["defaultTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["enterprise", "rd_source"]);
    assert!(manifest["view"]["url"]
        .as_str()
        .unwrap()
        .ends_with("/#/org/{{id}}"));

    let queries = json!({
        "q0": {"query": "梅卡曼德（北京）机器人科技有限公司", "type": "enterprise", "limit": 3},
        "q1": {"query": "清華大學", "type": "rd_source",
               "properties": [{"pid": "region", "v": "110108"}]},
    });
    let answer: Value = app
        .client
        .post(app.url("/api/v1/reconcile/w3c"))
        .form(&[("queries", queries.to_string())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["q0"]["result"][0]["id"], "mech-mind");
    assert_eq!(answer["q0"]["result"][0]["match"], true);
    assert!(answer["q0"]["result"].as_array().unwrap().len() <= 3);
    assert_eq!(answer["q1"]["result"][0]["id"], "tsinghua");
    assert_eq!(answer["q1"]["result"][0]["type"][0]["id"], "rd_source");
}
