//! The benchmark entry (`make bench`): Kariz's own import, cold start, scoring and search code
//! exported to JavaScript, so `bench/bench.mjs` can time it against its peers in the same browser.
//! Built only by `scripts/bench.sh` (cargo `--bin kariz_bench` + wasm-bindgen); the app's page
//! (`index.html`, `data-bin="kariz"`) never includes it. Natively this binary does nothing.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kariz_bench runs in the browser: use `make bench`");
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(target_arch = "wasm32")]
mod bench {
    use std::cell::RefCell;

    use js_sys::{Array, Object, Reflect};
    use kariz::domain::import::parse_leads_csv;
    use kariz::domain::pipeline::{Deal, DealStatus, PipelineConfig, StageEntry};
    use kariz::domain::scoring::{
        rank_today, score_total, CompiledModel, ScoreInput, ScoringModel,
    };
    use kariz::domain::{
        Activity, ActivityKind, Currency, Date, LeadBook, LeadList, LeadQuery, Money,
    };
    use kariz::store::idb::Durability;
    use kariz::store::{ChangeSet, Doc, IdKind, IdbStore, Store};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn perf_now() -> f64;
    }

    thread_local! {
        /// The working set cold start built, for the score and search measures.
        static BOOK: RefCell<Option<LeadBook>> = const { RefCell::new(None) };
        /// What the Leads table keeps between queries (its sort orders), as the app does.
        static LIST: RefCell<LeadList> = RefCell::new(LeadList::default());
    }

    fn err(e: impl std::fmt::Display) -> JsValue {
        JsValue::from_str(&e.to_string())
    }

    /// Runs `f` on the book the last cold start built.
    fn with_book<T>(f: impl FnOnce(&LeadBook) -> Result<T, JsValue>) -> Result<T, JsValue> {
        BOOK.with(|b| {
            f(b.borrow()
                .as_ref()
                .ok_or_else(|| err("run kariz_cold_start first"))?)
        })
    }

    fn object(fields: &[(&str, JsValue)]) -> JsValue {
        let o = Object::new();
        for (k, v) in fields {
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o.into()
    }

    fn num(x: f64) -> JsValue {
        JsValue::from_f64(x)
    }

    /// The app's import, end to end: parse + validate the CSV, give the valid rows ids, score
    /// them, and store them in ONE transaction (as `AppState::import_leads` does, so a tab killed
    /// mid-import leaves the previous state intact). Resolves once the transaction committed.
    #[wasm_bindgen]
    pub async fn kariz_import(db_name: String, csv: String, now: f64) -> Result<JsValue, JsValue> {
        let t0 = perf_now();
        let preview = parse_leads_csv(&csv).map_err(|e| err(e.key()))?;
        drop(csv);
        let invalid = preview.invalid_count();
        let rows = preview.into_valid();
        let t1 = perf_now();
        let store = IdbStore::open(&db_name).await.map_err(err)?;
        let ids = store
            .reserve_ids(IdKind::Lead, rows.len() as u32)
            .await
            .map_err(err)?;
        let now = now as i64;
        let leads: Vec<_> = rows
            .into_iter()
            .zip(ids)
            .map(|(fields, id)| fields.into_new_lead(id, now))
            .collect();
        let model = CompiledModel::new(&ScoringModel::default_model());
        let checksum: i64 = leads
            .iter()
            .map(|l| score_total(ScoreInput::new(l, &[]), &model, now) as i64)
            .sum();
        let t2 = perf_now();
        let count = leads.len();
        store
            .apply_with(
                &ChangeSet {
                    leads,
                    ..ChangeSet::default()
                },
                Durability::Default,
            )
            .await
            .map_err(err)?;
        let t3 = perf_now();
        store.close();
        Ok(object(&[
            ("parse_validate_ms", num(t1 - t0)),
            ("ids_score_ms", num(t2 - t1)),
            ("store_ms", num(t3 - t2)),
            ("total_ms", num(t3 - t0)),
            ("valid", num(count as f64)),
            ("invalid", num(invalid as f64)),
            ("score_checksum", num(checksum as f64)),
        ]))
    }

    /// Stores activities (setup, not a measure): `lead_ids[i]`, `kinds[i]` (index into
    /// `ActivityKind::ALL`) and `at[i]` (ms), in transactions of `batch` activities.
    #[wasm_bindgen]
    pub async fn kariz_seed_activities(
        db_name: String,
        lead_ids: Vec<f64>,
        kinds: Vec<u8>,
        at: Vec<f64>,
        batch: usize,
    ) -> Result<f64, JsValue> {
        let t0 = perf_now();
        let store = IdbStore::open(&db_name).await.map_err(err)?;
        let ids = store
            .reserve_ids(IdKind::Activity, lead_ids.len() as u32)
            .await
            .map_err(err)?;
        let mut all: Vec<Activity> = ids
            .zip(lead_ids.iter().zip(&kinds).zip(&at))
            .map(|(id, ((&lead, &kind), &at))| Activity {
                id,
                lead_id: lead as u64,
                kind: ActivityKind::ALL[kind as usize % ActivityKind::ALL.len()],
                at: at as i64,
                notes: String::new(),
                revision: Default::default(),
            })
            .collect();
        while !all.is_empty() {
            let rest = all.split_off(all.len().min(batch.max(1)));
            let changes = ChangeSet {
                activities: std::mem::replace(&mut all, rest),
                ..ChangeSet::default()
            };
            store
                .apply_with(&changes, Durability::Relaxed)
                .await
                .map_err(err)?;
        }
        store.close();
        Ok(perf_now() - t0)
    }

    /// Cold start as the app does it: open the database, load everything, build the working set
    /// (leads in id order, activities per lead, search index). Keeps the book for the next measures.
    #[wasm_bindgen]
    pub async fn kariz_cold_start(db_name: String) -> Result<JsValue, JsValue> {
        BOOK.with(|b| b.borrow_mut().take());
        let t0 = perf_now();
        let store = IdbStore::open(&db_name).await.map_err(err)?;
        let snapshot = store.load_all().await.map_err(err)?;
        let t1 = perf_now();
        let book = LeadBook::new(snapshot.leads, snapshot.activities);
        let t2 = perf_now();
        let (leads, activities) = (book.leads().len(), book.activity_count());
        BOOK.with(|b| *b.borrow_mut() = Some(book));
        store.close();
        Ok(object(&[
            ("open_load_decode_ms", num(t1 - t0)),
            ("book_ms", num(t2 - t1)),
            ("total_ms", num(t2 - t0)),
            ("leads", num(leads as f64)),
            ("activities", num(activities as f64)),
        ]))
    }

    /// Scores every lead with its activities and ranks Today (top 50 explained), once, as a visit
    /// to Today does. Returns the ms and the top 50 ids. One call per round (the bench loops in
    /// JS): the browser swaps in a function's optimised code only when it is next called, so
    /// rounds looped inside one call would keep running the loop's baseline code.
    #[wasm_bindgen]
    pub fn kariz_score_rank(now: f64) -> Result<JsValue, JsValue> {
        with_book(|book| {
            let model = CompiledModel::new(&ScoringModel::default_model());
            let t0 = perf_now();
            let top = rank_today(
                book.score_inputs(),
                &model,
                now as i64,
                |_| true,
                |_| kariz::domain::scoring::RuleAdjustment::default(),
                50,
            );
            let ms = perf_now() - t0;
            let ids: Array = top.iter().map(|e| num(e.lead_id as f64)).collect();
            Ok(object(&[("ms", num(ms)), ("top_ids", ids.into())]))
        })
    }

    /// The sum of every lead's score total (to check the JS peer's scores).
    #[wasm_bindgen]
    pub fn kariz_score_checksum(now: f64) -> Result<f64, JsValue> {
        with_book(|book| {
            let model = CompiledModel::new(&ScoringModel::default_model());
            let now = now as i64;
            let total: i64 = book
                .score_inputs()
                .map(|i| score_total(i, &model, now) as i64)
                .sum();
            Ok(total as f64)
        })
    }

    /// Runs each query as the Leads table's search box does (search + the default newest-first
    /// order, through the `LeadList` the table keeps); returns each query's ms and hit count.
    /// Before each timed query the list answers the empty query (untimed), so the query starts
    /// from the whole table, as when it is pasted, never from a narrower previous result.
    #[wasm_bindgen]
    pub fn kariz_search(queries: Vec<String>) -> Result<JsValue, JsValue> {
        with_book(|book| {
            LIST.with(|list| {
                let mut list = list.borrow_mut();
                let times = Array::new();
                let hits = Array::new();
                for text in queries {
                    book.query_with(&mut list, &LeadQuery::default());
                    let query = LeadQuery {
                        text,
                        ..LeadQuery::default()
                    };
                    let t0 = perf_now();
                    let found = book.query_with(&mut list, &query);
                    times.push(&num(perf_now() - t0));
                    hits.push(&num(found.len() as f64));
                }
                Ok(object(&[("times_ms", times.into()), ("hits", hits.into())]))
            })
        })
    }

    /// Stores `count` open deals (setup for the board measure), spread over the default stages
    /// and over the leads `1..=lead_count`, in one transaction.
    #[wasm_bindgen]
    pub async fn kariz_seed_deals(
        db_name: String,
        count: u32,
        lead_count: u32,
        now: f64,
    ) -> Result<f64, JsValue> {
        let t0 = perf_now();
        let store = IdbStore::open(&db_name).await.map_err(err)?;
        let ids = store.reserve_ids(IdKind::Doc, count).await.map_err(err)?;
        let config = PipelineConfig::default_stages();
        let stages: Vec<_> = config.ordered().iter().map(|s| s.id).collect();
        let now = now as i64;
        let day = 86_400_000;
        let docs = ids
            .enumerate()
            .map(|(i, id)| {
                let stage = stages[i % stages.len()];
                let at = now - (i as i64 % 60) * day;
                let deal = Deal {
                    id,
                    title: format!("Deal {i}"),
                    lead: (i as u64 % lead_count.max(1) as u64) + 1,
                    value: Money {
                        amount: 1_000_000 * (1 + i as u64 % 500),
                        currency: Currency::Toman,
                    },
                    expected_close: Date((now / day) as i32 + (i as i32 % 120)),
                    owner: ["Sara", "Reza", "Neda", "Amir"][i % 4].to_string(),
                    probability: None,
                    stage,
                    status: DealStatus::Open,
                    reason: None,
                    history: vec![StageEntry {
                        at,
                        stage,
                        status: DealStatus::Open,
                        reason: None,
                    }],
                    override_reason: None,
                    created_at: at,
                    updated_at: at,
                };
                // The app's deal collection (ui::pipeline's DEAL_DOCS).
                Doc::encode("deal", id, &deal)
            })
            .collect();
        store
            .apply_with(
                &ChangeSet {
                    docs,
                    ..ChangeSet::default()
                },
                Durability::Default,
            )
            .await
            .map_err(err)?;
        store.close();
        Ok(perf_now() - t0)
    }

    /// Frees the working set.
    #[wasm_bindgen]
    pub fn kariz_drop_book() {
        BOOK.with(|b| b.borrow_mut().take());
        LIST.with(|l| *l.borrow_mut() = LeadList::default());
    }
}
