//! What the native benchmark examples share: a deterministic generator, so every run measures
//! the same data.

/// Xorshift: the next number of a fixed sequence.
pub fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// One of `from`, picked by the sequence.
#[allow(dead_code)] // not every example picks
pub fn pick<'a>(state: &mut u64, from: &[&'a str]) -> &'a str {
    from[(next(state) % from.len() as u64) as usize]
}
