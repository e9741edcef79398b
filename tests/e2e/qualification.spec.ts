import { test, expect } from './kariz';
import type { Page } from '@playwright/test';

const REQUIRED = [
  'Is the company in our sales territory?',
  'Does the company match our buyer persona?',
  'Do they have a challenge our product solves?',
  'Is there a team or person who would use it?',
  'Does the purchase fit their budget?',
];

function qualification(page: Page) {
  return page.getByRole('region', { name: 'Qualification' });
}

async function answer(page: Page, question: string, value: 'Yes' | 'No' | 'Unknown') {
  await qualification(page).getByRole('radiogroup', { name: question }).getByRole('radio', { name: value, exact: true }).check();
}

test('qualified on all three levels and accepted by sales makes an SQL, kept after reload', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Qualified Lead', company: 'Tehran Soft' });
  await kariz.openLead('Qualified Lead');
  const region = qualification(page);
  await expect(region).toContainText('Not yet qualified');
  for (const q of REQUIRED) await answer(page, q, 'Yes');
  await expect(region, 'the verdict follows the answers before saving').toContainText('Qualified');
  await region.getByRole('checkbox', { name: 'Accepted by sales' }).check();
  await expect(region).toContainText('SQL');
  await expect(region).toContainText('Qualified on all three levels and accepted by sales.');
  await region.getByRole('button', { name: 'Save qualification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Qualification saved' })).toBeVisible();

  await kariz.reload();
  await expect(region.getByRole('radiogroup', { name: REQUIRED[0] }).getByRole('radio', { name: 'Yes' })).toBeChecked();
  await expect(region).toContainText('SQL');
  await expect(region.locator('.overall')).toHaveText('Qualified');
});

test('a failed level sends the lead to Nurture with the reason; next year or later goes to the Lost queue', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'No Budget Lead' });
  await kariz.createLead({ name: 'Next Year Lead' });
  await kariz.createLead({ name: 'Active Lead' });

  await kariz.openLead('No Budget Lead');
  await answer(page, 'Does the purchase fit their budget?', 'No');
  await expect(qualification(page)).toContainText('Disqualified');
  await expect(qualification(page)).toContainText('Nurture — Failed the Stakeholders level: Does the purchase fit their budget?');
  await qualification(page).getByRole('button', { name: 'Save qualification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Qualification saved' })).toBeVisible();

  await kariz.goto('/leads');
  await kariz.openLead('Next Year Lead');
  await answer(page, 'Buying next year or later', 'Yes');
  await expect(qualification(page)).toContainText('Lost queue');
  await qualification(page).getByRole('button', { name: 'Save qualification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Qualification saved' })).toBeVisible();

  await kariz.goto('/leads');
  const queue = kariz.field('Queue');
  await expect(queue.getByRole('option', { name: 'Nurture (1)' })).toHaveCount(1);
  await expect(queue.getByRole('option', { name: 'Lost queue (1)' })).toHaveCount(1);
  await expect(queue.getByRole('option', { name: 'Active (1)' })).toHaveCount(1);
  await queue.selectOption({ label: 'Nurture (1)' });
  await expect(kariz.leadsTable().getByRole('link')).toHaveCount(1);
  await expect(kariz.leadRow('No Budget Lead')).toContainText('Failed the Stakeholders level');
  await queue.selectOption({ label: 'Lost queue (1)' });
  await expect(kariz.leadRow('Next Year Lead')).toHaveCount(1);
  await expect(kariz.leadsTable().getByRole('link')).toHaveCount(1);

  // Nurture and Lost leads are not on Today.
  await kariz.navLink('Today').click();
  const today = page.getByRole('list', { name: 'Contact today' });
  await expect(today.getByRole('link', { name: 'Active Lead' })).toHaveCount(1);
  await expect(today.getByRole('link', { name: 'No Budget Lead' })).toHaveCount(0);
  await expect(today.getByRole('link', { name: 'Next Year Lead' })).toHaveCount(0);
});

test('a manual lead-type override needs a reason and is recorded', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Override Lead' });
  await kariz.openLead('Override Lead');
  const region = qualification(page);
  await region.getByRole('combobox', { name: 'Change lead type' }).selectOption({ label: 'PQL' });
  await region.getByRole('button', { name: 'Save qualification' }).click();
  await expect(region.getByRole('alert')).toHaveText('Say why you are changing the lead type.');
  await expect(region.getByRole('textbox', { name: 'Reason for the change' })).toHaveAttribute('aria-invalid', 'true');
  await region.getByRole('textbox', { name: 'Reason for the change' }).fill('Uses the free plan daily');
  await region.getByRole('button', { name: 'Save qualification' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Qualification saved' })).toBeVisible();
  await kariz.reload();
  await expect(region).toContainText('PQL');
  await expect(region).toContainText('Uses the free plan daily');
});
