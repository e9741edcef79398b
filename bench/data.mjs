// The benchmark's seeded data, shared by the browser page (bench/bench.mjs) and Node
// (bench/gen-csv.mjs), so a native run can read the exact CSV the browser imports. No browser
// API and no peer library here: only what generating the data needs.

// A fixed "now" (2026-01-15 12:00 UTC), so scores are the same on every run.
export const NOW = Date.UTC(2026, 0, 15, 12);
export const DAY = 86_400_000;

// ---------------------------------------------------------------- seeded data ----------------
export function rng(seed) {
  let s = BigInt.asUintN(64, BigInt(seed) || 1n);
  // xorshift64* — numbers only, fast enough for 1.1 M records.
  let a = Number(s & 0xffffffffn) >>> 0 || 1;
  return () => {
    a ^= a << 13; a >>>= 0;
    a ^= a >>> 17;
    a ^= a << 5; a >>>= 0;
    return a / 4294967296;
  };
}
const FIRST = ['Sara', 'Ali', 'Maryam', 'Reza', 'Neda', 'Hossein', 'Parisa', 'Mohammad', 'Leila', 'Amir',
  'Zahra', 'Kaveh', 'Nima', 'Shirin', 'Babak', 'Elham', 'John', 'Emma', 'Lucas', 'Olivia',
  'مریم', 'علی', 'سارا', 'رضا', 'نگار', 'حسین'];
const LAST = ['Karimi', 'Ahmadi', 'Hosseini', 'Rezaei', 'Moradi', 'Jafari', 'Tehrani', 'Rahimi', 'Sadeghi',
  'Mohammadi', 'Smith', 'Brown', 'Novak', 'Garcia', 'کریمی', 'احمدی', 'رضایی', 'مرادی'];
const CO_A = ['Pars', 'Arya', 'Sepid', 'Nova', 'Kian', 'Delta', 'Saba', 'Atlas', 'Rayan', 'Mehr', 'Blue', 'Zagros', 'آریا', 'پارس', 'مهر'];
const CO_B = ['Systems', 'Trading', 'Industries', 'Soft', 'Logistics', 'Foods', 'Health', 'Labs', 'Group', 'Textiles', 'صنعت', 'گستر'];
const TITLES = ['CEO', 'CTO', 'Sales Manager', 'Purchasing Manager', 'IT Manager', 'Engineer', 'Founder',
  'Operations Lead', 'مدیر عامل', 'مدیر فروش', 'کارشناس خرید'];
const SOURCES = ['web_form', 'website_order', 'phone_call_in', 'phone_call_out', 'business_card', 'trade_show_form',
  'social_network', 'sms', 'fax', 'email', 'in_person_meeting', 'referral', 'import', 'other'];
const INDUSTRIES = ['Software', 'نرم‌افزار', 'IT services', 'Manufacturing', 'تولید', 'Distribution', 'Retail',
  'E-commerce', 'Healthcare', 'Education', 'Government', 'Mining', 'Construction', 'Agriculture', ''];
const CITIES = ['Tehran', 'تهران', 'Isfahan', 'اصفهان', 'Mashhad', 'Shiraz', 'Tabriz', 'Karaj', 'Qom', 'Rasht', 'Yazd', 'Dubai', ''];
const COUNTRIES = ['Iran', 'ایران', 'IR', 'UAE', 'Turkey', ''];
const ROLES = ['decision_maker', 'influencer', 'user', 'unknown'];
const STAGES = ['awareness', 'consideration', 'decision'];
const OWNERS = ['Sara', 'Reza', 'Neda', 'Amir', 'مریم', ''];
const TAGS = ['vip', 'q1', 'q2', 'partner', 'trial', 'renewal', 'upsell', 'event', 'نمایشگاه', 'cold'];
const WORDS = ('needs an integrated CRM for the sales team with reporting and invoicing also asked about ' +
  'pricing onboarding support training api export import mobile access follow up next week after the ' +
  'board meeting budget approved pending legal review competitor comparison demo requested by the manager ' +
  'نیاز به گزارش فروش و پیگیری مشتریان دارد جلسه بعدی هفته آینده').split(' ');

const pick = (r, list) => list[(r() * list.length) | 0];
const words = (r, min, max) => {
  const n = min + ((r() * (max - min + 1)) | 0);
  const out = [];
  for (let i = 0; i < n; i++) out.push(pick(r, WORDS));
  return out.join(' ');
};
const csvCell = (v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

export const CSV_HEADER = ['name', 'company', 'job_title', 'email', 'phone', 'source', 'industry', 'employees',
  'city', 'country', 'budget', 'currency', 'decision_role', 'need', 'timeline', 'journey_stage', 'owner', 'tags', 'notes'];

/** `count` leads as CSV text, plus ~10 activities per lead as flat arrays (lead index 1-based = id). */
export function generate(count, seed = 42) {
  const r = rng(seed);
  const lines = [CSV_HEADER.join(',')];
  const actLead = [];
  const actKind = [];
  const actAt = [];
  for (let i = 1; i <= count; i++) {
    const first = pick(r, FIRST);
    const last = pick(r, LAST);
    const company = `${pick(r, CO_A)} ${pick(r, CO_B)}`;
    const domain = `${pick(r, CO_A).toLowerCase().replace(/[^a-z]/g, '') || 'mail'}${(r() * 900) | 0}.com`;
    const mailbox = `${first.toLowerCase().replace(/[^a-z]/g, '') || 'info'}.${i}`;
    const phone = `+98 9${10 + ((r() * 90) | 0)} ${100 + ((r() * 900) | 0)} ${1000 + ((r() * 9000) | 0)}`;
    const hasBudget = r() < 0.7;
    const row = [
      `${first} ${last}`,
      company,
      pick(r, TITLES),
      `${mailbox}@${domain}`,
      phone,
      pick(r, SOURCES),
      pick(r, INDUSTRIES),
      r() < 0.85 ? String(1 + ((r() * 800) | 0)) : '',
      pick(r, CITIES),
      pick(r, COUNTRIES),
      hasBudget ? String(((r() * 2_000) | 0) * 1_000_000) : '',
      hasBudget ? (r() < 0.9 ? 'TOMAN' : 'USD') : '',
      pick(r, ROLES),
      words(r, 3, 12),
      r() < 0.8 ? iso(NOW + (((r() * 530) | 0) - 30) * DAY) : '',
      pick(r, STAGES),
      pick(r, OWNERS),
      r() < 0.6 ? [pick(r, TAGS), pick(r, TAGS)].join(',') : '',
      r() < 0.7 ? words(r, 10, 50) : '',
    ];
    lines.push(row.map(csvCell).join(','));
    const acts = 5 + ((r() * 11) | 0); // 5..15, ~10 on average
    for (let k = 0; k < acts; k++) {
      actLead.push(i);
      actKind.push((r() * 17) | 0);
      actAt.push(NOW - Math.floor(r() * 180 * DAY));
    }
  }
  return {
    csv: lines.join('\n') + '\n',
    activities: { lead: new Float64Array(actLead), kind: new Uint8Array(actKind), at: new Float64Array(actAt) },
  };
}

/** ~50 search queries of the kinds people type: names, companies, e-mail and phone fragments. */
export function searchQueries(seed = 7) {
  const r = rng(seed);
  const qs = [];
  for (let i = 0; i < 12; i++) qs.push(pick(r, FIRST).toLowerCase().slice(0, 3 + ((r() * 3) | 0)));
  for (let i = 0; i < 10; i++) qs.push(pick(r, LAST));
  for (let i = 0; i < 8; i++) qs.push(`${pick(r, FIRST)} ${pick(r, LAST)}`);
  for (let i = 0; i < 8; i++) qs.push(`${pick(r, CO_A)} ${pick(r, CO_B)}`.toLowerCase());
  for (let i = 0; i < 6; i++) qs.push(`${pick(r, FIRST).toLowerCase().replace(/[^a-z]/g, '') || 'sara'}.${1 + ((r() * 9000) | 0)}`);
  for (let i = 0; i < 6; i++) qs.push(`0912 ${100 + ((r() * 900) | 0)}`);
  return qs;
}
