import { test, expect } from './kariz';

test('"Your name" in Settings is recorded as who applied an action; without one the History says You', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  // Four leads, so two flagged are not "more than half" (that asks for confirmation).
  for (const name of ['Quiet Qasem', 'Quiet Qamar', 'Other One', 'Other Two']) await kariz.createLead({ name });
  for (const name of ['Quiet Qasem', 'Quiet Qamar']) {
    await kariz.goto('/leads');
    await kariz.openLead(name);
    for (let i = 1; i <= 5; i++) await kariz.logActivity('Email sent', `Email number ${i}`);
  }

  // No name yet: the first action is logged as "You".
  await kariz.goto('/prune');
  const apply = (name: string) =>
    page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name, exact: true }) })
      .getByRole('button', { name: 'Apply', exact: true });
  await apply('Quiet Qasem').click();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem').filter({ hasText: 'Quiet Qasem' })).toContainText(' · You · ');

  await kariz.navLink('Settings').click();
  const you = page.getByRole('region', { name: 'You', exact: true });
  const nameBox = you.getByRole('textbox', { name: 'Your name' });
  await expect(nameBox).toHaveValue('');
  await nameBox.fill('x'.repeat(81));
  await you.getByRole('button', { name: 'Save name' }).click();
  await expect(you.getByRole('alert')).toContainText('Your name can be at most 80 characters.');
  await expect(nameBox).toHaveAttribute('aria-invalid', 'true');
  await nameBox.fill('  Sara   Ahmadi ');
  await you.getByRole('button', { name: 'Save name' }).click();
  await expect(you.getByRole('alert')).toHaveCount(0);
  await expect(nameBox).toHaveValue('Sara Ahmadi');
  await kariz.reload();
  await expect(page.getByRole('region', { name: 'You', exact: true }).getByRole('textbox', { name: 'Your name' })).toHaveValue('Sara Ahmadi');

  await kariz.goto('/prune');
  await apply('Quiet Qamar').click();
  await expect(history.getByRole('listitem').filter({ hasText: 'Quiet Qamar' })).toContainText(' · Sara Ahmadi · ');
  await kariz.reload();
  await expect(history.getByRole('listitem').filter({ hasText: 'Quiet Qamar' })).toContainText(' · Sara Ahmadi · ');
  // The earlier entry keeps who applied it then.
  await expect(history.getByRole('listitem').filter({ hasText: 'Quiet Qasem' })).toContainText(' · You · ');
});
