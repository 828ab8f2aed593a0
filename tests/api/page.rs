//! The web page is served by the service itself (built by `make web` into web/dist).

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_page_and_its_assets_are_served_with_caching_and_a_strict_policy() {
    let app = spawn_app().await;
    let index = app.get("/").await;
    assert_eq!(index.status(), 200, "web/dist is not built: run `make web`");
    let header = |r: &reqwest::Response, name: &str| {
        r.headers().get(name).unwrap().to_str().unwrap().to_owned()
    };
    assert!(header(&index, "content-type").starts_with("text/html"));
    assert!(header(&index, "content-security-policy").contains("script-src 'self'"));
    assert!(header(&index, "cache-control").contains("no-cache"));
    let etag = header(&index, "etag");
    let html = index.text().await.unwrap();
    // Every script and style it names is served, from here, for good.
    let assets: Vec<&str> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/assets/"))
        .collect();
    assert!(assets.iter().any(|a| a.ends_with(".js")), "{html}");
    for asset in assets {
        let response = app.get(asset).await;
        assert_eq!(response.status(), 200, "{asset}");
        let kind = header(&response, "content-type");
        assert!(
            kind.contains("javascript") || kind.starts_with("text/css"),
            "{asset}: {kind}"
        );
        assert!(header(&response, "cache-control").contains("immutable"));
    }
    // Revalidation by ETag.
    let again = app
        .client
        .get(app.url("/"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    // Nothing outside the built files.
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/.hidden",
        "/assets/nope.js",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}
