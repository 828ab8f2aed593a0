//! The web page (the chain explorer, `web/`), built by Vite into `web/dist` and embedded into
//! the binary, so the service serves it offline and a deployment is one file. A debug build
//! reads the files from `web/dist` at run time instead, so `make web` needs no recompile.
//!
//! Vite names every asset by its content hash: assets are cached for good, `index.html` is
//! revalidated (by its ETag) on every visit so a new release is picked up at once.

use actix_web::http::header::{self, CacheControl, CacheDirective, EntityTag};
use actix_web::web::Path;
use actix_web::{HttpRequest, HttpResponse};

use super::problem::ApiError;

#[derive(rust_embed::Embed)]
#[folder = "web/dist/"]
#[allow_missing = true]
struct Files;

/// `GET /`: the page itself.
pub async fn index(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    serve(&req, "index.html", CacheDirective::NoCache)
}

/// `GET /assets/{file}`: scripts, styles and images of the page.
pub async fn asset(req: HttpRequest, file: Path<String>) -> Result<HttpResponse, ApiError> {
    let file = file.into_inner();
    // Only names Vite writes: a debug build reads from disk, so nothing may climb out of it.
    if file
        .split('/')
        .any(|part| part.is_empty() || part.starts_with('.'))
        || file.contains('\\')
    {
        return Err(ApiError::NotFound(format!("no file 'assets/{file}'")));
    }
    let path = format!("assets/{file}");
    serve(
        &req,
        &path,
        CacheDirective::Extension("immutable".into(), None),
    )
}

fn serve(req: &HttpRequest, path: &str, caching: CacheDirective) -> Result<HttpResponse, ApiError> {
    let Some(file) = Files::get(path) else {
        return Err(if path == "index.html" {
            ApiError::NotFound(
                "the web page is not built into this binary: run `make web`, then build again"
                    .into(),
            )
        } else {
            ApiError::NotFound(format!("no file '{path}'"))
        });
    };
    let tag = EntityTag::new_strong(hex::encode(file.metadata.sha256_hash()));
    let mut directives = vec![CacheDirective::Public, caching];
    if path != "index.html" {
        directives.insert(1, CacheDirective::MaxAge(31_536_000));
    }
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag.to_string()));
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header(header::ETag(tag))
        .insert_header(CacheControl(directives));
    if fresh {
        return Ok(response.finish());
    }
    Ok(response
        .content_type(file.metadata.mimetype())
        .body(file.data.into_owned()))
}
