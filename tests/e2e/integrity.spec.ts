// Subresource Integrity covers the code that actually runs: a file changed on the way (one byte of
// the wasm, the JS glue or the loader) stops the app before any of it runs.
import type { Page } from '@playwright/test';
import { test, expect } from './kariz';

// The service worker would fetch its own copies; these tests are about what the page fetches.
test.use({ serviceWorkers: 'block' });

/**
 * The byte to change: in a wasm module, the last byte of its data section (a constant of the
 * program), so the module stays valid and only the integrity check can tell; elsewhere (and in a
 * split module without data) the middle.
 */
function byteToChange(body: Buffer): number {
  if (body.readUInt32BE(0) !== 0x0061736d) return body.length >> 1;
  const leb = (at: number) => {
    let value = 0;
    let shift = 0;
    let i = at;
    for (;;) {
      const b = body[i++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return { value, next: i };
    }
  };
  for (let at = 8; at < body.length; ) {
    const id = body[at];
    const { value: size, next } = leb(at + 1);
    if (id === 11) return next + size - 1;
    at = next + size;
  }
  // A split module may have no data of its own: the middle of its code, then (checked first anyway).
  return body.length >> 1;
}

/** Serves `pattern` with one byte changed. */
async function tamper(page: Page, pattern: RegExp) {
  let tampered = 0;
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[byteToChange(body)] ^= 0x01;
    tampered += 1;
    await route.fulfill({ response, body });
  });
  return () => tampered;
}

async function expectNotStarted(page: Page, message: RegExp) {
  const placeholder = page.locator('#app-loading');
  await expect(placeholder).toContainText(message);
  await expect(page.getByRole('navigation'), 'the app did not start').toHaveCount(0);
}

for (const [what, pattern] of [
  ['the wasm', /\/kariz-[0-9a-f]+_bg\.wasm$/],
  ['the JS glue', /\/kariz-[0-9a-f]+\.js$/],
  ['the loader of the split screens (JS)', /\/kariz-split-[0-9a-f]+\.js$/],
] as const) {
  test(`${what} with one byte changed is refused: the app does not start and says why`, async ({ page, pageErrors }) => {
    const count = await tamper(page, pattern);
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/Failed to find a valid digest in the 'integrity' attribute/.test(m.text())) refusals.push(m.text());
    });
    await page.goto('/leads');
    await expectNotStarted(page, /could not start.*integrity check failed/);
    // The browser's integrity check is what refused it.
    await expect.poll(() => refusals.length, { message: 'the browser reports the integrity mismatch' }).toBeGreaterThan(0);
    expect(refusals.some((r) => pattern.test(r.match(/resource '([^']+)'/)?.[1] ?? '')), `${what} is the resource refused: ${refusals.join(' | ')}`).toBe(true);
    await expect(page.getByRole('alert')).toContainText('Your data is safe');
    expect(count(), `${what} was served tampered`).toBeGreaterThan(0);
    pageErrors.length = 0; // the loader rethrows the refusal, as expected here
  });
}

test('a split screen with one byte changed is refused: that screen says so, the rest of the app works', async ({ kariz, page }) => {
  const count = await tamper(page, /\/kariz-kariz_settings-[0-9a-f]+\.wasm$/);
  const refusals: string[] = [];
  page.on('console', (m) => {
    if (/Failed to find a valid digest in the 'integrity' attribute/.test(m.text())) refusals.push(m.text());
  });
  await kariz.goto('/leads');
  await kariz.navLink('Settings').click();
  await expect(page.getByRole('alert').filter({ hasText: 'This part of Kariz could not be downloaded' })).toBeVisible();
  await expect(kariz.heading('Settings')).toHaveCount(0);
  expect(count(), 'the screen was served tampered').toBeGreaterThan(0);
  expect(refusals.some((r) => /kariz-kariz_settings-/.test(r)), `the browser refused it: ${refusals.join(' | ')}`).toBe(true);
  await kariz.navLink('Leads').click();
  await expect(kariz.heading('Leads')).toBeVisible();
});

test('a loader with one byte changed does not run at all', async ({ page }) => {
  const count = await tamper(page, /\/loader-[0-9a-f]+\.js$/);
  await page.goto('/');
  await expect.poll(count).toBeGreaterThan(0);
  await page.waitForTimeout(1_000);
  await expect(page.locator('#app-loading')).toHaveText('Loading Kariz…');
  await expect(page.getByRole('navigation')).toHaveCount(0);
});

test('the untouched build starts (the same checks pass)', async ({ kariz }) => {
  await kariz.goto('/leads');
  await expect(kariz.heading('Leads')).toBeVisible();
});
