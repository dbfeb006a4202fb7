//! The permission matrix: owner, editor, commenter, reviewer, form-filler, viewer, public link
//! and stranger × open, download, callback (whether the editor can save at all), convert and
//! restore. Every cell is asserted.

use reqwest::Method;
use serde_json::{Value, json};

use super::{link, share_with};
use crate::{
    office::{OfficeEnv, convert::finished},
    support::{Api, expect_error, json_with},
};

/// What one person should be able to do.
struct Row {
    who: &'static str,
    role: Option<&'static str>,
    /// Expected `editorConfig.mode`, or `None` when the file must not open (404).
    mode: Option<&'static str>,
    /// Expected `document.permissions` flags (edit, comment, review, fillForms).
    flags: [bool; 4],
    /// Whether convert and restore are allowed (the edit role).
    writes: bool,
}

const ROWS: [Row; 7] = [
    Row {
        who: "owner",
        role: None,
        mode: Some("edit"),
        flags: [true, true, true, true],
        writes: true,
    },
    Row {
        who: "editor",
        role: Some("edit"),
        mode: Some("edit"),
        flags: [true, true, true, true],
        writes: true,
    },
    Row {
        who: "commenter",
        role: Some("comment"),
        mode: Some("edit"),
        flags: [false, true, false, false],
        writes: false,
    },
    Row {
        who: "reviewer",
        role: Some("review"),
        mode: Some("edit"),
        flags: [false, true, true, false],
        writes: false,
    },
    Row {
        who: "filler",
        role: Some("fill"),
        mode: Some("edit"),
        flags: [false, false, false, true],
        writes: false,
    },
    Row {
        who: "viewer",
        role: Some("view"),
        mode: Some("view"),
        flags: [false, false, false, false],
        writes: false,
    },
    Row {
        who: "stranger",
        role: None,
        mode: None,
        flags: [false; 4],
        writes: false,
    },
];

fn flags(config: &Value) -> [bool; 4] {
    let p = &config["document"]["permissions"];
    ["edit", "comment", "review", "fillForms"].map(|f| p[f].as_bool().unwrap_or(false))
}

async fn check_row(
    env: &OfficeEnv,
    api: &Api,
    row: &Row,
    docx: &str,
    odt: &str,
) -> anyhow::Result<()> {
    let who = row.who;
    let open = api.get(&format!("/office/{docx}/open")).send().await?;
    let Some(mode) = row.mode else {
        expect_error(open, 404, "file_not_found").await?;
        expect_error(
            api.get(&format!("/api/v1/files/{docx}/content"))
                .send()
                .await?,
            404,
            "file_not_found",
        )
        .await?;
        let convert = api
            .send_json(
                Method::POST,
                &format!("/api/v1/files/{odt}/convert"),
                json!({}),
            )
            .await?;
        expect_error(convert, 404, "file_not_found").await?;
        let restore = api
            .request(
                Method::POST,
                &format!("/api/v1/files/{docx}/versions/1/restore"),
            )
            .send()
            .await?;
        return expect_error(restore, 404, "file_not_found").await;
    };
    let body = json_with(open, 200).await?;
    let config = &body["data"]["attributes"]["onlyoffice"];
    assert_eq!(config["editorConfig"]["mode"], mode, "{who}: mode");
    assert_eq!(flags(config), row.flags, "{who}: permissions");
    let can_save = config["editorConfig"].get("callbackUrl").is_some();
    assert_eq!(can_save, mode == "edit", "{who}: callbackUrl");
    if !can_save {
        // The signed config opens read-only in the Document Server: typing is refused.
        let page = env.page_config(api, docx, "").await?;
        let joined = env.ds().open(&page).await?;
        assert!(
            env.ds().edit(&joined.connection, "sneaky").is_err(),
            "{who}: a viewer typed"
        );
        env.ds().leave(&joined.connection)?;
    }
    let download = api
        .get(&format!("/api/v1/files/{docx}/content"))
        .send()
        .await?;
    assert_eq!(download.status(), 200, "{who}: download");
    let convert = api
        .send_json(
            Method::POST,
            &format!("/api/v1/files/{odt}/convert"),
            json!({}),
        )
        .await?;
    let restore = api
        .request(
            Method::POST,
            &format!("/api/v1/files/{docx}/versions/1/restore"),
        )
        .send()
        .await?;
    if row.writes {
        assert_eq!(restore.status(), 200, "{who}: restore");
        // The conversion runs in the background: it must finish, and finish well.
        let accepted = json_with(convert, 202).await?;
        let job = accepted["job_id"].as_str().expect("job_id");
        let state = finished(api, job).await?;
        assert_eq!(state["state"], "done", "{who}: convert {state}");
    } else {
        expect_error(convert, 403, "insufficient_role").await?;
        expect_error(restore, 403, "insufficient_role").await?;
    }
    Ok(())
}

#[tokio::test]
async fn every_role_gets_exactly_its_rights() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let owner = &env.app.admin;
    let folder = owner.mkdir(None, "Team").await?;
    let folder = folder["id"].as_str().expect("id").to_owned();
    let docx = env
        .upload_fixture_in(owner, &folder, "test.docx", "Plan.docx")
        .await?;
    let odt = env
        .upload_fixture_in(owner, &folder, "LibreOfficeWriter_odt_1.3.odt", "Old.odt")
        .await?;
    for row in &ROWS {
        let api = match (row.who, row.role) {
            ("owner", _) => owner.clone(),
            (who, role) => {
                let api = env.app.user(who).await?;
                if let Some(role) = role {
                    // Shared through the folder: the role reaches everything inside it.
                    share_with(owner, "folders", &folder, who, role).await?;
                }
                api
            }
        };
        check_row(&env, &api, row, &docx, &odt).await?;
    }
    // The public link (view): opens read-only for a guest, downloads, writes nothing.
    let share = link(
        owner,
        "folders",
        &folder,
        json!({"link": true, "role": "view"}),
    )
    .await?;
    let token = share["token"].as_str().expect("token");
    let guest = reqwest::Client::new();
    let opened: Value = guest
        .get(
            env.app
                .url(&format!("/office/links/{token}/open?file={docx}")),
        )
        .send()
        .await?
        .json()
        .await?;
    let config = &opened["data"]["attributes"]["onlyoffice"];
    assert_eq!(config["editorConfig"]["mode"], "view");
    assert!(
        config["editorConfig"].get("callbackUrl").is_none(),
        "a view link can never save"
    );
    assert_eq!(flags(config), [false; 4]);
    let download = guest
        .get(
            env.app
                .url(&format!("/api/v1/links/{token}/content?entry={docx}")),
        )
        .send()
        .await?;
    assert_eq!(download.status(), 200);
    let convert = guest
        .post(env.app.url(&format!("/api/v1/files/{odt}/convert")))
        .json(&json!({}))
        .send()
        .await?;
    assert_eq!(convert.status(), 401, "no account, no conversion");
    env.app.stop().await
}
