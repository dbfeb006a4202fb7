//! The drive: folders, files, immutable versions, trash, and blob collection. Domain rules live
//! in [`files`], [`versions`] and [`access`]; [`api`] and [`folders`] are thin HTTP handlers.

pub mod access;
pub mod api;
pub mod files;
pub mod folders;
pub mod gc;
pub mod links;
pub mod names;
pub mod roles;
pub mod shares;
pub mod versions;
pub mod views;
