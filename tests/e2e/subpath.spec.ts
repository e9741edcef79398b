// The site built for a sub-path (`make dist BASE=/crm/`, dist-crm/ from scripts/test.sh) served under
// /crm/ by a host that has nothing outside it: deep links, reloads, in-app links and the offline
// service worker all stay under /crm/.
import { existsSync } from 'node:fs';
import { test, expect } from './kariz';

const port = process.env.KARIZ_E2E_SUBPATH_PORT;
const dist = process.env.KARIZ_SUBPATH_DIST_DIR || 'dist-crm';
test.skip(!existsSync(`${dist}/index.html`), `no sub-path build in ${dist}/ (scripts/test.sh e2e makes it)`);
test.use({ baseURL: `http://127.0.0.1:${port}` });

test('under /crm/: a deep link, a new lead, a reload and every in-app link stay under the base', async ({ kariz, page, request }) => {
  expect((await request.get('/leads')).status(), 'nothing is served outside /crm/').toBe(404);

  await kariz.goto('/crm/leads');
  await expect(kariz.heading('Leads')).toBeVisible();

  await kariz.openNewLeadForm();
  const form = kariz.newLeadForm();
  await kariz.fillLead({ name: 'Sara Subpath', company: 'Qanat Co' }, form);
  await kariz.save(form);
  await expect(form).toBeHidden();
  const link = kariz.leadRow('Sara Subpath').getByRole('link', { name: 'Sara Subpath', exact: true });
  await expect(link).toHaveAttribute('href', /^\/crm\/leads\/\d+$/);

  await kariz.reload();
  await expect(kariz.leadRow('Sara Subpath'), 'the lead is still there after a reload under /crm/').toHaveCount(1);

  // Opening the lead from the table is an in-app navigation to /crm/leads/<id>.
  await page.evaluate(() => ((window as unknown as { karizMark: number }).karizMark = 1));
  await link.click();
  await expect(page).toHaveURL(/\/crm\/leads\/\d+$/);
  await expect(kariz.heading('Sara Subpath')).toBeVisible();
  const leadUrl = page.url();
  await page.getByRole('link', { name: 'Back to leads', exact: true }).click();
  await expect(page).toHaveURL(/\/crm\/leads$/);

  for (const [name, path] of [
    ['Today', '/crm/'],
    ['Pipeline', '/crm/pipeline'],
    ['Reports', '/crm/reports'],
    ['Settings', '/crm/settings'],
    ['Leads', '/crm/leads'],
  ]) {
    await expect(kariz.navLink(name)).toHaveAttribute('href', path);
    await kariz.navLink(name).click();
    await expect(page).toHaveURL(new RegExp(`${path.replace(/\//g, '\\/')}$`));
    await expect(kariz.heading(name)).toBeVisible();
  }
  expect(await page.evaluate(() => (window as unknown as { karizMark?: number }).karizMark), 'links navigated in the app, without a page load').toBe(1);

  // A reload on a deep link under the base starts the app there.
  await kariz.goto(new URL(leadUrl).pathname);
  await expect(kariz.heading('Sara Subpath')).toBeVisible();

  // The service worker is registered for /crm/ only.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/crm/');
});
