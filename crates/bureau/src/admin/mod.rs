//! Administration through the JSON API (`/api/v1/admin/…`, administrators only): the ONLYOFFICE
//! Docs settings with their connection test, and the user accounts. The pages that use them are
//! in `web::admin`.

pub mod settings;
pub mod users;
