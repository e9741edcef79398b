// Backups: download everything, erase it all, restore it from the file; damaged and foreign
// files are refused with their reason and change nothing.
import { test, expect } from './kariz';
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';

async function downloadBackup(page: Page, format: 'Compressed (.json.gz)' | 'Plain JSON (.json)') {
  await page.getByRole('combobox', { name: 'Backup file' }).selectOption({ label: format });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download backup' }).click();
  const file = await download;
  return { name: file.suggestedFilename(), path: (await file.path())! };
}

async function chooseBackup(page: Page, path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Restore backup' }).click();
  await (await chooser).setFiles(path);
}

test('a backup restores everything after all data was erased', async ({ kariz, page }) => {
  test.setTimeout(90_000);
  await kariz.createLead({ name: 'Backed Up Lead', company: 'Tabriz Steel', owner: 'Sara' });
  await kariz.createLead({ name: 'سرنخ پشتیبان', company: 'پارس' });
  await kariz.openLead('Backed Up Lead');
  await kariz.logActivity('Call', 'Discussed the quote');

  await kariz.goto('/settings');
  await expect(page.getByText('Last backup: never')).toBeVisible();
  const backup = await downloadBackup(page, 'Compressed (.json.gz)');
  expect(backup.name).toMatch(/^kariz-backup-\d{4}-\d{2}-\d{2}\.json\.gz$/);
  await expect(page.getByText(/^Last backup: (?!never)/)).toBeVisible();

  await page.getByRole('button', { name: 'Erase all data' }).click();
  await page.getByRole('textbox', { name: /Type ERASE/ }).fill('ERASE');
  await page.getByRole('button', { name: 'Erase everything' }).click();
  await kariz.ready();
  await kariz.goto('/leads');
  await expect(page.getByText(/No leads yet/)).toBeVisible();

  await kariz.goto('/settings');
  await chooseBackup(page, backup.path);
  const preview = page.getByRole('region', { name: 'Backup to restore' });
  await expect(preview).toContainText('Leads2');
  await expect(preview).toContainText('Activities1');
  // Cancel changes nothing; then restore for real.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(preview).toHaveCount(0);
  await chooseBackup(page, backup.path);
  await page.getByRole('button', { name: 'Replace all data' }).click();
  const confirm = page.getByRole('dialog', { name: 'Replace all data with this backup?' });
  await confirm.getByRole('button', { name: 'Replace everything' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Backup restored' })).toBeVisible();

  await kariz.goto('/leads');
  expect((await kariz.leadNames()).sort()).toEqual(['Backed Up Lead', 'سرنخ پشتیبان'].sort());
  await kariz.reload();
  await kariz.openLead('Backed Up Lead');
  await expect(page.getByText('Discussed the quote')).toBeVisible();
});

test('a damaged backup and a file that is not a backup are refused, and nothing changes', async ({ kariz, page }, testInfo) => {
  await kariz.createLead({ name: 'Kept Lead' });
  await kariz.goto('/settings');
  const backup = await downloadBackup(page, 'Plain JSON (.json)');
  const text = await readFile(backup.path, 'utf8');
  const edited = testInfo.outputPath('edited.json');
  await writeFile(edited, text.replace('Kept Lead', 'Evil Lead'));
  await chooseBackup(page, edited);
  await expect(page.getByRole('alert')).toContainText('This backup is damaged');
  await expect(page.getByRole('region', { name: 'Backup to restore' })).toHaveCount(0);

  const newer = testInfo.outputPath('newer.json');
  await writeFile(newer, text.replace('"kariz_backup":1', '"kariz_backup":9'));
  await chooseBackup(page, newer);
  await expect(page.getByRole('alert')).toContainText('backup format 9');
  await expect(page.getByRole('alert')).toContainText('format 1 and older');

  const csv = testInfo.outputPath('leads.csv');
  await writeFile(csv, 'name,email\nSara,sara@example.com\n');
  await chooseBackup(page, csv);
  await expect(page.getByRole('alert')).toContainText('not a Kariz backup');

  await kariz.goto('/leads');
  expect(await kariz.leadNames()).toEqual(['Kept Lead']);
});
