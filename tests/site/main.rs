//! One test binary for everything that builds or checks a fixture site.

mod adversarial;
mod articles;
mod build;
mod cache;
mod check;
mod common;
mod import;
mod incremental;
mod microsite;
mod minify;
mod reimport;
mod share;
#[path = "../support/mod.rs"]
mod support;
mod translate;
