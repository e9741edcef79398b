// Two browsers (two contexts: two devices with their own IndexedDB) sync through the real
// CouchDB-protocol server that the test configuration starts (tests/sync/server.mjs), reached on
// the site's own origin at /couchdb/ as docs/sync.md's reverse proxy does.
// Tests that stop the server mid-sync run a server process of their own (OwnSyncServer): the
// shared one serves the other tests at the same time.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, guardContext, Kariz } from './kariz';

const syncServer = `http://127.0.0.1:${process.env.KARIZ_E2E_SYNC_PORT}/`;

// Two or three devices, each starting sync and waiting for the other's rounds: on a loaded
// 2-core machine one test takes 35 s of the default 45 s, and CI machines can be slower still.
test.describe.configure({ timeout: 120_000 });

/** A fresh database on the sync server (by default the shared one), named after the test. */
async function freshDatabase(name: string, server = syncServer): Promise<string> {
  const db = `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const created = await fetch(`${server}${db}`, { method: 'PUT' });
  expect(created.status, `creating ${db}`).toBe(201);
  return db;
}

/** Every document the server holds, as the server stores them. */
async function serverDocs(db: string, server = syncServer): Promise<{ id: string; doc: Record<string, unknown> }[]> {
  const answer = await fetch(`${server}${db}/_all_docs?include_docs=true`);
  const body = (await answer.json()) as { rows: { id: string; doc: Record<string, unknown> }[] };
  return body.rows;
}

/** tests/sync/server.mjs started by the test itself on a free port, so it can be stopped and
 * restarted (SIGUSR1 / SIGUSR2: the port closes and opens again, the databases stay in the
 * process) without disturbing the tests that share the configuration's server. The app reaches
 * it on its own origin: `serve(context)` passes the context's /couchdb/ requests on to it. */
class OwnSyncServer {
  private output = '';
  private waiters: { pattern: RegExp; from: number; done: () => void }[] = [];
  /** Milliseconds each request waits before it goes on: a slow line. */
  delay = 0;

  private constructor(private child: ChildProcess, public url = '') {
    child.stdout!.on('data', (chunk) => {
      this.output += String(chunk);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pattern.test(this.output.slice(w.from))) return true;
        w.done();
        return false;
      });
    });
  }

  static async start(): Promise<OwnSyncServer> {
    const child = spawn(process.execPath, ['tests/sync/server.mjs', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const server = new OwnSyncServer(child);
    ownServers.push(server);
    await server.printed(/listening on/, 0);
    server.url = /listening on (\S+)/.exec(server.output)![1];
    return server;
  }

  private printed(pattern: RegExp, from = this.output.length): Promise<void> {
    return new Promise((done, fail) => {
      if (pattern.test(this.output.slice(from))) return done();
      this.waiters.push({ pattern, from, done });
      this.child.once('exit', (code) => fail(new Error(`the sync server exited (${code})`)));
    });
  }

  /** Stops listening, closing every open connection, as a server going down. */
  async stop(): Promise<void> {
    const printed = this.printed(/stopped listening/);
    this.child.kill('SIGUSR1');
    await printed;
  }

  /** Listens again on the same port, with the same databases. */
  async restart(): Promise<void> {
    const printed = this.printed(/listening on/);
    this.child.kill('SIGUSR2');
    await printed;
  }

  close(): void {
    this.child.kill('SIGTERM');
  }

  /** Sends `context`'s requests under /couchdb/ to this server; refused while it is stopped. */
  async serve(context: BrowserContext): Promise<void> {
    await context.route('**/couchdb/**', async (route) => {
      if (this.delay) await new Promise((resolve) => setTimeout(resolve, this.delay));
      const asked = new URL(route.request().url());
      const rest = asked.pathname.slice(asked.pathname.indexOf('/couchdb/') + '/couchdb/'.length) + asked.search;
      try {
        await route.fulfill({ response: await route.fetch({ url: this.url + rest }) });
      } catch {
        await route.abort('connectionrefused').catch(() => {});
      }
    });
  }
}

const ownServers: OwnSyncServer[] = [];
test.afterEach(() => {
  for (const server of ownServers.splice(0)) server.close();
});

/** A second device: a browser context of its own, guarded like the test's own. */
async function secondDevice(browser: Browser, baseURL: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Tehran' });
  await guardContext(context, new URL(baseURL).origin, errors, errors, [], errors);
  return context.newPage();
}

async function fillSync(page: Page, db: string, passphrase = '', remember = false) {
  const kariz = new Kariz(page);
  await kariz.goto('/settings');
  const section = page.getByRole('region', { name: 'Sync' });
  await section.getByRole('textbox', { name: 'Server URL' }).fill(new URL('/couchdb/', page.url()).href);
  await section.getByRole('textbox', { name: 'Database' }).fill(db);
  if (passphrase) await section.getByLabel('Encryption passphrase').fill(passphrase);
  if (remember) await section.getByRole('checkbox', { name: 'Remember on this device' }).check();
  await section.getByRole('button', { name: 'Start sync' }).click();
}

async function startSync(page: Page, db: string, passphrase = '', remember = false) {
  await fillSync(page, db, passphrase, remember);
  await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 60_000 });
}

test('a lead made on one device appears on the other without a reload, and edits of both merge', async ({ page, browser, baseURL }) => {
  const db = await freshDatabase('appears');
  const deviceErrors: string[] = [];
  const other = await secondDevice(browser, baseURL!, deviceErrors);
  const a = new Kariz(page);
  const b = new Kariz(other);

  await startSync(page, db);
  await startSync(other, db);
  // What A's watch for the team's next change (a long-polled `_changes`) was woken by.
  const woken: string[] = [];
  page.on('response', async (response) => {
    if (!response.url().includes('feed=longpoll')) return;
    const body = (await response.json().catch(() => null)) as { results?: { id: string }[] } | null;
    woken.push(...(body?.results ?? []).map((r) => r.id));
  });
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
  // A, open on the lead page all along, was woken by B's edit rather than waiting for its poll.
  await expect.poll(() => woken).toContain(`lead:${path.split('/').pop()}`);

  // History on the lead page: who changed which field, newest first (no names given: "Someone").
  const history = page.getByRole('region', { name: 'History' }).getByRole('listitem');
  await expect(history).toHaveText(['Someone changed Company', 'Someone changed City', 'Someone created it']);

  // A deal converted on A and re-valued on B: its History, under the deal on the lead page.
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await a.field('Override reason').fill('Asked for a quote');
  await a.field('Deal title').fill('Tabriz Order');
  await a.field('Value').fill('1000');
  await page.getByRole('button', { name: 'Create deal' }).click();
  const dealsOnB = other.getByRole('region', { name: 'Deals' });
  await expect(dealsOnB).toContainText('Tabriz Order', { timeout: 15_000 });
  await dealsOnB.getByRole('button', { name: 'Edit deal Tabriz Order' }).click();
  await b.field('Value').fill('2500');
  await other.getByRole('button', { name: 'Save deal' }).click();
  const dealsOnA = page.getByRole('region', { name: 'Deals' });
  await expect(dealsOnA).toContainText('2,500', { timeout: 15_000 });
  await dealsOnA.getByText('History of “Tabriz Order”').click();
  await expect(dealsOnA.getByRole('region', { name: 'History of “Tabriz Order”' }).getByRole('listitem'))
    .toHaveText(['Someone changed Value', 'Someone created it']);

  // The server holds the lead as a sync document.
  const docs = await serverDocs(db);
  const lead = docs.find((d) => JSON.stringify(d.doc).includes('Parsian Trading'));
  expect(lead?.id).toMatch(/^lead:\d+$/);
  expect(deviceErrors).toEqual([]);
  await other.context().close();
});

test('tasks, sequences and templates show who made them on the other device', async ({ page, browser, baseURL }) => {
  const db = await freshDatabase('followups');
  const deviceErrors: string[] = [];
  const other = await secondDevice(browser, baseURL!, deviceErrors);
  const a = new Kariz(page);
  const b = new Kariz(other);
  await startSync(page, db);
  await startSync(other, db);
  await a.goto('/settings');
  const you = page.getByRole('region', { name: 'You', exact: true });
  await you.getByRole('textbox', { name: 'Your name' }).fill('Sara');
  await you.getByRole('button', { name: 'Save name' }).click();

  // On A: a task, a sequence and a message template.
  const templates = page.getByRole('region', { name: 'Message templates' });
  await a.field('Template name', templates).fill('Quote follow-up');
  await a.field('Subject', templates).fill('Your quote');
  await a.field('Message', templates).fill('Dear {first_name}, here is the quote.');
  await templates.getByRole('button', { name: 'Save template' }).click();
  const sequences = page.getByRole('region', { name: 'Sequences' });
  await a.field('Sequence name', sequences).fill('Welcome');
  await sequences.getByRole('button', { name: 'Add step' }).click();
  await a.field('Step 1 day', sequences).fill('0');
  await a.field('Step 1 title', sequences).fill('Intro email');
  await sequences.getByRole('button', { name: 'Save sequence' }).click();
  await expect(sequences.getByRole('list', { name: 'Saved sequences' }).getByRole('listitem')).toHaveCount(1);
  await a.navLink('Tasks').click();
  await page.getByRole('button', { name: 'New task', exact: true }).click();
  const form = page.getByRole('region', { name: 'New task' });
  await a.field('Title', form).fill('Send the quote');
  await a.field('Due', form).fill('2030-01-02');
  await form.getByRole('button', { name: 'Save task' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Synced');

  // On B, each with its History: made by Sara.
  await b.goto('/tasks');
  const task = other.getByRole('list', { name: 'Task list' }).getByRole('listitem')
    .filter({ has: other.getByRole('checkbox', { name: 'Send the quote', exact: true }) });
  await expect(task).toHaveCount(1, { timeout: 15_000 });
  await task.getByText('History of “Send the quote”').click();
  await expect(task.getByRole('region', { name: 'History of “Send the quote”' }).getByRole('listitem'))
    .toHaveText(['Sara created it']);
  await b.goto('/settings');
  for (const [section, list, name] of [['Message templates', 'Saved templates', 'Quote follow-up'], ['Sequences', 'Saved sequences', 'Welcome']]) {
    const item = other.getByRole('region', { name: section }).getByRole('list', { name: list }).getByRole('listitem');
    await expect(item).toContainText(name, { timeout: 15_000 });
    await item.getByText(`History of “${name}”`).click();
    await expect(item.getByRole('region', { name: `History of “${name}”` }).getByRole('listitem'))
      .toHaveText(['Sara created it']);
  }
  expect(deviceErrors).toEqual([]);
  await other.context().close();
});

test('a browser used before sync joins a team database that already has leads, and both keep theirs', async ({ page, browser, baseURL }) => {
  const db = await freshDatabase('join');
  const deviceErrors: string[] = [];
  const other = await secondDevice(browser, baseURL!, deviceErrors);
  const a = new Kariz(page);
  const b = new Kariz(other);
  await a.createLead({ name: 'Team First', company: 'Seed Co' });
  await startSync(page, db);
  // B was used on its own: its first lead has the same number as A's.
  await b.createLead({ name: 'Brought Along', company: 'Own Co' });
  await startSync(other, db);

  for (const device of [other, page]) {
    await new Kariz(device).goto('/leads');
    await expect(device.getByRole('link', { name: 'Team First', exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(device.getByRole('link', { name: 'Brought Along', exact: true })).toBeVisible({ timeout: 15_000 });
  }
  await page.getByRole('link', { name: 'Brought Along', exact: true }).click();
  await expect(a.heading('Brought Along')).toBeVisible();
  await expect(page.getByText('Own Co', { exact: true }).first()).toBeVisible();
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

test('edits made while the server is stopped merge when it is back, a same-field conflict is listed on both devices, and Keep this ends it everywhere', async ({ page, browser, baseURL }) => {
  const server = await OwnSyncServer.start();
  const db = await freshDatabase('conflict', server.url);
  const deviceErrors: string[] = [];
  const other = await secondDevice(browser, baseURL!, deviceErrors);
  await server.serve(page.context());
  await server.serve(other.context());
  const a = new Kariz(page);
  const b = new Kariz(other);
  await startSync(page, db);
  await startSync(other, db);
  const { path } = await a.createLead({ name: 'Dara Apart', company: 'First Co', city: 'Yazd' });
  await b.goto(path);
  await expect(b.heading('Dara Apart')).toBeVisible({ timeout: 15_000 });

  // The server stops; both devices edit the same lead meanwhile.
  await server.stop();
  await a.goto(path);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('textbox', { name: 'City', exact: true }).fill('Kerman');
  await page.getByRole('textbox', { name: 'Company', exact: true }).fill('Mine Co');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await other.getByRole('button', { name: 'Edit', exact: true }).click();
  await other.getByRole('textbox', { name: 'Job title', exact: true }).fill('Buyer');
  await other.getByRole('textbox', { name: 'Company', exact: true }).fill('Theirs Co');
  await other.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Offline — changes waiting to be sent: 1', { timeout: 15_000 });

  await expect(other.getByRole('status', { name: 'Sync status' })).toHaveText('Offline — changes waiting to be sent: 1', { timeout: 15_000 });

  // The server is back with what it held: different fields merge, the same field is a conflict
  // on both, nothing is lost.
  await server.restart();
  for (const device of [page, other]) {
    await expect(device.getByText('Kerman', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
    await expect(device.getByText('Buyer', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
    await expect(device.getByRole('link', { name: /^Conflicts/ })).toBeVisible({ timeout: 15_000 });
  }
  await page.getByRole('link', { name: /^Conflicts/ }).click();
  const record = page.getByRole('region', { name: 'Dara Apart' });
  await expect(record).toContainText('Mine Co');
  await expect(record).toContainText('Theirs Co');
  // Keep B's company from A's screen.
  const theirs = record.getByRole('group').filter({ hasText: 'Theirs Co' });
  await theirs.getByRole('button', { name: 'Keep this' }).click();
  await expect(page.getByText('No conflicts.')).toBeVisible();
  for (const device of [page, other]) {
    await expect(device.getByRole('link', { name: /^Conflicts/ })).toHaveCount(0, { timeout: 15_000 });
  }
  await b.goto(path);
  await expect(other.getByText('Theirs Co', { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  await expect(other.getByText('Kerman', { exact: true }).first()).toBeVisible();
  expect(deviceErrors).toEqual([]);
  await other.context().close();
});

test('with a passphrase the server holds no name, e-mail or phone; a wrong passphrase is explained and changes nothing', async ({ page, browser, baseURL }) => {
  const db = await freshDatabase('sealed');
  const deviceErrors: string[] = [];
  const other = await secondDevice(browser, baseURL!, deviceErrors);
  const third = await secondDevice(browser, baseURL!, deviceErrors);
  // Remembered: the pages below reload, and the passphrase is not asked again.
  await startSync(page, db, 'correct horse battery staple', true);
  const a = new Kariz(page);
  await a.createLead({ name: 'Golnaz Secret', email: 'golnaz@example.com', phone: '09121112233', company: 'Hidden Co' });
  await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText('Synced');
  await expect.poll(async () => (await serverDocs(db)).length).toBeGreaterThan(0);

  // Read back over HTTP: ids, revisions and ciphertext only.
  const stored = JSON.stringify(await serverDocs(db));
  for (const secret of ['Golnaz', 'golnaz@example.com', '0912', 'Hidden Co', '912 111']) {
    expect(stored, `${secret} is not on the server`).not.toContain(secret);
  }
  expect(stored).toContain('"sealed"');

  // A colleague with the passphrase reads it.
  await startSync(other, db, 'correct horse battery staple', true);
  await new Kariz(other).goto('/leads');
  await expect(other.getByRole('link', { name: 'Golnaz Secret', exact: true })).toBeVisible({ timeout: 15_000 });

  // A wrong passphrase: told, and nothing taken in or sent.
  const before = JSON.stringify(await serverDocs(db));
  await fillSync(third, db, 'wrong horse');
  await expect(third.getByRole('status', { name: 'Sync status' })).toContainText('not the one this database was encrypted with');
  await new Kariz(third).goto('/leads');
  await expect(third.getByRole('link', { name: 'Golnaz Secret', exact: true })).toHaveCount(0);
  expect(JSON.stringify(await serverDocs(db))).toBe(before);

  // No passphrase at all on an encrypted database: told too.
  await fillSync(third, db);
  await expect(third.getByRole('status', { name: 'Sync status' })).toContainText('this database is encrypted');
  expect(deviceErrors).toEqual([]);
  await other.context().close();
  await third.context().close();
});

test('change files carry a lead to a colleague and an edit back, with no server; the same file twice changes nothing', async ({ page, browser, baseURL }) => {
  const deviceErrors: string[] = [];
  const other = await secondDevice(browser, baseURL!, deviceErrors);
  const a = new Kariz(page);
  const b = new Kariz(other);

  const exportChanges = async (device: Page) => {
    await new Kariz(device).goto('/settings');
    const download = device.waitForEvent('download');
    await device.getByRole('button', { name: 'Export changes' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kariz-changes-.*\.json$/);
    return (await file.path())!;
  };
  const importChanges = async (device: Page, path: string) => {
    await new Kariz(device).goto('/settings');
    const chooser = device.waitForEvent('filechooser');
    await device.getByRole('button', { name: 'Import changes' }).click();
    await (await chooser).setFiles(path);
  };

  const { path } = await a.createLead({ name: 'Farhad File', company: 'Paper Co' });
  const fromA = await exportChanges(page);
  await importChanges(other, fromA);
  await expect(other.getByRole('status').filter({ hasText: 'Changes imported' })).toBeVisible();
  await importChanges(other, fromA);
  await expect(other.getByRole('status').filter({ hasText: 'Nothing new in this file' })).toBeVisible();

  await b.goto(path);
  await other.getByRole('button', { name: 'Edit', exact: true }).click();
  await other.getByRole('textbox', { name: 'City', exact: true }).fill('Rasht');
  await other.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(other.getByText('Rasht', { exact: true }).first()).toBeVisible();
  const fromB = await exportChanges(other);
  await importChanges(page, fromB);
  await expect(page.getByRole('status').filter({ hasText: 'Changes imported' })).toBeVisible();
  await a.goto(path);
  await expect(page.getByText('Rasht', { exact: true }).first()).toBeVisible();

  // A file of another kind is refused with its reason.
  await new Kariz(page).goto('/settings');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import changes' }).click();
  await (await chooser).setFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByRole('alert').filter({ hasText: 'not a Kariz change file' })).toBeVisible();
  expect(deviceErrors).toEqual([]);
  await other.context().close();
});

test('a first sync of 5,000 leads counts its progress, is cut off halfway by the server stopping, and completes with no duplicates once it is back', async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const server = await OwnSyncServer.start();
  const db = await freshDatabase('interrupted', server.url);
  const kariz = new Kariz(page);
  const rows = ['Full Name,Company'];
  for (let i = 1; i <= 5000; i++) rows.push(`Lead ${i},Company ${i % 97}`);
  await kariz.goto('/leads');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.getByRole('button', { name: 'Import 5,000 leads' }).click();
  await expect(page.getByText('Leads imported')).toBeVisible({ timeout: 30_000 });
  await kariz.goto('/settings');
  await expect(page.getByText(/^5,000 leads/)).toBeVisible();

  // A slow line; the status counts what is sent; the server stops once part of it is there.
  server.delay = 250;
  await server.serve(page.context());
  await fillSync(page, db);
  const status = page.getByRole('status', { name: 'Sync status' });
  await expect(status).toHaveText(/^Syncing [\d,]+ of 5,0\d\d$/, { timeout: 30_000 });
  const leadsOnServer = async () => (await serverDocs(db, server.url)).filter((d) => d.id.startsWith('lead:')).length;
  await expect.poll(leadsOnServer, { timeout: 60_000 }).toBeGreaterThan(0);
  await server.stop();
  await expect(status).toContainText('Offline', { timeout: 30_000 });
  const partial = await leadsOnServer().catch(() => -1);
  expect(partial, 'the server does not answer while stopped').toBe(-1);

  // Back, with what it had: the sync resumes from its checkpoint and ends with each lead once.
  await server.restart();
  const kept = await leadsOnServer();
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(5000);
  server.delay = 0;
  await expect(status).toHaveText('Synced', { timeout: 60_000 });
  expect(await leadsOnServer()).toBe(5000);

  // A second device takes exactly those 5,000, counting them as they come.
  const deviceErrors: string[] = [];
  const other = await secondDevice(browser, baseURL!, deviceErrors);
  server.delay = 100;
  await server.serve(other.context());
  await fillSync(other, db);
  await expect(other.getByRole('status', { name: 'Sync status' })).toHaveText(/^Syncing [\d,]+ of [\d,]+$/, { timeout: 30_000 });
  server.delay = 0;
  await expect(other.getByRole('status', { name: 'Sync status' })).toHaveText('Synced', { timeout: 60_000 });
  await new Kariz(other).goto('/settings');
  await expect(other.getByText(/^5,000 leads/)).toBeVisible({ timeout: 30_000 });
  expect(await leadsOnServer()).toBe(5000);
  expect(deviceErrors).toEqual([]);
  await other.context().close();
});
