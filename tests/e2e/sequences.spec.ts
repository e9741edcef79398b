// Sequences (issue 20): a sequence without steps cannot be saved; a lead enrolled from its page
// gets its day-0 steps as tasks at once, completing one logs what it asked for; the lead can be
// taken out again.
import { test, expect } from './kariz';

test('a sequence is saved with steps, a lead enrolled gets its first step as a task, and can be stopped', async ({ kariz, page }) => {
  const { path } = await kariz.createLead({ name: 'Omid Rahimi', company: 'Rasht Tea', owner: 'Sara' });

  await kariz.goto('/settings');
  const sequences = page.getByRole('region', { name: 'Sequences' });
  await kariz.field('Sequence name', sequences).fill('Welcome');
  await sequences.getByRole('button', { name: 'Save sequence' }).click();
  await expect(sequences.getByRole('alert')).toContainText('A sequence needs at least one step.');
  await expect(sequences.getByRole('list', { name: 'Saved sequences' }).getByRole('listitem')).toHaveCount(0);

  await sequences.getByRole('button', { name: 'Add step' }).click();
  await kariz.field('Step 1 day', sequences).fill('0');
  await kariz.field('Step 1 action', sequences).selectOption({ label: 'Email' });
  await kariz.field('Step 1 title', sequences).fill('Intro email');
  await sequences.getByRole('button', { name: 'Add step' }).click();
  await kariz.field('Step 2 day', sequences).fill('400');
  await kariz.field('Step 2 action', sequences).selectOption({ label: 'Call' });
  await kariz.field('Step 2 title', sequences).fill('Call back');
  await sequences.getByRole('button', { name: 'Save sequence' }).click();
  await expect(sequences.getByRole('alert')).toContainText('Step 2: the day must be a whole number from 0 to 365.');
  await kariz.field('Step 2 day', sequences).fill('3');
  await sequences.getByRole('button', { name: 'Save sequence' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sequence saved' })).toBeVisible();
  await expect(sequences.getByRole('list', { name: 'Saved sequences' })).toContainText('Welcome');
  await expect(sequences.getByRole('list', { name: 'Saved sequences' })).toContainText('2 steps');

  await kariz.goto(path);
  const onLead = page.getByRole('region', { name: 'Sequences' });
  await expect(kariz.field('Sequence', onLead)).toHaveValue(/.+/);
  await onLead.getByRole('button', { name: 'Enroll in sequence' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Enrolled in the sequence' })).toBeVisible();
  await expect(onLead.getByRole('list', { name: 'Enrolled sequences' })).toContainText('Welcome');

  await kariz.navLink('Tasks').click();
  const list = page.getByRole('list', { name: 'Task list' });
  const intro = list.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'Intro email', exact: true }) });
  await expect(intro).toContainText('Omid Rahimi');
  await expect(intro).toContainText('Owner: Sara');
  // Day 3's step is not a task yet.
  await expect(list.getByRole('checkbox', { name: 'Call back' })).toHaveCount(0);
  await intro.getByRole('checkbox').click();
  await expect(intro).toHaveCount(0);

  await kariz.goto(path);
  await expect(kariz.activityTimeline().getByRole('listitem').filter({ hasText: 'Intro email' })).toContainText('Email sent');
  await onLead.getByRole('button', { name: 'Stop sequence Welcome' }).click();
  await expect(onLead.getByRole('list', { name: 'Enrolled sequences' }).getByRole('listitem')).toHaveCount(0);
});
