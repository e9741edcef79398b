import { test, expect } from './kariz';

test('a deal is edited from its lead: bad input refused, changes saved and kept after reload', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Edit Lead', company: 'Karaj Foods', budget: '3000', owner: 'Sara' });
  await kariz.openLead('Edit Lead');
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await kariz.field('Override reason').fill('Met at the expo');
  await kariz.field('Deal title').fill('Karaj ERP');
  await kariz.field('Value').fill('3000');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();
  const deals = page.getByRole('region', { name: 'Deals' });
  await expect(deals).toContainText('Karaj ERP');

  await deals.getByRole('button', { name: 'Edit deal Karaj ERP' }).click();
  await expect(kariz.field('Deal title')).toHaveValue('Karaj ERP');
  await kariz.field('Value').fill('abc');
  await page.getByRole('button', { name: 'Save deal' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Value' })).toBeVisible();
  await kariz.field('Value').fill('4500');
  await kariz.field('Probability (%)').fill('65');
  await page.getByRole('button', { name: 'Save deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal saved' })).toBeVisible();
  await expect(deals).toContainText('4,500');

  await kariz.reload();
  await expect(page.getByRole('region', { name: 'Deals' })).toContainText('4,500');
  await page.getByRole('region', { name: 'Deals' }).getByRole('button', { name: 'Edit deal Karaj ERP' }).click();
  await expect(kariz.field('Probability (%)')).toHaveValue('65');
});
