use crate::helpers::spawn_app;

/// The committed spec, the generated one and the served one are the same document.
#[tokio::test]
async fn committed_spec_matches_the_code_and_the_served_spec() {
    let generated = chain_atlas::openapi::spec_json();
    let committed = std::fs::read_to_string("openapi/openapi.json").unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    );
    let app = spawn_app().await;
    let served = app
        .get("/api-docs/openapi.json")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(served, generated);
}

#[test]
fn every_operation_has_an_id_a_summary_and_a_tag() {
    let spec = chain_atlas::openapi::spec();
    for (path, item) in &spec.paths.paths {
        let operations = [&item.get, &item.post, &item.put, &item.patch, &item.delete];
        for op in operations.into_iter().flatten() {
            assert!(op.operation_id.is_some(), "{path}: no operationId");
            assert!(op.summary.is_some(), "{path}: no summary");
            assert!(
                op.tags.as_ref().is_some_and(|t| !t.is_empty()),
                "{path}: no tag"
            );
        }
    }
}

/// A client told to wait is told for how long, and every API operation says it may fail (500).
#[test]
fn every_429_and_503_declares_retry_after_and_every_operation_its_500() {
    let spec: serde_json::Value = serde_json::from_str(&chain_atlas::openapi::spec_json()).unwrap();
    for (path, item) in spec["paths"].as_object().unwrap() {
        // The probes answer their orchestrator, which polls on its own schedule.
        if ["/health", "/ready", "/metrics"].contains(&path.as_str()) {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for status in ["429", "503"] {
                if let Some(r) = responses.get(status) {
                    assert!(
                        r["headers"].get("Retry-After").is_some(),
                        "{method} {path}: {status} without Retry-After"
                    );
                }
            }
            assert!(responses.contains_key("500"), "{method} {path}: no 500");
        }
    }
}

fn refs<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v.as_str()) {
                    ("$ref", Some(r)) => out.push(r),
                    _ => refs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_schema_reference_resolves() {
    let spec: serde_json::Value = serde_json::from_str(&chain_atlas::openapi::spec_json()).unwrap();
    let mut found = Vec::new();
    refs(&spec, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let name = r
            .strip_prefix("#/components/schemas/")
            .expect("local schema reference");
        assert!(
            spec["components"]["schemas"].get(name).is_some(),
            "dangling reference {r}"
        );
    }
}

/// Swagger UI is served from vendored assets and reads the spec the service serves.
#[tokio::test]
async fn swagger_ui_is_served_offline_and_reads_our_spec() {
    let app = spawn_app().await;
    let page = app.get("/docs/").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("swagger-ui"));
    let init = app
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(init.contains("/api-docs/openapi.json"), "{init}");
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), 301);
}
