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

    use js_sys::{Array, Object, Reflect, Uint8Array};
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
    use kariz::workspace::{open_backup, Clock, Workspace};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::Blob;

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
        /// The model the last `kariz_learn` trained, for the learned ranking measure.
        static LEARNED: RefCell<Option<kariz::domain::learning::LearnedModel>> = const { RefCell::new(None) };
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
            .reserve_ids(IdKind::Lead, rows.len() as u64)
            .await
            .map_err(err)?;
        let now = now as i64;
        let leads: Vec<_> = rows
            .into_iter()
            .zip(ids)
            .map(|(row, id)| row.fields.into_new_lead(id, now))
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
            .reserve_ids(IdKind::Activity, lead_ids.len() as u64)
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
        let ids = store
            .reserve_ids(IdKind::Doc, u64::from(count))
            .await
            .map_err(err)?;
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

    /// Training the learned win probability on `n` closed leads with their activities (issue 19,
    /// `learn_10k_ms`): leads, activities and won/lost deals are generated first (untimed, seeded,
    /// outcomes following source, decision role and meetings); timed are what the app's
    /// `Workspace::retrain_model` runs before it stores the result — the closed history (each
    /// lead's fields, its engagement up to its close, its hand-set score) and `train` (both
    /// learners on the older 75 %, scored on the newest 25 %, the better refitted on all).
    #[wasm_bindgen]
    pub fn kariz_learn(n: u32, now: f64) -> Result<JsValue, JsValue> {
        use kariz::domain::learning::{closed_history, learned_auc, train, TrainSettings};
        use kariz::domain::{DecisionRole, JourneyStage, Lead, LeadSource};
        use rand_core::{Rng, SeedableRng};

        let mut rng = rand_xorshift::XorShiftRng::seed_from_u64(19);
        let mut below = |k: usize| (rng.next_u64() % k as u64) as usize;
        let now = now as i64;
        let (hour, day) = (3_600_000_i64, 86_400_000_i64);
        let industries = [
            "Software",
            "Retail",
            "Manufacturing",
            "Education",
            "Banking",
            "Health",
        ];
        let cities = ["Tehran", "Isfahan", "Shiraz", "Tabriz", "Mashhad"];
        let kinds = [
            ActivityKind::Call,
            ActivityKind::EmailSent,
            ActivityKind::EmailOpened,
            ActivityKind::EmailReplied,
            ActivityKind::Meeting,
            ActivityKind::Demo,
            ActivityKind::SiteVisit,
        ];
        let mut leads = Vec::with_capacity(n as usize);
        let mut per_lead: Vec<Vec<Activity>> = Vec::with_capacity(n as usize);
        let mut deals = Vec::with_capacity(n as usize);
        let mut next_activity = 1;
        let stage = PipelineConfig::default_stages().ordered()[0].id;
        for i in 0..n as u64 {
            let id = i + 1;
            let created_at = now - (n as i64 - i as i64) * hour - 30 * day;
            let mut lead = Lead::blank(id);
            lead.source = LeadSource::ALL[below(LeadSource::ALL.len())];
            lead.industry = industries[below(industries.len())].to_string();
            lead.employees = Some([5, 20, 80, 300, 1_000][below(5)]);
            lead.city = cities[below(cities.len())].to_string();
            lead.decision_role = DecisionRole::ALL[below(DecisionRole::ALL.len())];
            lead.journey_stage = JourneyStage::ALL[below(JourneyStage::ALL.len())];
            lead.budget = (below(10) < 7).then(|| Money {
                amount: 1_000 * (1 + below(50) as u64),
                currency: Currency::Usd,
            });
            lead.created_at = created_at;
            lead.updated_at = created_at;
            let closed_at = created_at + 20 * day;
            let activities: Vec<Activity> = (0..below(9))
                .map(|k| {
                    next_activity += 1;
                    Activity {
                        id: next_activity,
                        lead_id: id,
                        kind: kinds[below(kinds.len())],
                        at: created_at + (k as i64 + 1) * 2 * day,
                        notes: String::new(),
                        revision: Default::default(),
                    }
                })
                .collect();
            let meetings = activities
                .iter()
                .filter(|a| a.kind == ActivityKind::Meeting)
                .count();
            let mut chance = 25 + 10 * meetings.min(3);
            if lead.source == LeadSource::Referral {
                chance += 25;
            }
            if lead.decision_role == DecisionRole::DecisionMaker {
                chance += 15;
            }
            let status = if below(100) < chance {
                DealStatus::Won
            } else {
                DealStatus::Lost
            };
            deals.push(Deal {
                id,
                title: format!("Deal {id}"),
                lead: id,
                value: Money {
                    amount: 5_000,
                    currency: Currency::Usd,
                },
                expected_close: Date((closed_at / day) as i32),
                owner: "Sara".to_string(),
                probability: None,
                stage,
                status,
                reason: None,
                history: vec![
                    StageEntry {
                        at: created_at,
                        stage,
                        status: DealStatus::Open,
                        reason: None,
                    },
                    StageEntry {
                        at: closed_at,
                        stage,
                        status,
                        reason: None,
                    },
                ],
                override_reason: None,
                created_at,
                updated_at: closed_at,
            });
            leads.push(lead);
            per_lead.push(activities);
        }
        let activities: Vec<Activity> = per_lead.iter().flatten().cloned().collect();
        let model = CompiledModel::new(&ScoringModel::default_model());

        let t0 = perf_now();
        let dataset = closed_history(
            &leads,
            &deals,
            &activities,
            &Default::default(),
            |lead: &Lead| {
                let acts = &per_lead[(lead.id - 1) as usize];
                Some(score_total(ScoreInput::new(lead, acts), &model, now) as f64)
            },
        );
        let t1 = perf_now();
        let trained = train(&dataset, TrainSettings::default())
            .map_err(|needs| err(format!("too little history: {needs:?}")))?;
        let t2 = perf_now();
        let result = object(&[
            ("history_ms", num(t1 - t0)),
            ("train_ms", num(t2 - t1)),
            ("total_ms", num(t2 - t0)),
            ("won", num(trained.won as f64)),
            ("lost", num(trained.lost as f64)),
            ("activities", num(activities.len() as f64)),
            ("auc", num(learned_auc(&trained).unwrap_or(f64::NAN))),
            (
                "hand_auc",
                num(trained.evaluation.hand_auc.unwrap_or(f64::NAN)),
            ),
        ]);
        LEARNED.with(|m| *m.borrow_mut() = Some(trained));
        Ok(result)
    }

    /// Every lead of the book the last cold start built ranked by the win probability of the
    /// model the last `kariz_learn` trained, top 50 kept, as a "most likely to win" list runs it:
    /// the model compiled to the prepared leads' keys (timed too), then
    /// `rank_prepared_by_win_probability` over the book's prepared leads. Resolves to the ms and
    /// the top ids.
    #[wasm_bindgen]
    pub fn kariz_learned_rank(now: f64) -> Result<JsValue, JsValue> {
        use kariz::domain::learning::{rank_prepared_by_win_probability, CompiledLearnedModel};
        LEARNED.with(|learned| {
            let learned = learned.borrow();
            let model = learned
                .as_ref()
                .ok_or_else(|| err("no learned model: call kariz_learn first"))?;
            with_book(|book| {
                let t0 = perf_now();
                let compiled = CompiledLearnedModel::new(model);
                let top = rank_prepared_by_win_probability(
                    &compiled,
                    book.learned_inputs(),
                    now as i64,
                    50,
                );
                let ms = perf_now() - t0;
                let ids: Array = top.iter().map(|r| num(r.lead as f64)).collect();
                Ok(object(&[("ms", num(ms)), ("top_ids", ids.into())]))
            })
        })
    }

    /// A clock for the backup measures: the bench's fixed "now", in Tehran.
    struct BenchClock(i64);

    impl Clock for BenchClock {
        fn now(&self) -> i64 {
            self.0
        }
        fn utc_offset_minutes(&self) -> i32 {
            210
        }
    }

    async fn open_workspace(db_name: &str, now: f64) -> Result<Workspace<IdbStore>, JsValue> {
        let store = IdbStore::open(db_name).await.map_err(err)?;
        Workspace::open(store, Box::new(BenchClock(now as i64)))
            .await
            .map_err(err)
    }

    /// "Download backup" as the app runs it on an open workspace: every stored record read from
    /// IndexedDB and written as the backup file (plain JSON, or gzip when `compress`), then the
    /// `Blob` the download is made from. Opening the workspace is the app's start, not timed.
    /// Resolves to the ms, the file's size and the blob (for [`kariz_restore`]).
    #[wasm_bindgen]
    pub async fn kariz_backup(
        db_name: String,
        compress: bool,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let workspace = open_workspace(&db_name, now).await?;
        let t0 = perf_now();
        let bytes = workspace
            .backup(env!("CARGO_PKG_VERSION"), compress)
            .await
            .map_err(err)?;
        let t1 = perf_now();
        let blob = Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(&bytes[..])))?;
        let t2 = perf_now();
        let size = bytes.len();
        drop(bytes);
        drop(workspace);
        Ok(object(&[
            ("write_ms", num(t1 - t0)),
            ("blob_ms", num(t2 - t1)),
            ("total_ms", num(t2 - t0)),
            ("bytes", num(size as f64)),
            ("blob", blob.into()),
        ]))
    }

    /// "Restore backup" as the app runs it, into the empty database `db_name`: the file's bytes
    /// read from the blob, read and checked whole (`open_backup`), then put in place of
    /// everything in one transaction and read back into memory (`Workspace::restore`). Resolves
    /// to the ms and the counts the preview showed.
    #[wasm_bindgen]
    pub async fn kariz_restore(db_name: String, blob: Blob, now: f64) -> Result<JsValue, JsValue> {
        let workspace = open_workspace(&db_name, now).await?;
        let t0 = perf_now();
        let buffer = JsFuture::from(blob.array_buffer()).await?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        drop(buffer);
        let t1 = perf_now();
        let backup = open_backup(&bytes).map_err(|e| err(format!("{e:?}")))?;
        drop(bytes);
        let (leads, activities) = (backup.preview.leads, backup.preview.activities);
        let t2 = perf_now();
        workspace.restore(backup).await.map_err(err)?;
        let t3 = perf_now();
        let in_memory = workspace.state().book.leads().len();
        drop(workspace);
        Ok(object(&[
            ("read_file_ms", num(t1 - t0)),
            ("check_ms", num(t2 - t1)),
            ("replace_reload_ms", num(t3 - t2)),
            ("total_ms", num(t3 - t0)),
            ("leads", num(leads as f64)),
            ("activities", num(activities as f64)),
            ("leads_in_memory", num(in_memory as f64)),
        ]))
    }

    /// Frees the working set.
    #[wasm_bindgen]
    pub fn kariz_drop_book() {
        BOOK.with(|b| b.borrow_mut().take());
        LIST.with(|l| *l.borrow_mut() = LeadList::default());
    }
}
