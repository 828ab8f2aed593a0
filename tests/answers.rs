//! How cached answers follow writes (issue 18): a write moves the version of what it can change
//! and nothing else, so another chain's answer stays warm; with a staleness bound, an answer
//! behind its data is served while a fresher one is computed, and `Cache-Control: no-cache`
//! gets the current data.
//!
//! Its own test binary, on the shared test database: cargo runs test binaries one after
//! another, so no other test writes while these compare versions. The tests here take turns
//! (`TURN`) for the same reason.

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use std::time::{Duration, Instant};

use reqwest::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::sync::Mutex;

use helpers::{spawn_app, spawn_ready_app_with, test_settings, unique_prefix, TestApp};

static TURN: Mutex<()> = Mutex::const_new(());

/// A chain's map for Hebei: its data version, when it was computed, and its firms in `link`.
async fn map(app: &TestApp, chain: &str, link: &str, current: bool) -> (String, String, u64) {
    let mut request = app
        .client
        .get(app.url(&format!("/api/v1/chains/{chain}/map")));
    if current {
        request = request.header(CACHE_CONTROL, "no-cache");
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    let etag = response.headers()[ETAG].to_str().unwrap().to_owned();
    assert!(response.headers().contains_key("age"));
    let body: Value = response.json().await.unwrap();
    let version = body["data_version"].as_str().unwrap().to_owned();
    assert_eq!(
        etag,
        format!("W/\"{version}\""),
        "the ETag is the data version"
    );
    let count = body["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["link"]["id"] == link)
        .map(|l| l["target_count"].as_u64().unwrap())
        .expect("the link is on the map");
    (
        version,
        body["computed_at"].as_str().unwrap().to_owned(),
        count,
    )
}

async fn lists_version(app: &TestApp, chain: &str) -> String {
    app.get_json(&format!("/api/v1/chains/{chain}/lists")).await["data_version"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn flows_version(app: &TestApp) -> String {
    app.get_json("/api/v1/flows?from_region=110000&to_region=130000")
        .await["data_version"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_write_moves_the_versions_of_what_it_can_change_and_no_other() {
    let _turn = TURN.lock().await;
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("scope");
    let (hydrogen_link, robotics_link) = ("hydrogen.production", "robotics.reducers");
    let (h0, _, h_count0) = map(&app, "hydrogen", hydrogen_link, false).await;
    let (r0, r_at0, _) = map(&app, "robotics", robotics_link, false).await;
    let rl0 = lists_version(&app, "robotics").await;
    let f0 = flows_version(&app).await;

    // A Tangshan firm joins the hydrogen chain: the hydrogen map moves and counts it; the
    // robotics map is the very answer computed before (not recomputed), its lists unmoved.
    let firm = app
        .firm(
            &admin,
            &format!("{tag}唐山制氢"),
            "130200",
            Some(hydrogen_link),
        )
        .await;
    let (h1, _, h_count1) = map(&app, "hydrogen", hydrogen_link, false).await;
    assert_ne!(h1, h0);
    assert_eq!(h_count1, h_count0 + 1);
    let (r, r_at, _) = map(&app, "robotics", robotics_link, false).await;
    assert_eq!(
        (r, r_at),
        (r0.clone(), r_at0),
        "the same answer, not recomputed"
    );
    assert_eq!(lists_version(&app, "robotics").await, rl0);
    assert_eq!(flows_version(&app).await, f0, "no relationship changed");

    // Its English name changes: only its chain's version moves.
    let edited = app
        .patch_json(
            &format!("/api/v1/enterprises/{firm}"),
            &admin,
            &json!({"name_en": "Tangshan hydrogen (test)"}),
        )
        .await;
    assert_eq!(edited.status(), 200);
    let (h2, ..) = map(&app, "hydrogen", hydrogen_link, false).await;
    assert_ne!(h2, h1);
    assert_eq!(map(&app, "robotics", robotics_link, false).await.0, r0);

    // An R&D source in no chain: nothing moves.
    let lab = app
        .post_json(
            "/api/v1/rd-sources",
            &admin,
            &json!({"rd_kind": "key_lab", "name_zh": format!("{tag}实验室"), "region": "110108"}),
        )
        .await;
    assert_eq!(lab.status(), 201);
    assert_eq!(map(&app, "hydrogen", hydrogen_link, false).await.0, h2);
    assert_eq!(map(&app, "robotics", robotics_link, false).await.0, r0);
    assert_eq!(flows_version(&app).await, f0);

    // The firm supplies a robotics firm: the robotics answers (its customer's chain) and the
    // flows move too.
    let customer = app
        .firm(
            &admin,
            &format!("{tag}唐山减速器"),
            "130200",
            Some(robotics_link),
        )
        .await;
    let (r1, ..) = map(&app, "robotics", robotics_link, false).await;
    assert_ne!(r1, r0);
    let supply = app
        .post_json(
            "/api/v1/relationships",
            &admin,
            &json!({"kind": "supplies", "source_id": firm, "target_id": customer,
                    "product": "hydrogen for a test", "source": "test"}),
        )
        .await;
    assert_eq!(supply.status(), 201, "{}", supply.text().await.unwrap());
    let (h3, ..) = map(&app, "hydrogen", hydrogen_link, false).await;
    let (r2, ..) = map(&app, "robotics", robotics_link, false).await;
    assert_ne!(h3, h2);
    assert_ne!(r2, r1);
    assert_ne!(flows_version(&app).await, f0);

    // Withdrawn from its link, the firm is gone from the hydrogen map.
    let path = format!("/api/v1/enterprises/{firm}/segments/{hydrogen_link}");
    let withdrawn = app
        .with_key(Method::DELETE, &path, Some(&admin))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), 204);
    let (h4, _, h_count4) = map(&app, "hydrogen", hydrogen_link, false).await;
    assert_ne!(h4, h3);
    assert_eq!(h_count4, h_count0);

    // A client holding the current version is told so.
    let again = app
        .client
        .get(app.url("/api/v1/chains/hydrogen/map"))
        .header(IF_NONE_MATCH, format!("W/\"{h4}\""))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn within_the_bound_the_last_answer_is_served_until_a_fresher_one_is_computed() {
    let _turn = TURN.lock().await;
    spawn_app().await; // the seeds
    let link = "machine-tools.cnc-systems";
    let stale_for = |poll_ms| {
        let mut settings = test_settings();
        settings.answers.max_staleness_ms = 30_000;
        settings.answers.poll_ms = poll_ms;
        settings
    };

    // The versions are read no more than the bound allows (here: once, the poller idle): an
    // answer computed before a write is still served after it; asked for the current data, the
    // service reads the versions and counts the new firm.
    let app = spawn_ready_app_with(stale_for(600_000)).await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("stale");
    let (v0, at0, count0) = map(&app, "machine-tools", link, false).await;
    app.firm(&admin, &format!("{tag}唐山数控"), "130200", Some(link))
        .await;
    assert_eq!(
        map(&app, "machine-tools", link, false).await,
        (v0.clone(), at0, count0),
        "within the bound, the answer already computed"
    );
    let (v1, _, count1) = map(&app, "machine-tools", link, true).await;
    assert_ne!(v1, v0);
    assert_eq!(count1, count0 + 1);

    // With the poller reading the versions often, a write is followed by a refresh that nobody
    // waits for: the next answers count the new firm without asking for the current data.
    let app = spawn_ready_app_with(stale_for(100)).await;
    let (v1, _, count1) = map(&app, "machine-tools", link, false).await;
    app.firm(&admin, &format!("{tag}唐山数控二"), "130200", Some(link))
        .await;
    // A hang guard, far above what a refresh takes.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (v, _, count) = map(&app, "machine-tools", link, false).await;
        if v != v1 {
            assert_eq!(count, count1 + 1);
            break;
        }
        assert_eq!(count, count1, "an answer is all of one version");
        assert!(Instant::now() < deadline, "the refresh never came");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Everything about the hydrogen chain the answers hold, without when they were computed.
async fn hydrogen_answers(app: &TestApp) -> Vec<Value> {
    let mut out = Vec::new();
    for region in ["130000", "120000", "130200"] {
        for level in ["link", "sub_link"] {
            for what in ["map", "lists"] {
                let path = format!("/api/v1/chains/hydrogen/{what}?region={region}&level={level}");
                let mut answer = app.get_json(&path).await;
                for stamp in ["data_version", "computed_at"] {
                    answer.as_object_mut().unwrap().remove(stamp);
                }
                out.push(json!({"path": path, "answer": answer}));
            }
        }
    }
    out
}

/// A graph caught up by reading again only what the writes touched answers as one read whole.
#[tokio::test]
async fn a_patched_graph_answers_as_one_read_whole() {
    let _turn = TURN.lock().await;
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let tag = unique_prefix("patch");
    let same_as_a_fresh_read = |step: &'static str| {
        let app = &app;
        async move {
            let patched = hydrogen_answers(app).await;
            let fresh = hydrogen_answers(&spawn_app().await).await;
            for (p, f) in patched.iter().zip(&fresh) {
                assert_eq!(p, f, "after {step}");
            }
        }
    };
    hydrogen_answers(&app).await;

    // A Tangshan storage firm supplied by a Tianjin electrolyser maker that holds Beijing
    // technology.
    let storage = app
        .firm(
            &admin,
            &format!("{tag}唐山储氢"),
            "130200",
            Some("hydrogen.storage-transport"),
        )
        .await;
    let maker = app
        .firm(
            &admin,
            &format!("{tag}天津电解槽"),
            "120116",
            Some("hydrogen.production.electrolysers"),
        )
        .await;
    // It makes bipolar plates too, a link Tangshan lacks: a lead there.
    app.join_link(&admin, &maker, "hydrogen.bipolar-plates")
        .await;
    let lab = app
        .register_lab(&admin, &format!("{tag}北京电解实验室"), "110108")
        .await;
    let relate = |body: Value| {
        let (app, admin) = (&app, &admin);
        async move {
            let r = app.post_json("/api/v1/relationships", admin, &body).await;
            assert_eq!(r.status(), 201, "{body}");
            r.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let supply = relate(
        json!({"kind": "supplies", "source_id": maker, "target_id": storage,
        "product": "electrolysers", "valid_from": 2024, "source": "test"}),
    )
    .await;
    relate(
        json!({"kind": "transfers_technology", "source_id": lab, "target_id": maker,
        "technology": "PEM stacks", "mode": "licence", "year": 2023, "source": "test"}),
    )
    .await;
    same_as_a_fresh_read("the firms, the supply and the transfer").await;
    // What the comparisons cover: the supply in Tangshan's bottlenecks, the maker's Beijing
    // technology in its leads.
    let lists = app
        .get_json("/api/v1/chains/hydrogen/lists?region=130200")
        .await;
    let dependent = |lists: &Value| {
        lists["bottlenecks"].as_array().unwrap().iter().any(|b| {
            b["dependent_firms"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["id"] == storage)
        })
    };
    let from_beijing = |lists: &Value| {
        lists["investment_leads"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| {
                l["candidates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["id"] == maker && c["beijing_rd_origin"] == true)
            })
    };
    assert!(dependent(&lists), "{lists}");
    assert!(from_beijing(&lists), "{lists}");

    // The storage firm moves to Zhangjiakou and grows; the maker's lab moves within Beijing.
    let moved = app
        .patch_json(
            &format!("/api/v1/enterprises/{storage}"),
            &admin,
            &json!({"region": "130700", "scale": "large"}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let lab_moved = app
        .patch_json(
            &format!("/api/v1/rd-sources/{lab}"),
            &admin,
            &json!({"region": "110105"}),
        )
        .await;
    assert_eq!(lab_moved.status(), 200);
    same_as_a_fresh_read("the edits").await;
    let lists = app
        .get_json("/api/v1/chains/hydrogen/lists?region=130200")
        .await;
    assert!(from_beijing(&lists), "{lists}");

    // The supply ends, the maker leaves its sub-link, the storage firm is deleted.
    let gone = app
        .delete(&format!("/api/v1/relationships/{supply}"), &admin)
        .await;
    assert_eq!(gone.status(), 204);
    let left = app
        .delete(
            &format!("/api/v1/enterprises/{maker}/segments/hydrogen.production.electrolysers"),
            &admin,
        )
        .await;
    assert_eq!(left.status(), 204);
    let deleted = app
        .delete(&format!("/api/v1/enterprises/{storage}"), &admin)
        .await;
    assert_eq!(deleted.status(), 204);
    same_as_a_fresh_read("the deletions").await;
}

/// Answers kept in the database: an instance that starts later serves them at once — the very
/// answer another computed — while they are current or within the bound, and computes its own
/// once they are not.
#[tokio::test]
async fn an_instance_that_starts_later_serves_the_answers_kept_in_the_database() {
    let _turn = TURN.lock().await;
    spawn_app().await; // the seeds
    let kept = |staleness_ms| {
        let mut settings = test_settings();
        settings.answers.persist = true;
        settings.answers.max_staleness_ms = staleness_ms;
        settings
    };
    let link = "robotics.sensors";
    let first = spawn_ready_app_with(kept(0)).await;
    let (v0, at0, count0) = map(&first, "robotics", link, false).await;
    // Kept in the background: wait for it (a hang guard, not a timing).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let q = neo4rs::query(
            "MATCH (a:Answer {scope: 'chain:robotics'}) WHERE a.key STARTS WITH 'map/robotics/130000/' \
             AND a.computed_at = $at RETURN count(a) AS n",
        )
        .param("at", at0.as_str());
        let n: Vec<i64> = first.db.column(q, "n").await.unwrap();
        if n.first() == Some(&1) {
            break;
        }
        assert!(Instant::now() < deadline, "the answer was never kept");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let second = spawn_ready_app_with(kept(0)).await;
    assert_eq!(
        map(&second, "robotics", link, false).await,
        (v0.clone(), at0.clone(), count0),
        "the answer the first instance computed"
    );

    // A write: the kept answer is behind. An instance that may serve answers 30 s behind serves
    // it (the move is seconds old by the database's clock); one that may not computes its own.
    let admin = first.admin_key().await;
    let tag = unique_prefix("kept");
    first
        .firm(&admin, &format!("{tag}唐山传感器"), "130200", Some(link))
        .await;
    let lenient = spawn_ready_app_with(kept(30_000)).await;
    assert_eq!(map(&lenient, "robotics", link, false).await.0, v0);
    let strict = spawn_ready_app_with(kept(0)).await;
    let (v1, at1, count1) = map(&strict, "robotics", link, false).await;
    assert_ne!(v1, v0);
    assert_ne!(at1, at0);
    assert_eq!(count1, count0 + 1);
}

/// A graceful stop hands the newest answers to the next instance: an answer computed less than
/// `KEEP_EVERY` after the last one kept waits its turn, and the stop keeps it, so an instance
/// that starts after a restart serves it at once instead of computing its own.
#[tokio::test]
async fn a_stopping_instance_keeps_its_newest_answers_for_the_next() {
    let _turn = TURN.lock().await;
    spawn_app().await; // the seeds
    let strict = || {
        let mut settings = test_settings();
        settings.answers.persist = true;
        settings.answers.max_staleness_ms = 0;
        settings
    };
    let link = "robotics.sensors";
    let first = spawn_ready_app_with(strict()).await;
    map(&first, "robotics", link, true).await; // computed and kept at once
    let admin = first.admin_key().await;
    let tag = unique_prefix("handover");
    first
        .firm(&admin, &format!("{tag}唐山传感器"), "130200", Some(link))
        .await;
    // The newer answer: computed now, kept only after its turn — or at the stop.
    let newest = map(&first, "robotics", link, true).await;
    first.stop().await;
    let next = spawn_ready_app_with(strict()).await;
    assert_eq!(
        map(&next, "robotics", link, false).await,
        newest,
        "the answer the stopped instance computed last"
    );
}
