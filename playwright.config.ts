// End-to-end tests for Kariz: Playwright drives Debian's Chromium (/usr/bin/chromium) — never
// `npx playwright install`. The built site (dist/, from `make dist`) is served by tests/e2e/serve.mjs
// on 127.0.0.1 with a free port. Run everything with `make test-e2e` (or `make test`).
// A second build for a sub-path (dist-crm/, `build-site.mjs --base /crm/`, made by scripts/test.sh)
// is served under /crm/ on another port when it exists; tests/e2e/subpath.spec.ts uses it.
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A free port on 127.0.0.1. */
export function freePort(): number {
  return Number(
    execFileSync(process.execPath, [
      '-e',
      "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
    ])
      .toString()
      .trim(),
  );
}

// Pick free ports once, in the main process; workers inherit them through the environment.
process.env.KARIZ_E2E_PORT ||= String(freePort());
process.env.KARIZ_E2E_SUBPATH_PORT ||= String(freePort());
process.env.KARIZ_E2E_SYNC_PORT ||= String(freePort());
const port = Number(process.env.KARIZ_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
const subpathDist = process.env.KARIZ_SUBPATH_DIST_DIR || 'dist-crm';
const subpathPort = Number(process.env.KARIZ_E2E_SUBPATH_PORT);
// The sync tests' CouchDB-protocol server (tests/sync/server.mjs), reached by the app through the
// site's own origin at /couchdb/ (serve.mjs passes it on, as the reverse proxy of docs/sync.md).
const syncPort = Number(process.env.KARIZ_E2E_SYNC_PORT);
const CI = !!process.env.CI;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'tests/e2e/test-results',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: CI,
  // One retry on CI so a machine hiccup does not block a landing; Playwright still reports the test as flaky.
  retries: CI ? 1 : 0,
  workers: 2,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'tests/e2e/playwright-report' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    timezoneId: 'Asia/Tehran',
    launchOptions: {
      executablePath: process.env.KARIZ_CHROMIUM || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    // Fail fast when a control is missing instead of waiting for the whole test timeout.
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      // KARIZ_DIST_DIR serves another build (default dist/, from `make dist`).
      command: `node tests/e2e/serve.mjs --dir ${process.env.KARIZ_DIST_DIR || 'dist'} --port ${port} --couchdb http://127.0.0.1:${syncPort}/`,
      url: `${baseURL}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `node tests/sync/server.mjs --port ${syncPort}`,
      url: `http://127.0.0.1:${syncPort}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    ...(existsSync(`${subpathDist}/index.html`)
      ? [
          {
            command: `node tests/e2e/serve.mjs --dir ${subpathDist} --port ${subpathPort} --base /crm/`,
            url: `http://127.0.0.1:${subpathPort}/crm/`,
            reuseExistingServer: false,
            timeout: 30_000,
            stdout: 'pipe' as const,
            stderr: 'pipe' as const,
          },
        ]
      : []),
  ],
});
