import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { test, expect, guardContext, Kariz } from './kariz';

test('Settings → Storage shows how much is used of the quota and whether it is persistent', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Kept Safe', company: 'Vault' });
  await kariz.goto('/settings');
  const storage = page.getByRole('region', { name: 'Storage' });
  await expect(storage).toContainText(/Used \d[\d.]* (KB|MB|GB) of \d[\d.]* (KB|MB|GB) \(\d[\d.]* %\)\./);
  await expect(storage).toContainText(/^.*(Persistent: the browser keeps|Not persistent: the browser may clear)/);
});

// A genuinely full disk: scripts/test.sh mounts a small tmpfs (KARIZ_SMALL_DISK) and the browser
// keeps its profile there, so IndexedDB fails with the browser's own QuotaExceededError.
// (Chromium 156 accepts CDP's Storage.overrideQuotaForOrigin but no longer enforces it.)
test('a write that fills the disk is refused with a clear message and loses nothing stored', async ({ baseURL }) => {
  const disk = process.env.KARIZ_SMALL_DISK;
  test.skip(!disk, 'needs KARIZ_SMALL_DISK, a small tmpfs that scripts/test.sh mounts as root');
  const userDataDir = await mkdtemp(path.join(disk!, 'profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.KARIZ_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    baseURL,
    locale: 'en-US',
    timezoneId: 'Asia/Tehran',
  });
  const offOrigin: string[] = [];
  const pageErrors: string[] = [];
  await guardContext(context, new URL(baseURL!).origin, offOrigin, pageErrors);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const kariz = new Kariz(page);
    await kariz.createLead({ name: 'Before The Disk Filled', company: 'Safe Co' });
    // The app settles first: the service worker has copied the build (about 4 MB of the disk) and
    // the idle prefetch is done, so what fills the disk is the import alone.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await page.waitForLoadState('networkidle');

    // Random text does not compress: 10,000 rows of it (18 MB) cannot fit on the disk.
    const noise = () => randomBytes(1800).toString('base64');
    const rows = Array.from({ length: 10_000 }, (_, i) => `Full Disk ${i},Noise Co,${noise()}`);
    await kariz.goto('/leads');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page
      .getByLabel('CSV file')
      // 18 MB handed to the page: more than the default 10 s on a busy machine.
      .setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(['name,company,notes', ...rows].join('\n')) }, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Import 10,000 leads' }).click();
    await expect(page.getByRole('alert').filter({ hasText: "The browser's storage for this site is full" })).toBeVisible({ timeout: 30_000 });

    await kariz.reload();
    await kariz.goto('/leads');
    await expect(kariz.leadRow('Before The Disk Filled')).toBeVisible();
    await expect(page.getByText('1 of 1 leads', { exact: true })).toBeVisible();
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
});
