// Two browsers (two contexts: two devices with their own IndexedDB) sync through the real
// CouchDB-protocol server that the test configuration starts (tests/sync/server.mjs), reached on
// the site's own origin at /couchdb/ as docs/sync.md's reverse proxy does.
import type { Browser, Page } from '@playwright/test';
import { test, expect, guardContext, Kariz } from './kariz';

const syncServer = `http://127.0.0.1:${process.env.KARIZ_E2E_SYNC_PORT}/`;

/** A fresh database on the sync server, named after the test. */
async function freshDatabase(name: string): Promise<string> {
  const db = `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const created = await fetch(`${syncServer}${db}`, { method: 'PUT' });
  expect(created.status, `creating ${db}`).toBe(201);
  return db;
}

/** Every document the server holds, as the server stores them. */
async function serverDocs(db: string): Promise<{ id: string; doc: Record<string, unknown> }[]> {
  const answer = await fetch(`${syncServer}${db}/_all_docs?include_docs=true`);
  const body = (await answer.json()) as { rows: { id: string; doc: Record<string, unknown> }[] };
  return body.rows;
}

/** A second device: a browser context of its own, guarded like the test's own. */
async function secondDevice(browser: Browser, baseURL: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Tehran' });
  await guardContext(context, new URL(baseURL).origin, errors, errors, [], errors);
  return context.newPage();
}

async function startSync(page: Page, db: string) {
  const kariz = new Kariz(page);
  await kariz.goto('/settings');
  const section = page.getByRole('region', { name: 'Sync' });
  await section.getByRole('textbox', { name: 'Server URL' }).fill(new URL('/couchdb/', page.url()).href);
  await section.getByRole('textbox', { name: 'Database' }).fill(db);
  await section.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Synced');
}

test('a lead made on one device appears on the other without a reload, and edits of both merge', async ({ page, browser, baseURL }) => {
  const db = await freshDatabase('appears');
  const deviceErrors: string[] = [];
  const other = await secondDevice(browser, baseURL!, deviceErrors);
  const a = new Kariz(page);
  const b = new Kariz(other);

  await startSync(page, db);
  await startSync(other, db);
  const { path } = await a.createLead({ name: 'Shirin Sync', company: 'Pars Co', city: 'Tabriz' });
  await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Synced');

  // B sees it within a few seconds, without reloading.
  await b.goto('/leads');
  await expect(other.getByRole('link', { name: 'Shirin Sync', exact: true })).toBeVisible({ timeout: 15_000 });

  // Each device changes another field; both end with both.
  await a.goto(path);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Shiraz');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await b.goto(path);
  await expect(other.getByText('Shiraz', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await other.getByRole('button', { name: 'Edit', exact: true }).click();
  await other.getByRole('textbox', { name: 'Company', exact: true }).fill('Parsian Trading');
  await other.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Parsian Trading', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Shiraz', { exact: true }).first()).toBeVisible();

  // The server holds the lead as a sync document.
  const docs = await serverDocs(db);
  const lead = docs.find((d) => JSON.stringify(d.doc).includes('Parsian Trading'));
  expect(lead?.id).toMatch(/^lead:\d+$/);
  expect(deviceErrors).toEqual([]);
  await other.context().close();
});

test('a wrong password is a clear message and nothing is sent', async ({ page }) => {
  const db = await freshDatabase('password');
  const user = `sara-${Date.now()}`;
  const created = await fetch(`${syncServer}_users/org.couchdb.user:${user}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: user, password: 'right horse', roles: [], type: 'user' }),
  });
  expect(created.status).toBe(201);
  const kariz = new Kariz(page);
  await kariz.createLead({ name: 'Kept Local' });
  await kariz.goto('/settings');
  const section = page.getByRole('region', { name: 'Sync' });
  await section.getByRole('textbox', { name: 'Server URL' }).fill(new URL('/couchdb/', page.url()).href);
  await section.getByRole('textbox', { name: 'Database' }).fill(db);
  await section.getByRole('textbox', { name: 'User name' }).fill(user);
  await section.getByLabel('Password', { exact: true }).fill('wrong horse');
  await section.getByRole('button', { name: 'Start sync' }).click();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('refused the user name or password');
  expect(await serverDocs(db)).toEqual([]);
});

test('the sync form names what is wrong and starts nothing', async ({ page }) => {
  const kariz = new Kariz(page);
  await kariz.goto('/settings');
  const section = page.getByRole('region', { name: 'Sync' });
  await section.getByRole('textbox', { name: 'Server URL' }).fill('couch.example.com');
  await section.getByRole('textbox', { name: 'Database' }).fill('Team Sales');
  await section.getByRole('button', { name: 'Start sync' }).click();
  await expect(section.getByText(/starting with https:\/\//)).toBeVisible();
  await expect(section.getByText(/a lowercase letter, then/)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toHaveCount(0);
});
