//! `POST /api/v1/files/new`: blank files Bureau generates, which open and save in the editor.

use reqwest::Method;
use serde_json::json;

use super::{OfficeEnv, open_json, versions};
use crate::support::{expect_error, json_with};

#[tokio::test]
async fn blank_documents_open_edit_and_save() -> anyhow::Result<()> {
    let env = OfficeEnv::spawn().await?;
    let api = &env.app.admin;
    for (kind, name, expected) in [
        (
            "document",
            Some("Créer un document"),
            "Créer un document.docx",
        ),
        ("spreadsheet", None, "New spreadsheet.xlsx"),
        ("presentation", Some("Deck.pptx"), "Deck.pptx"),
    ] {
        let body = json!({"kind": kind, "name": name});
        let entry = json_with(
            api.send_json(Method::POST, "/api/v1/files/new", body)
                .await?,
            201,
        )
        .await?;
        assert_eq!(entry["name"], expected);
        let id = entry["id"].as_str().expect("id").to_owned();
        let (conn, key) = env.join(api, &id).await?;
        env.ds().edit(&conn, "Written into a blank file")?;
        env.ds().leave(&conn)?;
        env.accepted(&key, 2).await?;
        assert_eq!(versions(api, &id).await?.len(), 2, "{kind}");
    }
    let form = json_with(
        api.send_json(Method::POST, "/api/v1/files/new", json!({"kind": "form"}))
            .await?,
        201,
    )
    .await?;
    assert_eq!(form["name"], "New form.pdf");
    assert_eq!(form["mime"], "application/pdf");
    let opened = open_json(api, form["id"].as_str().expect("id"), 200).await?;
    assert_eq!(
        opened["data"]["attributes"]["onlyoffice"]["documentType"],
        "pdf"
    );
    // A second blank document of the same name gets a free name.
    let again = json_with(
        api.send_json(
            Method::POST,
            "/api/v1/files/new",
            json!({"kind": "spreadsheet"}),
        )
        .await?,
        201,
    )
    .await?;
    assert_eq!(again["name"], "New spreadsheet (2).xlsx");
    let bad = api
        .send_json(Method::POST, "/api/v1/files/new", json!({"kind": "movie"}))
        .await?;
    expect_error(bad, 400, "invalid_kind").await?;
    env.app.stop().await
}
