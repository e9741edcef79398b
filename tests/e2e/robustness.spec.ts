// Robustness: data survives a browser restart, tabs stay in sync, a database from a newer Kariz is
// refused with an explanation, and the Leads table pages and sorts large lists correctly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { test, expect, guardContext, Kariz, selectedLabel } from './kariz';

/** The fixtures' privacy and page-error guards, for a context the fixtures do not cover. */
async function guard(context: BrowserContext, origin: string) {
  const offOrigin: string[] = [];
  const pageErrors: string[] = [];
  await guardContext(context, origin, offOrigin, pageErrors);
  return () => {
    expect(offOrigin, `the app must not contact any origin but ${origin}`).toEqual([]);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  };
}

test('a lead and its call survive closing and relaunching the whole browser', async ({ baseURL }) => {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'kariz-e2e-profile-'));
  const launch = () =>
    chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.KARIZ_CHROMIUM || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      baseURL,
      locale: 'en-US',
      timezoneId: 'Asia/Tehran',
    });
  const origin = new URL(baseURL!).origin;
  try {
    let path_ = '';
    {
      const context = await launch();
      const check = await guard(context, origin);
      const page = context.pages()[0] ?? (await context.newPage());
      const kariz = new Kariz(page);
      await kariz.goto('/leads');
      ({ path: path_ } = await kariz.createLead({ name: 'Hamid Restart', company: 'Kish Logistics' }));
      await kariz.openLead('Hamid Restart');
      await kariz.logActivity('Call', 'Called before the restart.');
      await context.close();
      check();
    }
    {
      const context = await launch();
      const check = await guard(context, origin);
      const page = context.pages()[0] ?? (await context.newPage());
      const kariz = new Kariz(page);
      await kariz.goto('/leads');
      await expect(kariz.leadRow('Hamid Restart'), 'the lead is still listed after a browser restart').toHaveCount(1);
      await kariz.openLead('Hamid Restart');
      await expect(page).toHaveURL(new RegExp(`${path_}$`));
      const item = kariz.activityTimeline().getByRole('listitem').filter({ hasText: 'Called before the restart.' });
      await expect(item, 'the call is still on the timeline after a browser restart').toHaveCount(1);
      await expect(item).toContainText('Call');
      await context.close();
      check();
    }
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});

test('two tabs: a lead created in one appears in the other, and a deletion there removes it here', async ({ context, page }) => {
  const a = new Kariz(page);
  const pageB = await context.newPage();
  const b = new Kariz(pageB);
  await a.goto('/leads');
  await b.goto('/leads');
  await expect(b.heading('Leads')).toBeVisible();
  // Marks tab B's document: if B were reloaded instead of updated in place, the mark would be gone.
  await pageB.evaluate(() => ((window as unknown as { karizMark: number }).karizMark = 42));

  await a.createLead({ name: 'Tara Twotabs', company: 'Sync Co' });
  await expect(b.leadRow('Tara Twotabs'), 'tab B lists the lead created in tab A').toHaveCount(1);
  await expect(pageB.getByText('1 of 1 leads', { exact: true })).toBeVisible();
  expect(await pageB.evaluate(() => (window as unknown as { karizMark?: number }).karizMark), 'tab B was not reloaded').toBe(42);

  await b.openLead('Tara Twotabs');
  await b.deleteCurrentLead();
  await expect(pageB).toHaveURL(/\/leads$/);
  await expect(b.leadRow('Tara Twotabs')).toHaveCount(0);
  await expect(a.leadRow('Tara Twotabs'), 'tab A loses the row deleted in tab B').toHaveCount(0);
  await expect(page.getByText('0 of 0 leads', { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/leads$/);
});

test('a database written by a newer Kariz is refused with a full-page explanation', async ({ kariz, page }) => {
  // A same-origin page that is not the app (a 404 text), so the app does not open the database first.
  await page.goto('/robustness-blank.txt');
  const created = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('kariz', 1000);
        req.onupgradeneeded = () => req.result.createObjectStore('from_the_future');
        req.onsuccess = () => {
          const v = req.result.version;
          req.result.close();
          resolve(v);
        };
        req.onerror = () => reject(req.error);
        req.onblocked = () => reject(new Error('blocked'));
      }),
  );
  expect(created).toBe(1000);

  await kariz.goto('/leads');
  const failure = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Kariz cannot open its database' }) });
  await expect(failure).toBeVisible();
  await expect(kariz.heading('Kariz cannot open its database')).toBeVisible();
  await expect(failure).toContainText(/written by a newer Kariz \(version 1000; this one knows up to \d+\)/);
  await expect(failure.getByRole('button', { name: 'Reload', exact: true })).toBeVisible();
  // Nothing of the app itself.
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(kariz.heading('Leads')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New lead' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);

  // Reload tries again and explains again; the newer database is left as it was.
  await failure.getByRole('button', { name: 'Reload', exact: true }).click();
  await kariz.ready();
  await expect(kariz.heading('Kariz cannot open its database')).toBeVisible();
  const stores = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[] }>((resolve, reject) => {
        const req = indexedDB.open('kariz');
        req.onsuccess = () => {
          const db = req.result;
          const out = { version: db.version, stores: Array.from(db.objectStoreNames) };
          db.close();
          resolve(out);
        };
        req.onerror = () => reject(req.error);
      }),
  );
  expect(stores, 'the newer database is not touched').toEqual({ version: 1000, stores: ['from_the_future'] });
});

test.describe('a long list', () => {
  const names = Array.from({ length: 120 }, (_, i) => `Lead ${String(i + 1).padStart(3, '0')}`);
  const csv = ['name,company', ...names.map((n) => `${n},Acme`)].join('\n');

  test('120 imported leads are paged 50 at a time; a search narrows them and goes back to page 1', async ({ kariz, page }) => {
    await kariz.goto('/leads');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByLabel('CSV file').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import 120 leads' }).click();

    const rows = kariz.leadsTable().getByRole('row').filter({ has: page.getByRole('link') });
    const pages = page.getByRole('navigation', { name: 'Pages' });
    const next = pages.getByRole('button', { name: 'Next page' });
    const prev = pages.getByRole('button', { name: 'Previous page' });
    await expect(page.getByText('120 of 120 leads', { exact: true })).toBeVisible();
    await expect(pages).toContainText('Page 1 of 3');
    await expect(rows).toHaveCount(50);
    await expect(prev).toBeDisabled();

    const seen = new Set(await kariz.leadNames());
    await next.click();
    await expect(pages).toContainText('Page 2 of 3');
    await expect(rows).toHaveCount(50);
    for (const n of await kariz.leadNames()) seen.add(n);
    await next.click();
    await expect(pages).toContainText('Page 3 of 3');
    await expect(rows).toHaveCount(20);
    await expect(next).toBeDisabled();
    await expect(prev).toBeEnabled();
    for (const n of await kariz.leadNames()) seen.add(n);
    expect([...seen].sort(), 'the three pages show every lead exactly once').toEqual(names);

    // From page 3, a search that still has 3 pages of results goes back to page 1.
    await kariz.searchBox().fill('Lead 0'); // Lead 001–099, 100–109, 110, 120
    await expect(page.getByText('111 of 120 leads', { exact: true })).toBeVisible();
    await expect(pages).toContainText('Page 1 of 3');
    await expect(rows).toHaveCount(50);
    await expect(prev).toBeDisabled();

    await next.click();
    await expect(pages).toContainText('Page 2 of 3');
    await kariz.searchBox().fill('Lead 11'); // Lead 011 and 110–119
    await expect(page.getByText('11 of 120 leads', { exact: true })).toBeVisible();
    await expect(pages).toContainText('Page 1 of 1');
    await expect(rows).toHaveCount(11);
    expect((await kariz.leadNames()).sort()).toEqual(['Lead 011', ...Array.from({ length: 10 }, (_, i) => `Lead 11${i}`)]);
    await expect(next).toBeDisabled();
    await expect(prev).toBeDisabled();
  });
});

test('sorting by name goes A→Z, and the sort order switches it to Z→A and stays while searching', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  // Created in an order that is neither A→Z nor Z→A, so the default (newest first) differs from both.
  for (const name of ['Bita Sort', 'Arash Sort', 'Cyrus Sort']) await kariz.createLead({ name });
  const sortBy = kariz.field('Sort by');
  const order = kariz.field('Sort order');

  await sortBy.selectOption({ label: 'Name' });
  await expect.poll(() => kariz.leadNames()).toEqual(['Arash Sort', 'Bita Sort', 'Cyrus Sort']);
  await expect.poll(() => selectedLabel(order)).toBe('Ascending');

  await order.selectOption({ label: 'Descending' });
  await expect.poll(() => kariz.leadNames()).toEqual(['Cyrus Sort', 'Bita Sort', 'Arash Sort']);
  await expect.poll(() => selectedLabel(sortBy)).toBe('Name');
  await expect.poll(() => selectedLabel(order)).toBe('Descending');

  // Searching neither resets the key nor the direction.
  await kariz.searchBox().fill('Sort');
  await expect.poll(() => kariz.leadNames()).toEqual(['Cyrus Sort', 'Bita Sort', 'Arash Sort']);
  await expect.poll(() => selectedLabel(order)).toBe('Descending');
  await expect(page.getByText('3 of 3 leads', { exact: true })).toBeVisible();
});
