import { test, expect, browserToday, type LeadInput } from './kariz';

const LEAD: LeadInput & { name: string } = {
  name: 'Golnar Tavakoli',
  company: 'Golestan Pharma',
  jobTitle: 'Head of procurement',
  email: 'golnar@golestan-pharma.example',
  phone: '09121234567',
  industry: 'Pharmaceuticals',
  employees: '480',
  city: 'Tabriz',
  budget: '1200000000',
  timeline: '2026-05-01',
  owner: 'Kaveh Jafari',
  notes: 'Interested in the annual plan.',
  source: 1,
  currency: 0,
  decisionRole: 1,
  journeyStage: 1,
};

test.beforeEach(async ({ kariz }) => {
  await kariz.goto('/leads');
});

test('the lead page shows every field', async ({ kariz, page }) => {
  const { path, chosen } = await kariz.createLead(LEAD);
  await kariz.openLead(LEAD.name);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  const shown = [
    LEAD.company!, LEAD.jobTitle!, LEAD.email!, '+98 912 123 4567', LEAD.industry!, LEAD.city!,
    LEAD.owner!, LEAD.notes!, chosen.source!, chosen.decisionRole!, chosen.journeyStage!,
  ];
  for (const text of shown) {
    await expect(page.getByText(text, { exact: false }).first(), `"${text}" is shown`).toBeVisible();
  }
});

test('Edit opens the form prefilled and Save updates the lead', async ({ kariz, page }) => {
  await kariz.createLead(LEAD);
  await kariz.openLead(LEAD.name);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(kariz.field('Name')).toHaveValue(LEAD.name);
  await expect(kariz.field('Email')).toHaveValue(LEAD.email!);
  await expect(kariz.field('City')).toHaveValue(LEAD.city!);
  await kariz.field('Company').fill('Golestan Pharma Group');
  await kariz.save();
  await expect(kariz.field('Company')).toBeHidden();
  await expect(page.getByText('Golestan Pharma Group').first()).toBeVisible();
  await kariz.reload();
  await expect(kariz.heading(LEAD.name)).toBeVisible();
  await expect(page.getByText('Golestan Pharma Group').first()).toBeVisible();
});

test('Log activity adds a call to the timeline; the date defaults to today', async ({ kariz, page }) => {
  await kariz.createLead(LEAD);
  await kariz.openLead(LEAD.name);
  await page.getByRole('button', { name: 'Log activity', exact: true }).click();
  const today = await browserToday(page);
  const date = kariz.field('Date');
  await expect(date).toBeVisible();
  const value = await date.inputValue();
  expect([today.local, today.utc], `Date is prefilled with today (got "${value}")`).toContain(value);
  await kariz.field('Activity type').selectOption({ label: 'Call' });
  await kariz.field('Notes').fill('Discussed pricing for 50 seats.');
  await page.getByRole('button', { name: 'Save activity', exact: true }).click();
  const item = kariz.activityTimeline().getByRole('listitem').filter({ hasText: 'Discussed pricing for 50 seats.' });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Call');
});

test('Delete removes the lead with an Undo that restores it', async ({ kariz, page }) => {
  await kariz.createLead(LEAD);
  await kariz.openLead(LEAD.name);
  await kariz.deleteCurrentLead();
  await expect(page).toHaveURL(/\/leads$/);
  const status = page.getByRole('status').filter({ hasText: 'Lead deleted' });
  await expect(status).toBeVisible();
  await expect(kariz.leadRow(LEAD.name)).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(kariz.leadRow(LEAD.name)).toHaveCount(1);
  await kariz.reload();
  await expect(kariz.leadRow(LEAD.name), 'the restored lead is stored').toHaveCount(1);
});

test('a deleted lead stays deleted after reload', async ({ kariz, page }) => {
  await kariz.createLead({ name: 'Keep Me' });
  await kariz.createLead(LEAD);
  await kariz.openLead(LEAD.name);
  await kariz.deleteCurrentLead();
  await expect(page.getByRole('status').filter({ hasText: 'Lead deleted' })).toBeVisible();
  await kariz.reload();
  await expect(kariz.leadRow('Keep Me')).toHaveCount(1);
  await expect(kariz.leadRow(LEAD.name)).toHaveCount(0);
});
