import { test, expect } from './kariz';

test('a rule can be deleted in Settings and stops flagging; the deletion survives reload', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Quiet Lead' });
  await kariz.openLead('Quiet Lead');
  for (let i = 0; i < 5; i++) {
    await page.getByRole('button', { name: 'Log activity', exact: true }).click();
    await kariz.field('Activity type').selectOption({ label: 'Email sent' });
    await page.getByRole('button', { name: 'Save activity', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Save activity', exact: true })).toHaveCount(0);
  }
  await expect(page.getByRole('link', { name: /^Prune\s*1$/ })).toBeVisible();

  await kariz.navLink('Settings').click();
  const rules = page.getByRole('region', { name: 'Rules' });
  await rules.getByRole('button', { name: 'Delete rule 5 emails sent, no reply' }).click();
  await expect(rules.getByRole('button', { name: 'Delete rule 5 emails sent, no reply' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Prune', exact: true })).toBeVisible();

  await kariz.reload();
  await expect(page.getByRole('region', { name: 'Rules' })).not.toContainText('5 emails sent, no reply');
  await expect(page.getByRole('region', { name: 'Rules' })).toContainText('5 unanswered calls in 30 days');
  await expect(page.getByRole('link', { name: 'Prune', exact: true })).toBeVisible();
});
