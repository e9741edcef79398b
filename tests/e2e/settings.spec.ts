import { test, expect, labelRe } from './kariz';
import type { Page } from '@playwright/test';

const scoring = (page: Page) => page.getByRole('region', { name: 'Scoring model' });
const questions = (page: Page) => page.getByRole('region', { name: 'Qualification questions' });
const input = (page: Page, label: string) => scoring(page).getByLabel(labelRe(label));

test('a weight edit is previewed (grade changes and movers), saved, and still there after a reload', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  // Default model: software +20, 11–50 employees +15 → 35 = Warm; retail +10, 200+ employees −10 → 0 = Cold.
  await kariz.createLead({ name: 'Sara Software', industry: 'Software', employees: '20' });
  await kariz.createLead({ name: 'Reza Retail', industry: 'Retail', employees: '500' });

  await kariz.navLink('Settings').click();
  const industry = input(page, 'Industry: software');
  await expect(industry).toHaveValue('20');
  await expect(input(page, 'Employees 11–50')).toHaveValue('15');
  await expect(input(page, 'Hot threshold')).toHaveValue('60');
  await expect(input(page, 'Warm threshold')).toHaveValue('30');
  await expect(input(page, 'MQL threshold')).toHaveValue('40');
  await expect(input(page, 'Email bounced')).toHaveValue('-10');

  // Software +50: 65 → Hot (one lead changes grade).
  await industry.fill('50');
  await scoring(page).getByRole('button', { name: 'Preview changes' }).click();
  const preview = scoring(page).getByRole('status');
  await expect(preview).toContainText('1 of 2 leads would change grade.');
  const movers = preview.getByRole('table', { name: 'Leads that would move most' });
  await expect(movers.getByRole('row').filter({ hasText: 'Sara Software' })).toContainText('35 · Warm');
  await expect(movers.getByRole('row').filter({ hasText: 'Sara Software' })).toContainText('65 · Hot');
  await expect(movers.getByRole('row').filter({ hasText: 'Reza Retail' })).toHaveCount(0);

  await scoring(page).getByRole('button', { name: 'Save model' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();

  // Saving re-ranks everything: the lead is Hot now.
  await kariz.navLink('Today').click();
  const today = page.getByRole('list', { name: 'Contact today' });
  await expect(today.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Sara Software' }) })).toContainText('Hot');

  await kariz.goto('/settings');
  await expect(input(page, 'Industry: software')).toHaveValue('50');
});

test('a weight that is not a number gets a specific message and nothing is saved', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  const industry = input(page, 'Industry: software');
  await industry.fill('abc');
  await scoring(page).getByRole('button', { name: 'Save model' }).click();
  await kariz.expectFieldError('Industry: software', /Industry: software: “abc” is not a whole number\./, scoring(page));
  await expect(industry, 'what was typed is kept').toHaveValue('abc');
  await expect(scoring(page).getByRole('alert').first()).toContainText('The model was not saved');

  await kariz.reload();
  await expect(input(page, 'Industry: software')).toHaveValue('20');
});

test('Warm at or above Hot is refused with a message naming the thresholds', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  await input(page, 'Warm threshold').fill('70');
  await scoring(page).getByRole('button', { name: 'Preview changes' }).click();
  await kariz.expectFieldError('Warm threshold', /Thresholds: Warm \(70\) must be below Hot \(60\)/, scoring(page));
  await expect(input(page, 'Hot threshold')).toHaveAttribute('aria-invalid', 'true');
  await scoring(page).getByRole('button', { name: 'Save model' }).click();
  await expect(scoring(page).getByRole('alert').first()).toContainText('Warm (70) must be below Hot (60)');

  await kariz.reload();
  await expect(input(page, 'Warm threshold')).toHaveValue('30');
});

test('overlapping employee bands are refused with a message naming both rows', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  await input(page, 'Employees 11–50: from').fill('5');
  await scoring(page).getByRole('button', { name: 'Save model' }).click();
  await kariz.expectFieldError('Employees 5–50: from', /Employees: row 2 overlaps row 1\./, scoring(page));
  await kariz.reload();
  await expect(input(page, 'Employees 11–50')).toHaveValue('15');
});

test('a question added to the bank is saved and still there after a reload', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  const section = questions(page);
  const organization = section.getByRole('group', { name: 'Organization' });
  // count() does not wait: let the saved bank render first.
  await expect(organization.getByRole('group', { name: /^Question \d+$/ }).first()).toBeVisible();
  const before = await organization.getByRole('group', { name: /^Question \d+$/ }).count();
  await organization.getByRole('button', { name: 'Add question' }).click();
  const added = organization.getByRole('group', { name: /^Question \d+$/ }).nth(before);
  const en = added.getByRole('textbox', { name: /text \(English\)/ });
  await expect(en).toBeFocused();

  // A question with no text is refused.
  await section.getByRole('button', { name: 'Save questions' }).click();
  await expect(section.getByRole('alert')).toContainText('has no text in either language');

  await en.fill('Do they have an in-house IT team?');
  await added.getByRole('textbox', { name: /text \(Persian\)/ }).fill('آیا تیم فناوری اطلاعات داخلی دارند؟');
  await added.getByRole('checkbox', { name: 'Required' }).check();
  await section.getByRole('button', { name: 'Save questions' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();

  await kariz.reload();
  const again = questions(page).getByRole('group', { name: 'Organization' }).getByRole('group', { name: /^Question \d+$/ }).nth(before);
  await expect(again.getByRole('textbox', { name: /text \(English\)/ })).toHaveValue('Do they have an in-house IT team?');
  await expect(again.getByRole('textbox', { name: /text \(Persian\)/ })).toHaveValue('آیا تیم فناوری اطلاعات داخلی دارند؟');
  await expect(again.getByRole('checkbox', { name: 'Required' })).toBeChecked();

  // Removing it and saving takes it away for good.
  await again.getByRole('button', { name: 'Remove question' }).click();
  await questions(page).getByRole('button', { name: 'Save questions' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await kariz.reload();
  await expect(questions(page).getByRole('group', { name: 'Organization' }).getByRole('group', { name: /^Question \d+$/ })).toHaveCount(before);
});

test('Settings in Persian: the sections and buttons read in Persian', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  await kariz.setLanguage('فارسی');
  const model = page.getByRole('region', { name: 'مدل امتیازدهی' });
  await expect(model.getByRole('button', { name: 'پیش‌نمایش تغییرات' })).toBeVisible();
  await expect(model.getByRole('button', { name: 'ذخیره مدل' })).toBeVisible();
  await expect(model.getByLabel('آستانهٔ داغ')).toHaveValue('60');
  await expect(page.getByRole('region', { name: 'پرسش‌های ارزیابی' })).toBeVisible();
});
