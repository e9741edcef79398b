// Test fixtures and a small page object for Kariz's end-to-end tests.
// Controls are found by role and accessible name (the UI contract), never by CSS — the only
// exception is #app-loading, the static placeholder from index.html that the app removes on start.
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

// ---------------------------------------------------------------------------------------------
// Fixtures: every test fails if the app talks to another origin, throws an uncaught error or
// does something its Content-Security-Policy forbids.
// ---------------------------------------------------------------------------------------------
type Fixtures = {
  /** Requests to other origins seen so far (they are also aborted). The guard fails the test if not empty. */
  offOriginRequests: string[];
  /** Uncaught page errors (including Rust panics surfacing as RuntimeError) seen so far. */
  pageErrors: string[];
  /** Content-Security-Policy violations (`securitypolicyviolation` events) seen so far. */
  cspViolations: string[];
  _privacyGuard: void;
  kariz: Kariz;
};

const ALWAYS_LOCAL = /^(data|blob|about|chrome|chrome-extension|devtools):/;

export const test = base.extend<Fixtures>({
  offOriginRequests: async ({}, use) => use([]),
  pageErrors: async ({}, use) => use([]),
  cspViolations: async ({}, use) => use([]),

  _privacyGuard: [
    async ({ context, baseURL, offOriginRequests, pageErrors, cspViolations }, use, testInfo) => {
      const origin = new URL(baseURL!).origin;
      const consoleErrors: string[] = [];
      await guardContext(context, origin, offOriginRequests, pageErrors, consoleErrors, cspViolations);

      await use();

      if (consoleErrors.length) {
        await testInfo.attach('console-errors.txt', { body: consoleErrors.join('\n'), contentType: 'text/plain' });
      }
      expect(offOriginRequests, `the app must not contact any origin but ${origin}`).toEqual([]);
      expect(pageErrors, 'uncaught errors in the page').toEqual([]);
      expect(cspViolations, 'Content-Security-Policy violations in the page').toEqual([]);
    },
    { auto: true },
  ],

  kariz: async ({ page }, use) => use(new Kariz(page)),
});

export { expect };

/**
 * Guards a browser context: requests (and WebSockets) to any origin but `origin` are blocked and
 * recorded in `offOrigin`; uncaught page errors go to `pageErrors`, console errors to `consoleErrors`,
 * Content-Security-Policy violations to `cspViolations` (by default with the page errors, so a
 * caller that checks those fails on them too).
 * The fixtures use it for every test's context; a test that launches its own browser calls it too.
 */
export async function guardContext(
  context: BrowserContext,
  origin: string,
  offOrigin: string[],
  pageErrors: string[],
  consoleErrors: string[] = [],
  cspViolations: string[] = pageErrors,
) {
  const isOwn = (url: string) => {
    if (ALWAYS_LOCAL.test(url)) return true;
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
  const record = (url: string) => {
    if (!offOrigin.includes(url)) offOrigin.push(url);
  };
  // Block and record: nothing leaves the machine even if the app tries.
  await context.route(
    (url) => !isOwn(url.toString()),
    (route) => {
      record(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  context.on('request', (req) => {
    if (!isOwn(req.url())) record(req.url());
  });
  // Every document reports its CSP violations to the test at once (a record kept in the page would
  // be lost on the next navigation).
  await context.exposeBinding('__karizCspViolation', ({ page }, report: string) => {
    cspViolations.push(`${page?.url() ?? '?'}: ${report}`);
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}${e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''}${e.sample ? ` (${e.sample})` : ''}`;
        void (window as unknown as { __karizCspViolation: (r: string) => Promise<void> }).__karizCspViolation(report);
      },
      true,
    );
  });
  const watch = (p: Page) => {
    p.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
    p.on('websocket', (ws) => {
      if (!isOwn(ws.url().replace(/^ws/, 'http'))) record(ws.url());
    });
    p.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

// ---------------------------------------------------------------------------------------------
// Lead form data
// ---------------------------------------------------------------------------------------------
export const TEXT_FIELDS = {
  name: 'Name',
  company: 'Company',
  jobTitle: 'Job title',
  email: 'Email',
  phone: 'Phone',
  industry: 'Industry',
  employees: 'Employees',
  city: 'City',
  budget: 'Budget',
  timeline: 'Timeline',
  owner: 'Owner',
  notes: 'Notes',
} as const;

export const SELECT_FIELDS = {
  source: 'Source',
  currency: 'Currency',
  decisionRole: 'Decision role',
  journeyStage: 'Journey stage',
} as const;

type TextKey = keyof typeof TEXT_FIELDS;
type SelectKey = keyof typeof SELECT_FIELDS;
/** A select is set by option label (string) or by option index (number). */
export type LeadInput = Partial<Record<TextKey, string>> & Partial<Record<SelectKey, string | number>>;
/** What was chosen in each select that was set (option labels). */
export type ChosenOptions = Partial<Record<SelectKey, string>>;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches a label exactly, tolerating a trailing required-marker "*". */
export const labelRe = (label: string) => new RegExp(`^\\s*${escapeRe(label)}\\s*\\*?\\s*$`);

// ---------------------------------------------------------------------------------------------
// Page object
// ---------------------------------------------------------------------------------------------
export class Kariz {
  constructor(readonly page: Page) {}

  /** Navigates and waits until the app has started (it removes the #app-loading placeholder). */
  async goto(path = '/') {
    await this.page.goto(path);
    await this.ready();
  }

  async reload() {
    await this.page.reload();
    await this.ready();
  }

  async ready() {
    await expect(this.page.locator('#app-loading'), 'the app should start and remove #app-loading').toHaveCount(0);
  }

  navLink(name: string) {
    return this.page.getByRole('link', { name, exact: true });
  }

  heading(name: string | RegExp) {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** The language select, found by its options (its label is translated in Persian). */
  languageSelect() {
    return this.page.getByRole('combobox').filter({ has: this.page.getByRole('option', { name: 'فارسی' }) });
  }

  async setLanguage(label: 'English' | 'فارسی') {
    await this.languageSelect().selectOption({ label });
  }

  async expectDocumentLanguage(lang: 'en' | 'fa') {
    const html = this.page.locator('html');
    await expect(html).toHaveAttribute('lang', lang);
    await expect(html).toHaveAttribute('dir', lang === 'fa' ? 'rtl' : 'ltr');
  }

  // --- leads list --------------------------------------------------------------------------
  leadsTable() {
    return this.page.getByRole('table', { name: 'Leads' });
  }

  /** The table row whose link is the lead's name (works in any UI language). */
  leadRow(name: string) {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  searchBox() {
    return this.page.getByLabel(labelRe('Search leads'));
  }

  /** The "New lead" form: a dialog, region or form named "New lead". */
  newLeadForm() {
    const p = this.page;
    return p
      .getByRole('dialog', { name: 'New lead' })
      .or(p.getByRole('region', { name: 'New lead' }))
      .or(p.getByRole('form', { name: 'New lead' }))
      .first();
  }

  field(label: string, scope: Page | Locator = this.page) {
    return scope.getByLabel(labelRe(label));
  }

  async openNewLeadForm() {
    await this.page.getByRole('button', { name: 'New lead', exact: true }).click();
    const form = this.newLeadForm();
    await expect(form).toBeVisible();
    return form;
  }

  /** Fills the lead form fields given; returns the option labels chosen in selects. */
  async fillLead(data: LeadInput, scope: Page | Locator = this.page): Promise<ChosenOptions> {
    const chosen: ChosenOptions = {};
    for (const [key, label] of Object.entries(TEXT_FIELDS) as [TextKey, string][]) {
      const value = data[key];
      if (value !== undefined) await this.field(label, scope).fill(value);
    }
    for (const [key, label] of Object.entries(SELECT_FIELDS) as [SelectKey, string][]) {
      const value = data[key];
      if (value === undefined) continue;
      const select = this.field(label, scope);
      await select.selectOption(typeof value === 'number' ? { index: value } : { label: value });
      chosen[key] = await selectedLabel(select);
    }
    return chosen;
  }

  async save(scope: Page | Locator = this.page) {
    await scope.getByRole('button', { name: 'Save', exact: true }).click();
  }

  /** Creates a lead through the UI on /leads; returns its id, URL path and chosen select labels. */
  async createLead(data: LeadInput & { name: string }) {
    if (!/\/leads\/?$/.test(new URL(this.page.url()).pathname)) await this.goto('/leads');
    const form = await this.openNewLeadForm();
    const chosen = await this.fillLead(data, form);
    await this.save(form);
    await expect(form, 'the form closes after a successful save').toBeHidden();
    const link = this.leadRow(data.name).getByRole('link', { name: data.name, exact: true });
    await expect(link).toBeVisible();
    const href = (await link.getAttribute('href')) ?? '';
    const path = new URL(href, this.page.url()).pathname;
    expect(path, 'the lead link points at /leads/<id>').toMatch(/^\/leads\/[^/]+$/);
    return { id: path.split('/').pop()!, path, chosen };
  }

  async openLead(name: string) {
    await this.leadRow(name).getByRole('link', { name, exact: true }).click();
    await expect(this.page).toHaveURL(/\/leads\/[^/]+$/);
    await expect(this.heading(name)).toBeVisible();
  }

  /** Names of the leads in table order. */
  async leadNames(): Promise<string[]> {
    // The list is drawn once the app has loaded its data: wait for it (or its empty state) first.
    await expect(this.leadsTable().or(this.page.getByText(/No leads yet/)).first()).toBeVisible();
    const rows = this.leadsTable().getByRole('row');
    const names: string[] = [];
    for (const row of await rows.all()) {
      const links = row.getByRole('link');
      if ((await links.count()) > 0) names.push(((await links.first().textContent()) ?? '').trim());
    }
    return names;
  }

  /**
   * Expects an inline validation error on a field: aria-invalid="true", and a message matching `re`
   * in the field's accessible description or in a role=alert element in `scope`.
   */
  async expectFieldError(label: string, re: RegExp, scope: Page | Locator = this.page) {
    const input = this.field(label, scope);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect
      .poll(
        async () => {
          const described = await input.evaluate((el) =>
            (el.getAttribute('aria-describedby') ?? '')
              .split(/\s+/)
              .filter(Boolean)
              .map((id) => document.getElementById(id)?.textContent ?? '')
              .join(' '),
          );
          const alerts = await scope.getByRole('alert').allTextContents();
          return `${described} ${alerts.join(' ')}`;
        },
        { message: `an error message matching ${re} for "${label}"` },
      )
      .toMatch(re);
  }

  // --- lead page: activities and deletion -----------------------------------------------------
  activityTimeline() {
    return this.page.getByRole('list', { name: 'Activity timeline' });
  }

  async logActivity(type: string, notes: string) {
    await this.page.getByRole('button', { name: 'Log activity', exact: true }).click();
    await this.field('Activity type').selectOption({ label: type });
    await this.field('Notes').fill(notes);
    await this.page.getByRole('button', { name: 'Save activity', exact: true }).click();
    await expect(this.activityTimeline().getByRole('listitem').filter({ hasText: notes })).toContainText(type);
  }

  async deleteCurrentLead() {
    // Accept a confirmation dialog if the app asks for one.
    this.page.once('dialog', (d) => void d.accept());
    await this.page.getByRole('button', { name: 'Delete', exact: true }).click();
  }
}

export async function selectedLabel(select: Locator): Promise<string> {
  return select.evaluate((el) => ((el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '').trim());
}

/** The browser's local day `days` from now as YYYY-MM-DD. */
export async function localDay(page: Page, days: number): Promise<string> {
  return page.evaluate((days) => {
    const d = new Date(Date.now() + days * 24 * 3600 * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }, days);
}

/** The browser's local date (and UTC date) as YYYY-MM-DD. */
export async function browserToday(page: Page): Promise<{ local: string; utc: string }> {
  return page.evaluate(() => {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      local: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
      utc: d.toISOString().slice(0, 10),
    };
  });
}
