import { test, expect } from './kariz';

test('Settings → Storage shows how much is used of the quota and whether it is persistent', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Kept Safe', company: 'Vault' });
  await kariz.goto('/settings');
  const storage = page.getByRole('region', { name: 'Storage' });
  await expect(storage).toContainText(/Used \d[\d.]* (KB|MB|GB) of \d[\d.]* (KB|MB|GB) \(\d[\d.]* %\)\./);
  await expect(storage).toContainText(/^.*(Persistent: the browser keeps|Not persistent: the browser may clear)/);
});

test('a write that hits the real storage quota is refused with a clear message and loses nothing stored', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Before The Quota', company: 'Safe Co' });
  const origin = new URL(page.url()).origin;
  const cdp = await page.context().newCDPSession(page);
  // A quota just above what is stored now: the next big write cannot fit.
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 50_000 });

  const rows = Array.from({ length: 3000 }, (_, i) => `Quota Lead ${i},${'Company '.repeat(20)}${i},${'note '.repeat(40)}`);
  await kariz.goto('/leads');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(['name,company,notes', ...rows].join('\n')) });
  await page.getByRole('button', { name: /^Import 3,000 leads$/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: "The browser's storage for this site is full" })).toBeVisible();

  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await kariz.reload();
  await kariz.goto('/leads');
  await expect(kariz.leadRow('Before The Quota')).toBeVisible();
  await expect(page.getByText('1 of 1 leads', { exact: true })).toBeVisible();
});
