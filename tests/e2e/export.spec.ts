import { readFile } from 'node:fs/promises';
import { test, expect } from './kariz';
import type { Page } from '@playwright/test';

async function downloaded(page: Page, button: string): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Data' }).getByRole('button', { name: button }).click();
  return readFile((await (await download).path())!, 'utf8');
}

test('Settings exports leads, activities and deals as UTF-8 CSV that spreadsheets cannot run as formulas', async ({ kariz, page }) => {
  await kariz.createLead({ name: '=HYPERLINK("http://evil.example","open")', company: 'آرین', phone: '0912 111 2222' });
  await kariz.goto('/settings');

  const leads = await downloaded(page, 'Export leads');
  expect(leads.startsWith('\uFEFFname,company,')).toBe(true);
  expect(leads).toContain(`"'=HYPERLINK(""http://evil.example"",""open"")",آرین,`);
  expect(leads).toContain('+98 912 111 2222');

  const activities = await downloaded(page, 'Export activities');
  expect(activities).toBe('\uFEFFid,lead_id,lead,kind,at,notes\n');

  const deals = await downloaded(page, 'Export deals');
  expect(deals.split('\n')[0]).toBe(
    '\uFEFFid,title,lead_id,lead,value,currency,probability,stage,status,reason,expected_close,owner,created_at,closed_at',
  );
});
