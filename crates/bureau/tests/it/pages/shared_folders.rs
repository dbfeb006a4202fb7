//! A folder shared with someone opens for them as a file browser limited by the share's role,
//! and a public link to a folder lists it for guests; strangers get the not-found page.

use reqwest::StatusCode;
use serde_json::json;

use super::html_with;
use crate::{
    sharing::{link, share_with},
    support::{TestApp, field, http_client},
};

#[tokio::test]
async fn a_shared_folder_opens_for_its_recipients_with_their_roles_actions() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let owner = &app.admin;
    let team = field(&owner.mkdir(None, "Team").await?, "id")?;
    let plans = field(&owner.mkdir(Some(&team), "Plans").await?, "id")?;
    owner
        .upload_in(Some(&plans), "road.txt", b"map".to_vec())
        .await?;
    let viewer = app.user("bob").await?;
    let editor = app.user("carol").await?;
    let stranger = app.user("eve").await?;
    share_with(owner, "folders", &team, "bob", "view").await?;
    share_with(owner, "folders", &team, "carol", "edit").await?;

    let page = viewer.get(&format!("/folders/{plans}")).send().await?;
    let html = html_with(page, 200, "road.txt").await?;
    let crumbs = &html[html.find("id=\"crumbs\"").unwrap_or(0)..];
    assert!(
        crumbs.contains("href=\"/shared\"")
            && crumbs.contains(&format!("href=\"/folders/{team}\"")),
        "the breadcrumbs start at Shared with me and the shared folder: {crumbs}"
    );
    assert!(!crumbs[..crumbs.find("</nav>").unwrap_or(0)].contains("My files"));
    assert!(html.contains("id=\"shared-role\">Can view<"));
    for owners_only in [
        "id=\"new-menu\"",
        "id=\"upload-button\"",
        "data-action=\"rename\"",
        "data-action=\"delete\"",
        "data-action=\"share\"",
    ] {
        assert!(!html.contains(owners_only), "a viewer sees {owners_only}");
    }

    let page = editor.get(&format!("/folders/{team}")).send().await?;
    let html = html_with(page, 200, "Plans").await?;
    assert!(html.contains("id=\"new-menu\"") && html.contains("data-writable=\"true\""));
    assert!(
        !html.contains("data-action=\"rename\""),
        "only the owner renames"
    );
    let shared = editor.get("/shared").send().await?;
    html_with(shared, 200, &format!("href=\"/folders/{team}\"")).await?;

    let refused = stranger
        .get(&format!("/folders/{team}"))
        .header("accept-language", "fr")
        .send()
        .await?;
    html_with(refused, 404, "Cette page n'existe pas").await?;
    let badges = viewer
        .get_json(&format!("/folders/{plans}/editing"))
        .await?;
    assert_eq!(badges, json!({"editing": {}}));
    let badges = stranger
        .get(&format!("/folders/{plans}/editing"))
        .send()
        .await?;
    assert_eq!(badges.status(), StatusCode::NOT_FOUND);
    app.stop().await
}

#[tokio::test]
async fn a_folder_link_lists_its_entries_for_guests() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let owner = &app.admin;
    let team = field(&owner.mkdir(None, "Team").await?, "id")?;
    let plans = field(&owner.mkdir(Some(&team), "Plans").await?, "id")?;
    let road = owner
        .upload_in(Some(&plans), "road.txt", b"map".to_vec())
        .await?;
    let road = field(&road, "id")?;
    let outside = field(&owner.upload("secret.txt", b"no".to_vec()).await?, "id")?;
    let share = link(
        owner,
        "folders",
        &team,
        json!({"link": true, "role": "view"}),
    )
    .await?;
    let token = share["token"].as_str().expect("token");
    let guest = http_client();

    let top = guest.get(app.url(&format!("/s/{token}"))).send().await?;
    let html = html_with(top, 200, "Can view").await?;
    assert!(html.contains(&format!("href=\"/s/{token}?entry={plans}\"")));
    let below = guest
        .get(app.url(&format!("/s/{token}?entry={plans}")))
        .send()
        .await?;
    let html = html_with(below, 200, "road.txt").await?;
    assert!(html.contains(&format!("href=\"/s/{token}?entry={team}\">Team</a>")));
    let file = guest
        .get(app.url(&format!("/s/{token}?entry={road}")))
        .send()
        .await?;
    assert_eq!(file.status(), StatusCode::SEE_OTHER);
    let target = file.headers()["location"].to_str()?.to_owned();
    assert_eq!(
        target,
        format!("/api/v1/links/{token}/content?entry={road}")
    );
    assert_eq!(
        guest.get(app.url(&target)).send().await?.text().await?,
        "map"
    );
    let escape = guest
        .get(app.url(&format!("/s/{token}?entry={outside}")))
        .header("accept-language", "zh")
        .send()
        .await?;
    html_with(escape, 404, "此页面不存在").await?;
    app.stop().await
}
