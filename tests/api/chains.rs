use std::collections::{BTreeSet, HashMap};

use chain_atlas::domain::ChainId;
use serde_json::Value;

use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn lists_the_six_chains_with_their_link_counts() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/chains").await;
    assert_eq!(response.status(), 200);
    let chains: Vec<Value> = response.json().await.unwrap();
    let ids: BTreeSet<&str> = chains.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let expected: BTreeSet<&str> = ChainId::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(ids, expected);
    for chain in &chains {
        assert!(chain["link_count"].as_i64().unwrap() >= 6, "{chain}");
        assert!(!chain["name_zh"].as_str().unwrap().is_empty());
    }
}

fn stage_rank(stage: &str) -> u8 {
    match stage {
        "upstream" => 0,
        "midstream" => 1,
        "downstream" => 2,
        other => panic!("unknown stage {other}"),
    }
}

#[tokio::test]
async fn each_chain_returns_its_links_upstream_to_downstream() {
    let app = spawn_app().await;
    let summaries: Vec<Value> = app.get("/api/v1/chains").await.json().await.unwrap();
    for summary in summaries {
        let id = summary["id"].as_str().unwrap();
        let response = app.get(&format!("/api/v1/chains/{id}")).await;
        assert_eq!(response.status(), 200);
        let chain: Value = response.json().await.unwrap();
        let links = chain["links"].as_array().unwrap();
        assert_eq!(links.len() as i64, summary["link_count"].as_i64().unwrap());

        let position: HashMap<&str, usize> = links
            .iter()
            .enumerate()
            .map(|(i, l)| (l["id"].as_str().unwrap(), i))
            .collect();
        let mut last_stage = 0;
        for (i, link) in links.iter().enumerate() {
            assert_eq!(
                link["position"].as_u64().unwrap() as usize,
                i,
                "{id}: order"
            );
            let stage = stage_rank(link["stage"].as_str().unwrap());
            assert!(
                stage >= last_stage,
                "{id}: stage goes back upstream at {link}"
            );
            last_stage = stage;
            for next in link["feeds"].as_array().unwrap() {
                let j = position[next.as_str().unwrap()];
                assert!(j > i, "{id}: {} feeds an earlier link {next}", link["id"]);
            }
        }
        assert_eq!(links.first().unwrap()["stage"], "upstream", "{id}");
        assert_eq!(links.last().unwrap()["stage"], "downstream", "{id}");
    }
}

#[tokio::test]
async fn unknown_chain_is_a_404_problem() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/chains/quantum-computing").await;
    assert_eq!(response.status(), 404);
    let body = problem(response).await;
    assert_eq!(body["status"], 404);
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("quantum-computing"));
}
