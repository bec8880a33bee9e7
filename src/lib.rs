//! plg: a terminal companion for professional learning groups.
//!
//! The binary is a thin shell over this library so tests can drive
//! everything: the protocol format ([`protocol`]), where files come from
//! ([`catalog`], [`paths`]) and the commands ([`commands`]).

pub mod agenda;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diag;
pub mod files;
pub mod group;
pub mod link;
pub mod meeting;
pub mod paths;
pub mod protocol;
pub mod record;
pub mod review;
pub mod schema;
pub mod term_text;
pub mod text;
pub mod theme;
pub mod tui;
pub mod yaml;
