// The first download is the shell, Today, Leads and the lead page; every other screen (and the
// import panel) is a wasm file of its own, split out by scripts/build-site.mjs, fetched when the
// browser is idle after start or on first use, checked by its integrity like the rest.
import type { Page } from '@playwright/test';
import { test, expect } from './kariz';

// The service worker would answer from its own copies; these tests are about what the page fetches.
test.use({ serviceWorkers: 'block' });

/** A split file: a screen's or the import panel's (kariz-kariz_<name>-<hash>.wasm) or shared code (kariz-chunk-<hash>.wasm). */
const SPLIT = /\/kariz-(?:kariz_([a-z]+)|chunk)-[0-9a-f]+\.wasm$/;
const SCREENS = ['Tasks', 'Dashboard', 'Pipeline', 'Prune', 'Reports', 'Settings'];

/** Names of the split files the page asked for, as they are asked for. */
function splitRequests(page: Page) {
  const names: string[] = [];
  page.on('request', (r) => {
    const m = SPLIT.exec(new URL(r.url()).pathname);
    if (m) names.push(m[1] ?? 'chunk');
  });
  return names;
}

test('Today, Leads and a lead page work with no split file; a screen that cannot be downloaded says so and loads on "Try again"', async ({ kariz, page }) => {
  let blocked = true;
  await page.route(SPLIT, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await kariz.goto('/');
  await expect(kariz.heading('Today')).toBeVisible();
  await kariz.navLink('Leads').click();
  await kariz.createLead({ name: 'Selma Split', company: 'First Load Co' });
  await kariz.openLead('Selma Split');
  await expect(kariz.heading('Selma Split')).toBeVisible();

  await kariz.navLink('Settings').click();
  const failure = page.getByRole('alert').filter({ hasText: 'This part of Kariz could not be downloaded' });
  await expect(failure).toBeVisible();
  await expect(failure).toContainText('your data is safe');
  // The rest of the app keeps working.
  await kariz.navLink('Leads').click();
  await expect(kariz.leadRow('Selma Split')).toHaveCount(1);

  blocked = false;
  await kariz.navLink('Settings').click();
  const retry = page.getByRole('button', { name: 'Try again' });
  await expect(retry.or(kariz.heading('Settings'))).toBeVisible();
  if (await retry.isVisible()) await retry.click();
  await expect(kariz.heading('Settings')).toBeVisible();
  await expect(failure).toHaveCount(0);
});

test('every screen\'s code is fetched when the browser is idle after start, so a first visit needs no network', async ({ kariz, page, context }) => {
  const requested = splitRequests(page);
  await kariz.goto('/');
  await expect(kariz.heading('Today')).toBeVisible();
  const wanted = ['tasks', 'pipeline', 'prune', 'reports', 'dashboard', 'settings', 'conflicts'];
  await expect.poll(() => wanted.filter((w) => !requested.includes(w)), { message: 'screens not yet prefetched', timeout: 20_000 }).toEqual([]);
  expect(requested, 'the import panel is fetched on first use only').not.toContain('import');
  await page.waitForLoadState('networkidle');

  await context.setOffline(true);
  try {
    for (const screen of SCREENS) {
      await kariz.navLink(screen).click();
      await expect(kariz.heading(screen)).toBeVisible();
    }
  } finally {
    await context.setOffline(false);
  }
});

test('the import panel is fetched on first use (import.spec.ts imports through it)', async ({ kariz, page }) => {
  const requested = splitRequests(page);
  await kariz.goto('/leads');
  await page.waitForLoadState('networkidle');
  expect(requested).not.toContain('import');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await expect(page.getByRole('region', { name: 'Import leads from CSV' })).toBeVisible();
  expect(requested).toContain('import');
});
