//! The authorization matrix across every route: owner, editor, viewer, public link, stranger,
//! admin and logged out ([`world::Actor`]) × every route of the router ([`rows`]), including
//! the Document Server's signed links used as issued, on another file or version, or without
//! its token. Every cell is asserted, and a route the code gains without a row fails
//! [`every_route_has_a_row`] ([`routes`]).

mod routes;
mod rows;
mod world;

use std::collections::{BTreeSet, HashMap};

use onlyoffice::jwt::JwtSettings;
use reqwest::header;
use serde_json::{Value, json};

use self::{
    rows::{Body, Row},
    world::{Actor, DocumentServer, Entries},
};
use crate::{
    office::{OfficeEnv, SECRET, convert::finished},
    support::{Api, Browser, TestApp},
};

#[tokio::test]
async fn every_route_has_a_row() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let code = routes::code_routes()?;
    let served = routes::served(&app.base, &code).await?;
    let matrix: BTreeSet<(String, String)> = rows::all()?
        .into_iter()
        .map(|r| (r.method.to_string(), r.route))
        .collect();
    let missing: Vec<_> = served.difference(&matrix).collect();
    let unknown: Vec<_> = matrix.difference(&served).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "routes without a row in tests/it/authz/rows.rs: {missing:?}; \
         rows for routes the server does not answer: {unknown:?}"
    );
    assert!(
        code.len() >= 50,
        "only {} routes found in the code",
        code.len()
    );
    app.stop().await
}

/// Everything a row's requests need.
struct World {
    env: OfficeEnv,
    /// Olivia's API client, which makes each row's entries.
    owner: Api,
    /// Each user's API client (to follow the conversion jobs they start).
    apis: HashMap<&'static str, Api>,
    sessions: Vec<(Actor, Browser)>,
    ds: DocumentServer,
}

impl World {
    async fn new() -> anyhow::Result<Self> {
        // With an editor connector declared, so the application API answers for real.
        let env = OfficeEnv::spawn_with(&[
            ("app_secret", "authz-application-secret"),
            ("app_url", "https://connector.example/plugins/onlyoffice/"),
        ])
        .await?;
        let mut apis = HashMap::new();
        for login in ["olivia", "edgar", "vera", "sam"] {
            apis.insert(login, env.app.user(login).await?);
        }
        apis.insert("admin", env.app.admin.clone());
        let victim = env.app.user("victor").await?.user_id;
        let owner = apis["olivia"].clone();
        let entries = Entries::create(&owner, 0).await?;
        let ds = DocumentServer::create(&env, &owner, &entries, &victim).await?;
        let sessions = sessions(&env).await?;
        Ok(Self {
            env,
            owner,
            apis,
            sessions,
            ds,
        })
    }
}

async fn sessions(env: &OfficeEnv) -> anyhow::Result<Vec<(Actor, Browser)>> {
    let mut out = Vec::new();
    for actor in Actor::COLUMNS {
        out.push((actor, world::session(env, actor).await?));
    }
    Ok(out)
}

/// What one request answered.
struct Answer {
    status: u16,
    body: String,
}

/// Sends one row's request as `actor`.
async fn send(
    w: &World,
    browser: &Browser,
    row: &Row,
    entries: &Entries,
) -> anyhow::Result<Answer> {
    let fill = |s: &str| entries.fill(s, &w.ds.values);
    let path = fill(&row.target);
    let mut request = browser.write(row.method.clone(), &path);
    request = match &row.body {
        Body::Empty => request,
        Body::Json(b) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(fill(b)),
        Body::Raw(b) => request.body(b.clone()),
        Body::Form(b) => request
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(b.clone()),
        Body::SignedCallback => {
            let claims = json!({"key": fill("{key}"), "status": 1, "users": [w.owner.user_id]});
            let signed = JwtSettings::new(SECRET).sign_request(&claims)?;
            let mut body = claims;
            body["token"] = signed.body_token.clone().into();
            request
                .json(&body)
                .header(header::AUTHORIZATION, signed.bearer())
        }
    };
    if row.ds_token {
        let url = w.env.app.url(&path);
        let token = JwtSettings::new(SECRET).sign(&json!({"payload": {"url": url}}))?;
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    Ok(Answer {
        status: response.status().as_u16(),
        body: response.text().await?,
    })
}

/// Whether an answer is what a column expects; the reason otherwise.
fn verdict(expected: &str, answer: &Answer) -> Result<(), String> {
    let json: Option<Value> = serde_json::from_str(&answer.body).ok();
    let ok = match expected {
        "R" => answer.status == 200 && json == Some(json!({"error": 1})),
        "A" => answer.status == 200 && json == Some(json!({"error": 0})),
        status => {
            let code = json.as_ref().and_then(|j| j["errors"][0]["code"].as_str());
            status == answer.status.to_string() && code != Some("route_not_found")
        }
    };
    let body: String = answer.body.chars().take(160).collect();
    ok.then_some(())
        .ok_or(format!("expected {expected}, got {} {body}", answer.status))
}

/// Runs one row for every actor; the cells that differ.
async fn run_row(w: &World, n: usize, row: &Row) -> anyhow::Result<Vec<String>> {
    let entries = Entries::create(&w.owner, n).await?;
    let path = entries.fill(&row.target, &w.ds.values);
    let path = path.split('?').next().unwrap_or_default();
    anyhow::ensure!(
        routes::matches(&row.route, path),
        "{path} is not a {}",
        row.route
    );
    let fresh = match row.fresh_sessions {
        true => Some(sessions(&w.env).await?),
        false => None,
    };
    let mut differ = Vec::new();
    for actor in Actor::RUN_ORDER {
        let all = fresh.as_ref().unwrap_or(&w.sessions);
        let browser = &all
            .iter()
            .find(|(a, _)| *a == actor)
            .expect("every actor")
            .1;
        let column = Actor::COLUMNS.iter().position(|a| *a == actor).unwrap_or(0);
        let answer = send(w, browser, row, &entries).await?;
        if let Err(why) = verdict(&row.expect[column], &answer) {
            differ.push(format!("{} {} as {actor}: {why}", row.method, row.target));
        }
        if answer.status == 202 && row.route.ends_with("/convert") {
            let job: Value = serde_json::from_str(&answer.body)?;
            let api = &w.apis[actor.login().unwrap_or("admin")];
            finished(api, job["job_id"].as_str().unwrap_or_default()).await?;
        }
    }
    Ok(differ)
}

/// The cells [`every_actor_gets_exactly_its_rights_on_every_route`] checks (docs/reliability.md).
pub fn cells() -> anyhow::Result<usize> {
    Ok(rows::all()?.len() * Actor::COLUMNS.len())
}

#[tokio::test]
async fn every_actor_gets_exactly_its_rights_on_every_route() -> anyhow::Result<()> {
    let w = World::new().await?;
    let rows = rows::all()?;
    let mut differ = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        differ.extend(run_row(&w, n + 1, row).await?);
    }
    assert!(
        differ.is_empty(),
        "{} of {} cells differ from the matrix:\n{}",
        differ.len(),
        cells()?,
        differ.join("\n")
    );
    w.env.app.stop().await
}
