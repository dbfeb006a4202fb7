//! A stand-in for ONLYOFFICE Docs (the Document Server) for tests and integrators, built on the
//! real x2t conversion engine.
#![warn(missing_docs)]

pub mod engine;
pub mod ooxml;
pub mod x2t;
pub mod x2t_formats;
