//! The stored format of leads and activities, pinned: each chunk format has its own record types,
//! copies frozen as they were written, never the live domain structs. A chunk's first byte names
//! its format; every format ever written keeps decoding (the fixtures in `tests/fixtures/store`
//! prove it).
//!
//! Changing what is stored means a new format: add `vN.rs` with the new record types, write it
//! in [`encode_chunk`](super::codec::encode_chunk), decode every older one, and commit fixtures
//! written by the new version. The golden test in `tests/store_format.rs` fails when today's
//! writer no longer produces the newest fixture byte for byte.
//!
//! - Format 1 (schema 1–3): [`v1::LeadV1`], [`v1::ActivityV1`].
//! - Format 2: the same fields and the record's [`Revision`](crate::domain::Revision).

pub mod v1;
pub mod v2;

/// Chunk format byte of [`v1`].
pub const FORMAT_V1: u8 = 1;
/// Chunk format byte of [`v2`], the one written today.
pub const FORMAT_V2: u8 = 2;
