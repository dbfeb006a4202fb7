//! The application API: the backend side of the protocol between a drive and an editor
//! connector (`bureau connector`, or Twake Drive's own ONLYOFFICE connector), modelled on Twake
//! Drive's backend (linagora/twake-drive, `tdrive/backend/node/src/services/`): the application
//! logs in ([`login`]), reads items and their content ([`items`]), and begins, refreshes, saves
//! into and ends editing sessions ([`editing`]); the drive sends users to the connector with a
//! token bound to one file ([`launch`], [`editor_token`]). docs/connector.md maps every route to
//! its Twake source and lists what Bureau adds.
//!
//! Editing sessions here are Bureau's own ([`crate::office::sessions`]): one live key per file
//! version, stored in the database with a unique index, so concurrent begins agree on one key
//! (an atomic compare-and-set) whichever connector or Bureau process asks; saves go through the
//! same code as Bureau's own editor ([`crate::office::local`]), conflicts and re-deliveries
//! included.

pub mod editing;
pub mod editor_token;
pub mod items;
pub mod launch;
pub mod login;

use crate::error::Error;

/// The company Bureau answers for: Twake Drive's routes are per company, and Bureau is one.
pub const COMPANY: &str = "bureau";

/// The error of every application route when no application is configured (`BUREAU_APP_SECRET`
/// unset).
pub fn not_configured() -> Error {
    Error::NotFound {
        code: "application_api_off",
        what: "application API",
    }
}

/// 404 for a company other than [`COMPANY`].
pub fn check_company(company: &str) -> Result<(), Error> {
    if company == COMPANY {
        Ok(())
    } else {
        Err(Error::NotFound {
            code: "company_not_found",
            what: "company",
        })
    }
}
