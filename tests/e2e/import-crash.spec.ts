// A tab killed while a large import is being written must leave the previous state intact: the
// import is one IndexedDB transaction, so after reopening there are either none of its leads or all
// of them, never part, and what was there before is still there.
import { test, expect, Kariz } from './kariz';

const ROWS = 20_000;

function bigCsv(): Buffer {
  const lines = ['Full Name,Company,E-mail'];
  for (let i = 1; i <= ROWS; i++) lines.push(`Bulk Lead ${i},Bulk Co ${i % 97},bulk${i}@example.com`);
  return Buffer.from(lines.join('\n'));
}

/** The total in "{shown} of {total} leads" on the Leads page. */
async function totalLeads(kariz: Kariz): Promise<number> {
  const text = await kariz.page.getByText(/\d[\d,]* of \d[\d,]* leads/).first().textContent();
  return Number(text!.match(/of (\d[\d,]*) leads/)![1].replace(/,/g, ''));
}

test('closing the tab in the middle of a large import keeps the previous leads and stores no part of it', async ({ kariz, page, context }) => {
  test.setTimeout(180_000);
  await kariz.goto('/leads');
  await kariz.createLead({ name: 'Before The Crash', company: 'Safe Co' });
  await expect.poll(() => totalLeads(kariz)).toBe(1);

  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: bigCsv() });
  const confirm = page.getByRole('button', { name: /^Import [\d,]+ leads$/ });
  await expect(confirm).toBeVisible({ timeout: 120_000 });
  await confirm.click();
  // Killed at once, without unload handlers: whatever the transaction had not committed is lost.
  await page.close({ runBeforeUnload: false });

  const reopened = new Kariz(await context.newPage());
  await reopened.goto('/leads');
  const total = await totalLeads(reopened);
  test.info().annotations.push({
    type: 'import at close',
    description: total === 1 ? 'not committed (rolled back)' : 'already committed',
  });
  expect([1, ROWS + 1], 'all of the import or none of it').toContain(total);
  await reopened.searchBox().fill('Before The Crash');
  await expect(reopened.leadRow('Before The Crash')).toHaveCount(1);
});
