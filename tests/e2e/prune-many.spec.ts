// With thousands of leads the Prune review evaluates every lead in chunks at start (the page stays
// responsive), and after an edit only the leads it touched. Both ways must find the same: the
// count right after an import (the imported leads re-evaluated) equals the count after a reload
// (every lead evaluated again, chunk by chunk).
import { type Page } from '@playwright/test';
import { test, expect } from './kariz';

const ROWS = 9_000;
/** Every third lead will buy in 2030: the default rule "next year or later" proposes the Lost queue. */
const LATE = ROWS / 3;

function csv(): Buffer {
  const lines = ['Full Name,Company,E-mail,Timeline'];
  for (let i = 1; i <= ROWS; i++) {
    lines.push(`Many Lead ${i},Many Co ${i % 89},many${i}@example.com,${i % 3 === 0 ? '2030-06-01' : ''}`);
  }
  return Buffer.from(lines.join('\n'));
}

/** The number beside "Prune" in the navigation (0 when there is none). */
async function pruneCount(page: Page): Promise<number> {
  const name = await page.getByRole('navigation').getByRole('link', { name: /^Prune/ }).textContent();
  const digits = (name ?? '').replace(/[^0-9]/g, '');
  return digits === '' ? 0 : Number(digits);
}

async function settledPruneCount(page: Page): Promise<number> {
  let last = -1;
  await expect.poll(async () => {
    const now = await pruneCount(page);
    const stable = now === last && now > 0;
    last = now;
    return stable;
  }, { timeout: 60_000, intervals: [1_000] }).toBe(true);
  return last;
}

test('the Prune count after importing 9,000 leads is the same after a reload, and counts exactly the late buyers', async ({ kariz, page }) => {
  test.setTimeout(180_000);
  await kariz.goto('/leads');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: csv() });
  const confirm = page.getByRole('button', { name: /^Import [\d,]+ leads$/ });
  await expect(confirm).toBeVisible({ timeout: 120_000 });
  await confirm.click();
  await expect(page.getByText(/of 9,?000 leads/).first()).toBeVisible({ timeout: 120_000 });

  const afterImport = await settledPruneCount(page);
  // Blank imported leads fire nothing else.
  expect(afterImport).toBe(LATE);

  await kariz.reload();
  const afterReload = await settledPruneCount(page);
  expect(afterReload).toBe(afterImport);

  await kariz.goto('/prune');
  const late = page.getByRole('region', { name: /^Buys next year or later/ });
  await expect(late.getByRole('heading', { level: 2 })).toContainText('3,000');
});
