use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn unknown_route_is_a_404_problem() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/no-such-thing").await;
    assert_eq!(response.status(), 404);
    let body = problem(response).await;
    assert_eq!(body["title"], "Not found");
}

#[tokio::test]
async fn a_known_path_with_another_method_is_a_405_naming_the_methods() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        ("TRACE", "/api/v1/chains", "GET, HEAD"),
        (
            "PUT",
            "/api/v1/enterprises/ent-anything",
            "DELETE, GET, HEAD, PATCH",
        ),
    ] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = app.with_key(method, path, None).send().await.unwrap();
        assert_eq!(response.status(), 405, "{path}");
        assert_eq!(response.headers()["allow"], allow, "{path}");
        assert_eq!(problem(response).await["title"], "Method not allowed");
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let a = app.get("/api/v1/chains").await;
    let b = app.get("/api/v1/chains").await;
    let id = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id(&a), id(&b));
    assert_eq!(id(&a).len(), 36);
}
