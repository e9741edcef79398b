import { type Page } from '@playwright/test';
import { test, expect, type Kariz } from './kariz';

// The default rule "5 emails sent, no reply" (data/default_rules.json) proposes Flag Cold.
const RULE = '5 emails sent, no reply';

async function logEmails(kariz: Kariz, page: Page, count: number, from = 1) {
  for (let i = from; i < from + count; i++) {
    await page.getByRole('button', { name: 'Log activity', exact: true }).click();
    await kariz.field('Activity type').selectOption({ label: 'Email sent' });
    await kariz.field('Notes').fill(`Email number ${i}`);
    await page.getByRole('button', { name: 'Save activity', exact: true }).click();
    await expect(kariz.activityTimeline().getByRole('listitem').filter({ hasText: `Email number ${i}` })).toHaveCount(1);
  }
}

const pruneLink = (page: Page) => page.getByRole('navigation').getByRole('link', { name: /^Prune/ });

function item(page: Page, name: string) {
  return page
    .getByRole('region', { name: new RegExp(`^${RULE}`) })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
}

async function setup(kariz: Kariz, page: Page) {
  await kariz.goto('/leads');
  // Three leads, so one flagged lead is not "more than half" (that asks for confirmation).
  await kariz.createLead({ name: 'Silent Sara', industry: 'Software', employees: '20', city: 'Tehran', decisionRole: 'Decision maker' });
  await kariz.createLead({ name: 'Other One' });
  await kariz.createLead({ name: 'Other Two' });
  await kariz.openLead('Silent Sara');
  const score = page.getByRole('region', { name: 'Score' });
  await expect(score).toContainText('Hot');
  await logEmails(kariz, page, 5);
}

test('five unanswered emails are flagged; Apply makes the lead Cold and Undo in History restores it, across reloads', async ({ kariz, page }) => {
  await setup(kariz, page);
  await expect(pruneLink(page)).toHaveAccessibleName('Prune 1');
  await pruneLink(page).click();
  await expect(kariz.heading('Prune')).toBeVisible();
  const flagged = item(page, 'Silent Sara');
  await expect(flagged).toHaveCount(1);
  const evidence = flagged.getByRole('list', { name: 'Evidence' }).getByRole('listitem');
  await expect(evidence).toHaveCount(5);
  await expect(evidence.first()).toContainText('Email sent on');
  await expect(flagged).toContainText('Proposed: Flag Cold');

  await flagged.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(flagged).toHaveCount(0);
  await expect(pruneLink(page)).toHaveAccessibleName('Prune');
  const history = page.getByRole('region', { name: 'History' });
  const entry = history.getByRole('listitem').filter({ hasText: 'Silent Sara' });
  await expect(entry).toContainText(RULE);
  await expect(entry).toContainText('Flag Cold');

  await page.getByRole('link', { name: 'Silent Sara', exact: true }).first().click();
  const score = page.getByRole('region', { name: 'Score' });
  await expect(score).toContainText('Cold');
  await kariz.reload();
  await expect(page.getByRole('region', { name: 'Score' })).toContainText('Cold');

  await kariz.goto('/prune');
  await expect(item(page, 'Silent Sara')).toHaveCount(0);
  await page.getByRole('region', { name: 'History' }).getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('Undone on');
  // Undone, the lead is flagged again for review.
  await expect(item(page, 'Silent Sara')).toHaveCount(1);
  await kariz.reload();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('Undone on');
  await page.getByRole('region', { name: 'History' }).getByRole('link', { name: 'Silent Sara' }).click();
  await expect(page.getByRole('region', { name: 'Score' })).toContainText('Hot');
});

test('Dismiss removes the item for good; a sixth email is new evidence and flags again', async ({ kariz, page }) => {
  await setup(kariz, page);
  const leadUrl = page.url();
  await pruneLink(page).click();
  await item(page, 'Silent Sara').getByRole('button', { name: 'Dismiss', exact: true }).click();
  await expect(item(page, 'Silent Sara')).toHaveCount(0);
  await kariz.reload();
  await expect(kariz.heading('Prune')).toBeVisible();
  await expect(item(page, 'Silent Sara')).toHaveCount(0);
  await expect(pruneLink(page)).toHaveAccessibleName('Prune');

  await kariz.goto(new URL(leadUrl).pathname);
  await logEmails(kariz, page, 1, 6);
  await expect(pruneLink(page)).toHaveAccessibleName('Prune 1');
  await pruneLink(page).click();
  await expect(item(page, 'Silent Sara').getByRole('list', { name: 'Evidence' }).getByRole('listitem')).toHaveCount(6);
});

test('Apply to selected applies a chosen action to several leads; more than half asks first', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  for (const name of ['Anti One', 'Anti Two']) {
    await kariz.createLead({ name });
    await kariz.openLead(name);
    await logEmails(kariz, page, 5);
    await kariz.goto('/leads');
  }
  await kariz.goto('/prune');
  for (const name of ['Anti One', 'Anti Two']) {
    await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  }
  await item(page, 'Anti Two').getByRole('combobox', { name: 'Action for Anti Two' }).selectOption({ label: 'Move to Nurture' });
  await page.getByRole('button', { name: 'Apply to selected' }).click();
  // Two of two leads flagged: more than half, so nothing is applied before confirming.
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('flag 2 of 2 leads');
  await expect(page.getByRole('region', { name: 'History' })).toContainText('No action applied yet.');
  await confirm.getByRole('button', { name: 'Apply anyway' }).click();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('button', { name: 'Undo' })).toHaveCount(2);
  await expect(history.getByRole('listitem').filter({ hasText: 'Anti Two' })).toContainText('Move to Nurture');
  const nurture = page.getByRole('region', { name: 'Nurture' });
  await expect(nurture.getByRole('listitem').filter({ hasText: 'Anti Two' })).toContainText('Reason: 5 emails sent, no reply');
  // A nurtured lead is off Today.
  await kariz.navLink('Today').click();
  await expect(page.getByRole('list', { name: 'Contact today' }).getByRole('link', { name: 'Anti Two' })).toHaveCount(0);
});

test('Settings › Rules: a rule that can never be evaluated is refused naming the part; a good one is saved and flags', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  const rules = page.getByRole('region', { name: 'Rules' });
  await expect(rules.getByRole('checkbox', { name: `${RULE} on` })).toBeChecked();
  await rules.getByRole('button', { name: 'New rule' }).click();
  await rules.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Flag Cold' });
  await rules.getByRole('textbox', { name: 'At least' }).fill('-2');
  await rules.getByRole('button', { name: 'Save rule' }).click();
  const problems = rules.getByRole('alert');
  await expect(problems).toContainText('condition.all[0]: the count must be at least 1.');
  await expect(problems).toContainText('name: the rule needs a name.');
  await rules.getByRole('textbox', { name: 'At least' }).fill('two');
  await rules.getByRole('button', { name: 'Save rule' }).click();
  await expect(problems).toContainText('condition.all[0].at_least: enter a whole number.');

  await rules.getByRole('textbox', { name: 'Rule name' }).fill('Two emails, no reply');
  await rules.getByRole('textbox', { name: 'At least' }).fill('2');
  await rules.getByRole('button', { name: 'Save rule' }).click();
  await expect(rules.getByRole('checkbox', { name: 'Two emails, no reply on' })).toBeChecked();
  await kariz.reload();
  await expect(page.getByRole('region', { name: 'Rules' }).getByRole('checkbox', { name: 'Two emails, no reply on' })).toBeChecked();

  await kariz.createLead({ name: 'Quiet Qasem' });
  await kariz.createLead({ name: 'Other One' });
  await kariz.createLead({ name: 'Other Two' });
  await kariz.openLead('Quiet Qasem');
  await logEmails(kariz, page, 2);
  await pruneLink(page).click();
  await expect(
    page.getByRole('region', { name: /^Two emails, no reply/ }).getByRole('link', { name: 'Quiet Qasem', exact: true }),
  ).toHaveCount(1);
});
