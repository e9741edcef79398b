//! What several native test targets share (each `mod common;`; Cargo builds no test of its own
//! from this folder).

pub mod rust_crypto;
