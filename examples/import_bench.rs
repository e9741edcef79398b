//! Parses and validates a lead CSV the way the import does (`parse_leads_csv`), several rounds,
//! and prints the best and median time, the valid and invalid row counts and a checksum of every
//! row's outcome (valid rows' fields and invalid rows' lines and errors, through `Debug`), so a
//! change that alters any result shows as another checksum. Not a test: timings belong to the
//! machine. The browser benchmark's own CSV: `node bench/gen-csv.mjs 100000 /tmp/leads-100k.csv`,
//! then, in release, `cargo run --release --example import_bench -- /tmp/leads-100k.csv`. The app
//! ships at `opt-level = "z"` in wasm: compare this before and after a change, not with the browser.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use kariz::domain::import::{parse_leads_csv, RowOutcome};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: import_bench <leads.csv>");
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    // KARIZ_BENCH_REPS: how many timed rounds (default 7); an instruction counter can then take the
    // difference of two counts to isolate the rounds from reading the file.
    let reps: usize = std::env::var("KARIZ_BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let mut times = Vec::with_capacity(reps);
    let mut preview = None;
    for _ in 0..reps.max(1) {
        // The previous round's result is dropped outside the timing, as the bench drops nothing.
        drop(preview.take());
        let start = Instant::now();
        preview = Some(parse_leads_csv(&text).expect("a CSV of leads"));
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let preview = preview.expect("at least one round");
    let mut hasher = DefaultHasher::new();
    format!("{:?}", preview.columns).hash(&mut hasher);
    let mut line = String::new();
    for row in &preview.rows {
        line.clear();
        match row {
            RowOutcome::Valid(fields) => {
                std::fmt::Write::write_fmt(&mut line, format_args!("{fields:?}"))
            }
            RowOutcome::Invalid {
                line: at, errors, ..
            } => std::fmt::Write::write_fmt(&mut line, format_args!("{at} {errors:?}")),
        }
        .expect("write to a String");
        line.hash(&mut hasher);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{path}: {} bytes, {} rows valid, {} invalid; parse_leads_csv best {:.1} ms, median {:.1} ms \
         ({} rounds); checksum {:016x}",
        text.len(),
        preview.valid_count(),
        preview.invalid_count(),
        times[0],
        times[times.len() / 2],
        times.len(),
        hasher.finish()
    );
}
