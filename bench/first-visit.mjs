// A first visit on a slow network (issue 17): a browser that has the data (1,000 leads) but none of
// the app's code — no HTTP cache, no service worker — opens the app under Chromium's network
// throttling at a "fast 4G" profile (9 Mbps down, 1.5 Mbps up, 150 ms latency), from a server that
// sends files gzip-compressed, as static hosts do (bench/run.mjs, serve({ gzip: true })).
//
// - first_visit_today_ms: navigation start → Today interactive (its heading and lead links drawn,
//   no loading placeholder left).
// - first_load_gzip_kb: every file the page fetched before that moment, at its gzip -9 size (the
//   same measure as shipped_gzip_kb, so the two compare).
// - lazy_route_first_visit_ms: after the idle prefetch has fetched the split screens, a click on
//   Pipeline, Prune, Reports and Settings (each for the first time) until its heading shows; the
//   largest of the four.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const FAST_4G = { offline: false, latency: 150, downloadThroughput: (9e6 / 8), uploadThroughput: (1.5e6 / 8) };
const LAZY_SCREENS = ['Pipeline', 'Prune', 'Reports', 'Settings'];
const SPLIT_FILE = /\/kariz-kariz_([a-z]+)-[0-9a-f]+\.wasm$/;

export async function measureFirstVisit(browser, base, appDir, { leads = 1000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  try {
    const seed = await context.newPage();
    await seed.goto(`${base}/__bench/index.html?deals=100`);
    await seed.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    await seed.evaluate((n) => window.seedApp(n), leads);
    await seed.close();

    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[first visit] page error:', e.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.emulateNetworkConditions', FAST_4G);
    const fetched = [];
    page.on('request', (request) => fetched.push({ url: request.url(), at: Date.now() }));

    const navigated = Date.now();
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => {
      const heading = document.querySelector('main h1');
      return heading && heading.textContent.trim() === 'Today' && !document.getElementById('app-loading')
        && !document.querySelector('main .loading') && document.querySelector('main a[href*="/leads/"]');
    }, null, { polling: 'raf', timeout: 120_000 });
    const interactiveAt = Date.now();
    const todayMs = await page.evaluate(() => performance.now());

    const before = new Set(fetched.filter((f) => f.at <= interactiveAt).map((f) => new URL(f.url).pathname));
    let gzip = 0;
    const files = [];
    for (const p of before) {
      const file = path.join(appDir, p === '/' ? 'index.html' : p);
      const bytes = await fs.readFile(file).catch(() => null);
      if (!bytes) continue;
      gzip += zlib.gzipSync(bytes, { level: 9 }).length;
      files.push(p);
    }

    // The idle prefetch: every split screen fetched (each lazy screen's file has its name in it).
    const wanted = LAZY_SCREENS.map((s) => s.toLowerCase());
    const prefetched = () => new Set(fetched.map((f) => SPLIT_FILE.exec(f.url)?.[1]).filter(Boolean));
    const deadline = Date.now() + 60_000;
    while (!wanted.every((w) => prefetched().has(w)) && Date.now() < deadline) await page.waitForTimeout(100);
    await page.waitForLoadState('networkidle');

    const lazy = {};
    for (const screen of LAZY_SCREENS) {
      // Clicked and timed inside the page: from the click until the screen's heading is drawn.
      lazy[screen] = await page.evaluate(async (name) => {
        const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
        const link = [...document.querySelectorAll('nav.mainnav a')].find((a) => a.textContent.trim().startsWith(name));
        const t0 = performance.now();
        link.click();
        while (document.querySelector('main h1')?.textContent.trim() !== name) await frame();
        return performance.now() - t0;
      }, screen);
    }
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    return {
      first_visit_today_ms: todayMs,
      first_load_gzip_kb: gzip / 1024,
      first_load_files: files.sort(),
      prefetched: [...prefetched()].sort(),
      lazy_route_first_visit_ms: lazy,
    };
  } finally {
    await context.close();
  }
}
