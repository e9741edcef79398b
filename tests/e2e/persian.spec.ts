import { test, expect } from './kariz';

test('Persian: RTL, Persian digits and Jalali dates; the choice persists; English restores LTR', async ({ kariz, page }) => {
  // 2026-03-21 is Nowruz 1405: 1405/01/01 in the Jalali calendar.
  await page.clock.setFixedTime(new Date('2026-03-21T10:00:00Z'));
  await kariz.goto('/leads');
  await kariz.expectDocumentLanguage('en');
  await kariz.createLead({ name: 'Nasrin Ahmadi', company: 'Shiraz Carpets' });

  await kariz.setLanguage('فارسی');
  await kariz.expectDocumentLanguage('fa');
  await expect(kariz.navLink('سرنخ‌ها'), 'the navigation is in Persian').toBeVisible();
  const row = kariz.leadRow('Nasrin Ahmadi');
  await expect(row).toContainText('۱۴۰۵/۰۱/۰۱');

  await kariz.reload();
  await kariz.expectDocumentLanguage('fa');
  await expect(kariz.navLink('سرنخ‌ها')).toBeVisible();
  await expect(row).toContainText('۱۴۰۵/۰۱/۰۱');

  await kariz.setLanguage('English');
  await kariz.expectDocumentLanguage('en');
  await expect(kariz.navLink('Leads')).toBeVisible();
  await expect(row).toContainText('Mar 21, 2026');
  await expect(row).not.toContainText('۱۴۰۵');
});
