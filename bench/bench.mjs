// The benchmark page's logic (served by bench/run.mjs, driven by Playwright). Generates the same
// seeded data for both sides, then times Kariz (its own Rust code, compiled to wasm by
// scripts/bench.sh) and its peers (PapaParse, Dexie, MiniSearch, plain JavaScript scoring) in
// this one browser. `window.runBench(sizes)` resolves to the raw results; run.mjs prints them.
import init, * as kariz from './pkg/kariz_bench.js';
import Dexie from '/node_modules/dexie/dist/dexie.mjs';
import MiniSearch from '/node_modules/minisearch/dist/es/index.js';
import { exportDB, importInto } from '/node_modules/dexie-export-import/dist/dexie-export-import.mjs';
import { NOW, DAY, generate, searchQueries } from './data.mjs';
// The sync peer: PouchDB's own browser build (its bare imports are mapped in index.html).
import PouchDB from 'pouchdb-browser';

const Papa = window.Papa; // papaparse ships no ES module: loaded by a <script> tag.

export { NOW, CSV_HEADER, generate, searchQueries } from './data.mjs';

// ---------------------------------------------------------------- plain JS scoring (peer) ---
const ACTIVITY_KINDS = ['Call', 'EmailSent', 'EmailOpened', 'EmailReplied', 'EmailBounced', 'Sms', 'Meeting', 'Demo',
  'QuoteSent', 'WebinarAttended', 'SiteVisit', 'ContentDownload', 'FormSubmitted', 'TrialStarted', 'Complaint',
  'Unsubscribed', 'Note'];
const CONTACT_KINDS = new Set([0, 1, 5, 6, 7, 8].concat(
  ACTIVITY_KINDS.map((k, i) => (k === 'Call' ? i : -1)).filter((i) => i >= 0)));
const ROLE_NAMES = { decision_maker: 'DecisionMaker', influencer: 'Influencer', user: 'User', unknown: 'Unknown' };
const STAGE_NAMES = { awareness: 'Awareness', consideration: 'Consideration', decision: 'Decision' };
const fold = (s) => s.trim().toLowerCase().replace(/[يى]/g, 'ی').replace(/ك/g, 'ک');

/** The scoring model JSON (data/default_scoring_model.json) prepared for plain JS. */
export function compileModelJs(model) {
  const table = (rows) => {
    const m = new Map();
    for (const row of rows) for (const v of row.values) if (!m.has(fold(v))) m.set(fold(v), row.points);
    return m;
  };
  const span = (b) => [b.min ?? -Infinity, b.max ?? Infinity, b.points];
  const weightOf = (recency) => {
    if (recency.Window) return (days) => (days < recency.Window.days ? 1 : 0);
    const h = recency.HalfLife.days;
    const len = Math.ceil(h * 64);
    return (days) => (days < len ? Math.pow(0.5, days / h) : 0);
  };
  const groupOfKind = new Array(17).fill(-1);
  const kindPoints = new Array(17).fill(0);
  model.engagement.forEach((g, gi) => g.points.forEach((p) => {
    const k = ACTIVITY_KINDS.indexOf(p.kind);
    if (groupOfKind[k] < 0) { groupOfKind[k] = gi; kindPoints[k] = p.points; }
  }));
  return {
    industry: table(model.fit.industry), city: table(model.fit.city), country: table(model.fit.country),
    employees: model.fit.employees.map(span), timeline: model.fit.timeline.map(span),
    budget: model.fit.budget.filter((b) => b.currency === 'Toman').map(span),
    roles: Object.fromEntries(model.fit.decision_role.map((r) => [r.role, r.points])),
    stages: Object.fromEntries(model.fit.journey_stage.map((s) => [s.stage, s.points])),
    groups: model.engagement.map((g) => ({ cap: g.cap, weight: weightOf(g.recency) })),
    groupOfKind, kindPoints, totalCap: model.total_cap, hot: model.thresholds.hot,
  };
}

const roundHalfAway = (x) => (x < 0 ? -Math.round(-x) : Math.round(x));
const clamp = (x, cap) => (cap == null ? x : Math.max(-cap, Math.min(cap, x)));

/** The same rules as Kariz's score_total, over a peer lead record and its activities. */
export function scoreJs(lead, acts, m, now) {
  let total = 0;
  const ind = m.industry.get(fold(lead.industry)); if (ind !== undefined) total += ind;
  if (lead.employees != null) { const b = m.employees.find((b) => b[0] <= lead.employees && lead.employees <= b[1]); if (b) total += b[2]; }
  const city = m.city.get(fold(lead.city));
  if (city !== undefined) total += city; else { const c = m.country.get(fold(lead.country)); if (c !== undefined) total += c; }
  const role = m.roles[ROLE_NAMES[lead.decision_role] ?? 'Unknown']; if (role !== undefined) total += role;
  if (lead.budget != null && lead.currency === 'TOMAN') { const b = m.budget.find((b) => b[0] <= lead.budget && lead.budget <= b[1]); if (b) total += b[2]; }
  if (lead.timeline) {
    const days = Math.floor(Date.parse(lead.timeline) / DAY) - Math.floor(now / DAY);
    const b = m.timeline.find((b) => b[0] <= days && days <= b[1]); if (b) total += b[2];
  }
  const st = m.stages[STAGE_NAMES[lead.journey_stage] ?? 'Awareness']; if (st !== undefined) total += st;
  const weights = new Float64Array(17);
  if (acts) for (const a of acts) {
    const g = m.groupOfKind[a.kind];
    if (g >= 0) weights[a.kind] += m.groups[g].weight(Math.floor(Math.max(0, now - a.at) / DAY));
  }
  const raw = new Array(m.groups.length).fill(0);
  for (let k = 0; k < 17; k++) if (m.groupOfKind[k] >= 0) raw[m.groupOfKind[k]] += roundHalfAway(m.kindPoints[k] * weights[k]);
  for (let g = 0; g < raw.length; g++) total += clamp(raw[g], m.groups[g].cap);
  return clamp(total, m.totalCap);
}

/** Today's ranking in plain JS: hot leads not contacted for two days first, then by score, then id. */
export function rankJs(leads, actsByLead, m, now, limit = 50) {
  const rows = new Array(leads.length);
  for (let i = 0; i < leads.length; i++) {
    const lead = leads[i];
    const acts = actsByLead.get(lead.id);
    const total = scoreJs(lead, acts, m, now);
    let needs = false;
    if (total >= m.hot) {
      let last = -Infinity;
      if (acts) for (const a of acts) if (CONTACT_KINDS.has(a.kind) && a.at > last) last = a.at;
      needs = now - last >= 2 * DAY;
    }
    rows[i] = { id: lead.id, total, needs };
  }
  rows.sort((a, b) => (b.needs - a.needs) || (b.total - a.total) || (a.id - b.id));
  return rows.slice(0, limit);
}

// ---------------------------------------------------------------- helpers --------------------
const now = () => performance.now();
// Open deals on the board of the app measure (run.mjs passes KARIZ_BENCH_DEALS through the URL).
const DEALS = Number(new URLSearchParams(location.search).get('deals') || 10_000);
const median = (xs) => quantile(xs, 0.5);
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const log = (...a) => console.log('[bench]', ...a);
const yieldToBrowser = () => new Promise((r) => setTimeout(r, 50));
/** The round whose `total_ms` is the median (rounds: an odd number). */
const medianRound = (rounds) => [...rounds].sort((a, b) => a.total_ms - b.total_ms)[(rounds.length - 1) >> 1];
const deleteDatabase = (name) => new Promise((ok, fail) => {
  const request = indexedDB.deleteDatabase(name);
  request.onsuccess = () => ok();
  request.onerror = () => fail(request.error);
  request.onblocked = () => fail(new Error(`deleting ${name} is blocked by an open connection`));
});
/** Lets the heap settle before a timed compute section: a full collection (run.mjs starts Chromium
 * with --expose-gc) and a pause, so that neither side is timed while the collector works in the
 * background on the 1.1 M objects the peer's cold start made. Both sides get the same. */
async function settle() {
  window.gc?.();
  await new Promise((r) => setTimeout(r, 300));
}

/** Kariz's score + rank rounds on the book the last cold start built: settle, `warmup` untimed
 * rounds, settle, `reps` timed rounds, one call each (see runSize). */
async function karizScoreRounds(warmup, reps) {
  await settle();
  const warmup_ms = [];
  for (let i = 0; i < warmup; i++) warmup_ms.push(kariz.kariz_score_rank(NOW).ms);
  await settle();
  const times_ms = [];
  let top_ids = [];
  for (let i = 0; i < reps; i++) {
    const round = kariz.kariz_score_rank(NOW);
    times_ms.push(round.ms);
    top_ids = [...round.top_ids];
  }
  return { warmup_ms, times_ms, top_ids };
}

async function peerDb(name) {
  await Dexie.delete(name);
  const db = new Dexie(name);
  db.version(1).stores({ leads: '++id', activities: '++id, leadId' });
  await db.open();
  return db;
}

/** PapaParse + the light typing any app does + Dexie bulkAdd in one transaction. */
async function peerImport(name, csv) {
  const t0 = now();
  const parsed = Papa.parse(csv, { header: true, skipEmptyLines: true });
  const leads = parsed.data.map((r) => ({
    name: r.name, company: r.company, job_title: r.job_title, email: r.email, phone: r.phone, source: r.source,
    industry: r.industry, employees: r.employees ? Number(r.employees) : null, city: r.city, country: r.country,
    budget: r.budget ? Number(r.budget) : null, currency: r.currency, decision_role: r.decision_role, need: r.need,
    timeline: r.timeline, journey_stage: r.journey_stage, owner: r.owner,
    tags: r.tags ? r.tags.split(',') : [], notes: r.notes, created_at: NOW, updated_at: NOW,
  }));
  const t1 = now();
  const db = await peerDb(name);
  await db.leads.bulkAdd(leads);
  const t2 = now();
  db.close();
  return { parse_ms: t1 - t0, store_ms: t2 - t1, total_ms: t2 - t0, count: leads.length };
}

async function peerSeedActivities(name, acts) {
  const db = new Dexie(name);
  db.version(1).stores({ leads: '++id', activities: '++id, leadId' });
  await db.open();
  const B = 100_000;
  for (let s = 0; s < acts.lead.length; s += B) {
    const rows = [];
    for (let i = s; i < Math.min(acts.lead.length, s + B); i++) rows.push({ leadId: acts.lead[i], kind: acts.kind[i], at: acts.at[i] });
    await db.activities.bulkAdd(rows);
  }
  db.close();
}

async function peerColdStart(name) {
  const t0 = now();
  const db = new Dexie(name);
  db.version(1).stores({ leads: '++id', activities: '++id, leadId' });
  await db.open();
  const leads = await db.leads.toArray();
  const t1 = now();
  const activities = await db.activities.toArray();
  const t2 = now();
  db.close();
  return { leads, activities, leads_ms: t1 - t0, total_ms: t2 - t0 };
}

// ---------------------------------------------------------------- one size -------------------
async function runSize(n, modelJson, dbName) {
  const out = { n };
  const peerName = `${dbName}-peer`;
  log(`generating ${n} leads`);
  const { csv, activities } = generate(n);
  out.csv_mb = csv.length / 1e6;
  out.activities = activities.lead.length;

  // Import: Kariz, then the peer, three rounds into fresh databases; the round with the median
  // total is the figure (one import is a single sample of a half-second task, and a garbage
  // collection or another process landing in it moves it by a quarter). The last round's
  // databases are the ones the rest of the run uses.
  const rounds = { kariz: [], peer: [] };
  for (let i = 0; i < 3; i++) {
    const last = i === 2;
    const kName = last ? dbName : `${dbName}-import${i}`;
    const pName = last ? peerName : `${peerName}-import${i}`;
    await kariz.kariz_drop_book();
    rounds.kariz.push(await kariz.kariz_import(kName, csv, NOW));
    log('kariz import', JSON.stringify(rounds.kariz.at(-1)));
    await yieldToBrowser();
    rounds.peer.push(await peerImport(pName, csv));
    log('peer import', JSON.stringify(rounds.peer.at(-1)));
    await yieldToBrowser();
    if (!last) await Promise.all([deleteDatabase(kName), deleteDatabase(pName)]);
  }
  out.kariz_import = medianRound(rounds.kariz);
  out.peer_import = medianRound(rounds.peer);
  out.kariz_import_rounds_ms = rounds.kariz.map((r) => r.total_ms);
  out.peer_import_rounds_ms = rounds.peer.map((r) => r.total_ms);

  // Activities (setup, not timed against each other).
  out.kariz_seed_ms = await kariz.kariz_seed_activities(dbName, activities.lead, activities.kind, activities.at, 100_000);
  const ps = now();
  await peerSeedActivities(peerName, activities);
  out.peer_seed_ms = now() - ps;
  log('seeded activities', out.kariz_seed_ms, out.peer_seed_ms);
  if (dbName === 'kariz') {
    // Deals for the app's /pipeline board measure (setup, not compared).
    out.kariz_seed_deals_ms = await kariz.kariz_seed_deals(dbName, DEALS, n, NOW);
    log('seeded deals', DEALS, out.kariz_seed_deals_ms);
  }
  await yieldToBrowser();

  // Cold start: best of 3 for each.
  out.kariz_cold = [];
  out.peer_cold = [];
  let peerData = null;
  for (let i = 0; i < 3; i++) {
    peerData = null;
    await yieldToBrowser();
    out.kariz_cold.push(await kariz.kariz_cold_start(dbName));
    await yieldToBrowser();
    const p = await peerColdStart(peerName);
    out.peer_cold.push({ leads_ms: p.leads_ms, total_ms: p.total_ms });
    peerData = p;
  }
  log('cold', JSON.stringify(out.kariz_cold), JSON.stringify(out.peer_cold));

  // Score + rank. Both sides first run WARMUP untimed rounds: the browser runs new wasm with its
  // baseline compiler and optimises hot functions in the background (JS likewise), and the app
  // ranks again on every Today visit and what-if preview, so the steady state is what users get.
  // Then the heap settles again, which also leaves the background compiler time to finish, as the
  // time between two visits to Today does. Every round is one call, as every ranking in the app
  // is: the browser swaps optimised wasm code in at a function's next call, never inside a
  // running one. The warm-up rounds are kept in the results (warmup_ms) and printed.
  const REPS = 7;
  const WARMUP = 3;
  const kScore = { ...(await karizScoreRounds(WARMUP, REPS)), checksum: kariz.kariz_score_checksum(NOW) };
  out.kariz_score = kScore;
  const actsByLead = new Map();
  for (const a of peerData.activities) {
    let list = actsByLead.get(a.leadId);
    if (!list) actsByLead.set(a.leadId, (list = []));
    list.push(a);
  }
  const m = compileModelJs(modelJson);
  const pTimes = [];
  const pWarm = [];
  let pTop = [];
  await settle();
  for (let i = 0; i < WARMUP; i++) {
    const t0 = now();
    rankJs(peerData.leads, actsByLead, m, NOW);
    pWarm.push(now() - t0);
  }
  await settle();
  for (let i = 0; i < REPS; i++) {
    const t0 = now();
    pTop = rankJs(peerData.leads, actsByLead, m, NOW);
    pTimes.push(now() - t0);
  }
  let pChecksum = 0;
  for (const l of peerData.leads) pChecksum += scoreJs(l, actsByLead.get(l.id), m, NOW);
  out.peer_score = { times_ms: pTimes, warmup_ms: pWarm, top_ids: pTop.map((r) => r.id), checksum: pChecksum };
  out.score_same = pChecksum === kScore.checksum && JSON.stringify(out.peer_score.top_ids) === JSON.stringify(kScore.top_ids);
  log('score', median(kScore.times_ms), median(pTimes), 'same:', out.score_same, kScore.checksum, pChecksum,
    'warm-up', JSON.stringify(kScore.warmup_ms), JSON.stringify(pWarm));

  // Search.
  const queries = searchQueries();
  kariz.kariz_search(queries.slice(0, 5)); // warm-up
  const kSearch = kariz.kariz_search(queries);
  out.kariz_search = { times_ms: kSearch.times_ms, hits: kSearch.hits };
  const ib = now();
  const mini = new MiniSearch({ fields: ['name', 'company', 'email', 'phone'], storeFields: [], idField: 'id' });
  mini.addAll(peerData.leads);
  out.peer_index_ms = now() - ib;
  const psTimes = [];
  const psHits = [];
  for (const q of queries.slice(0, 5)) mini.search(q, { prefix: true, combineWith: 'AND' });
  for (const q of queries) {
    const t0 = now();
    const res = mini.search(q, { prefix: true, combineWith: 'AND' });
    psTimes.push(now() - t0);
    psHits.push(res.length);
  }
  out.peer_search = { times_ms: psTimes, hits: psHits };
  out.queries = queries;
  log('search p95', quantile(kSearch.times_ms, 0.95), quantile(psTimes, 0.95));
  if (dbName === 'kariz') out.kariz_learned_rank = await learnedRankRounds();
  peerData = null;
  await kariz.kariz_drop_book();
  if (dbName === 'kariz') Object.assign(out, await backupRestoreRounds(dbName, peerName, 3));
  return out;
}

// ---------------------------------------------------------------- backup and restore ---------
/** "Download backup" then "Restore backup" into an empty database, `rounds` times each side
 * (one round is a single sample of a task lasting seconds, so the median round is the figure).
 * Kariz: the app's own backup file of everything stored (plain JSON), restored with its whole-
 * file check and the reload into memory. Peer: dexie-export-import's exportDB / importInto of
 * the peer's leads and activities. */
async function backupRestoreRounds(dbName, peerName, rounds) {
  const out = { kariz_backup: [], kariz_restore: [], peer_backup: [], peer_restore: [] };
  for (let i = 0; i < rounds; i++) {
    await settle();
    const backup = await kariz.kariz_backup(dbName, false, NOW);
    const restoreName = `${dbName}-restore`;
    await yieldToBrowser();
    const restored = await kariz.kariz_restore(restoreName, backup.blob, NOW);
    await deleteDatabase(restoreName);
    delete backup.blob;
    out.kariz_backup.push(backup);
    out.kariz_restore.push(restored);
    log('kariz backup', JSON.stringify(backup), 'restore', JSON.stringify(restored));

    await settle();
    const db = new Dexie(peerName);
    db.version(1).stores({ leads: '++id', activities: '++id, leadId' });
    await db.open();
    const t0 = now();
    const blob = await exportDB(db);
    const t1 = now();
    db.close();
    await yieldToBrowser();
    const fresh = await peerDb(`${peerName}-restore`);
    const t2 = now();
    await importInto(fresh, blob, { acceptNameDiff: true });
    const t3 = now();
    fresh.close();
    await deleteDatabase(`${peerName}-restore`);
    out.peer_backup.push({ total_ms: t1 - t0, bytes: blob.size });
    out.peer_restore.push({ total_ms: t3 - t2 });
    log('peer backup', t1 - t0, 'bytes', blob.size, 'restore', t3 - t2);
  }
  return out;
}

window.runBench = async (sizes, modelJson) => {
  await init();
  const results = {};
  for (const n of sizes) {
    // The largest size goes into the app's own database name, so run.mjs can open the app on it.
    const dbName = n === Math.max(...sizes) ? 'kariz' : `kariz-bench-${n}`;
    results[n] = await runSize(n, modelJson, dbName);
  }
  await kariz.kariz_drop_book();
  results.learn = await learnRounds(LEARN_LEADS, 1, 5);
  return results;
};
/** Closed leads the learner is timed on (learn_10k_ms). */
const LEARN_LEADS = 10_000;
/** Training the learned win probability on `n` closed leads with their activities: `warmup`
 * untimed and `reps` timed rounds, one call each, the page yielding between them. */
async function learnRounds(n, warmup, reps) {
  const rounds = [];
  for (let i = 0; i < warmup + reps; i++) {
    await yieldToBrowser();
    const r = kariz.kariz_learn(n, NOW);
    if (i >= warmup) rounds.push(r);
  }
  log('kariz learn', n, JSON.stringify(rounds.at(-1)));
  return { n, times_ms: rounds.map((r) => r.total_ms), last: rounds.at(-1) };
}
/** The learned win probability over the book in memory: a model trained on 10,000 closed leads
 * (as learn_10k_ms), then every lead ranked by it, one warm-up and 5 timed rounds. */
async function learnedRankRounds() {
  kariz.kariz_learn(LEARN_LEADS, NOW);
  const times = [];
  for (let i = 0; i < 6; i++) {
    await yieldToBrowser();
    const r = kariz.kariz_learned_rank(NOW);
    if (i > 0) times.push(r.ms);
    if (i === 5) log('learned rank top ids', JSON.stringify(r.top_ids));
  }
  log('learned rank', JSON.stringify(times));
  return { times_ms: times };
}
/** Only the learner (KARIZ_BENCH_ONLY=learn): no peers, no app. */
window.learnOnly = async (n, warmup, reps) => {
  await init();
  return learnRounds(n, warmup, reps);
};
/** Only what the app measures need (KARIZ_BENCH_ONLY=app): `n` leads imported into the app's
 * database `kariz`, their activities and the board's deals; nothing timed against peers. */
window.seedApp = async (n, deals = DEALS) => {
  await init();
  const { csv, activities } = generate(n);
  await kariz.kariz_drop_book();
  const imported = await kariz.kariz_import('kariz', csv, NOW);
  log('kariz import', JSON.stringify(imported));
  await kariz.kariz_seed_activities('kariz', activities.lead, activities.kind, activities.at, 100_000);
  if (deals > 0) {
    const ms = await kariz.kariz_seed_deals('kariz', deals, n, NOW);
    log('seeded activities and', deals, 'deals', ms);
  }
  return { n, deals, activities: activities.lead.length };
};

// ---------------------------------------------------------------- sync: first sync (peer) ---
/** The peer's side of sync_first_100k: the same generated leads and activities as the Kariz
 * device holds (`lead:<id>`, `activity:<id>`, ids numbered as Kariz's import numbers them),
 * stored in a local PouchDB (setup, not timed). */
window.peerSyncSeed = async (n, name) => {
  const { csv, activities } = generate(n);
  const parsed = Papa.parse(csv, { header: true, skipEmptyLines: true });
  await new PouchDB(name).destroy();
  const db = new PouchDB(name);
  const B = 10_000;
  const leads = parsed.data.map((r, i) => ({
    _id: `lead:${i + 1}`, name: r.name, company: r.company, job_title: r.job_title, email: r.email, phone: r.phone,
    source: r.source, industry: r.industry, employees: r.employees ? Number(r.employees) : null, city: r.city,
    country: r.country, budget: r.budget ? Number(r.budget) : null, currency: r.currency,
    decision_role: r.decision_role, need: r.need, timeline: r.timeline, journey_stage: r.journey_stage,
    owner: r.owner, tags: r.tags ? r.tags.split(',') : [], notes: r.notes, created_at: NOW, updated_at: NOW,
  }));
  for (let s = 0; s < leads.length; s += B) await db.bulkDocs(leads.slice(s, s + B));
  const m = activities.lead.length;
  for (let s = 0; s < m; s += B) {
    const rows = [];
    for (let i = s; i < Math.min(m, s + B); i++) {
      rows.push({ _id: `activity:${i + 1}`, lead_id: activities.lead[i], kind: activities.kind[i], at: activities.at[i], notes: '' });
    }
    await db.bulkDocs(rows);
  }
  const info = await db.info();
  await db.close();
  log('peer sync seeded', JSON.stringify(info));
  return { leads: leads.length, activities: m, docs: info.doc_count };
};

/** The peer's first sync, its first half, timed: PouchDB's replicator pushes the local database
 * `name` to the empty server database `remote`, in batches of `batchSize` documents as Kariz's
 * rounds. */
window.peerSyncPush = async (name, remote, batchSize) => {
  const local = new PouchDB(name);
  const server = new PouchDB(remote, { skip_setup: true });
  const t0 = now();
  const pushed = await PouchDB.replicate(local, server, { batch_size: batchSize });
  const ms = now() - t0;
  for (const db of [local, server]) await db.close();
  log('peer sync push', ms);
  return { ms, pushed: pushed.docs_written };
};

/** Its second half, in another browser profile (a second device): the server database `remote`
 * pulled into the empty local database `into`. */
window.peerSyncPull = async (remote, into, batchSize) => {
  const server = new PouchDB(remote, { skip_setup: true });
  await new PouchDB(into).destroy();
  const second = new PouchDB(into);
  const t0 = now();
  const pulled = await PouchDB.replicate(server, second, { batch_size: batchSize });
  const ms = now() - t0;
  const info = await second.info();
  for (const db of [server, second]) await db.close();
  log('peer sync pull', ms, JSON.stringify(info));
  return { ms, pulled: pulled.docs_written, docs_here: info.doc_count };
};
/** Only Kariz's score + rank (KARIZ_BENCH_ONLY=score), for working on scoring: the Kariz side of
 * runSize without the peers (import, activities, three cold starts, settle), then `warmup`
 * untimed and `reps` timed rounds; then the learned ranking's rounds. */
window.scoreOnly = async (n, warmup, reps) => {
  await init();
  const { csv, activities } = generate(n);
  await kariz.kariz_drop_book();
  await kariz.kariz_import('kariz-score', csv, NOW);
  await kariz.kariz_seed_activities('kariz-score', activities.lead, activities.kind, activities.at, 100_000);
  for (let i = 0; i < 3; i++) {
    await yieldToBrowser();
    const cold = await kariz.kariz_cold_start('kariz-score');
    log('kariz cold start', JSON.stringify(cold));
  }
  const rounds = await karizScoreRounds(warmup, reps);
  const checksum = kariz.kariz_score_checksum(NOW);
  const learned = await learnedRankRounds();
  await kariz.kariz_drop_book();
  return { n, warmup_ms: rounds.warmup_ms, times_ms: rounds.times_ms, checksum, learned_rank_ms: learned.times_ms };
};
window.benchReady = true;
