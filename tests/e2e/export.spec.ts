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

test('"Erase all data" asks for ERASE, then deletes everything stored in this browser', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Soon Gone', company: 'Temp' });
  await kariz.goto('/settings');
  await page.getByRole('region', { name: 'Data' }).getByRole('button', { name: 'Erase all data' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase all data?' });
  const erase = dialog.getByRole('button', { name: 'Erase everything' });
  await expect(erase).toBeDisabled();
  await dialog.getByLabel('Type ERASE to confirm').fill('erase');
  await expect(erase).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await kariz.goto('/leads');
  await expect(kariz.leadRow('Soon Gone')).toBeVisible();

  await kariz.goto('/settings');
  await page.getByRole('region', { name: 'Data' }).getByRole('button', { name: 'Erase all data' }).click();
  await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
  await erase.click();
  await expect(page).toHaveURL(/\/$/);
  await kariz.ready();
  await kariz.goto('/leads');
  await expect(page.getByText(/No leads yet/)).toBeVisible();
});

test('Export CSV on the Leads page writes the leads the filters show', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Kept By Search', company: 'Alpha' });
  await kariz.createLead({ name: 'Filtered Out', company: 'Beta' });
  await kariz.goto('/leads');
  await page.getByLabel('Search leads').fill('Kept');
  await expect(page.getByText('1 of 2 leads', { exact: true })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const text = await readFile((await (await download).path())!, 'utf8');
  expect(text.startsWith('\uFEFFname,')).toBe(true);
  expect(text).toContain('Kept By Search,Alpha');
  expect(text).not.toContain('Filtered Out');
});
