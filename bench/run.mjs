#!/usr/bin/env node
// `make bench` driver: serves the benchmark page, the built app and the dev-only peers on
// 127.0.0.1, runs everything in ONE headless Chromium (Debian's /usr/bin/chromium through
// playwright-core — never `npx playwright install`), then prints a table and, as the LAST line,
// one JSON object.
//
//   node bench/run.mjs --out /tmp/kariz-bench-dist [--sizes 10000,100000]
//
// Expects (built by scripts/bench.sh): <out>/pkg/kariz_bench.js (+ _bg.wasm) and <out>/app/ (the
// app's release site). Results are also written to <out>/results.json.
import { createServer, request as httpRequest } from 'node:http';
import { spawn } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { measureFirstVisit } from './first-visit.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(opt('out', process.env.KARIZ_BENCH_OUT || '/tmp/kariz-bench-dist'));
const sizes = opt('sizes', process.env.KARIZ_BENCH_SIZES || '10000,100000').split(',').map(Number);
const big = Math.max(...sizes);
// KARIZ_BENCH_ONLY=app: only seed the largest size and measure the app (no peers, a few minutes less).
const appOnly = process.env.KARIZ_BENCH_ONLY === 'app';
// KARIZ_BENCH_ONLY=score: only seed the largest size and time Kariz's score + rank (3 warm-up, 21
// timed rounds; no peers, no app), for working on scoring.
const scoreOnly = process.env.KARIZ_BENCH_ONLY === 'score';
// KARIZ_BENCH_ONLY=learn: only time training the learned win probability on 10,000 closed leads
// (1 warm-up, 5 timed rounds; no peers, no app).
const learnOnly = process.env.KARIZ_BENCH_ONLY === 'learn';
// KARIZ_BENCH_ONLY=import: only the app's own CSV import of the largest size
// (import_100k_max_task_ms).
const importOnly = process.env.KARIZ_BENCH_ONLY === 'import';
// KARIZ_BENCH_ONLY=sync: only one edit on one device until it shows on another, through the sync
// test server (sync_one_change_ms).
const syncOnly = process.env.KARIZ_BENCH_ONLY === 'sync';
// KARIZ_BENCH_ONLY=firstvisit: only a first visit with 1,000 leads on a throttled network
// (first_visit_today_ms, first_load_gzip_kb, lazy_route_first_visit_ms; bench/first-visit.mjs).
const firstVisitOnly = process.env.KARIZ_BENCH_ONLY === 'firstvisit';
// KARIZ_BENCH_ONLY=sync100k: only the first sync of KARIZ_BENCH_SYNC_LEADS leads (default: the
// largest size) with their activities, Kariz against PouchDB (sync_first_100k_ms, _peer_ms).
const syncFirstOnly = process.env.KARIZ_BENCH_ONLY === 'sync100k';
const syncLeads = Number(process.env.KARIZ_BENCH_SYNC_LEADS || 0);
// With KARIZ_BENCH_ONLY=sync100k, KARIZ_BENCH_SYNC_SIDES=kariz or =peer runs one side alone (no
// ratio), for working on one of them.
const syncSides = process.env.KARIZ_BENCH_SYNC_SIDES || 'both';
// KARIZ_BENCH_CPU_PROFILE=dir: CPU profiles of Kariz's push and pull (push.cpuprofile,
// pull.cpuprofile) there; build with KARIZ_WASM_NAMES=1 for the functions' names.
const cpuProfileDir = process.env.KARIZ_BENCH_CPU_PROFILE || '';
// How long one side of the first sync may take before it counts as not finished.
const syncFirstTimeout = Number(process.env.KARIZ_BENCH_SYNC_TIMEOUT_MS || 40 * 60_000);
const deals = Number(process.env.KARIZ_BENCH_DEALS || 10_000);
const appDir = path.join(out, 'app');
const pkgDir = path.join(out, 'pkg');

// The same flags as playwright.config.ts (CHROMIUM_ARGS).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8' };
const PEERS = ['dexie', 'dexie-export-import', 'minisearch', 'papaparse', 'pouchdb-browser'];
// CommonJS modules pouchdb-browser imports, served as ES modules (a bundler's job in an app).
const CJS = { 'spark-md5': 'spark-md5/spark-md5.js', vuvuzela: 'vuvuzela/index.js', events: 'events/events.js' };

async function cjsAsModule(name) {
  const source = await fs.readFile(path.join(repo, 'node_modules', CJS[name]), 'utf8');
  return `const module = { exports: {} }; const exports = module.exports;\n${source}\nexport default module.exports;\n`;
}

async function isFile(p) {
  try { return (await fs.stat(p)).isFile(); } catch { return false; }
}
function within(root, rel) {
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}
async function resolve(urlPath) {
  const p = decodeURIComponent(urlPath);
  if (p === '/__bench/model.json') return path.join(repo, 'data/default_scoring_model.json');
  if (p.startsWith('/__bench/pkg/')) return within(pkgDir, p.slice('/__bench/pkg/'.length));
  if (p.startsWith('/__bench/')) return within(path.join(repo, 'bench'), p.slice('/__bench/'.length) || 'index.html');
  if (p.startsWith('/node_modules/')) {
    const pkg = p.split('/')[2];
    return PEERS.includes(pkg) ? within(path.join(repo, 'node_modules'), p.slice('/node_modules/'.length)) : null;
  }
  const file = within(appDir, p);
  if (file && (await isFile(file))) return file;
  if (path.posix.extname(p) === '') return path.join(appDir, 'index.html'); // SPA route
  return null;
}

/** The sync test server (tests/sync/server.mjs) on a free port, once started. */
// Two copies of 1.1 million documents pass through its memory.
const SYNC_SERVER_NODE_ARGS = ['--max-old-space-size=12288'];
let couchdb = null;

async function startSyncServer(nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, path.join(repo, 'tests/sync/server.mjs'), '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    child.stdout.on('data', (chunk) => {
      const m = /listening on (\S+)/.exec(String(chunk));
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`the sync test server exited (${code})`)));
  });
  couchdb = url;
  return child;
}

/** Passes a request under /couchdb/ on to the sync server: the app reaches it on its own origin,
 * as docs/sync.md's reverse proxy does, so its Content-Security-Policy holds. */
function proxy(req, res) {
  const target = new URL(req.url.slice('/couchdb/'.length), couchdb);
  const headers = { ...req.headers, host: target.host };
  delete headers.origin;
  const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.writeHead(502).end());
  req.pipe(upstream);
}

/** Files gzip-compressed once, for the server that compresses like a static host (serve({ gzip: true })). */
const gzipped = new Map();

function serve({ gzip = false } = {}) {
  const server = createServer(async (req, res) => {
    if (couchdb && (req.url ?? '').startsWith('/couchdb/')) {
      proxy(req, res);
      return;
    }
    const cjs = /^\/__bench\/cjs\/([a-z0-9-]+)$/.exec(req.url ?? '');
    if (cjs && CJS[cjs[1]]) {
      res.writeHead(200, { 'Content-Type': TYPES['.js'], 'Cache-Control': 'no-store' });
      res.end(await cjsAsModule(cjs[1]));
      return;
    }
    const file = await resolve(new URL(req.url ?? '/', 'http://x').pathname).catch(() => null);
    if (!file || !(await isFile(file))) { res.writeHead(404).end('not found\n'); return; }
    const headers = { 'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': 'no-store' };
    if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && !/\.(png)$/.test(file)) {
      if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(await fs.readFile(file), { level: 9 }));
      res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip' }).end(gzipped.get(file));
      return;
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q; const lo = Math.floor(pos); const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};
const min = (xs) => Math.min(...xs);
const r1 = (x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null);
const medianRound = (rounds) => [...rounds].sort((a, b) => a.total_ms - b.total_ms)[(rounds.length - 1) >> 1];

// ------------------------------------------------------------------ app render / interaction ---
async function measureApp(context, base) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[app] page error:', e.message));
  const r = {};
  // Cold load of /leads with the big database: ms from navigation start to the first rows.
  await page.goto(`${base}/leads`, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => document.querySelector('table.data-table tbody tr'), null,
      { polling: 'raf', timeout: Number(process.env.KARIZ_BENCH_APP_TIMEOUT_MS || 180_000) });
  } catch (e) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '');
    console.error(`[app] no table rows on /leads: ${e.message.split('\n')[0]}\n[app] page text: ${text.slice(0, 600)}`);
    await page.close();
    return { error: 'no table rows on /leads', page_text: text.slice(0, 600) };
  }
  r.leads_first_rows_ms = await page.evaluate(() => performance.now());
  r.first_paint_ms = await page.evaluate(() =>
    performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? null);
  r.rows_rendered = await page.evaluate(() => document.querySelectorAll('table.data-table tbody tr').length);
  await page.waitForTimeout(500);

  // Next page ×10: click → new rows painted (next animation frame after the DOM changed).
  r.page_change_ms = await page.evaluate(async () => {
    const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
    const times = [];
    for (let i = 0; i < 10; i++) {
      const before = document.querySelector('table.data-table tbody tr')?.textContent;
      const next = [...document.querySelectorAll('nav.pagination button')].at(-1);
      const t0 = performance.now();
      next.click();
      while (document.querySelector('table.data-table tbody tr')?.textContent === before) await frame();
      await frame();
      times.push(performance.now() - t0);
      await new Promise((ok) => setTimeout(ok, 100));
    }
    return times;
  });

  // Typing in the search box: each keystroke → handler, query and re-render run synchronously
  // (no debounce), so the keystroke is done when the second animation frame after it fires.
  r.search_keystroke_ms = await page.evaluate(async () => {
    const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
    const input = document.querySelector('#lead-search');
    const times = [];
    for (const text of ['k', 'ka', 'kar', 'kari', 'karim', '', 'p', 'pa', 'par', 'pars', '']) {
      await frame();
      const t0 = performance.now();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      await frame();
      times.push(performance.now() - t0);
      await new Promise((ok) => setTimeout(ok, 100));
    }
    return times;
  });

  // Scroll the page (50 rows per page) for ~90 frames; frame-to-frame times.
  r.scroll_frame_ms = await page.evaluate(async () => {
    const frame = () => new Promise((ok) => requestAnimationFrame((t) => ok(t)));
    const times = [];
    let last = await frame();
    for (let i = 0; i < 90; i++) {
      window.scrollBy(0, i < 45 ? 40 : -40);
      const t = await frame();
      times.push(t - last);
      last = t;
    }
    return times;
  });

  // The board: /pipeline with the seeded deals (KARIZ_BENCH_DEALS, default 10,000, all open).
  await page.goto(`${base}/pipeline`, { waitUntil: 'commit' });
  try {
    await page.waitForSelector('.board .board-column .deal-card', { timeout: 300_000 });
  } catch (e) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '');
    console.error(`[app] no deal cards on /pipeline: ${e.message.split('\n')[0]}\n[app] page text: ${text.slice(0, 600)}`);
    r.board_error = 'no deal cards on /pipeline';
    await page.close();
    return r;
  }
  r.pipeline_first_cards_ms = await page.evaluate(() => performance.now());
  Object.assign(r, await page.evaluate(() => ({
    board_columns: document.querySelectorAll('.board .board-column').length,
    board_cards_rendered: document.querySelectorAll('.board .deal-card').length,
    board_deals: [...document.querySelectorAll('.board .column-count')]
      .reduce((sum, p) => sum + Number(p.textContent.replace(/[^0-9]/g, '') || 0), 0),
  })));
  await page.waitForTimeout(500);

  // A stage move ×5 with the keyboard "Move to stage" control, as a keyboard user does it: focus
  // the first card's menu button, ArrowDown opens the menu on the next stage (untimed), then
  // Enter → timed until the first column's count changed (the deal saved in IndexedDB, the board
  // redrawn) and the next frame painted.
  r.stage_move_ms = [];
  for (let i = 0; i < 5; i++) {
    const button = page.locator('.board .board-column').first().locator('.deal-card button[aria-haspopup="menu"]').first();
    await button.focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem', null, { timeout: 10_000 });
    await page.evaluate(() => {
      const count = () => document.querySelector('.board .board-column .column-count')?.textContent;
      const before = count();
      window.__moveDone = new Promise((ok) => {
        let t0 = null;
        document.addEventListener('keydown', (e) => { if (e.key === 'Enter') t0 = performance.now(); },
          { capture: true, once: true });
        const poll = () => {
          if (t0 != null && count() !== before) requestAnimationFrame(() => ok(performance.now() - t0));
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      });
    });
    await page.keyboard.press('Enter');
    r.stage_move_ms.push(await page.evaluate(() => window.__moveDone));
    await page.waitForTimeout(200);
  }

  // The Dashboard ×3, as a manager opens it from the board: click its navigation link → timed
  // until every tile shows its number and the next frame painted; back to the board between runs.
  r.dashboard_ms = [];
  const hasDashboard = await page.evaluate(() => !!document.querySelector('nav.mainnav a[href$="/dashboard"]'));
  for (let i = 0; hasDashboard && i < 3; i++) {
    await page.evaluate(() => {
      window.__dashboardShown = new Promise((ok) => {
        const t0 = performance.now();
        const shown = () => {
          const values = [...document.querySelectorAll('.tiles .tile .tile-value')];
          return values.length > 0 && values.every((v) => v.textContent.trim() !== '');
        };
        const poll = () => (shown() ? requestAnimationFrame(() => ok(performance.now() - t0)) : requestAnimationFrame(poll));
        document.querySelector('nav.mainnav a[href$="/dashboard"]').click();
        requestAnimationFrame(poll);
      });
    });
    r.dashboard_ms.push(await page.evaluate(() => window.__dashboardShown));
    r.dashboard_tiles = await page.evaluate(() => document.querySelectorAll('.tiles .tile').length);
    await page.evaluate(() => document.querySelector('nav.mainnav a[href$="/pipeline"]').click());
    await page.waitForSelector('.board .board-column .deal-card', { timeout: 300_000 });
    await page.waitForTimeout(200);
  }
  await page.close();
  return r;
}

// ------------------------------------------------------------------ sync: one change -----------
/** Two browser contexts (two devices) syncing through the sync test server: the time from
 * saving a new lead on one until it is listed on the other, five times (sync_one_change_ms). */
async function measureSyncOneChange(browser, base) {
  const db = `bench-${Date.now()}`;
  const created = await fetch(`${couchdb}${db}`, { method: 'PUT' });
  if (created.status !== 201) throw new Error(`creating ${db}: ${created.status}`);
  const devices = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[sync] page error:', e.message));
    await page.goto(`${base}/settings`);
    const section = page.getByRole('region', { name: 'Sync' });
    await section.getByRole('textbox', { name: 'Server URL' }).fill(`${base}/couchdb/`);
    await section.getByRole('textbox', { name: 'Database' }).fill(db);
    await section.getByRole('button', { name: 'Start sync' }).click();
    await page.getByRole('status', { name: 'Sync status' }).getByText('Synced', { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    devices.push(page);
  }
  const [a, b] = devices;
  const times = [];
  for (let i = 1; i <= 5; i++) {
    const name = `Sync probe ${i}`;
    await a.getByRole('button', { name: 'New lead', exact: true }).click();
    const form = a.getByRole('dialog', { name: 'New lead' })
      .or(a.getByRole('region', { name: 'New lead' }))
      .or(a.getByRole('form', { name: 'New lead' }))
      .first();
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    const started = Date.now();
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await b.getByRole('link', { name, exact: true }).waitFor({ timeout: 60_000 });
    times.push(Date.now() - started);
    await a.waitForTimeout(1_000);
  }
  for (const page of devices) await page.context().close();
  return times;
}

// ------------------------------------------------------------------ sync: first sync ----------
/** The sync status line's text, once it is "Synced" (or the round stopped on an error). */
async function syncEnd(page, timeout) {
  const handle = await page.waitForFunction(() => {
    const text = document.querySelector('[role="status"][aria-label="Sync status"]')?.textContent?.trim() ?? '';
    return text === 'Synced' || text.startsWith('Sync stopped') ? text : null;
  }, null, { polling: 250, timeout });
  return handle.jsonValue();
}

/** One device's "Start sync" in Settings → Sync, timed from the click until the status line
 * says "Synced". */
async function timedStartSync(page, base, db, timeout) {
  const section = page.getByRole('region', { name: 'Sync' });
  await section.getByRole('textbox', { name: 'Server URL' }).fill(`${base}/couchdb/`);
  await section.getByRole('textbox', { name: 'Database' }).fill(db);
  const started = Date.now();
  await section.getByRole('button', { name: 'Start sync' }).click();
  const end = await syncEnd(page, timeout);
  const ms = Date.now() - started;
  if (end !== 'Synced') throw new Error(`the round ended "${end}"`);
  return ms;
}

/** How long `page` waited on each kind of /couchdb/ request (`_changes`, `_bulk_docs`, `_local`
 * checkpoints…), in ms, filled in as they finish: the server's share of a sync, the rest being
 * the browser's own work. Requests of one replication run one after another, so the sum is time. */
function serverWaits(page) {
  const waits = {};
  page.on('requestfinished', (request) => {
    const url = new URL(request.url());
    const at = url.pathname.indexOf('/couchdb/');
    if (at < 0) return;
    const parts = url.pathname.slice(at + '/couchdb/'.length).split('/');
    const kind = parts.find((part) => part.startsWith('_')) ?? 'database';
    waits[kind] = Math.round((waits[kind] ?? 0) + request.timing().responseEnd);
  });
  return waits;
}

/** `run()` timed on `page`, with a CPU profile written to `<cpuProfileDir>/<name>.cpuprofile`
 * when one is asked for. */
async function profiled(page, name, run) {
  if (!cpuProfileDir) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = await cdp.send('Profiler.stop');
  await fs.mkdir(cpuProfileDir, { recursive: true });
  await fs.writeFile(path.join(cpuProfileDir, `${name}.cpuprofile`), JSON.stringify(profile));
  return result;
}

/** The server's document count of `db`. */
async function docCount(db) {
  const info = await (await fetch(`${couchdb}${db}`)).json();
  return info.doc_count;
}

/** sync_first_100k: `n` leads with their activities (~10 each, bench/data.mjs) on one device,
 * synced to an empty server database and down to a second, empty device. Kariz: the app itself,
 * "Start sync" on the device holding the data until "Synced", then on an empty browser profile
 * until "Synced" (its leads counted afterwards). Peer: PouchDB (pouchdb-browser) in the same
 * Chromium replicating the same documents through the same server: a push from its local
 * database, then a pull into an empty one. Both in batches of 500, as Kariz's rounds. */
async function measureSyncFirst(browser, base, n) {
  const r = { leads: n };
  const stamp = Date.now();
  if (syncSides !== 'peer') await measureKarizSyncFirst(browser, base, n, `first-kariz-${stamp}`, r);
  if (syncSides !== 'kariz') await measurePeerSyncFirst(browser, base, n, `first-peer-${stamp}`, r);
  return r;
}

/** Kariz's side of sync_first_100k into `r`, on the server database `kdb`. */
async function measureKarizSyncFirst(browser, base, n, kdb, r) {
  // The data where the app keeps it, in a profile of its own.
  const contextA = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const seeder = await contextA.newPage();
  seeder.on('console', (m) => { if (m.text().startsWith('[bench]') || m.type() === 'error') console.error(m.text()); });
  await seeder.goto(`${base}/__bench/index.html`);
  await seeder.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
  const seeded = await seeder.evaluate((k) => window.seedApp(k, 0), n);
  r.activities = seeded.activities;
  await seeder.close();
  if ((await fetch(`${couchdb}${kdb}`, { method: 'PUT' })).status !== 201) throw new Error(`creating ${kdb}`);
  const a = await contextA.newPage();
  a.on('pageerror', (e) => console.error('[sync100k] page error:', e.message));
  await a.goto(`${base}/settings`);
  const count = `${n.toLocaleString('en-US')} leads`;
  await a.getByText(count).first().waitFor({ timeout: 300_000 });
  const pushWaits = serverWaits(a);
  r.kariz_push_ms = await profiled(a, 'push', () => timedStartSync(a, base, kdb, syncFirstTimeout));
  r.server_docs = await docCount(kdb);
  console.error(`[sync100k] kariz push ${r.kariz_push_ms} ms, ${r.server_docs} documents on the server; waiting on it ${JSON.stringify(pushWaits)}`);
  await contextA.close();
  const contextB = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const b = await contextB.newPage();
  b.on('pageerror', (e) => console.error('[sync100k] page error:', e.message));
  await b.goto(`${base}/settings`);
  const pullWaits = serverWaits(b);
  r.kariz_pull_ms = await profiled(b, 'pull', () => timedStartSync(b, base, kdb, syncFirstTimeout));
  await b.getByText(count).first().waitFor({ timeout: 60_000 });
  r.kariz_ms = r.kariz_push_ms + r.kariz_pull_ms;
  console.error(`[sync100k] kariz pull ${r.kariz_pull_ms} ms; ${count} on the second device; waiting on the server ${JSON.stringify(pullWaits)}`);
  await contextB.close();
  // The server keeps everything in memory: the peer gets it back empty.
  await fetch(`${couchdb}${kdb}`, { method: 'DELETE' });
}

/** The peer's side of sync_first_100k into `r`, on the server database `pdb`: like Kariz's two
 * devices, its push and its pull run in two browser profiles (one profile holding both local
 * databases of 1.1 million documents ran out of storage quota). */
async function measurePeerSyncFirst(browser, base, n, pdb, r) {
  const peerPage = async (context) => {
    const p = await context.newPage();
    p.on('console', (m) => { if (m.text().startsWith('[bench]') || m.type() === 'error') console.error(m.text()); });
    p.on('pageerror', (e) => console.error('[sync100k] peer page error:', e.message));
    await p.goto(`${base}/__bench/index.html`);
    await p.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    return p;
  };
  const remote = `${base}/couchdb/${pdb}`;
  if ((await fetch(`${couchdb}${pdb}`, { method: 'PUT' })).status !== 201) throw new Error(`creating ${pdb}`);
  const contextP = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const p = await peerPage(contextP);
  const peerSeed = await p.evaluate((k) => window.peerSyncSeed(k, 'peer-sync-a'), n);
  r.activities ??= peerSeed.activities;
  if (peerSeed.docs !== n + r.activities) throw new Error(`the peer holds ${peerSeed.docs} documents`);
  const pushWaits = serverWaits(p);
  const push = await p.evaluate(([remote]) => window.peerSyncPush('peer-sync-a', remote, 500), [remote]);
  await contextP.close();
  r.peer_push_ms = push.ms;
  r.peer_server_docs = await docCount(pdb);
  console.error(`[sync100k] peer push ${JSON.stringify(push)}, ${r.peer_server_docs} documents on the server; waiting on it ${JSON.stringify(pushWaits)}`);
  const contextQ = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const q = await peerPage(contextQ);
  const pullWaits = serverWaits(q);
  const pull = await q.evaluate(([remote]) => window.peerSyncPull(remote, 'peer-sync-b', 500), [remote]);
  await contextQ.close();
  r.peer_pull_ms = pull.ms;
  r.peer_second_docs = pull.docs_here;
  r.peer_ms = r.peer_push_ms + r.peer_pull_ms;
  console.error(`[sync100k] peer pull ${JSON.stringify(pull)}; waiting on the server ${JSON.stringify(pullWaits)}`);
  await fetch(`${couchdb}${pdb}`, { method: 'DELETE' });
}

// ------------------------------------------------------------------ import main-thread tasks ---
/** The app's own CSV import of the largest size, as a user runs it (Settings → Import CSV → the
 * file → its preview → "Import N leads"), into an empty browser profile: the longest main-thread
 * task (Long Tasks API) from picking the file until the panel closes with everything stored,
 * and how long that took. */
async function measureImportTasks(browser, base, n) {
  const { generate } = await import('./data.mjs');
  // From a file on disk: Playwright hands a path to the browser as a user's file picker does,
  // where a buffer would be decoded by script in the page, a long task of the harness's own.
  const file = path.join(out, `leads-${n}.csv`);
  await fs.writeFile(file, generate(n).csv);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask' });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[import] page error:', e.message));
  try {
    await page.goto(`${base}/settings`);
    await page.getByRole('button', { name: 'Import CSV', exact: true }).click();
    await page.waitForTimeout(500);
    await page.evaluate(() => { window.__longTasks = []; window.__importStart = performance.now(); });
    await page.getByLabel('CSV file').setInputFiles(file);
    const importButton = page.getByRole('button', { name: /^Import [\d,]+ leads$/ });
    await importButton.waitFor({ timeout: 300_000 });
    const preview_ms = await page.evaluate(() => performance.now() - window.__importStart);
    const label = await importButton.textContent();
    await page.evaluate(() => { window.__storeStart = performance.now(); });
    await importButton.click();
    await page.getByLabel('CSV file').waitFor({ state: 'detached', timeout: 300_000 });
    await page.waitForTimeout(300); // the last task's entry is delivered after it ends
    const r = await page.evaluate(() => ({ tasks: window.__longTasks, total_ms: performance.now() - window.__importStart,
      store_start: window.__storeStart - window.__importStart, start: window.__importStart }));
    const durations = r.tasks.map(([, d]) => d);
    // Each long task as [ms after the file was picked, ms long], longest first, and whether it
    // ran before or after "Import N leads" was pressed.
    const longest = r.tasks.map(([t, d]) => [t - r.start, d]).sort((a, b) => b[1] - a[1]).slice(0, 5)
      .map(([t, d]) => `${Math.round(d)} ms at ${Math.round(t)} ms (${t < r.store_start ? 'preview' : 'store'})`);
    return { max_task_ms: durations.length ? Math.max(...durations) : 0, long_tasks: durations.length,
      long_task_ms: durations.reduce((a, b) => a + b, 0), preview_ms, total_ms: r.total_ms, button: label, longest };
  } catch (e) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '');
    console.error(`[import] not measured: ${e.message.split('\n')[0]}\n[import] page text: ${text.slice(0, 600)}`);
    return { error: e.message.split('\n')[0] };
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------ shipped size ---------------
async function shippedSizes() {
  const files = (await fs.readdir(appDir)).filter((f) => /\.(wasm|js|css)$/.test(f));
  const s = { files: {}, raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const buf = await fs.readFile(path.join(appDir, f));
    const gz = zlib.gzipSync(buf, { level: 9 }).length;
    const br = zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    s.files[f] = { raw: buf.length, gzip: gz, brotli: br };
    s.raw += buf.length; s.gzip += gz; s.brotli += br;
  }
  return s;
}

// ------------------------------------------------------------------ main -----------------------
async function main() {
  for (const need of [path.join(pkgDir, 'kariz_bench.js'), ...(scoreOnly || learnOnly ? [] : [path.join(appDir, 'index.html')])]) {
    if (!(await isFile(need))) throw new Error(`${need} is missing: run scripts/bench.sh (make bench)`);
  }
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.KARIZ_CHROMIUM || '/usr/bin/chromium', headless: true,
    // --expose-gc: the bench page settles the heap before each side's score + rank (see settle()).
    args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'] });
  const started = Date.now();
  let raw;
  let app;
  try {
    // One context for both pages: the app must see the database the benchmark page filled.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.text().startsWith('[bench]') || m.type() === 'error') console.error(m.text()); });
    page.on('pageerror', (e) => console.error('[bench] page error:', e.message));
    page.on('response', (r) => { if (r.status() >= 400) console.error(`[bench] ${r.status()} ${r.url()}`); });
    await page.goto(`${base}/__bench/index.html?deals=${deals}`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    const model = JSON.parse(await fs.readFile(path.join(repo, 'data/default_scoring_model.json'), 'utf8'));
    if (scoreOnly) {
      const r = await page.evaluate((n) => window.scoreOnly(n, 3, 21), big);
      const sorted = [...r.times_ms].sort((a, b) => a - b);
      console.log(`score+rank ${r.n} leads: median ${r1(quantile(r.times_ms, 0.5))} ms, min ${r1(sorted[0])}, `
        + `max ${r1(sorted.at(-1))}; runs ${JSON.stringify(r.times_ms.map(r1))} after warm-up `
        + `${JSON.stringify(r.warmup_ms.map(r1))}; checksum ${r.checksum}`);
      console.log(`learned rank ${r.n} leads: median ${r1(quantile(r.learned_rank_ms, 0.5))} ms; `
        + `runs ${JSON.stringify(r.learned_rank_ms.map(r1))}`);
      console.log(JSON.stringify({ score_rank_100k_ms: r1(quantile(r.times_ms, 0.5)),
        learned_rank_100k_ms: r1(quantile(r.learned_rank_ms, 0.5)) }));
      return;
    }
    if (importOnly) {
      const r = await measureImportTasks(browser, base, big);
      console.log(`import ${big} leads: ${JSON.stringify(r)}`);
      console.log(JSON.stringify({ import_100k_max_task_ms: r1(r.max_task_ms) }));
      return;
    }
    if (syncOnly) {
      const child = await startSyncServer();
      try {
        const times = await measureSyncOneChange(browser, base);
        console.log(`sync one change, saved on one device → listed on another: ${JSON.stringify(times)} ms`);
        console.log(JSON.stringify({ sync_one_change_ms: r1(quantile(times, 0.5)) }));
      } finally {
        child.kill();
      }
      return;
    }
    if (firstVisitOnly) {
      const gzServer = await serve({ gzip: true });
      const r = await measureFirstVisit(browser, `http://127.0.0.1:${gzServer.address().port}`, appDir);
      gzServer.close();
      console.log(`first visit, fast 4G: ${JSON.stringify(r)}`);
      console.log(JSON.stringify({ first_visit_today_ms: r1(r.first_visit_today_ms), first_load_gzip_kb: r1(r.first_load_gzip_kb),
        lazy_route_first_visit_ms: r1(Math.max(...Object.values(r.lazy_route_first_visit_ms))) }));
      return;
    }
    if (syncFirstOnly) {
      const child = await startSyncServer(SYNC_SERVER_NODE_ARGS);
      try {
        const r = await measureSyncFirst(browser, base, syncLeads || big);
        console.log(`sync first ${r.leads} leads, ${r.activities} activities: ${JSON.stringify(r)}`);
        console.log(JSON.stringify(syncFirstFigures(r)));
      } finally {
        child.kill();
      }
      return;
    }
    if (learnOnly) {
      const r = await page.evaluate(() => window.learnOnly(10_000, 1, 5));
      console.log(`learn ${r.n} closed leads: median ${r1(quantile(r.times_ms, 0.5))} ms; runs `
        + `${JSON.stringify(r.times_ms.map(r1))}; last ${JSON.stringify(r.last)}`);
      console.log(JSON.stringify({ learn_10k_ms: r1(quantile(r.times_ms, 0.5)) }));
      return;
    }
    if (appOnly) {
      await page.evaluate((n) => window.seedApp(n), big);
      raw = {};
    } else {
      raw = await page.evaluate(([s, m]) => window.runBench(s, m), [sizes, model]);
    }
    await page.close();
    console.error(`[bench] page done in ${((Date.now() - started) / 1000).toFixed(0)} s; measuring the app`);
    app = await measureApp(context, base);
    await context.close();
    if (!appOnly) {
      app.import = await measureImportTasks(browser, base, big);
      console.error(`[bench] app import ${JSON.stringify(app.import)}`);
    }
    const child = await startSyncServer();
    try {
      app.sync_one_change_ms = await measureSyncOneChange(browser, base);
    } catch (e) {
      app.sync_error = String(e);
    } finally {
      child.kill();
    }
    console.error(`[bench] sync one change ${JSON.stringify(app.sync_one_change_ms ?? app.sync_error)}`);
    try {
      const gzServer = await serve({ gzip: true });
      app.first_visit = await measureFirstVisit(browser, `http://127.0.0.1:${gzServer.address().port}`, appDir);
      gzServer.close();
    } catch (e) {
      app.first_visit = { error: String(e) };
    }
    console.error(`[bench] first visit ${JSON.stringify(app.first_visit)}`);
    if (!appOnly) {
      const child2 = await startSyncServer(SYNC_SERVER_NODE_ARGS);
      try {
        app.sync_first = await measureSyncFirst(browser, base, syncLeads || big);
      } catch (e) {
        app.sync_first = { error: String(e) };
      } finally {
        child2.kill();
      }
      console.error(`[bench] sync first ${JSON.stringify(app.sync_first)}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const size = await shippedSizes();
  await fs.writeFile(path.join(out, 'results.json'), JSON.stringify({ raw, app, size }, null, 2));
  report(raw, app, size, (Date.now() - started) / 1000);
}

function report(raw, app, size, seconds) {
  const rows = [];
  const ratio = (k, p) => (k != null && p ? k / p : null);
  const line = (metric, kariz, peer, target, ok) =>
    rows.push([metric, kariz, peer, ratio(kariz, peer), target, ok]);
  const summary = {};
  for (const n of Object.keys(raw).filter((k) => k !== 'learn').map(Number).sort((a, b) => a - b)) {
    const x = raw[n];
    const k = n >= 1000 ? `${n / 1000}k` : String(n);
    const imp = x.kariz_import.total_ms;
    const pimp = x.peer_import.total_ms;
    const cold = min(x.kariz_cold.map((c) => c.total_ms));
    const pcold = min(x.peer_cold.map((c) => c.total_ms));
    const sc = quantile(x.kariz_score.times_ms, 0.5);
    const psc = quantile(x.peer_score.times_ms, 0.5);
    const s50 = quantile(x.kariz_search.times_ms, 0.5);
    const s95 = quantile(x.kariz_search.times_ms, 0.95);
    const p50 = quantile(x.peer_search.times_ms, 0.5);
    const p95 = quantile(x.peer_search.times_ms, 0.95);
    const is100k = n === 100_000;
    line(`import ${k} (parse+validate+score+store, median of 3)`, imp, pimp, is100k ? '≤0.1× peer' : '',
      is100k ? imp <= 0.1 * pimp : null);
    line(`cold start ${k} (open+load+book)`, cold, pcold, is100k ? '≤0.3× peer' : '', is100k ? cold <= 0.3 * pcold : null);
    line(`score+rank ${k} (median of 7, after 3 warm-up)`, sc, psc, is100k ? '≤20 ms, ≤0.25× JS' : '',
      is100k ? sc <= 20 && sc <= 0.25 * psc : null);
    const backup = x.kariz_backup ? medianRound(x.kariz_backup) : null;
    const pbackup = x.peer_backup ? medianRound(x.peer_backup) : null;
    const restore = x.kariz_restore ? medianRound(x.kariz_restore) : null;
    const prestore = x.peer_restore ? medianRound(x.peer_restore) : null;
    if (backup) {
      line(`backup ${k} (everything stored → file, median of ${x.kariz_backup.length})`, backup.total_ms, pbackup.total_ms,
        is100k ? '≤0.25× peer' : '', is100k ? backup.total_ms <= 0.25 * pbackup.total_ms : null);
      line(`restore ${k} (file → check → replace all → reload, median of ${x.kariz_restore.length})`, restore.total_ms,
        prestore.total_ms, is100k ? '≤0.25× peer' : '', is100k ? restore.total_ms <= 0.25 * prestore.total_ms : null);
    }
    const learnedRank = x.kariz_learned_rank ? quantile(x.kariz_learned_rank.times_ms, 0.5) : null;
    if (learnedRank != null) {
      line(`rank ${k} by learned win probability (median of 5)`, learnedRank, null, is100k ? '≤20 ms' : '',
        is100k ? learnedRank <= 20 : null);
    }
    line(`search ${k} p50`, s50, p50, '', null);
    line(`search ${k} p95`, s95, p95, is100k ? '≤10 ms' : '', is100k ? s95 <= 10 : null);
    summary[k] = { imp, pimp, cold, pcold, sc, psc, s50, s95, p50, p95, score_same: x.score_same,
      kariz_import: x.kariz_import, kariz_cold: x.kariz_cold, peer_import: x.peer_import,
      kariz_import_rounds_ms: x.kariz_import_rounds_ms, peer_import_rounds_ms: x.peer_import_rounds_ms,
      peer_index_ms: x.peer_index_ms, activities: x.activities, csv_mb: x.csv_mb,
      kariz_score: x.kariz_score, peer_score: x.peer_score, learnedRank, backup, pbackup, restore, prestore };
  }
  const learn = raw.learn ? quantile(raw.learn.times_ms, 0.5) : null;
  line(`learn ${raw.learn?.n ?? '?'} closed leads (history + train, median of 5)`, learn, null, '≤1,000 ms',
    learn == null ? null : learn <= 1000);
  const mx = (xs) => (Array.isArray(xs) && xs.length ? Math.max(...xs) : null);
  const pageMax = mx(app.page_change_ms);
  const keyMax = mx(app.search_keystroke_ms);
  const frameMax = mx(app.scroll_frame_ms);
  const moveMax = mx(app.stage_move_ms);
  const interactionMax = app.error ? null : Math.max(pageMax, keyMax, frameMax, moveMax ?? 0);
  line(`app /leads first rows, ${big / 1000}k leads (ms from navigation)`, app.leads_first_rows_ms, null, '', null);
  line('app next page (max of 10)', pageMax, null, '<50 ms', pageMax == null ? null : pageMax < 50);
  line('app search keystroke → table (max of 11)', keyMax, null, '<50 ms', keyMax == null ? null : keyMax < 50);
  line('app scroll frame (max of 90)', frameMax, null, '<50 ms', frameMax == null ? null : frameMax < 50);
  line(`app /pipeline first cards, ${app.board_deals ?? '?'} deals (ms from navigation)`, app.pipeline_first_cards_ms, null, '', null);
  line('app board stage move, keyboard (max of 5)', moveMax, null, '<50 ms', moveMax == null ? null : moveMax < 50);
  const dashboard = Array.isArray(app.dashboard_ms) && app.dashboard_ms.length ? quantile(app.dashboard_ms, 0.5) : null;
  line(`app Dashboard, ${app.dashboard_tiles ?? '?'} tiles shown (median of 3, from the board)`, dashboard, null, '≤300 ms',
    dashboard == null ? null : dashboard <= 300);
  const importTask = app.import?.max_task_ms ?? null;
  line(`app import ${big / 1000}k, longest main-thread task (file → preview → stored)`, importTask, null, '≤200 ms',
    importTask == null ? null : importTask <= 200);
  const syncOne = Array.isArray(app.sync_one_change_ms) ? quantile(app.sync_one_change_ms, 0.5) : null;
  line('sync: one change on a device → shown on another (median of 5)', syncOne, null, '≤2,000 ms',
    syncOne == null ? null : syncOne <= 2000);
  const firstVisit = app.first_visit ?? {};
  const lazyMax = firstVisit.lazy_route_first_visit_ms ? Math.max(...Object.values(firstVisit.lazy_route_first_visit_ms)) : null;
  line('first visit, fast 4G, 1k leads: navigation → Today interactive', firstVisit.first_visit_today_ms ?? null, null,
    '≤2,500 ms', firstVisit.first_visit_today_ms == null ? null : firstVisit.first_visit_today_ms <= 2500);
  line('first visit: fetched before Today is interactive, gzip (KB)', firstVisit.first_load_gzip_kb ?? null, null,
    '≤350 KB', firstVisit.first_load_gzip_kb == null ? null : firstVisit.first_load_gzip_kb <= 350);
  line('first visit to a split screen after the idle prefetch, fast 4G (max of 4)', lazyMax, null, '≤300 ms',
    lazyMax == null ? null : lazyMax <= 300);
  const first = syncFirstFigures(app.sync_first ?? {});
  line(`sync: first sync of ${app.sync_first?.leads ?? '?'} leads + ${app.sync_first?.activities ?? '?'} activities, device → server → empty device`,
    first.sync_first_100k_ms, first.sync_first_100k_peer_ms, '≤0.5× peer',
    first.sync_first_100k_ratio == null ? null : first.sync_first_100k_ratio <= 0.5);
  line('shipped wasm+js+css gzip (KB)', size.gzip / 1024, null, '≤500 KB', size.gzip / 1024 <= 500);
  line('shipped wasm+js+css brotli (KB)', size.brotli / 1024, null, '', null);

  const fmt = (v) => (v == null ? '—' : typeof v === 'boolean' ? (v ? 'yes' : 'NO') : r1(v).toLocaleString('en-US'));
  const head = ['metric', 'Kariz (ms)', 'peer (ms)', 'Kariz/peer', 'target', 'met'];
  const table = [head, ...rows.map((r) => [r[0], fmt(r[1]), fmt(r[2]), r[3] == null ? '—' : r[3].toFixed(3), r[4] || '—', fmt(r[5])])];
  const widths = head.map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  const print = (r) => console.log('| ' + r.map((c, i) => (i === 0 || i === 4 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ') + ' |');
  console.log('');
  console.log('Peers: import = PapaParse + Dexie bulkAdd; cold start = Dexie toArray (leads + activities); '
    + 'score+rank = the same model in plain JS; search = MiniSearch (prefix, AND). Sizes in KB.');
  print(table[0]);
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  table.slice(1).forEach(print);
  for (const [k, s] of Object.entries(summary)) {
    console.log(`${k}: import = parse+validate ${r1(s.kariz_import.parse_validate_ms)} + ids+score ${r1(s.kariz_import.ids_score_ms)}`
      + ` + store ${r1(s.kariz_import.store_ms)} ms (${s.kariz_import.valid} valid, ${s.kariz_import.invalid} invalid;`
      + ` peer parse ${r1(s.peer_import.parse_ms)} + bulkAdd ${r1(s.peer_import.store_ms)});`
      + ` import rounds ${JSON.stringify((s.kariz_import_rounds_ms ?? []).map(r1))}`
      + ` (peer ${JSON.stringify((s.peer_import_rounds_ms ?? []).map(r1))}) ms, median shown;`
      + ` cold start best = load ${r1(min(s.kariz_cold.map((c) => c.open_load_decode_ms)))} + book ${r1(min(s.kariz_cold.map((c) => c.book_ms)))} ms;`
      + ` ${s.activities} activities; CSV ${r1(s.csv_mb)} MB; JS scores identical: ${s.score_same ? 'yes' : 'NO'};`
      + ` MiniSearch index build ${r1(s.peer_index_ms)} ms;`
      + ` score+rank runs ${JSON.stringify(s.kariz_score.times_ms.map(r1))} after warm-up ${JSON.stringify((s.kariz_score.warmup_ms ?? []).map(r1))}`
      + ` (peer ${JSON.stringify(s.peer_score.times_ms.map(r1))} after ${JSON.stringify((s.peer_score.warmup_ms ?? []).map(r1))}) ms`);
  }
  for (const [k, s] of Object.entries(summary).filter(([, s]) => s.backup)) {
    console.log(`${k} backup (median round): read+write ${r1(s.backup.write_ms)} + blob ${r1(s.backup.blob_ms)} ms,`
      + ` ${r1(s.backup.bytes / 1e6)} MB (peer ${r1(s.pbackup.bytes / 1e6)} MB); restore: read file`
      + ` ${r1(s.restore.read_file_ms)} + check ${r1(s.restore.check_ms)} + replace and reload`
      + ` ${r1(s.restore.replace_reload_ms)} ms, ${s.restore.leads} leads and ${s.restore.activities} activities,`
      + ` ${s.restore.leads_in_memory} leads in memory after it`);
  }
  console.log(`app: first contentful paint ${fmt(app.first_paint_ms)} ms; ${app.rows_rendered} table rows in the DOM`
    + ` (paged, 50 per page); next pages ${JSON.stringify((app.page_change_ms ?? []).map(r1))} ms; board: ${app.board_columns} columns, ${app.board_cards_rendered} cards drawn of`
    + ` ${app.board_deals} deals${app.board_error ? ` (BOARD NOT MEASURED: ${app.board_error})` : ''};`
    + ` stage moves ${JSON.stringify((app.stage_move_ms ?? []).map(r1))} ms; Dashboard ${JSON.stringify((app.dashboard_ms ?? []).map(r1))} ms;`
    + ` scroll frame p95 ${fmt(app.scroll_frame_ms ? quantile(app.scroll_frame_ms, 0.95) : null)} ms${app.error ? `; APP NOT MEASURED: ${app.error}` : ''}`);
  if (app.import) {
    console.log(`app import: ${app.import.error ? `NOT MEASURED: ${app.import.error}` : `${app.import.long_tasks} long tasks`
      + ` totalling ${r1(app.import.long_task_ms)} ms, longest ${r1(app.import.max_task_ms)} ms; preview shown after`
      + ` ${r1(app.import.preview_ms)} ms, stored after ${r1(app.import.total_ms)} ms (${app.import.button});`
      + ` longest: ${app.import.longest.join(', ')}`}`);
  }
  console.log(`bench wall time ${seconds.toFixed(0)} s`);
  const K = summary['100k'] ?? Object.values(summary).at(-1) ?? {};
  console.log(JSON.stringify({
    import_100k_ms: r1(K.imp), import_100k_peer_ms: r1(K.pimp),
    cold_start_100k_ms: r1(K.cold), cold_start_100k_peer_ms: r1(K.pcold),
    score_rank_100k_ms: r1(K.sc), score_rank_100k_peer_ms: r1(K.psc),
    backup_100k_ms: r1(K.backup?.total_ms), backup_100k_peer_ms: r1(K.pbackup?.total_ms),
    restore_100k_ms: r1(K.restore?.total_ms), restore_100k_peer_ms: r1(K.prestore?.total_ms),
    learned_rank_100k_ms: r1(K.learnedRank),
    search_p50_ms: r1(K.s50), search_p95_ms: r1(K.s95), search_peer_p50_ms: r1(K.p50), search_peer_p95_ms: r1(K.p95),
    import_10k_ms: r1(summary['10k']?.imp), import_10k_peer_ms: r1(summary['10k']?.pimp),
    cold_start_10k_ms: r1(summary['10k']?.cold), cold_start_10k_peer_ms: r1(summary['10k']?.pcold),
    leads_first_rows_ms: r1(app.leads_first_rows_ms), page_change_max_ms: r1(pageMax),
    search_keystroke_max_ms: r1(keyMax), scroll_frame_max_ms: r1(frameMax),
    pipeline_first_cards_ms: r1(app.pipeline_first_cards_ms), stage_move_max_ms: r1(moveMax), board_deals: app.board_deals ?? null,
    import_100k_max_task_ms: r1(importTask), sync_one_change_ms: r1(syncOne), ...first,
    interaction_max_ms: r1(interactionMax), dashboard_100k_ms: r1(dashboard), learn_10k_ms: r1(learn),
    first_visit_today_ms: r1(firstVisit.first_visit_today_ms), first_load_gzip_kb: r1(firstVisit.first_load_gzip_kb),
    lazy_route_first_visit_ms: r1(lazyMax),
    shipped_raw_kb: r1(size.raw / 1024), shipped_gzip_kb: r1(size.gzip / 1024), shipped_brotli_kb: r1(size.brotli / 1024),
    leads: big,
  }));
}

/** The first sync's figures for the JSON line (null where not measured). */
function syncFirstFigures(r) {
  const ratio = r.kariz_ms != null && r.peer_ms ? Math.round((r.kariz_ms / r.peer_ms) * 1000) / 1000 : null;
  return { sync_first_100k_ms: r1(r.kariz_ms), sync_first_100k_peer_ms: r1(r.peer_ms), sync_first_100k_ratio: ratio,
    sync_first_leads: r.leads ?? null, sync_first_activities: r.activities ?? null };
}

main().catch((e) => { console.error(e); process.exit(1); });
