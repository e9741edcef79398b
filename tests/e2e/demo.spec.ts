import { test, expect } from './kariz';
import type { Page } from '@playwright/test';

async function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

test('?demo on a fresh browser opens a full demo CRM, and "Clear demo data" removes it', async ({ kariz, page }) => {
  await kariz.goto('/?demo');
  const banner = page.getByRole('region', { name: 'Demo' });
  await expect(banner).toContainText('Demo data');
  await expect(page).toHaveURL(/\/$/);

  await kariz.goto('/leads');
  await expect(page.getByText('500 of 500 leads', { exact: true })).toBeVisible();
  await kariz.goto('/pipeline');
  await expect(page.getByRole('button', { name: 'Move to stage' }).first()).toBeVisible();
  await kariz.goto('/prune');
  await expect(page.getByRole('checkbox').first()).toBeVisible();
  await kariz.goto('/');
  await expect(page.getByRole('region', { name: 'Demo' })).toBeVisible();

  await banner.getByRole('button', { name: 'Clear demo data' }).click();
  await expect(page.getByRole('region', { name: 'Demo' })).toHaveCount(0);
  await kariz.ready();
  await kariz.goto('/leads');
  await expect(page.getByText(/No leads yet/)).toBeVisible();
  expect(await databases(page)).not.toContain('kariz-demo');
});

test('?demo beside real data asks first, keeps the demo apart and never touches the real leads', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Real Customer', company: 'Mine Ltd' });
  await kariz.goto('/?demo');
  const offer = page.getByRole('dialog', { name: 'Open the demo?' });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Not now' }).click();
  await expect(offer).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Demo' })).toHaveCount(0);

  await kariz.goto('/?demo');
  await page.getByRole('dialog', { name: 'Open the demo?' }).getByRole('button', { name: 'Open demo' }).click();
  await expect(page.getByRole('region', { name: 'Demo' })).toBeVisible();
  await kariz.goto('/leads');
  await expect(page.getByText('500 of 500 leads', { exact: true })).toBeVisible();
  await expect(kariz.leadRow('Real Customer')).toHaveCount(0);

  await page.getByRole('region', { name: 'Demo' }).getByRole('button', { name: 'Clear demo data' }).click();
  await expect(page.getByRole('region', { name: 'Demo' })).toHaveCount(0);
  await kariz.goto('/leads');
  await expect(kariz.leadRow('Real Customer')).toBeVisible();
  await expect(page.getByText('1 of 1 leads', { exact: true })).toBeVisible();
});

test('Settings → "Load demo data" opens the demo in Persian when the app is in Persian', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.getByRole('region', { name: 'Demo' })).toBeVisible();
  await kariz.setLanguage('فارسی');
  await page.getByRole('region', { name: 'نسخهٔ نمایشی' }).getByRole('button', { name: 'پاک کردن دادهٔ نمایشی' }).click();
  await expect(page.getByRole('region', { name: 'نسخهٔ نمایشی' })).toHaveCount(0);
  await kariz.ready();
  await page.goto('/settings');
  await kariz.ready();
  await page.getByRole('button', { name: 'بارگذاری دادهٔ نمایشی' }).click();
  await expect(page.getByRole('region', { name: 'نسخهٔ نمایشی' })).toBeVisible();
  await page.goto('/leads');
  await kariz.ready();
  const firstLead = page.getByRole('table').getByRole('link').first();
  await expect(firstLead).toHaveText(/[\u0600-\u06FF]/);
});
