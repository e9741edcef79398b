// Tasks (issue 20): a lead turned Hot gets its contact task, ticking it off logs the call on the
// lead; tasks are added by hand (a past due time asks first); Today lists what is due; Settings →
// Automation changes the trigger; a stale deal gets its task when the app starts; Persian renders.
import { test, expect, localDay, type Kariz } from './kariz';
import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from './axe';

// Default model: software +20, 11–50 employees +15, Tehran +10, decision maker +15 → 60 = Hot.
const HOT = { industry: 'Software', employees: '20', city: 'Tehran', decisionRole: 'Decision maker' } as const;

const taskList = (page: Page) => page.getByRole('list', { name: 'Task list' });
const taskItem = (page: Page, title: string) =>
  taskList(page).getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: title, exact: true }) });

async function openTaskForm(kariz: Kariz, page: Page) {
  await kariz.navLink('Tasks').click();
  await expect(kariz.heading('Tasks')).toBeVisible();
  await page.getByRole('button', { name: 'New task', exact: true }).click();
  const form = page.getByRole('region', { name: 'New task' });
  await expect(form).toBeVisible();
  return form;
}

test('a lead turned Hot gets a contact task; ticking it off logs the call on the lead', async ({ kariz, page }) => {
  const { path } = await kariz.createLead({ name: 'Arash Fit', owner: 'Sara', ...HOT });
  await kariz.navLink('Tasks').click();
  await expect(kariz.heading('Tasks')).toBeVisible();
  const item = taskItem(page, 'Contact within 24 hours');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Arash Fit');
  await expect(item).toContainText('Owner: Sara');

  // Today shows it only once it is due; it is due tomorrow.
  await kariz.navLink('Today').click();
  await expect(page.getByRole('list', { name: 'Your tasks due' })).toHaveCount(0);

  await kariz.navLink('Tasks').click();
  // Ticked, the task leaves the open tasks at once (so the box is clicked, not `check`ed).
  await item.getByRole('checkbox', { name: 'Contact within 24 hours' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Task done' })).toBeVisible();
  // Done: gone from the open tasks.
  await expect(item).toHaveCount(0);

  await kariz.goto(path);
  const logged = kariz.activityTimeline().getByRole('listitem').filter({ hasText: 'Contact within 24 hours' });
  await expect(logged).toHaveCount(1);
  await expect(logged).toContainText('Call');

  // Completed tasks stay done after a reload, and no second task is made for the same Hot lead.
  await kariz.goto('/tasks');
  await expect(page.getByText('No tasks here.')).toBeVisible();

  // Reports: Sara contacted her one Hot lead (the call just logged), none waiting.
  await kariz.navLink('Reports').click();
  const speed = page.getByRole('table', { name: 'Speed to lead' });
  const sara = speed.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Sara' }) });
  await expect(sara.getByRole('cell')).toHaveText([/^\d+ min$/, '1', '0']);
});

test('a task is added with "New task"; a past due time asks first; Today lists what is due', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Bita Big', industry: 'Retail', employees: '500' });
  await kariz.createLead({ name: 'Cyrus Gov', industry: 'Government' });

  let form = await openTaskForm(kariz, page);
  await kariz.field('Title', form).fill('Send the quote');
  await kariz.field('Due', form).fill(await localDay(page, 1));
  await kariz.field('Due time', form).fill('14:30');
  await kariz.field('Owner', form).fill('Sara');
  await kariz.field('Find lead', form).fill('bita');
  await kariz.field('Lead', form).selectOption({ label: 'Bita Big' });
  await form.getByRole('button', { name: 'Save task' }).click();
  await expect(form).toBeHidden();
  const quote = taskItem(page, 'Send the quote');
  await expect(quote).toContainText('Bita Big');
  await expect(quote).toContainText('14:30');
  await expect(quote).toContainText('Owner: Sara');
  await expect(quote).not.toContainText('Overdue');

  // Bad input: no title, a due day that is no day.
  form = await openTaskForm(kariz, page);
  await kariz.field('Due', form).fill('2026-02-30');
  await form.getByRole('button', { name: 'Save task' }).click();
  await kariz.expectFieldError('Title', /Title is required/, form);
  await kariz.expectFieldError('Due', /Due needs a date/, form);

  // A due time in the past is saved only once confirmed.
  await kariz.field('Title', form).fill('Late call');
  await kariz.field('Due', form).fill('2020-01-01');
  await form.getByRole('button', { name: 'Save task' }).click();
  await kariz.expectFieldError('Due', /already passed/, form);
  await expect(taskItem(page, 'Late call')).toHaveCount(0);
  await form.getByRole('button', { name: 'Save with a past due time' }).click();
  await expect(form).toBeHidden();
  const late = taskItem(page, 'Late call');
  await expect(late).toContainText('Overdue');
  await expect(late).toContainText('Jan 1, 2020, 09:00');

  // Filters: overdue shows only the late one; this week only the quote.
  await kariz.field('Show').selectOption({ label: 'Overdue' });
  await expect(taskList(page).getByRole('checkbox')).toHaveCount(1);
  await expect(taskItem(page, 'Late call')).toHaveCount(1);
  await kariz.field('Show').selectOption({ label: 'This week' });
  await expect(taskItem(page, 'Send the quote')).toHaveCount(1);
  await expect(taskItem(page, 'Late call')).toHaveCount(0);

  // Today: the user's due and overdue tasks come first, and can be ticked off there.
  await kariz.navLink('Today').click();
  const due = page.getByRole('list', { name: 'Your tasks due' });
  await expect(due.getByRole('checkbox')).toHaveCount(1);
  await due.getByRole('checkbox', { name: 'Late call' }).click();
  await expect(due).toHaveCount(0);
});

test('Settings → Automation changes the Hot lead trigger and refuses a bad delay', async ({ kariz, page }) => {
  await kariz.goto('/settings');
  const automation = page.getByRole('region', { name: 'Automation' });
  await expect(automation.getByRole('heading', { name: 'Automation' })).toBeVisible();
  const hot = automation.getByRole('group', { name: 'When a lead turns Hot' });
  await expect(hot.getByRole('checkbox', { name: 'Create a task to contact the lead' })).toBeChecked();
  await expect(hot.getByLabel('Due within (hours)')).toHaveValue('24');

  await hot.getByLabel('Due within (hours)').fill('0');
  await automation.getByRole('button', { name: 'Save automation' }).click();
  await kariz.expectFieldError('Due within (hours)', /whole number of hours from 1 to 720/, hot);

  await hot.getByLabel('Due within (hours)').fill('8');
  await hot.getByLabel('Task owner').fill('Manager');
  await automation.getByRole('button', { name: 'Save automation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await kariz.reload();
  await expect(hot.getByLabel('Due within (hours)')).toHaveValue('8');

  await kariz.createLead({ name: 'Dara Hot', owner: 'Sara', ...HOT });
  await kariz.navLink('Tasks').click();
  const item = taskItem(page, 'Contact within 8 hours');
  await expect(item).toContainText('Dara Hot');
  await expect(item).toContainText('Owner: Manager');

  // Turned off: a new Hot lead gets no task.
  await kariz.goto('/settings');
  await hot.getByRole('checkbox', { name: 'Create a task to contact the lead' }).uncheck();
  await automation.getByRole('button', { name: 'Save automation' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await kariz.createLead({ name: 'Ela Hot', owner: 'Sara', ...HOT });
  await kariz.navLink('Tasks').click();
  await expect(taskList(page).getByRole('listitem').filter({ hasText: 'Ela Hot' })).toHaveCount(0);
  await expect(taskList(page).getByRole('listitem').filter({ hasText: 'Dara Hot' })).toHaveCount(1);
});

test('a deal gone stale gets its task when the app starts', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Old Lead', company: 'Old Co', budget: '2000', owner: 'Sara' });
  await kariz.openLead('Old Lead');
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await kariz.field('Override reason').fill('Known customer');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();
  await kariz.goto('/tasks');
  await expect(page.getByText('No tasks here.')).toBeVisible();

  // Sixteen days later the deal has sat in Prospecting past its 14 rotting days.
  await page.clock.install({ time: new Date(Date.now() + 16 * 24 * 3600 * 1000) });
  await kariz.goto('/tasks');
  const item = taskItem(page, 'Revive or close this deal');
  await expect(item).toContainText('Old Co');
  await expect(item).toContainText('Owner: Sara');
  await kariz.reload();
  await expect(taskList(page).getByRole('checkbox')).toHaveCount(1);
});

test('Persian: the Tasks page is right-to-left with Jalali dates in Persian digits', async ({ kariz, page }) => {
  // 2026-03-21 is Nowruz 1405.
  await page.clock.setFixedTime(new Date('2026-03-21T10:00:00Z'));
  await kariz.goto('/');
  const form = await openTaskForm(kariz, page);
  await kariz.field('Title', form).fill('Call Nasrin');
  await kariz.field('Due', form).fill('2026-03-22');
  await kariz.field('Due time', form).fill('14:30');
  await form.getByRole('button', { name: 'Save task' }).click();
  await expect(form).toBeHidden();

  await kariz.setLanguage('فارسی');
  await kariz.expectDocumentLanguage('fa');
  await expect(kariz.heading('کارها')).toBeVisible();
  await expect(kariz.navLink('کارها')).toBeVisible();
  const item = page
    .getByRole('list', { name: 'فهرست کارها' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('checkbox', { name: 'Call Nasrin' }) });
  await expect(item).toContainText('۱۴۰۵/۰۱/۰۲، ۱۴:۳۰');
  await expect(item).not.toContainText('2026');
  await page.getByRole('button', { name: 'کار جدید' }).click();
  const persianForm = page.getByRole('region', { name: 'کار جدید' });
  await kariz.field('عنوان', persianForm).fill('پیگیری');
  await kariz.field('موعد', persianForm).fill('۱۴۰۵/۰۱/۰۳');
  await persianForm.getByRole('button', { name: 'ذخیرهٔ کار' }).click();
  await expect(persianForm).toBeHidden();
  await expect(
    page.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'پیگیری' }) }),
  ).toContainText('۱۴۰۵/۰۱/۰۳، ۰۹:۰۰');
});

test('the open tasks export as a calendar file, titled as shown', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Arash Fit', owner: 'Sara', ...HOT });
  const form = await openTaskForm(kariz, page);
  await kariz.field('Title', form).fill('Send the quote');
  await kariz.field('Due', form).fill(await localDay(page, 2));
  await form.getByRole('button', { name: 'Save task' }).click();
  await expect(form).toBeHidden();
  await taskItem(page, 'Send the quote').getByRole('checkbox').click();
  await expect(taskItem(page, 'Send the quote')).toHaveCount(0);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export open tasks (.ics)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('kariz-tasks.ics');
  const text = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
  expect(text).toContain('BEGIN:VCALENDAR');
  expect(text).toContain('SUMMARY:Contact within 24 hours — Arash Fit');
  expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  expect(text).not.toContain('Send the quote');

  // One task alone, from its row.
  const [one] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download .ics of Contact within 24 hours' }).click(),
  ]);
  expect(one.suggestedFilename()).toMatch(/^kariz-task-\d+\.ics$/);
  const single = await (await import('node:fs/promises')).readFile((await one.path())!, 'utf8');
  expect(single.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  expect(single).toContain('SUMMARY:Contact within 24 hours — Arash Fit');
});

test('a task can be about a deal; the deal lists its open tasks on the lead page', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Deal Lead', company: 'Deal Co', budget: '2000', owner: 'Sara' });
  await kariz.openLead('Deal Lead');
  await page.getByRole('button', { name: 'Convert to deal' }).click();
  await kariz.field('Override reason').fill('Known customer');
  await page.getByRole('button', { name: 'Create deal' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deal created' })).toBeVisible();
  const leadPath = new URL(page.url()).pathname;

  const form = await openTaskForm(kariz, page);
  await kariz.field('Title', form).fill('Send the contract');
  await kariz.field('Due', form).fill(await localDay(page, 2));
  await kariz.field('Find lead', form).fill('deal lead');
  await kariz.field('Lead', form).selectOption({ label: 'Deal Lead' });
  await kariz.field('Deal', form).selectOption({ label: 'Deal Co (Deal Lead)' });
  // A task is about one thing: choosing the deal clears the lead.
  await expect(kariz.field('Lead', form)).toHaveValue('');
  await form.getByRole('button', { name: 'Save task' }).click();
  await expect(form).toBeHidden();
  const item = taskItem(page, 'Send the contract');
  await expect(item.getByRole('link', { name: 'Deal Co' })).toHaveAttribute('href', leadPath);

  await kariz.goto(leadPath);
  const dealTasks = page.getByRole('list', { name: 'Open tasks of Deal Co' });
  await expect(dealTasks.getByRole('checkbox', { name: 'Send the contract' })).toBeVisible();
  await expectNoSeriousViolations(page, 'a deal\'s open tasks');
  await dealTasks.getByRole('checkbox', { name: 'Send the contract' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Task done' })).toBeVisible();
  await expect(dealTasks).toHaveCount(0);
});
