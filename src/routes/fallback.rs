//! What answers a request no route took: 405 with `Allow` when the path exists for other
//! methods (e.g. `TRACE /api/v1/chains`), 404 otherwise. The table of paths comes from the
//! OpenAPI document, which the route table itself produces.

use actix_web::web::Data;
use actix_web::HttpRequest;

use super::problem::ApiError;

/// Every documented path template, split into segments (`None` for a `{parameter}`), with the
/// methods it takes.
pub struct RouteTable(Vec<(Vec<Option<String>>, Vec<String>)>);

impl RouteTable {
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = template
                    .split('/')
                    .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                    .collect();
                let mut methods: Vec<String> = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter(|(_, has)| *has)
                .map(|(m, _)| m.to_owned())
                .collect();
                if item.get.is_some() {
                    // actix-web answers HEAD wherever it answers GET.
                    methods.push("HEAD".into());
                }
                (segments, methods)
            })
            .collect();
        RouteTable(routes)
    }

    /// The methods the path takes, if any route has it.
    pub fn allowed(&self, path: &str) -> Vec<String> {
        let parts: Vec<&str> = path.split('/').collect();
        let mut allowed: Vec<String> = self
            .0
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len()
                    && segments.iter().zip(&parts).all(|(s, p)| match s {
                        Some(literal) => literal == p,
                        None => !p.is_empty(),
                    })
            })
            .flat_map(|(_, methods)| methods.iter().cloned())
            .collect();
        allowed.sort();
        allowed.dedup();
        allowed
    }
}

pub async fn fallback(req: HttpRequest, table: Data<RouteTable>) -> Result<(), ApiError> {
    let allowed = table.allowed(req.path());
    if allowed.is_empty() {
        return Err(ApiError::NotFound(format!(
            "no resource at {} {}",
            req.method(),
            req.path()
        )));
    }
    Err(ApiError::MethodNotAllowed {
        detail: format!("{} does not take {}", req.path(), req.method()),
        allow: allowed.join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::RouteTable;

    #[test]
    fn knows_the_methods_of_documented_paths() {
        let table = RouteTable::from_spec(&crate::openapi::spec());
        assert_eq!(table.allowed("/api/v1/chains"), vec!["GET", "HEAD"]);
        assert_eq!(
            table.allowed("/api/v1/enterprises/ent-1"),
            vec!["DELETE", "GET", "HEAD", "PATCH"]
        );
        assert!(table.allowed("/api/v1/nowhere").is_empty());
        assert!(table.allowed("/api/v1/enterprises//verify").is_empty());
    }
}
