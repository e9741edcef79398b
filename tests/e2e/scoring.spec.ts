import { test, expect } from './kariz';

test('scores are explained on the lead page and Today ranks leads by score, hot and uncontacted first', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  // Default model: software +20, 11–50 employees +15, Tehran +10, decision maker +15 → 60 = Hot.
  await kariz.createLead({ name: 'Arash Fit', industry: 'Software', employees: '20', city: 'Tehran', decisionRole: 'Decision maker' });
  // Retail +10, 200+ employees −10 → 0 = Cold.
  await kariz.createLead({ name: 'Bita Big', industry: 'Retail', employees: '500' });
  // Government −10 → Cold, last.
  await kariz.createLead({ name: 'Cyrus Gov', industry: 'Government' });

  await kariz.openLead('Arash Fit');
  const score = page.getByRole('region', { name: 'Score' });
  await expect(score).toContainText('60');
  await expect(score).toContainText('Hot');
  const contributions = score.getByRole('list', { name: 'Score contributions' });
  await expect(contributions.getByRole('listitem').filter({ hasText: 'Industry: Software' })).toContainText('+20');
  await expect(contributions.getByRole('listitem').filter({ hasText: '20 employees' })).toContainText('+15');
  await expect(contributions.getByRole('listitem').filter({ hasText: 'Decision role: Decision maker' })).toContainText('+15');

  await kariz.navLink('Today').click();
  const today = page.getByRole('list', { name: 'Contact today' });
  const items = today.getByRole('listitem').filter({ has: page.getByRole('link') });
  await expect(items).toHaveCount(3);
  const order = await items.evaluateAll((els) => els.map((e) => e.querySelector('a')?.textContent?.trim()));
  expect(order).toEqual(['Arash Fit', 'Bita Big', 'Cyrus Gov']);
  const top = items.first();
  await expect(top).toContainText('Hot');
  await expect(top).toContainText('Hot, and not contacted for 2 days');
  await expect(top).toContainText('Never contacted');
  await expect(top).toContainText('Industry: Software');

  // One click on "Log activity" for the top lead: log the call right there.
  await top.getByRole('button', { name: 'Log activity for Arash Fit' }).click();
  await top.getByRole('combobox', { name: 'Activity type' }).selectOption({ label: 'Call' });
  await top.getByRole('textbox', { name: 'Notes' }).fill('Discussed the demo');
  await top.getByRole('button', { name: 'Save activity' }).click();
  const arash = today.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Arash Fit' }) });
  await expect(arash).not.toContainText('not contacted for 2 days');
  await expect(arash).toContainText('Last contact:');

  await kariz.reload();
  await expect(today.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Arash Fit' }) })).toContainText('Last contact:');
});

test('Today in Persian shows grades and reasons in Persian with Persian digits', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await kariz.createLead({ name: 'Arash Fit', industry: 'Software', employees: '20', city: 'Tehran', decisionRole: 'Decision maker' });
  await kariz.setLanguage('فارسی');
  await kariz.navLink('امروز').click();
  const today = page.getByRole('list', { name: 'تماس‌های امروز' });
  await expect(today).toContainText('داغ');
  await expect(today).toContainText('۶۰');
});
