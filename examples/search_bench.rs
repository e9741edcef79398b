//! Searches 100,000 generated leads (names, companies, e-mails and phones like the browser
//! benchmark's) as the Leads table does, and prints how long it took: each query from scratch
//! (`query_leads`: filter + sort), through a `LeadList` whose sort orders are kept, and keystroke
//! by keystroke. Not a test: timings belong to the machine. Run in release:
//! `cargo run --release --example search_bench`.

use std::time::Instant;

use kariz::domain::{
    query_leads, JourneyStage, Lead, LeadList, LeadQuery, LeadSource, SearchIndex,
};

mod support;
use support::{next, pick};

const LEADS: u64 = 100_000;
const FIRST: [&str; 8] = ["Sara", "Ali", "Maryam", "Reza", "Kaveh", "John", "مریم", "سارا"];
const LAST: [&str; 8] = ["Karimi", "Ahmadi", "Hosseini", "Smith", "Novak", "کریمی", "احمدی", "Rahimi"];
const CO_A: [&str; 6] = ["Pars", "Arya", "Sepid", "Nova", "Kian", "پارس"];
const CO_B: [&str; 6] = ["Systems", "Trading", "Soft", "Labs", "Group", "صنعت"];

fn generate() -> Vec<Lead> {
    let mut s = 0x9E37_79B9_7F4A_7C15;
    (1..=LEADS)
        .map(|id| {
            let first = pick(&mut s, &FIRST);
            Lead {
                name: format!("{first} {}", pick(&mut s, &LAST)),
                company: format!("{} {}", pick(&mut s, &CO_A), pick(&mut s, &CO_B)),
                email: format!("{}.{id}@mail{}.com", first.to_lowercase(), next(&mut s) % 900),
                phone: format!("+98 9{} {} {}", 10 + next(&mut s) % 90, 100 + next(&mut s) % 900, 1000 + next(&mut s) % 9000),
                source: LeadSource::ALL[(id % 14) as usize],
                journey_stage: JourneyStage::ALL[(id % 3) as usize],
                owner: pick(&mut s, &["Sara", "Reza", ""]).into(),
                created_at: id as i64 * 1000,
                updated_at: id as i64 * 1000,
                ..Lead::blank(id)
            }
        })
        .collect()
}

fn main() {
    let leads = generate();
    let t = Instant::now();
    let index = SearchIndex::new(&leads);
    println!("index built in {:?}", t.elapsed());
    let queries = ["sar", "kar", "ali", "mary", "karimi", "sara karimi", "pars trading", "reza.77", "0912 345", "کریمی", "a", "xyz"];
    let text = |t: &str| LeadQuery { text: t.into(), ..LeadQuery::default() };
    // The best of 5 runs of each, the machine being shared.
    let best = |run: &mut dyn FnMut() -> usize| {
        (0..5)
            .map(|_| {
                let t = Instant::now();
                let n = run();
                (t.elapsed(), n)
            })
            .min()
            .unwrap()
    };
    let mut list = LeadList::default();
    for q in queries {
        let (scratch, n) = best(&mut || query_leads(&leads, &index, &text(q)).len());
        // From the whole table (the "" result), as when a query is pasted: no narrowing help.
        let (cached, m) = best(&mut || {
            list.query(&leads, &index, &LeadQuery::default());
            let t = Instant::now();
            let n = list.query(&leads, &index, &text(q)).len();
            std::hint::black_box(t);
            n
        });
        println!("{q:>14}: {n:>6} hits; from scratch {scratch:>10.2?}, LeadList (incl. a \"\" query) {cached:>10.2?} ({m})");
    }
    let mut list = LeadList::default();
    for typed in ["", "k", "ka", "kar", "kari", "karim", "", "p", "pa", "par", "pars", ""] {
        let t = Instant::now();
        let n = list.query(&leads, &index, &text(typed)).len();
        println!("keystroke {typed:>6}: {n:>6} rows in {:?}", t.elapsed());
    }
}
