import { test, expect } from './kariz';

const PAGES = ['Today', 'Tasks', 'Leads', 'Pipeline', 'Reports', 'Settings'];

test('the app starts and removes the loading placeholder', async ({ kariz, page }) => {
  await kariz.goto('/');
  await expect(page).toHaveTitle(/Kariz/);
});

test('every page is reachable from the navigation, with its heading and the language select', async ({ kariz, page }) => {
  await kariz.goto('/');
  for (const name of PAGES) {
    await kariz.navLink(name).click();
    await expect(kariz.heading(name), `page "${name}" has a level-1 heading`).toBeVisible();
    const language = page.getByRole('combobox', { name: 'Language' });
    await expect(language, `the Language select is on the "${name}" page`).toBeVisible();
    await expect(language.getByRole('option', { name: 'English' })).toHaveCount(1);
    await expect(language.getByRole('option', { name: 'فارسی' })).toHaveCount(1);
  }
});

test('deep link to /leads opens the Leads page', async ({ kariz }) => {
  await kariz.goto('/leads');
  await expect(kariz.heading('Leads')).toBeVisible();
  await expect(kariz.navLink('Leads')).toBeVisible();
});
