// Layout: on a phone and on a desktop, in English and in Persian, nothing overflows sideways, the
// navigation and the main actions stay reachable; phone numbers keep their left-to-right order in RTL.
import { test, expect, type Kariz } from './kariz';
import type { Locator, Page } from '@playwright/test';

const VIEWPORTS = [
  { width: 375, height: 812 },
  { width: 1440, height: 900 },
];

const TEXT = {
  en: {
    option: 'English',
    nav: 'Main',
    links: ['Today', 'Tasks', 'Dashboard', 'Leads', 'Pipeline', 'Prune', 'Reports', 'Settings'],
    newLead: 'New lead',
    leadActions: ['Edit', 'Log activity', 'Delete'],
  },
  fa: {
    option: 'فارسی',
    nav: 'اصلی',
    links: ['امروز', 'کارها', 'داشبورد', 'سرنخ‌ها', 'قیف فروش', 'هرس', 'گزارش‌ها', 'تنظیمات'],
    newLead: 'سرنخ جدید',
    leadActions: ['ویرایش', 'ثبت فعالیت', 'حذف'],
  },
} as const;

const LEADS = [
  { name: 'Arash Karimi', company: 'Pars Textiles International Holding', email: 'arash.karimi@pars-textiles-international.example', phone: '09121234567', owner: 'Shirin' },
  { name: 'Bita Rahimi', company: 'Caspian Foods', email: 'bita@caspian.example', phone: '09351112233', owner: 'Kaveh' },
  { name: 'Cyrus Moradi', company: 'Zagros Steel', email: 'cyrus@zagros.example', phone: '09198887766', city: 'Tehran' },
];

async function expectNoHorizontalOverflow(page: Page, where: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${where}: the document is no wider than the viewport (${clientWidth}px)`).toBeLessThanOrEqual(clientWidth + 1);
}

/** Every link of the main navigation can be brought into view (scrolling the nav if needed) and clicked. */
async function expectNavReachable(page: Page, lang: 'en' | 'fa', where: string) {
  const nav = page.getByRole('navigation', { name: TEXT[lang].nav });
  await expect(nav).toBeVisible();
  const links = nav.getByRole('link');
  await expect(links).toHaveText([...TEXT[lang].links]);
  // As laid out (before anything is scrolled by the test): each link is fully in view, or the
  // nav is a scroll container the user can scroll (overflow-x auto/scroll, not hidden/clip).
  const placement = await links.evaluateAll((els) =>
    els.map((a) => {
      const nav = a.closest('nav')!;
      const r = a.getBoundingClientRect();
      const n = nav.getBoundingClientRect();
      const inView =
        r.left >= Math.max(n.left, 0) - 1 && r.right <= Math.min(n.right, window.innerWidth) + 1 && r.width > 0;
      const overflowX = getComputedStyle(nav).overflowX;
      return { name: (a.textContent ?? '').trim(), inView, userScrollable: overflowX === 'auto' || overflowX === 'scroll' };
    }),
  );
  for (const p of placement) {
    expect(p.inView || p.userScrollable, `${where}: nav link "${p.name}" is in view or in a nav the user can scroll`).toBe(true);
  }
  for (const link of await links.all()) {
    const name = (await link.textContent())?.trim();
    // Actionability: scrolled into view within the nav, visible, stable, and it receives the click.
    await link.click({ trial: true });
    await expect(link, `${where}: nav link "${name}" is fully in view`).toBeInViewport({ ratio: 0.99 });
  }
}

async function expectVisibleInViewport(control: Locator, what: string) {
  await expect(control, what).toBeVisible();
  await control.scrollIntoViewIfNeeded();
  await expect(control, `${what} fits in the viewport`).toBeInViewport({ ratio: 0.99 });
}

async function checkPages(kariz: Kariz, page: Page, lang: 'en' | 'fa', label: string) {
  const t = TEXT[lang];
  await kariz.goto('/leads');
  await kariz.expectDocumentLanguage(lang);
  await expect(kariz.leadRow('Cyrus Moradi')).toHaveCount(1);
  await expectNoHorizontalOverflow(page, `${label} /leads`);
  await expectNavReachable(page, lang, `${label} /leads`);
  await expectVisibleInViewport(page.getByRole('button', { name: t.newLead, exact: true }), `${label} /leads: "${t.newLead}"`);

  await kariz.openLead('Arash Karimi');
  await expectNoHorizontalOverflow(page, `${label} lead page`);
  await expectNavReachable(page, lang, `${label} lead page`);
  for (const action of t.leadActions) {
    await expectVisibleInViewport(page.getByRole('button', { name: action, exact: true }), `${label} lead page: "${action}"`);
  }
}

for (const viewport of VIEWPORTS) {
  for (const lang of ['en', 'fa'] as const) {
    const label = `${viewport.width}×${viewport.height} ${lang}`;
    test(`layout at ${label}: no sideways overflow, navigation and main actions reachable`, async ({ kariz, page }) => {
      await page.setViewportSize(viewport);
      await kariz.goto('/leads');
      for (const lead of LEADS) await kariz.createLead(lead);
      if (lang === 'fa') await kariz.setLanguage('فارسی');
      await checkPages(kariz, page, lang, label);
    });
  }
}

test('in Persian the page is RTL and the phone number still reads left to right', async ({ kariz, page }) => {
  await kariz.goto('/leads');
  await kariz.createLead({ name: 'Arash Karimi', phone: '09121234567' });
  await kariz.setLanguage('فارسی');
  await kariz.expectDocumentLanguage('fa');
  await expect(page.locator('body')).toHaveCSS('direction', 'rtl');

  const PHONE = '+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷';
  const row = kariz.leadRow('Arash Karimi');
  await expectReadsLeftToRight(row.getByText(PHONE, { exact: true }), 'the phone in the leads table');

  await kariz.openLead('Arash Karimi');
  const details = page.getByRole('region', { name: 'جزئیات' });
  await expect(details).toBeVisible();
  await expectReadsLeftToRight(details.getByText(PHONE, { exact: true }), 'the phone in the lead details');
});

/**
 * The element is isolated as left-to-right (dir="ltr", computed direction ltr), and its groups
 * are laid out in reading order: "+۹۸" left of "۹۱۲" left of "۱۲۳" left of "۴۵۶۷".
 */
async function expectReadsLeftToRight(phone: Locator, what: string) {
  await expect(phone, what).toBeVisible();
  await expect(phone, `${what} is isolated as LTR`).toHaveAttribute('dir', 'ltr');
  await expect(phone).toHaveCSS('direction', 'ltr');
  const lefts = await phone.evaluate((el) => {
    const text = el.firstChild?.nodeType === Node.TEXT_NODE ? el.firstChild : null;
    if (!text) return null;
    const value = text.textContent ?? '';
    const boxes: number[] = [];
    let start = 0;
    for (const group of value.split(' ')) {
      const i = value.indexOf(group, start);
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + group.length);
      boxes.push(range.getBoundingClientRect().left);
      start = i + group.length;
    }
    return boxes;
  });
  expect(lefts, `${what}: a single text node`).not.toBeNull();
  expect(lefts!.length).toBe(4);
  const sorted = [...lefts!].sort((a, b) => a - b);
  expect(lefts, `${what}: the digit groups are laid out left to right (+۹۸ first)`).toEqual(sorted);
  expect(new Set(lefts).size, `${what}: four distinct positions`).toBe(4);
}
