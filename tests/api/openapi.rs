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
