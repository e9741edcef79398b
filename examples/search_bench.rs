//! Searches the browser benchmark's 100,000 leads with its 50 queries (`bench/data.mjs`: the
//! same seeded generator and query list, ported number for number, so the hit counts match the
//! browser's) as the Leads table does, and prints each query's time, p50 and p95: through a
//! `LeadList` from the whole table, as `kariz_search` does, and keystroke by keystroke. Not a
//! test: timings belong to the machine. Run in release:
//! `cargo run --release --example search_bench`. The browser runs wasm at `opt-level = "z"`
//! without SIMD: for times closer to it, build this for `wasm32-wasip1` and run it in Node.

use std::time::{Duration, Instant};

use kariz::domain::{Lead, LeadList, LeadQuery, SearchIndex};

/// `rng` of bench/data.mjs: xorshift32, as a float in [0, 1).
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0 as f64 / 4_294_967_296.0
    }

    /// `(r() * n) | 0`
    fn below(&mut self, n: usize) -> usize {
        (self.next() * n as f64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }

    /// `words(r, min, max)`, for the random numbers it draws.
    fn skip_words(&mut self, min: usize, max: usize) {
        let n = min + self.below(max - min + 1);
        for _ in 0..n {
            self.next();
        }
    }
}

const FIRST: [&str; 26] = [
    "Sara", "Ali", "Maryam", "Reza", "Neda", "Hossein", "Parisa", "Mohammad", "Leila", "Amir",
    "Zahra", "Kaveh", "Nima", "Shirin", "Babak", "Elham", "John", "Emma", "Lucas", "Olivia",
    "مریم", "علی", "سارا", "رضا", "نگار", "حسین",
];
const LAST: [&str; 18] = [
    "Karimi",
    "Ahmadi",
    "Hosseini",
    "Rezaei",
    "Moradi",
    "Jafari",
    "Tehrani",
    "Rahimi",
    "Sadeghi",
    "Mohammadi",
    "Smith",
    "Brown",
    "Novak",
    "Garcia",
    "کریمی",
    "احمدی",
    "رضایی",
    "مرادی",
];
const CO_A: [&str; 15] = [
    "Pars", "Arya", "Sepid", "Nova", "Kian", "Delta", "Saba", "Atlas", "Rayan", "Mehr", "Blue",
    "Zagros", "آریا", "پارس", "مهر",
];
const CO_B: [&str; 12] = [
    "Systems",
    "Trading",
    "Industries",
    "Soft",
    "Logistics",
    "Foods",
    "Health",
    "Labs",
    "Group",
    "Textiles",
    "صنعت",
    "گستر",
];
/// Lengths of the lists bench/data.mjs only draws from (titles, sources, industries, cities,
/// countries, roles, stages, owners, tags).
const TITLES: usize = 11;
const SOURCES: usize = 14;
const INDUSTRIES: usize = 15;
const CITIES: usize = 13;
const COUNTRIES: usize = 6;
const ROLES: usize = 4;
const STAGES: usize = 3;
const OWNERS: usize = 6;
const TAGS: usize = 10;

/// `x.toLowerCase().replace(/[^a-z]/g, '')`
fn ascii_letters(x: &str) -> String {
    x.to_lowercase()
        .chars()
        .filter(char::is_ascii_lowercase)
        .collect()
}

/// `generate(count, 42)` of bench/data.mjs: the searched fields of each lead.
fn generate(count: u64) -> Vec<Lead> {
    let mut r = Rng(42);
    (1..=count)
        .map(|id| {
            let first = r.pick(&FIRST);
            let last = r.pick(&LAST);
            let company = format!("{} {}", r.pick(&CO_A), r.pick(&CO_B));
            let domain = ascii_letters(r.pick(&CO_A));
            let domain = format!(
                "{}{}.com",
                if domain.is_empty() { "mail" } else { &domain },
                r.below(900)
            );
            let mailbox = ascii_letters(first);
            let mailbox = if mailbox.is_empty() {
                "info".to_string()
            } else {
                mailbox
            };
            let phone = format!(
                "+98 9{} {} {}",
                10 + r.below(90),
                100 + r.below(900),
                1000 + r.below(9000)
            );
            let has_budget = r.next() < 0.7;
            r.below(TITLES);
            r.below(SOURCES);
            r.below(INDUSTRIES);
            if r.next() < 0.85 {
                r.next();
            }
            r.below(CITIES);
            r.below(COUNTRIES);
            if has_budget {
                r.next();
                r.next();
            }
            r.below(ROLES);
            r.skip_words(3, 12);
            if r.next() < 0.8 {
                r.next();
            }
            r.below(STAGES);
            r.below(OWNERS);
            if r.next() < 0.6 {
                r.below(TAGS);
                r.below(TAGS);
            }
            if r.next() < 0.7 {
                r.skip_words(10, 50);
            }
            let activities = 5 + r.below(11);
            for _ in 0..2 * activities {
                r.next();
            }
            Lead {
                name: format!("{first} {last}"),
                company,
                email: format!("{mailbox}.{id}@{domain}"),
                phone,
                ..Lead::blank(id)
            }
        })
        .collect()
}

/// `searchQueries(7)` of bench/data.mjs.
fn queries() -> Vec<String> {
    let mut r = Rng(7);
    let mut qs = Vec::new();
    for _ in 0..12 {
        let first = r.pick(&FIRST).to_lowercase();
        let len = 3 + r.below(3);
        qs.push(first.chars().take(len).collect());
    }
    for _ in 0..10 {
        qs.push(r.pick(&LAST).to_string());
    }
    for _ in 0..8 {
        qs.push(format!("{} {}", r.pick(&FIRST), r.pick(&LAST)));
    }
    for _ in 0..8 {
        qs.push(format!("{} {}", r.pick(&CO_A), r.pick(&CO_B)).to_lowercase());
    }
    for _ in 0..6 {
        let first = ascii_letters(r.pick(&FIRST));
        let first = if first.is_empty() {
            "sara".to_string()
        } else {
            first
        };
        qs.push(format!("{first}.{}", 1 + r.below(9000)));
    }
    for _ in 0..6 {
        qs.push(format!("0912 {}", 100 + r.below(900)));
    }
    qs
}

/// `quantile` of bench.mjs (linear between the two nearest ranks).
fn quantile(xs: &[f64], q: f64) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let pos = (s.len() - 1) as f64 * q;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    s[lo] + (s[hi] - s[lo]) * (pos - lo as f64)
}

fn main() {
    let leads = generate(100_000);
    let t = Instant::now();
    let index = SearchIndex::new(&leads);
    println!("index built in {:?}", t.elapsed());
    let text = |t: &str| LeadQuery {
        text: t.into(),
        ..LeadQuery::default()
    };
    let rounds: usize = std::env::var("KARIZ_BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut list = LeadList::default();
    let mut times = Vec::new();
    for q in queries() {
        // As kariz_search: from the whole table (the "" result), never narrowing a previous
        // query. The best of a few rounds, the machine being shared.
        let mut best = Duration::MAX;
        let mut hits = 0;
        for _ in 0..rounds {
            list.query(&leads, &index, &LeadQuery::default());
            let t = Instant::now();
            hits = list.query(&leads, &index, &text(&q)).len();
            best = best.min(t.elapsed());
        }
        times.push(best.as_secs_f64() * 1e3);
        println!("{q:>16}: {hits:>6} hits in {best:>10.2?}");
    }
    println!(
        "p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        quantile(&times, 0.5),
        quantile(&times, 0.95),
        quantile(&times, 1.0)
    );
    let mut list = LeadList::default();
    for typed in [
        "", "k", "ka", "kar", "kari", "karim", "", "p", "pa", "par", "pars", "",
    ] {
        let t = Instant::now();
        let n = list.query(&leads, &index, &text(typed)).len();
        println!("keystroke {typed:>6}: {n:>6} rows in {:?}", t.elapsed());
    }
}
