//! The ONLYOFFICE Docs checks, each building on the one before: the addresses (mixed
//! http/https), the Document Server's `/healthcheck` (body `true`), a signed `version` command
//! (proves the secret matches: error 6 means it does not), Bureau answering at
//! `BUREAU_INTERNAL_URL`, and a conversion round trip of a blank document that the Document
//! Server downloads from Bureau through a signed link (proves the Document Server reaches Bureau
//! and Bureau the Document Server's results). Fixes name each setting where its value in effect
//! comes from: the `BUREAU_*` variable, or the field of the admin settings page.

use std::{net::IpAddr, time::Duration};

use futures_util::StreamExt as _;
use onlyoffice::{
    DocKey,
    command::{CommandClient, CommandErrorCode},
    conversion::ConversionRequest,
};
use url::Url;

use super::Check;
use crate::{
    config::Config,
    office::{
        LINK_TTL_SECS, Office, converter,
        download::{PROBE, TRIAL_PROBE},
        fetch,
        links::LinkKind,
        settings::{DOCS_INTERNAL_URL, DOCS_JWT_HEADER, DOCS_SECRET, DOCS_URL, INTERNAL_URL},
    },
    store,
};

/// How long each probe waits for an answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(15);

/// Runs the checks in order, stopping at the first failure that makes the rest meaningless.
pub async fn checks(config: &Config, office: &Office) -> Vec<Check> {
    let mut out = vec![addresses(config, office)];
    let steps = [
        healthcheck(office).await,
        secret(office).await,
        bureau_answers(office).await,
    ];
    for step in steps {
        let ok = step.ok;
        out.push(step);
        if !ok {
            return out;
        }
    }
    out.push(round_trip(office).await);
    out
}

fn addresses(config: &Config, office: &Office) -> Check {
    let page = config.public_url.scheme();
    let docs = office.docs.url.scheme();
    if page == "https" && docs == "http" {
        let setting = office.setting_name(DOCS_URL);
        return Check::fail(
            "docs.addresses",
            format!(
                "Bureau is served over https but {setting} is http ({})",
                office.docs.url
            ),
            format!(
                "browsers refuse to load api.js over http into an https page (mixed content): \
                 serve ONLYOFFICE Docs over https and set {setting} to its https address"
            ),
        );
    }
    Check::pass(
        "docs.addresses",
        format!(
            "browsers load {}, Bureau calls {}",
            office.docs.url, office.docs.internal_url
        ),
    )
}

/// `docs.healthcheck`: the Document Server's `/healthcheck` answers `true`.
pub async fn healthcheck(office: &Office) -> Check {
    let name = "docs.healthcheck";
    let base = &office.docs.internal_url;
    let unreachable = |e: String| {
        Check::fail(
            name,
            format!("ONLYOFFICE Docs does not answer at {base}: {e}"),
            format!(
                "check that the Document Server runs and that {} (else {}) is the address Bureau \
                 reaches it at, with the right scheme: http and https are not interchangeable on \
                 one port",
                office.setting_name(DOCS_INTERNAL_URL),
                office.setting_name(DOCS_URL)
            ),
        )
    };
    let Ok(url) = base.join("healthcheck") else {
        return unreachable("not a valid base URL".to_owned());
    };
    let answer = office.http.get(url).timeout(PROBE_TIMEOUT).send().await;
    let body = match answer {
        Ok(r) if r.status().is_success() => r.text().await.unwrap_or_default(),
        Ok(r) => return unreachable(format!("/healthcheck answered HTTP {}", r.status())),
        Err(e) => return unreachable(format!("{:#}", anyhow::Error::new(e))),
    };
    if body.trim() == "true" {
        Check::pass(name, format!("{base}healthcheck answered true"))
    } else {
        Check::fail(
            name,
            format!("/healthcheck answered {:?} instead of true", body.trim()),
            "the Document Server runs but one of its services (database, Redis, RabbitMQ, \
             storage) is down: check its logs",
        )
    }
}

/// `docs.secret`: a signed `version` command is accepted (the JWT secret matches).
pub async fn secret(office: &Office) -> Check {
    let name = "docs.secret";
    match CommandClient::new(converter::endpoint(office))
        .version()
        .await
    {
        Ok(version) if office.jwt.is_some() => Check::pass(
            name,
            format!("signed `version` command accepted: ONLYOFFICE Docs {version}"),
        ),
        Ok(version) => Check::pass(
            name,
            format!(
                "ONLYOFFICE Docs {version} accepts unsigned commands ({} unset): anyone who \
                 reaches it can use it; turn JWT on in production",
                office.setting_name(DOCS_SECRET)
            ),
        ),
        Err(onlyoffice::Error::Command(CommandErrorCode::InvalidToken)) => {
            let secret = office.setting_name(DOCS_SECRET);
            let fix = if office.jwt.is_some() {
                format!(
                    "wrong secret: {secret} must equal the Document Server's JWT secret \
                     (JWT_SECRET of its Docker image, services.CoAuthoring.secret in local.json), \
                     and {} its token header",
                    office.setting_name(DOCS_JWT_HEADER)
                )
            } else {
                format!("the Document Server requires tokens: set {secret} to its JWT secret")
            };
            Check::fail(
                name,
                "the Document Server refused Bureau's token (error 6)",
                fix,
            )
        }
        Err(onlyoffice::Error::Command(CommandErrorCode::TokenExpired)) => Check::fail(
            name,
            "the Document Server found Bureau's token expired (error 7)",
            "the clocks of Bureau and the Document Server disagree: synchronise them (NTP)",
        ),
        Err(e) => Check::fail(
            name,
            format!("the `version` command failed: {e}"),
            format!(
                "check {} and the Document Server's logs",
                office.setting_name(DOCS_INTERNAL_URL)
            ),
        ),
    }
}

async fn bureau_answers(office: &Office) -> Check {
    let name = "bureau.internal_url";
    let base = &office.internal_url;
    let setting = office.setting_name(INTERNAL_URL);
    let fail = |e: String| {
        Check::fail(
            name,
            format!("Bureau does not answer at {setting} ({base}): {e}"),
            format!(
                "the round trip needs the running server: start `bureau serve`, or set {setting} \
                 to the address where it listens as the Document Server sees it"
            ),
        )
    };
    let Ok(url) = base.join("healthz") else {
        return fail("not a valid base URL".to_owned());
    };
    match office.http.get(url).timeout(PROBE_TIMEOUT).send().await {
        Ok(r) if r.status().is_success() => Check::pass(name, format!("Bureau answers at {base}")),
        Ok(r) => fail(format!("/healthz answered HTTP {}", r.status())),
        Err(e) => fail(format!("{:#}", anyhow::Error::new(e))),
    }
}

async fn round_trip(office: &Office) -> Check {
    let name = "docs.round_trip";
    let expires = store::now_ms() / 1000 + LINK_TTL_SECS;
    let id = if office.trial { TRIAL_PROBE } else { PROBE };
    let internal = &office.internal_url;
    let url = office.links.link(LinkKind::Probe, internal, id, 0, expires);
    let request = ConversionRequest::new(DocKey::generate(), url.as_str(), "docx", "pdf")
        .with_title("doctor.docx");
    let done = match converter::run(office, &request, |_| {}).await {
        Ok(done) => done,
        Err(e) if e.code == "docs_download_failed" => {
            return Check::fail(
                name,
                format!(
                    "ONLYOFFICE Docs could not download the test document from Bureau at \
                     {internal}"
                ),
                unreachable_fix(internal, &office.setting_name(INTERNAL_URL)),
            );
        }
        Err(e) => return Check::fail(name, e.detail, "see the Document Server's logs"),
    };
    let head = match fetch::open(office, &done.file_url, 1 << 20).await {
        Ok(r) => r.bytes_stream().next().await.and_then(Result::ok),
        Err(e) => {
            return Check::fail(
                name,
                format!(
                    "Bureau could not download the result ({}): {e}",
                    done.file_url
                ),
                format!(
                    "the Document Server builds result links from the address Bureau called: \
                     check {} and {}",
                    office.setting_name(DOCS_INTERNAL_URL),
                    office.setting_name(DOCS_URL)
                ),
            );
        }
    };
    if head.is_some_and(|b| b.starts_with(b"%PDF")) {
        let note = if office.trial {
            " (unsaved settings: Bureau checks the token of the Document Server's download once \
             they are saved)"
        } else {
            ""
        };
        Check::pass(
            name,
            format!("a blank document went Bureau → Docs → PDF → Bureau{note}"),
        )
    } else {
        Check::fail(
            name,
            "the converted result is not a PDF",
            "see the Document Server's logs",
        )
    }
}

/// The likely reasons a Document Server cannot download from `internal` (set by `setting`).
fn unreachable_fix(internal: &Url, setting: &str) -> String {
    let mut fix = format!(
        "make {setting} ({internal}) an address the Document Server can reach (inside a \
         container, localhost is the container itself)"
    );
    if is_private(internal) {
        fix.push_str(
            "; it is a private address, which the Document Server refuses unless allowed \
             (ALLOW_PRIVATE_IP_ADDRESS=true in its Docker image, or \
             services.CoAuthoring.request-filtering-agent.allowPrivateIPAddress in local.json)",
        );
    }
    if internal.scheme() == "https" {
        fix.push_str("; over https its certificate must be trusted by the Document Server");
    }
    fix
}

fn is_private(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || !d.contains('.'),
        Some(url::Host::Ipv4(ip)) => {
            ip.is_private() || ip.is_loopback() || ip.is_link_local() || ip.is_unspecified()
        }
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback() || ip.is_unique_local(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_recognised() {
        let private = |u: &str| is_private(&u.parse().unwrap());
        assert!(private("http://127.0.0.1:8080/"));
        assert!(private("http://10.1.2.3/"));
        assert!(private("http://bureau:8080/"));
        assert!(private("http://[::1]/"));
        assert!(!private("https://bureau.example.org/"));
        assert!(!private("http://93.184.216.34/"));
        let fix = unreachable_fix(
            &"http://192.168.1.5/".parse().unwrap(),
            "BUREAU_INTERNAL_URL",
        );
        assert!(fix.contains("ALLOW_PRIVATE_IP_ADDRESS"), "{fix}");
    }
}
