// Reminders (issue 20): a task that came due while Kariz was closed is listed under "Missed
// reminders" at the next start; marking it done there removes it; a reminder shown once is not
// listed again after a reload (the workspace stores up to when reminders were shown); a task
// coming due while Kariz is open is listed under "Due now" and notified when permitted.
import { test, expect, localDay, type Kariz } from './kariz';
import { expectNoSeriousViolations } from './axe';
import type { Page } from '@playwright/test';

const DAY = 24 * 3600 * 1000;

async function addTask(kariz: Kariz, page: Page, title: string, lead: string) {
  await kariz.navLink('Tasks').click();
  await page.getByRole('button', { name: 'New task', exact: true }).click();
  const form = page.getByRole('region', { name: 'New task' });
  await kariz.field('Title', form).fill(title);
  await kariz.field('Due', form).fill(await localDay(page, 1));
  await kariz.field('Due time', form).fill('10:00');
  await kariz.field('Find lead', form).fill(lead);
  await kariz.field('Lead', form).selectOption({ label: lead });
  await form.getByRole('button', { name: 'Save task' }).click();
  await expect(form).toBeHidden();
}

test('tasks due while Kariz was closed are missed reminders; done or shown once, they leave', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Reza Remind', owner: 'Sara' });
  await addTask(kariz, page, 'Call Reza', 'Reza Remind');
  await addTask(kariz, page, 'Email Reza', 'Reza Remind');
  const reminders = page.getByRole('region', { name: 'Reminders' });
  await expect(reminders, 'nothing is due yet').toHaveCount(0);

  // Three days later the app opens again: both came due while it was closed.
  await page.clock.install({ time: new Date(Date.now() + 3 * DAY) });
  await kariz.goto('/');
  const missed = reminders.getByRole('list', { name: 'Missed reminders' });
  await expect(missed.getByRole('listitem')).toHaveCount(2);
  await expect(missed).toContainText('Call Reza');
  await expect(missed).toContainText('Email Reza');
  await expect(reminders.getByRole('link', { name: 'Open Call Reza' })).toHaveAttribute('href', /\/leads\/[^/]+$/);
  await expectNoSeriousViolations(page, 'missed reminders');

  await reminders.getByRole('button', { name: 'Mark Call Reza done' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Task done' })).toBeVisible();
  await expect(missed.getByRole('listitem')).toHaveCount(1);
  await expect(missed).not.toContainText('Call Reza');
  await reminders.getByRole('button', { name: 'Dismiss reminder Email Reza' }).click();
  await expect(reminders).toHaveCount(0);

  // Shown once, the reminder is not listed as missed again; the task itself stays open.
  await kariz.reload();
  await expect(reminders).toHaveCount(0);
  await kariz.goto('/tasks');
  await expect(page.getByRole('checkbox', { name: 'Email Reza', exact: true })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Call Reza', exact: true })).toHaveCount(0);
});

test('Settings → Automation offers browser notifications; the browser asks only on the click', async ({ kariz, page, context }) => {
  await kariz.goto('/settings');
  const automation = page.getByRole('region', { name: 'Automation' });
  await expect(automation.getByRole('heading', { name: 'Browser notifications' })).toBeVisible();
  const asked = await page.evaluate(() => Notification.permission);
  // Nothing asked at start: the permission is still the browser's own default.
  const allow = automation.getByRole('button', { name: 'Allow browser notifications' });
  if (asked === 'default') await expect(allow).toBeVisible();
  else await expect(allow).toHaveCount(0);

  await context.grantPermissions(['notifications']);
  await kariz.reload();
  await expect(automation).toContainText('Reminders also show as browser notifications');
  await expect(allow).toHaveCount(0);
});

test('a task coming due while Kariz is open is listed under "Due now" and, when allowed, notified by the browser', async ({ kariz, page, context }) => {
  // The browser's Notification, recorded: what the app shows is checked, nothing pops up.
  await context.grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const shown: { title: string; body?: string }[] = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    const Native = window.Notification;
    class Recorded extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body });
      }
    }
    window.Notification = Recorded as typeof Notification;
  });
  await page.clock.install({ time: new Date() });
  await kariz.goto('/');
  await kariz.createLead({ name: 'Reza Remind', owner: 'Sara' });
  await addTask(kariz, page, 'Call Reza', 'Reza Remind');
  const reminders = page.getByRole('region', { name: 'Reminders' });
  await expect(reminders).toHaveCount(0);

  // The clock passes the due time (tomorrow 10:00) and the half-minute check after it.
  const untilDue = await page.evaluate(() => {
    const due = new Date();
    due.setDate(due.getDate() + 1);
    due.setHours(10, 0, 0, 0);
    return due.getTime() - Date.now();
  });
  await page.clock.fastForward(untilDue + 31_000);
  const dueNow = reminders.getByRole('list', { name: 'Due now' });
  await expect(dueNow.getByRole('listitem')).toHaveCount(1);
  await expect(dueNow).toContainText('Call Reza');
  await expect(reminders.getByRole('list', { name: 'Missed reminders' })).toHaveCount(0);
  const shown = await page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications);
  expect(shown).toEqual([{ title: 'Kariz: a task is due', body: expect.stringContaining('Call Reza') }]);

  await reminders.getByRole('button', { name: 'Mark Call Reza done' }).click();
  await expect(reminders).toHaveCount(0);
});
