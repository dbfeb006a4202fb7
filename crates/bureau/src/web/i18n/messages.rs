//! The table type: one field per string the UI shows.

use serde::Serialize;

/// Every string the UI shows, in one language. Templates read the fields; the page scripts get
/// the whole table as JSON.
#[derive(Debug, Serialize)]
pub struct Messages {
    /// Title and button of the sign-in page.
    pub sign_in: &'static str,
    /// Label of the login field.
    pub login: &'static str,
    /// Label of the password field.
    pub password: &'static str,
    /// A sign-in refused for a wrong login or password.
    pub sign_in_failed: &'static str,
    /// A sign-in refused after too many failures; `{minutes}` is replaced by the wait.
    pub sign_in_throttled: &'static str,
    /// The user menu's language choice.
    pub language: &'static str,
    /// The user menu's sign-out action.
    pub sign_out: &'static str,
    /// The user's root folder, in the navigation and breadcrumbs.
    pub my_files: &'static str,
    /// The trash, in the navigation and as the page title.
    pub trash: &'static str,
    /// The "New" menu.
    pub new: &'static str,
    /// New ▸ Document.
    pub new_document: &'static str,
    /// New ▸ Spreadsheet.
    pub new_spreadsheet: &'static str,
    /// New ▸ Presentation.
    pub new_presentation: &'static str,
    /// New ▸ PDF form.
    pub new_form: &'static str,
    /// New ▸ Folder.
    pub new_folder: &'static str,
    /// Prompt for the name of a new folder.
    pub folder_name: &'static str,
    /// The upload button.
    pub upload: &'static str,
    /// Shown while files are dragged over the page.
    pub drop_here: &'static str,
    /// Column: name.
    pub name: &'static str,
    /// Column: size.
    pub size: &'static str,
    /// Column: modification time.
    pub modified: &'static str,
    /// Column: author of the current version.
    pub author: &'static str,
    /// Column and menu: actions.
    pub actions: &'static str,
    /// Label of the breadcrumbs.
    pub path: &'static str,
    /// An empty folder.
    pub empty_folder: &'static str,
    /// What to do in an empty folder.
    pub empty_hint: &'static str,
    /// Action: open in ONLYOFFICE for editing.
    pub open: &'static str,
    /// Action: open in ONLYOFFICE, read-only.
    pub view: &'static str,
    /// Action: download.
    pub download: &'static str,
    /// Action: convert to the editor's OOXML format; followed by the extension.
    pub convert_to: &'static str,
    /// Notice while a conversion runs.
    pub converting: &'static str,
    /// Notice once converted; followed by the new file's name.
    pub converted: &'static str,
    /// Action: rename.
    pub rename: &'static str,
    /// Prompt for a new name.
    pub new_name: &'static str,
    /// Action and dialog: move to another folder (`move` in the scripts' table).
    #[serde(rename = "move")]
    pub move_: &'static str,
    /// The Move dialog's confirmation.
    pub move_here: &'static str,
    /// Notice after a move.
    pub moved: &'static str,
    /// "Shared with me": the navigation link and page.
    pub shared_with_me: &'static str,
    /// Nothing shared with the user.
    pub nothing_shared: &'static str,
    /// Action and dialog: share.
    pub share: &'static str,
    /// Label of the login field of the Share dialog.
    pub share_with_user: &'static str,
    /// Column and field: the role of a share.
    pub role: &'static str,
    /// Role: view.
    pub role_view: &'static str,
    /// Role: comment.
    pub role_comment: &'static str,
    /// Role: review (track changes).
    pub role_review: &'static str,
    /// Role: fill in forms.
    pub role_fill: &'static str,
    /// Role: edit.
    pub role_edit: &'static str,
    /// A public link.
    pub public_link: &'static str,
    /// Creates a public link.
    pub create_link: &'static str,
    /// Copies a link.
    pub copy: &'static str,
    /// Notice after a copy.
    pub copied: &'static str,
    /// Revokes a share.
    pub revoke: &'static str,
    /// An entry without shares.
    pub not_shared: &'static str,
    /// Closes a dialog.
    pub close: &'static str,
    /// Action: move to the trash.
    pub delete: &'static str,
    /// Notice after a move to the trash.
    pub moved_to_trash: &'static str,
    /// Notice while a download is prepared.
    pub preparing_download: &'static str,
    /// Notice once a download is done.
    pub downloaded: &'static str,
    /// Label of the overall upload progress.
    pub total: &'static str,
    /// Cancels an upload.
    pub cancel: &'static str,
    /// An upload cancelled.
    pub cancelled: &'static str,
    /// Upload finished.
    pub uploaded: &'static str,
    /// Upload stored under another name; followed by the name.
    pub saved_as: &'static str,
    /// Upload refused as too large.
    pub too_large: &'static str,
    /// Prefix of any failure; followed by the server's detail.
    pub failed: &'static str,
    /// Title of the banner shown without a Document Server.
    pub no_docs_title: &'static str,
    /// How to connect a Document Server.
    pub no_docs_body: &'static str,
    /// How to try Bureau with the bundled emulator.
    pub no_docs_trial: &'static str,
    /// Why office actions are disabled.
    pub office_disabled: &'static str,
    /// Column of the trash: when an entry was deleted.
    pub deleted: &'static str,
    /// An empty trash.
    pub trash_empty: &'static str,
    /// Action: restore from the trash.
    pub restore: &'static str,
    /// Notice after a restore.
    pub restored: &'static str,
    /// Action: delete for good.
    pub purge: &'static str,
    /// Confirmation before deleting for good.
    pub purge_confirm: &'static str,
    /// Action: empty the trash.
    pub empty_trash: &'static str,
    /// Title of the error page.
    pub error_title: &'static str,
    /// A page that does not exist.
    pub not_found: &'static str,
    /// Link from the error page.
    pub back_home: &'static str,
    /// A folder, where a file shows its size.
    pub folder: &'static str,
    /// Badge of a file open in ONLYOFFICE; followed by the editors' names.
    pub editing_by: &'static str,
    /// The versions panel and its menu entry.
    pub versions: &'static str,
    /// Link from the versions panel back to the file's folder.
    pub back_to_folder: &'static str,
    /// Column: where a version came from.
    pub source: &'static str,
    /// Marks the current version.
    pub current: &'static str,
    /// Notice after a restore of a version.
    pub version_restored: &'static str,
    /// Source: an upload.
    pub source_upload: &'static str,
    /// Source: saved from ONLYOFFICE.
    pub source_office_save: &'static str,
    /// Source: a restore of an older version.
    pub source_restore: &'static str,
    /// Source: a conversion.
    pub source_conversion: &'static str,
    /// Source: recovered from an ONLYOFFICE save error.
    pub source_office_recovered: &'static str,
    /// Source: anything else.
    pub source_other: &'static str,
    /// Action and dialog: download converted to another format.
    pub download_as: &'static str,
    /// Label of the format choice of Download as….
    pub format: &'static str,
    /// The editor page's link back to where the document was opened from.
    pub back: &'static str,
    /// The editor reported an error; followed by its description.
    pub editor_error: &'static str,
    /// A warning of the editor; followed by its description.
    pub editor_warning: &'static str,
    /// The Document Server's api.js did not load in the editor page.
    pub docs_unreachable: &'static str,
    /// The editor's history could not load; followed by the reason.
    pub history_failed: &'static str,
    /// The editor could not restore a version; followed by the reason.
    pub restore_failed: &'static str,
    /// Title of the conflict dialog: the file changed under an open editor.
    pub conflict_title: &'static str,
    /// What the conflict dialog offers.
    pub conflict_body: &'static str,
    /// Conflict dialog: keep editing into the conflict copy.
    pub conflict_keep: &'static str,
    /// Conflict dialog: reload the newest version.
    pub conflict_reload: &'static str,
    /// Shown once editing goes on in the copy; followed by its name.
    pub conflict_kept: &'static str,
    /// A share's expiry date: the field of the Share dialog, and before the date in its list.
    pub expires: &'static str,
    /// A share without an expiry date.
    pub no_expiry: &'static str,
    /// A share past its expiry date.
    pub expired: &'static str,
    /// The optional password of a new public link.
    pub link_password: &'static str,
    /// Title of the public-link page.
    pub link_title: &'static str,
    /// The guest's name field of the public-link page.
    pub guest_name: &'static str,
    /// Goes on past the public-link page's form (`continue` in the scripts' table).
    #[serde(rename = "continue")]
    pub continue_: &'static str,
    /// A public link's password was wrong.
    pub wrong_password: &'static str,
    /// The name of a guest of a public link who gave none.
    pub guest: &'static str,
    /// An action the reader's role does not allow.
    pub forbidden: &'static str,
    /// Version label before a version number.
    pub version: &'static str,
    /// Size units: bytes, KiB, MiB, GiB.
    pub units: [&'static str; 4],
    /// The admin settings page, in the user menu and as its title.
    pub admin_settings: &'static str,
    /// The admin users page, in the user menu and as its title.
    pub admin_users: &'static str,
    /// A non-administrator opened an admin page.
    pub admin_only: &'static str,
    /// What the settings page is for.
    pub settings_intro: &'static str,
    /// Settings field: the Document Server as browsers reach it.
    pub docs_url_label: &'static str,
    /// What the Document Server URL is.
    pub docs_url_hint: &'static str,
    /// Settings field: the Document Server as Bureau reaches it.
    pub docs_internal_url_label: &'static str,
    /// What the Document Server internal URL is.
    pub docs_internal_url_hint: &'static str,
    /// Settings field: Bureau as the Document Server reaches it.
    pub internal_url_label: &'static str,
    /// What the Bureau internal URL is.
    pub internal_url_hint: &'static str,
    /// Settings field: the JWT secret.
    pub jwt_secret_label: &'static str,
    /// What the JWT secret is; it is write-only.
    pub jwt_secret_hint: &'static str,
    /// A JWT secret is in effect.
    pub secret_set: &'static str,
    /// No JWT secret is in effect.
    pub secret_not_set: &'static str,
    /// Settings: remove the JWT secret.
    pub secret_clear: &'static str,
    /// Settings field: the JWT header.
    pub jwt_header_label: &'static str,
    /// What the JWT header is.
    pub jwt_header_hint: &'static str,
    /// A setting's value was saved on the settings page.
    pub origin_saved: &'static str,
    /// A setting's value comes from the configuration; followed by its variable.
    pub origin_config: &'static str,
    /// The settings page's save button.
    pub save: &'static str,
    /// The settings were saved.
    pub settings_saved: &'static str,
    /// The settings page's connection test, and the title of its results.
    pub test_connection: &'static str,
    /// While the connection test runs.
    pub testing: &'static str,
    /// Every check of the connection test passed.
    pub test_passed: &'static str,
    /// A check of the connection test failed.
    pub test_failed: &'static str,
    /// Before the fix of a failed check.
    pub fix: &'static str,
    /// Settings: forget the saved settings.
    pub use_configuration: &'static str,
    /// Confirms forgetting the saved settings.
    pub use_configuration_confirm: &'static str,
    /// The users page's form to add an account.
    pub add_user: &'static str,
    /// An account's name shown to others.
    pub display_name: &'static str,
    /// An account with admin rights.
    pub administrator: &'static str,
    /// Column: an account's status.
    pub status: &'static str,
    /// An account that may sign in.
    pub user_active: &'static str,
    /// A disabled account.
    pub user_disabled: &'static str,
    /// Column: when an account was created.
    pub created: &'static str,
    /// Adds the account.
    pub add: &'static str,
    /// Disables an account.
    pub disable: &'static str,
    /// Enables an account again.
    pub enable: &'static str,
    /// Sets a new password for an account.
    pub reset_password: &'static str,
    /// Prompt for a new password; followed by the login.
    pub new_password_for: &'static str,
    /// A new password was set.
    pub password_changed: &'static str,
    /// An account was added; followed by its login.
    pub user_added: &'static str,
    /// Yes (an administrator).
    pub yes: &'static str,
    /// Marks the signed-in user's own account.
    pub you: &'static str,
}
