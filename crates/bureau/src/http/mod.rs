//! HTTP building blocks shared by the drive and office routes: streaming content with ranges,
//! validators and download names.

pub mod client_addr;
pub mod content;
pub mod disposition;
pub mod range;
pub mod security_headers;
