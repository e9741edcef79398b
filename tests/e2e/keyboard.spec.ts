// Keyboard only: create a lead, qualify it, convert it to a deal and move the deal, with nothing
// but Tab, Shift+Tab, Enter, Space, the arrows and typed text. At every stop the focus must be on
// the control expected and visibly marked; when a form closes, the focus goes back to what opened it.
// axe also checks the states the route walk of a11y.spec.ts does not reach (open forms, the stage menu).
import { test, expect } from './kariz';
import type { Locator, Page } from '@playwright/test';
import { expectNoSeriousViolations } from './axe';

const REQUIRED = [
  'Is the company in our sales territory?',
  'Does the company match our buyer persona?',
  'Do they have a challenge our product solves?',
  'Is there a team or person who would use it?',
  'Does the purchase fit their budget?',
];

/** Fails unless the focused element shows a focus mark (an outline or a ring). */
async function expectFocusVisible(page: Page, what: string) {
  const mark = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== 'none';
    return { focusVisible: el.matches(':focus-visible'), marked: outline || ring };
  });
  expect(mark, `${what}: something is focused`).not.toBeNull();
  expect(mark!.focusVisible, `${what}: the focus is :focus-visible`).toBe(true);
  expect(mark!.marked, `${what}: the focus has an outline or ring`).toBe(true);
}

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, what: string, { back = false, limit = 80 } = {}) {
  for (let i = 0; i < limit; i++) {
    // `target` holds the focus, or (for a radio group) an element within it.
    if (await target.evaluate((el) => el.contains(document.activeElement)).catch(() => false)) {
      await expectFocusVisible(page, what);
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${what}: not reached in ${limit} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

function card(page: Page, title: string) {
  return page
    .getByRole('region', { name: 'Pipeline board' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: title }) });
}

test('keyboard only: create lead → qualify → convert → move the deal, the focus always visible', async ({ kariz, page }) => {
  test.setTimeout(120_000);
  await kariz.goto('/');

  // The navigation to Leads.
  await tabTo(page, kariz.navLink('Leads'), 'nav link Leads');
  await page.keyboard.press('Enter');
  await expect(kariz.heading('Leads')).toBeVisible();

  // A new lead, typed in.
  await tabTo(page, page.getByRole('button', { name: 'New lead', exact: true }), 'New lead');
  await page.keyboard.press('Enter');
  const form = kariz.newLeadForm();
  await expect(form).toBeVisible();
  await tabTo(page, kariz.field('Name', form), 'Name field');
  await page.keyboard.type('Keyboard Lead');
  await tabTo(page, kariz.field('Company', form), 'Company field');
  await page.keyboard.type('Tab & Co');
  await expectNoSeriousViolations(page, 'the new lead form');
  await tabTo(page, form.getByRole('button', { name: 'Save', exact: true }), 'Save');
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(page.getByRole('button', { name: 'New lead', exact: true }), 'focus back on New lead').toBeFocused();
  await expectFocusVisible(page, 'New lead after saving');
  const link = kariz.leadRow('Keyboard Lead').getByRole('link', { name: 'Keyboard Lead', exact: true });
  await expect(link).toBeVisible();

  // Open it and qualify it: each required question answered Yes with the arrows.
  await tabTo(page, link, 'the new lead in the table');
  await page.keyboard.press('Enter');
  await expect(kariz.heading('Keyboard Lead')).toBeVisible();
  const region = page.getByRole('region', { name: 'Qualification' });
  for (const q of REQUIRED) {
    const group = region.getByRole('radiogroup', { name: q });
    const yes = group.getByRole('radio', { name: 'Yes', exact: true });
    await tabTo(page, group, q);
    // Tab enters a group on its checked answer; ArrowUp walks back to "Yes", the first.
    for (let i = 0; i < 3 && !(await yes.isChecked()); i++) {
      if (await yes.evaluate((el) => el === document.activeElement)) await page.keyboard.press('Space');
      else await page.keyboard.press('ArrowUp');
    }
    await expect(yes, `${q}: Yes`).toBeChecked();
    await expect(yes).toBeFocused();
  }
  await tabTo(page, region.getByRole('button', { name: 'Save qualification' }), 'Save qualification');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Qualification saved' })).toBeVisible();

  // Convert it.
  await tabTo(page, page.getByRole('button', { name: 'Convert to deal' }), 'Convert to deal');
  await page.keyboard.press('Enter');
  await tabTo(page, kariz.field('Value'), 'the deal value');
  await page.keyboard.type('5000');
  await expectNoSeriousViolations(page, 'the lead page, qualified, with the deal form open');
  const create = page.getByRole('button', { name: 'Create deal' });
  await tabTo(page, create, 'Create deal');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Convert to deal' }), 'focus back on Convert to deal').toBeFocused();
  await expectFocusVisible(page, 'Convert to deal after creating the deal');

  // To the pipeline, back through the page with Shift+Tab to the navigation.
  await tabTo(page, kariz.navLink('Pipeline'), 'nav link Pipeline', { back: true, limit: 150 });
  await page.keyboard.press('Enter');
  await expect(kariz.heading('Pipeline')).toBeVisible();
  const move = card(page, 'Tab & Co').getByRole('button', { name: 'Move to stage' });
  await tabTo(page, move, 'Move to stage', { limit: 150 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Qualification' })).toBeFocused();
  await expectFocusVisible(page, 'the menu item Qualification');
  await expectNoSeriousViolations(page, 'the pipeline with a stage menu open');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Contact' })).toBeFocused();
  await expectFocusVisible(page, 'the menu item Contact');
  await page.keyboard.press('Enter');
  const contact = page.getByRole('region', { name: 'Pipeline board' }).getByRole('list', { name: 'Contact', exact: true });
  await expect(contact.getByRole('heading', { name: 'Tab & Co' })).toBeVisible();
  await expect(card(page, 'Tab & Co').getByRole('button', { name: 'Move to stage' }), 'focus follows the card').toBeFocused();
  await expectFocusVisible(page, 'Move to stage after the move');
});
