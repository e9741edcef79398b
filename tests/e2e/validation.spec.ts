import { test, expect, TEXT_FIELDS, selectedLabel, type LeadInput } from './kariz';

const VALID: LeadInput & { name: string } = {
  name: 'Dara Sadeghi',
  company: 'Alborz Tiles',
  jobTitle: 'Owner',
  email: 'dara@alborz.example',
  phone: '09123334455',
  industry: 'Construction',
  employees: '35',
  city: 'Karaj',
  budget: '90000000',
  timeline: '2026-06-15',
  owner: 'Shirin',
  notes: 'Wants a quote for the new showroom.',
  source: 1,
  decisionRole: 1,
  journeyStage: 1,
};

test('an invalid email is reported inline; the form keeps every value and nothing is saved', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  // A valid lead first, so that "no row after reload" is checked once the list has really loaded.
  await kariz.createLead({ name: 'Control Lead' });

  const form = await kariz.openNewLeadForm();
  const input = { ...VALID, email: 'not-an-email' };
  const chosen = await kariz.fillLead(input, form);
  await kariz.save(form);

  await kariz.expectFieldError('Email', /valid email/i, form);
  await expect(form, 'the form stays open').toBeVisible();
  for (const [key, label] of Object.entries(TEXT_FIELDS)) {
    await expect(kariz.field(label, form), `${label} keeps its value`).toHaveValue(input[key as keyof typeof TEXT_FIELDS]!);
  }
  for (const [key, label] of [['source', 'Source'], ['decisionRole', 'Decision role'], ['journeyStage', 'Journey stage']] as const) {
    expect(await selectedLabel(kariz.field(label, form)), `${label} keeps its choice`).toBe(chosen[key]);
  }
  await expect(kariz.leadRow(VALID.name)).toHaveCount(0);

  await kariz.reload();
  await expect(kariz.leadRow('Control Lead')).toHaveCount(1);
  await expect(kariz.leadRow(VALID.name), 'nothing was saved').toHaveCount(0);
  await expect(page).toHaveURL(/\/leads$/);
});

test('an empty name is required', async ({ kariz }) => {
  await kariz.goto('/leads');
  const form = await kariz.openNewLeadForm();
  await kariz.fillLead({ ...VALID, name: '' }, form);
  await kariz.save(form);
  await kariz.expectFieldError('Name', /Name is required/i, form);
  await expect(form).toBeVisible();
  await expect(kariz.field('Company', form)).toHaveValue(VALID.company!);
});

test('a 10-digit phone number is rejected', async ({ kariz }) => {
  await kariz.goto('/leads');
  const form = await kariz.openNewLeadForm();
  await kariz.fillLead({ ...VALID, phone: '0912123456' }, form);
  await kariz.save(form);
  await kariz.expectFieldError('Phone', /valid phone/i, form);
  await expect(form).toBeVisible();
  await expect(kariz.field('Phone', form)).toHaveValue('0912123456');
});

test('a negative number of employees is rejected', async ({ kariz }) => {
  await kariz.goto('/leads');
  const form = await kariz.openNewLeadForm();
  await kariz.fillLead({ ...VALID, employees: '-3' }, form);
  await kariz.save(form);
  await kariz.expectFieldError('Employees', /negative/i, form);
  await expect(form).toBeVisible();
  await expect(kariz.field('Employees', form)).toHaveValue('-3');
});

test('a phone number typed in Persian digits is accepted and shown normalised', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await kariz.createLead({ name: 'Parisa Nikpour', phone: '۰۹۱۲۱۲۳۴۵۶۷' });
  await kariz.openLead('Parisa Nikpour');
  await expect(page.getByText('+98 912 123 4567').first()).toBeVisible();
});
