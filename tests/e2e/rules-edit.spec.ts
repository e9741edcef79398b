import { type Page } from '@playwright/test';
import { test, expect, type Kariz } from './kariz';

// The default rule "5 emails sent, no reply" (data/default_rules.json) proposes Flag Cold.
const RULE = '5 emails sent, no reply';

const pruneLink = (page: Page) => page.getByRole('navigation').getByRole('link', { name: /^Prune/ });

async function logEmails(kariz: Kariz, count: number) {
  for (let i = 1; i <= count; i++) await kariz.logActivity('Email sent', `Email number ${i}`);
}

test('editing a rule: Cancel changes nothing, a bad threshold is refused, 3 is saved in place, survives reload and flags three emails', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  // Three leads, so one flagged lead is not "more than half" (that asks for confirmation).
  await kariz.createLead({ name: 'Three Mails' });
  await kariz.createLead({ name: 'Other One' });
  await kariz.createLead({ name: 'Other Two' });
  await kariz.openLead('Three Mails');
  await logEmails(kariz, 3);
  // Under the shipped threshold of five, nothing is flagged yet.
  await expect(pruneLink(page)).toHaveAccessibleName('Prune');

  await kariz.navLink('Settings').click();
  const rules = page.getByRole('region', { name: 'Rules' });
  // The rules in list order, by their on/off switches' accessible names ("<name> on").
  const names = () =>
    rules.getByRole('checkbox', { name: / on$/ }).evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label')));
  const before = await names();
  expect(before).toHaveLength(11);
  expect(before).toContain(`${RULE} on`);

  await rules.getByRole('button', { name: `Edit rule ${RULE}` }).click();
  await expect(rules.getByRole('heading', { name: `Editing: ${RULE}` })).toBeVisible();
  await expect(rules.getByRole('textbox', { name: 'Rule name' })).toHaveValue(RULE);
  await expect(rules.getByRole('combobox', { name: 'Action' })).toHaveValue('flag_cold');
  await expect(rules.getByRole('textbox', { name: 'At least' })).toHaveValue('5');
  await rules.getByRole('textbox', { name: 'At least' }).fill('1');
  await rules.getByRole('button', { name: 'Cancel' }).click();
  await rules.getByRole('button', { name: `Edit rule ${RULE}` }).click();
  await expect(rules.getByRole('textbox', { name: 'At least' })).toHaveValue('5');

  // Refused with the part named; nothing is saved.
  await rules.getByRole('textbox', { name: 'At least' }).fill('0');
  await rules.getByRole('button', { name: 'Save rule' }).click();
  await expect(rules.getByRole('alert')).toContainText('condition.all[0]: the count must be at least 1.');
  await kariz.reload();
  const reloaded = page.getByRole('region', { name: 'Rules' });
  await reloaded.getByRole('button', { name: `Edit rule ${RULE}` }).click();
  await expect(reloaded.getByRole('textbox', { name: 'At least' })).toHaveValue('5');

  await reloaded.getByRole('textbox', { name: 'Rule name' }).fill('3 emails sent, no reply');
  await reloaded.getByRole('textbox', { name: 'At least' }).fill('3');
  await reloaded.getByRole('button', { name: 'Save rule' }).click();
  await expect(reloaded.getByRole('button', { name: 'Save rule' })).toHaveCount(0);
  // Replaced in its place: same position, same count, still on.
  expect(await names()).toEqual(before.map((n) => (n === `${RULE} on` ? '3 emails sent, no reply on' : n)));
  await expect(reloaded.getByRole('checkbox', { name: '3 emails sent, no reply on' })).toBeChecked();

  await kariz.reload();
  const after = page.getByRole('region', { name: 'Rules' });
  await expect(after.getByRole('checkbox', { name: '3 emails sent, no reply on' })).toBeChecked();
  await expect(after).not.toContainText(RULE);
  await after.getByRole('button', { name: 'Edit rule 3 emails sent, no reply' }).click();
  await expect(after.getByRole('textbox', { name: 'At least' })).toHaveValue('3');

  await expect(pruneLink(page)).toHaveAccessibleName('Prune 1');
  await pruneLink(page).click();
  const group = page.getByRole('region', { name: /^3 emails sent, no reply/ });
  await expect(group.getByRole('link', { name: 'Three Mails', exact: true })).toHaveCount(1);
  await expect(group.getByRole('list', { name: 'Evidence' }).getByRole('listitem')).toHaveCount(3);
});

test('the builder offers every term kind: a rule on meetings in a window is refused at 0 days, saved at 30, reopens as saved and flags', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  const rules = page.getByRole('region', { name: 'Rules' });
  await rules.getByRole('button', { name: 'New rule' }).click();
  await rules.getByRole('textbox', { name: 'Rule name' }).fill('Met in the last month');
  const term = rules.getByRole('group', { name: 'Condition 1' });
  await term.getByRole('combobox', { name: 'Condition type' }).selectOption({ value: 'activities' });
  await term.getByRole('combobox', { name: 'Activity' }).selectOption({ label: 'Meeting' });
  await term.getByRole('textbox', { name: 'At least' }).fill('1');
  await term.getByRole('textbox', { name: 'Days' }).fill('');
  await rules.getByRole('button', { name: 'Save rule' }).click();
  // A window of 0 days is refused, naming the part.
  await expect(rules.getByRole('alert')).toContainText('condition.all[0]: the period must be at least 1 day.');
  await term.getByRole('textbox', { name: 'Days' }).fill('30');
  await rules.getByRole('button', { name: 'Save rule' }).click();
  await expect(rules.getByRole('checkbox', { name: 'Met in the last month on' })).toBeChecked();

  await kariz.reload();
  await page.getByRole('region', { name: 'Rules' }).getByRole('button', { name: 'Edit rule Met in the last month' }).click();
  const reopened = page.getByRole('region', { name: 'Rules' }).getByRole('group', { name: 'Condition 1' });
  await expect(reopened.getByRole('combobox', { name: 'Condition type' })).toHaveValue('activities');
  await expect(reopened.getByRole('combobox', { name: 'Activity' })).toHaveValue('meeting');
  await expect(reopened.getByRole('textbox', { name: 'Days' })).toHaveValue('30');

  await kariz.createLead({ name: 'Met Once' });
  await kariz.createLead({ name: 'Other One' });
  await kariz.createLead({ name: 'Other Two' });
  await kariz.openLead('Met Once');
  await kariz.logActivity('Meeting', 'Kick-off meeting');
  await pruneLink(page).click();
  await expect(
    page.getByRole('region', { name: /^Met in the last month/ }).getByRole('link', { name: 'Met Once', exact: true }),
  ).toHaveCount(1);
});
