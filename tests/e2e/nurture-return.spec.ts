import { type Page } from '@playwright/test';
import { test, expect, type Kariz } from './kariz';

// The default rule "5 emails sent, no reply" (data/default_rules.json) flags the lead; the user picks
// "Move to Nurture" instead of its Flag Cold, so the rule's name becomes the reason.
const RULE = '5 emails sent, no reply';
const RETURN_TITLE = 'Nurtured leads ready to return';

const pruneLink = (page: Page) => page.getByRole('navigation').getByRole('link', { name: /^Prune/ });

function flagged(page: Page, group: string | RegExp, name: string) {
  return page
    .getByRole('region', { name: group })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** Five unanswered emails get the lead flagged; on Prune, `action` is applied instead of Flag Cold. */
async function applyByRule(kariz: Kariz, page: Page, name: string, action: string) {
  await kariz.goto('/leads');
  await kariz.openLead(name);
  for (let i = 1; i <= 5; i++) await kariz.logActivity('Email sent', `Email number ${i}`);
  await pruneLink(page).click();
  const item = flagged(page, new RegExp(`^${RULE}`), name);
  await item.getByRole('combobox', { name: `Action for ${name}` }).selectOption({ label: action });
  await item.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(item).toHaveCount(0);
}

test('a lead a rule moved to Nurture is in the Leads Nurture queue with the reason, and leaves it when returned', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  // Three leads, so one flagged lead is not "more than half" (that asks for confirmation).
  await kariz.createLead({ name: 'Nurtured Nima' });
  await kariz.createLead({ name: 'Other One' });
  await kariz.createLead({ name: 'Other Two' });
  await applyByRule(kariz, page, 'Nurtured Nima', 'Move to Nurture');

  const nurtureList = page.getByRole('region', { name: 'Nurture', exact: true });
  await expect(nurtureList.getByRole('listitem').filter({ hasText: 'Nurtured Nima' })).toContainText(`Reason: ${RULE}`);
  // Its score (0) is under the MQL threshold (40): nothing proposes a return yet.
  await expect(page.getByRole('region', { name: new RegExp(`^${RETURN_TITLE}`) })).toHaveCount(0);

  await kariz.navLink('Leads').click();
  const queue = kariz.field('Queue');
  await expect(queue.getByRole('option', { name: 'Nurture (1)' })).toHaveCount(1);
  await expect(queue.getByRole('option', { name: 'Active (2)' })).toHaveCount(1);
  await queue.selectOption({ label: 'Nurture (1)' });
  await expect(kariz.leadsTable().getByRole('link')).toHaveCount(1);
  await expect(kariz.leadRow('Nurtured Nima')).toContainText(`Nurture — ${RULE}`);

  // The lead warms up: software, 20 people, Tehran, the decision maker — 60 points, over MQL.
  await queue.selectOption({ label: 'All leads' });
  await kariz.openLead('Nurtured Nima');
  // The lead page says the same: the rule's action, not the (empty) answers, decides the queue.
  await expect(page.getByRole('region', { name: 'Qualification' })).toContainText(`Nurture — ${RULE}`);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await kariz.fillLead({ industry: 'Software', employees: '20', city: 'Tehran', decisionRole: 'Decision maker' });
  await kariz.save();
  await expect(kariz.field('Industry')).toBeHidden();

  await pruneLink(page).click();
  const proposal = flagged(page, new RegExp(`^${RETURN_TITLE}`), 'Nurtured Nima');
  await expect(proposal).toHaveCount(1);
  await expect(proposal).toContainText('Proposed: Return to the active list');
  await proposal.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(proposal).toHaveCount(0);
  await expect(nurtureList.getByRole('listitem').filter({ hasText: 'Nurtured Nima' })).toHaveCount(0);

  await kariz.reload();
  await expect(page.getByRole('region', { name: 'Nurture', exact: true }).getByRole('listitem').filter({ hasText: 'Nurtured Nima' })).toHaveCount(0);
  await expect(flagged(page, new RegExp(`^${RETURN_TITLE}`), 'Nurtured Nima')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'History' }).getByRole('listitem').filter({ hasText: 'Nurtured Nima' }).first()).toContainText(
    'Return to the active list',
  );
  await kariz.navLink('Leads').click();
  await expect(kariz.field('Queue').getByRole('option', { name: 'Nurture (0)' })).toHaveCount(1);
  await expect(kariz.field('Queue').getByRole('option', { name: 'Active (3)' })).toHaveCount(1);
  await kariz.navLink('Today').click();
  await expect(page.getByRole('list', { name: 'Contact today' }).getByRole('link', { name: 'Nurtured Nima' })).toHaveCount(1);
});

test('Disqualify and Lost queue from a rule show in those Leads queues with the reason', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  for (const name of ['Dropped Dara', 'Later Leila', 'Other One', 'Other Two', 'Other Three']) await kariz.createLead({ name });
  await applyByRule(kariz, page, 'Dropped Dara', 'Disqualify');
  await applyByRule(kariz, page, 'Later Leila', 'Move to Lost queue');
  await kariz.goto('/leads');
  const queue = kariz.field('Queue');
  await expect(queue.getByRole('option', { name: 'Disqualified (1)' })).toHaveCount(1);
  await expect(queue.getByRole('option', { name: 'Lost queue (1)' })).toHaveCount(1);
  await expect(queue.getByRole('option', { name: 'Active (3)' })).toHaveCount(1);
  await queue.selectOption({ label: 'Disqualified (1)' });
  await expect(kariz.leadsTable().getByRole('link')).toHaveCount(1);
  await expect(kariz.leadRow('Dropped Dara')).toContainText(`Disqualified — ${RULE}`);
  await queue.selectOption({ label: 'Lost queue (1)' });
  await expect(kariz.leadsTable().getByRole('link')).toHaveCount(1);
  await expect(kariz.leadRow('Later Leila')).toContainText(`Lost queue — ${RULE}`);
});
