//! Every route of the router, found in the code itself: the `.route("…")` literals of
//! `src/app.rs` and `src/web/mod.rs` (compiled into this test), each under the prefix its
//! router is nested at, and the methods each answers, found by asking the running server (a
//! method a route lacks is a 405 before any handler runs). A route added without a matrix row
//! fails [`super::every_route_has_a_row`].

use std::collections::BTreeSet;

use anyhow::{bail, ensure};
use reqwest::Method;

/// The sources that hold the route tables.
const SOURCES: [(&str, &str); 2] = [
    ("src/app.rs", include_str!("../../../src/app.rs")),
    ("src/web/mod.rs", include_str!("../../../src/web/mod.rs")),
];

/// Where the routes of each function are mounted (`router()` nests `/api/v1`, `/office` and the
/// application API).
const PREFIXES: [(&str, &str); 9] = [
    ("router", ""),
    ("routes", ""),
    ("drive_routes", "/api/v1"),
    ("auth_routes", "/api/v1"),
    ("conversion_routes", "/api/v1"),
    ("sharing_routes", "/api/v1"),
    ("admin_routes", "/api/v1"),
    ("office_routes", "/office"),
    ("application_routes", "/internal/services/documents/v1"),
];

/// The routers `router()` mounts, as written; any other `.merge(`/`.nest(` mounts a router this
/// matrix does not know yet.
const MOUNTS: [&str; 8] = [
    ".nest(\"/api/v1\", api)",
    ".nest(\"/office\", office_routes())",
    ".nest(\"/internal/services/documents/v1\", application_routes())",
    ".merge(auth_routes())",
    ".merge(conversion_routes())",
    ".merge(sharing_routes())",
    ".merge(admin_routes())",
    ".merge(web::routes())",
];

/// The methods a route may answer.
pub const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// Every route path of the code, with its prefix (`/api/v1/files/{id}`…).
pub fn code_routes() -> anyhow::Result<BTreeSet<String>> {
    let mut routes = BTreeSet::new();
    for (file, source) in SOURCES {
        check_mounts(file, source)?;
        let lines: Vec<&str> = source.lines().collect();
        let mut function = "";
        for (n, line) in lines.iter().enumerate() {
            if let Some(name) = function_name(line) {
                function = name;
            }
            for (i, _) in line.match_indices(".route(") {
                let rest = match &line[i + 7..] {
                    "" => lines.get(n + 1).copied().unwrap_or_default(),
                    rest => rest,
                };
                let Some(path) = literal(rest) else {
                    bail!(
                        "{file}: a route in {function}() whose path is not a string literal \
                         (write it out, so the route table reads as a map and this test can \
                         list it): {line}"
                    );
                };
                let Some((_, prefix)) = PREFIXES.iter().find(|(f, _)| *f == function) else {
                    bail!(
                        "{file}: routes in {function}(), a router the authorization matrix does \
                         not know: add its prefix to PREFIXES in tests/it/authz/routes.rs and \
                         its routes to tests/it/authz/rows.rs"
                    );
                };
                routes.insert(format!("{prefix}{path}"));
            }
        }
    }
    Ok(routes)
}

/// Fails on a router mounted other than as in [`MOUNTS`], or on a service mounted as a route.
fn check_mounts(file: &str, source: &str) -> anyhow::Result<()> {
    for line in source.lines().map(str::trim) {
        let services = line.contains(".route_service(") || line.contains(".nest_service(");
        let mounts = line.contains(".merge(") || line.contains(".nest(");
        if services || (mounts && !MOUNTS.contains(&line)) {
            bail!(
                "{file}: `{line}` mounts routes the authorization matrix does not know: add it \
                 to MOUNTS (and its prefix to PREFIXES) in tests/it/authz/routes.rs, and its \
                 routes to tests/it/authz/rows.rs"
            );
        }
    }
    Ok(())
}

fn function_name(line: &str) -> Option<&str> {
    let rest = line
        .trim_start()
        .strip_prefix("pub ")
        .unwrap_or(line.trim_start());
    let rest = rest.strip_prefix("fn ")?;
    rest.split('(').next()
}

fn literal(rest: &str) -> Option<&str> {
    let rest = rest.trim_start().strip_prefix('"')?;
    rest.split('"').next()
}

/// A concrete path for a route pattern: every `{param}` becomes `value`.
pub fn instantiate(route: &str, value: &str) -> String {
    route
        .split('/')
        .map(|s| if s.starts_with('{') { value } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `path` (no query) is an instance of the route pattern `route`.
pub fn matches(route: &str, path: &str) -> bool {
    let (r, p): (Vec<&str>, Vec<&str>) = (route.split('/').collect(), path.split('/').collect());
    r.len() == p.len() && r.iter().zip(&p).all(|(r, p)| r.starts_with('{') || r == p)
}

/// The (method, route) pairs the running server at `base` answers, for the given routes.
pub async fn served(
    base: &str,
    routes: &BTreeSet<String>,
) -> anyhow::Result<BTreeSet<(String, String)>> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let mut out = BTreeSet::new();
    for route in routes {
        let path = instantiate(route, "00000000-0000-0000-0000-000000000000");
        let mut any = false;
        for method in METHODS {
            let status = http
                .request(method.clone(), format!("{base}{path}"))
                .send()
                .await?
                .status();
            if status != 405 {
                any = true;
                out.insert((method.to_string(), route.clone()));
            }
        }
        ensure!(any, "{route}: every method answered 405");
    }
    Ok(out)
}
