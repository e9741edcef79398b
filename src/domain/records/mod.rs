//! The records a user keeps: leads, their activities, money amounts, the in-memory book of all of
//! them, and the user's own profile.

pub mod activity;
pub mod lead;
pub mod lead_book;
pub mod money;
pub mod profile;
