//! Integration tests: the server on a random port over real HTTP, and the `bureau` binary.

mod access;
mod admin;
mod api;
mod auth;
mod authz;
mod blobs;
mod browser;
mod cli;
mod cluster;
mod connector;
mod content;
mod crash;
mod drive;
mod fixtures;
mod fuzz;
mod headers;
mod log_secrets;
mod migrate;
mod office;
mod pages;
mod sharing;
mod sign_in_limits;
mod soak;
mod support;
mod trash;
mod versions;
