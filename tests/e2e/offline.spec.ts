// Installable and offline: after the first visit the service worker serves the whole app from its
// cache (the server may be gone), a new deployment is offered with "A new version is ready" →
// "Reload", and an update never touches the data. Each test serves its own copy of dist/ on its own
// port, so it can stop the server or deploy a new version into it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { freePort } from '../../playwright.config';
import { test, expect } from './kariz';

const port = freePort();
test.use({ baseURL: `http://127.0.0.1:${port}` });

/** A copy of dist/ served by tests/e2e/serve.mjs until stop(). */
async function deploy() {
  const dir = await mkdtemp(path.join(tmpdir(), 'kariz-e2e-site-'));
  await cp(process.env.KARIZ_DIST_DIR || 'dist', dir, { recursive: true });
  let server: ChildProcess | null = null;
  const start = async () => {
    const child = spawn(process.execPath, ['tests/e2e/serve.mjs', '--dir', dir, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    server = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Serving')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
  };
  const stop = async () => {
    const child = server;
    server = null;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  };
  await start();
  return { dir, start, stop, remove: async () => { await stop(); await rm(dir, { recursive: true, force: true }); } };
}

async function controlledByServiceWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
}

test('after the first visit the app starts and works with the network off and the server gone', async ({ kariz, page, context }) => {
  const site = await deploy();
  try {
    await kariz.goto('/leads');
    await controlledByServiceWorker(page);
    const cached = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((n) => n.startsWith('kariz-'));
      const cache = await caches.open(names[0]);
      return { names, urls: (await cache.keys()).map((r) => new URL(r.url).pathname).sort() };
    });
    expect(cached.names, 'one cache, for this build').toHaveLength(1);
    expect(cached.urls.filter((u) => /^\/kariz-kariz_[a-z]+-[0-9a-f]+\.wasm$/.test(u)).length, 'every split screen is cached').toBeGreaterThanOrEqual(8);
    expect(cached.urls, 'the shell and every code file are cached').toEqual(
      expect.arrayContaining(['/index.html', '/manifest.webmanifest', expect.stringMatching(/^\/kariz-[0-9a-f]+_bg\.wasm$/),
        expect.stringMatching(/^\/kariz-[0-9a-f]+\.js$/), expect.stringMatching(/^\/loader-[0-9a-f]+\.js$/), expect.stringMatching(/^\/main-[0-9a-f]+\.css$/)]),
    );

    await site.stop();
    await context.setOffline(true);

    await kariz.reload();
    await expect(kariz.heading('Leads')).toBeVisible();
    await kariz.createLead({ name: 'Olya Offline', company: 'No Network Co' });
    // A deep link, loaded from the cache; split screens come from the cache too.
    await kariz.goto('/pipeline');
    await expect(kariz.heading('Pipeline')).toBeVisible();
    for (const screen of ['Settings', 'Reports', 'Dashboard']) {
      await kariz.navLink(screen).click();
      await expect(kariz.heading(screen)).toBeVisible();
    }
    await kariz.goto('/leads');
    await expect(kariz.leadRow('Olya Offline'), 'the lead saved offline is there after a reload').toHaveCount(1);

    // The worker answers only for the app's own files: anything else still goes to the (absent) network.
    const other = await page.evaluate(() => fetch('/not-part-of-the-app.txt').then((r) => `HTTP ${r.status}`, () => 'network error'));
    expect(other).toBe('network error');
  } finally {
    await context.setOffline(false);
    await site.remove();
  }
});

test('a new deployment shows "A new version is ready"; Reload runs it and keeps the data', async ({ kariz, page }) => {
  const site = await deploy();
  try {
    await kariz.goto('/leads');
    await controlledByServiceWorker(page);
    await kariz.createLead({ name: 'Ulrike Update', company: 'Before Co' });
    await expect(page.getByRole('status', { name: 'A new version is ready' })).toHaveCount(0);

    // Deploy version 2: a changed index.html, and the sw.js that lists it (new integrity, new cache).
    const indexPath = path.join(site.dir, 'index.html');
    const index = (await readFile(indexPath, 'utf8')).replace('<title>', '<meta name="kariz-e2e-version" content="2">\n    <title>');
    await writeFile(indexPath, index);
    const swPath = path.join(site.dir, 'sw.js');
    const sw = await readFile(swPath, 'utf8');
    const [, json] = sw.match(/^const build = (\{.*\});$/m)!;
    const build = JSON.parse(json) as { version: string; files: { path: string; integrity: string }[] };
    build.version = 'e2e-v2';
    build.files.find((f) => f.path === '/index.html')!.integrity = `sha384-${createHash('sha384').update(index).digest('base64')}`;
    await writeFile(swPath, sw.replace(json, () => JSON.stringify(build)));

    // The browser looks for a new sw.js on navigation; the new worker installs and waits.
    await kariz.reload();
    const banner = page.getByRole('status', { name: 'A new version is ready' });
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('meta[name="kariz-e2e-version"]'), 'still the old version until Reload').toHaveCount(0);

    await banner.getByRole('button', { name: 'Reload', exact: true }).click();
    await expect(page.locator('meta[name="kariz-e2e-version"]'), 'the new version runs after Reload').toHaveAttribute('content', '2', { timeout: 20_000 });
    await kariz.ready();
    await expect(banner).toHaveCount(0);
    expect(await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('kariz-'))), 'the old build\'s cache is gone').toEqual(['kariz-e2e-v2']);
    await kariz.goto('/leads');
    await expect(kariz.leadRow('Ulrike Update'), 'the data is untouched by the update').toHaveCount(1);
  } finally {
    await site.remove();
  }
});

test('the privacy guard also sees (and blocks) what a service worker fetches', async ({ page, offOriginRequests }) => {
  const site = await deploy();
  try {
    // A worker of the test's own, beside the app's: it tries to reach another origin on install.
    await writeFile(
      path.join(site.dir, 'harness-sw.js'),
      "self.addEventListener('install', (e) => e.waitUntil(fetch('http://198.51.100.7/sw-tracker').catch(() => {})));\n",
    );
    await page.goto('/harness-blank.txt');
    await page.evaluate(() => navigator.serviceWorker.register('/harness-sw.js', { scope: '/harness-scope/' }));
    await expect.poll(() => offOriginRequests, { message: 'the worker\'s request is recorded' }).toContain('http://198.51.100.7/sw-tracker');
    offOriginRequests.length = 0; // expected here; the guard checks the list after the test
  } finally {
    await site.remove();
  }
});
