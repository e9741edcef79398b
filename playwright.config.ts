// End-to-end tests for Kariz: Playwright drives Debian's Chromium (/usr/bin/chromium) — never
// `npx playwright install`. The built site (dist/, from `make dist`) is served by tests/e2e/serve.mjs
// on 127.0.0.1 with a free port. Run everything with `make test-e2e` (or `make test`).
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';

// Pick a free port once, in the main process; workers inherit it through the environment.
if (!process.env.KARIZ_E2E_PORT) {
  process.env.KARIZ_E2E_PORT = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ])
    .toString()
    .trim();
}
const port = Number(process.env.KARIZ_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
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
  webServer: {
    // KARIZ_DIST_DIR serves another build (default dist/, from `make dist`).
    command: `node tests/e2e/serve.mjs --dir ${process.env.KARIZ_DIST_DIR || 'dist'} --port ${port}`,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
