// Message templates (issue 20): written in Settings (an unknown placeholder is refused, named),
// rendered for a lead by "Send email" as a mailto: link, and logged as "Email sent".
import { test, expect } from './kariz';
import { expectNoSeriousViolations } from './axe';

test('a template is refused for an unknown placeholder, saved, and sent to a lead through mailto:', async ({ kariz, page }) => {
  const { path } = await kariz.createLead({ name: 'Nasrin Ahmadi', company: 'Shiraz Carpets', email: 'nasrin@shiraz.example', owner: 'Sara' });

  await kariz.goto('/settings');
  const templates = page.getByRole('region', { name: 'Message templates' });
  await kariz.field('Template name', templates).fill('Intro');
  await kariz.field('Subject', templates).fill('Hello {first_name}');
  await kariz.field('Message', templates).fill('Dear {first_name} of {company},\nmeet {product}. {nickname}');
  await templates.getByRole('button', { name: 'Save template' }).click();
  await kariz.expectFieldError('Message', /Unknown placeholder “nickname”/, templates);
  await expect(templates.getByRole('list', { name: 'Saved templates' }).getByRole('listitem')).toHaveCount(0);

  await kariz.field('Message', templates).fill('Dear {first_name} of {company},\nmeet {product}.\n— {owner}');
  await templates.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Template saved' })).toBeVisible();
  await expect(templates.getByRole('list', { name: 'Saved templates' })).toContainText('Intro');

  await kariz.goto(path);
  await page.getByRole('button', { name: 'Send email' }).click();
  await kariz.field('Product').fill('Kariz CRM');
  const preview = page.getByRole('region', { name: 'Email preview' });
  await expect(preview).toContainText('Hello Nasrin');
  await expect(preview).toContainText('Dear Nasrin of Shiraz Carpets,');
  await expect(preview).toContainText('meet Kariz CRM.');
  await expect(preview).toContainText('— Sara');
  const link = page.getByRole('link', { name: 'Open in mail app' });
  await expect(link).toHaveAttribute(
    'href',
    'mailto:nasrin@shiraz.example?subject=Hello%20Nasrin&body=Dear%20Nasrin%20of%20Shiraz%20Carpets%2C%0D%0Ameet%20Kariz%20CRM.%0D%0A%E2%80%94%20Sara',
  );

  await page.getByRole('button', { name: 'Log “Email sent”' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Activity logged' })).toBeVisible();
  const logged = kariz.activityTimeline().getByRole('listitem').filter({ hasText: 'Hello Nasrin' });
  await expect(logged).toContainText('Email sent');
});

test('an SMS draft opens through sms:, counts its messages, warns outside 09:00–21:00 and is logged', async ({ kariz, page }) => {
  const { path } = await kariz.createLead({ name: 'Nasrin Ahmadi', phone: '0912 123 4567', owner: 'Sara' });
  await kariz.goto('/settings');
  const templates = page.getByRole('region', { name: 'Message templates' });
  await kariz.field('Template name', templates).fill('Reminder');
  await kariz.field('Subject', templates).fill('Reminder');
  await kariz.field('Message', templates).fill('Hi {first_name}, {product} is ready.');
  await templates.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Template saved' })).toBeVisible();

  // 22:30 in Tehran (the browser's zone in these tests).
  await page.clock.setFixedTime(new Date('2026-12-02T19:00:00Z'));
  await kariz.goto(path);
  await page.getByRole('button', { name: 'Send SMS' }).click();
  await kariz.field('Product').fill('Kariz');
  await expect(page.getByRole('region', { name: 'SMS preview' })).toContainText('Hi Nasrin, Kariz is ready.');
  await expect(page.getByText('1 message, 160 characters each')).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'outside 09:00–21:00' })).toBeVisible();
  await expectNoSeriousViolations(page, 'SMS draft');
  const link = page.getByRole('link', { name: 'Open in SMS app' });
  await expect(link).toHaveAttribute('href', /^sms:\+?9?8?0?9121234567\?body=Hi%20Nasrin%2C%20Kariz%20is%20ready\.$/);

  // 10:00 in Tehran; a longer text costs two messages of 153 characters.
  await page.clock.setFixedTime(new Date('2026-12-03T06:30:00Z'));
  await kariz.field('Product').fill('K'.repeat(150));
  await expect(page.getByText('2 messages, 153 characters each')).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'outside 09:00–21:00' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Copy text' })).toBeVisible();

  await page.getByRole('button', { name: 'Log “SMS”' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Activity logged' })).toBeVisible();
  await expect(kariz.activityTimeline().getByRole('listitem').filter({ hasText: 'Reminder' })).toContainText('SMS');
});
