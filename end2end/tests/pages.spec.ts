import { test, expect, apiAs, createAccount, signIn, waitForLivePage, p0Report, walkToVerification } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';

/** Every page, as the account that uses it; the sign-in page signed out. */
const pages: { path: string; name: string; as: string | null }[] = [
  { path: '/login', name: 'login', as: null },
  { path: '/', name: 'queue', as: 'agent' },
  { path: '/intake', name: 'intake', as: 'agent' },
  { path: '/tickets/FL-00001', name: 'ticket', as: 'agent' },
  { path: '/tickets', name: 'list', as: 'agent' },
  { path: '/search?q=502', name: 'search', as: 'agent' },
  { path: '/kb', name: 'kb', as: 'agent' },
  { path: '/account', name: 'account', as: 'agent' },
  { path: '/wall', name: 'wall', as: 'lead' },
  { path: '/tickets/FL-00002', name: 'review', as: 'lead' },
  { path: '/reviews', name: 'reviews', as: 'lead' },
  { path: '/policy', name: 'policy', as: 'lead' },
  { path: '/runbook', name: 'runbook', as: 'lead' },
  { path: '/runbook?review=FL-00002', name: 'runbook applying a review', as: 'lead' },
  { path: '/team', name: 'team', as: 'admin' },
  { path: '/displays', name: 'displays', as: 'admin' },
  { path: '/audit', name: 'audit', as: 'admin' },
];

/** A laptop, a phone and a large screen. */
const sizes = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
  { width: 1920, height: 1080 },
];

/** Elements whose right edge passes the screen's, and how far the page scrolls sideways. */
async function overflow(page: Page) {
  return page.evaluate(() => ({
    wide: Array.from(document.querySelectorAll('body *'))
      .filter((e) => {
        const box = e.getBoundingClientRect();
        if (box.width === 0 || box.right <= window.innerWidth + 1) return false;
        // Inside a box that fits and scrolls (or clips) sideways, it is that box's content.
        for (let up = e.parentElement; up && up !== document.body; up = up.parentElement) {
          const fits = up.getBoundingClientRect().right <= window.innerWidth + 1;
          if (fits && getComputedStyle(up).overflowX !== 'visible') return false;
        }
        return true;
      })
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? '').trim().slice(0, 40)}`),
    sideways: document.documentElement.scrollWidth - window.innerWidth,
  }));
}

/** The serious and critical accessibility violations axe finds on the page. */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const locale of ['en', 'zh-CN'] as const) {
  test(`every page passes axe and fits a phone, a laptop and a large screen, in ${locale}`, async ({
    page,
    baseURL,
  }, testInfo: TestInfo) => {
    test.setTimeout(180_000);
    await createAccount(baseURL!, 'agent', 'agent');
    await createAccount(baseURL!, 'lead', 'lead');
    const api = await apiAs(baseURL!, 'agent');
    const created = await api.post('/api/v1/tickets', { data: p0Report(new Date(Date.now() - 10 * 60_000)) });
    expect(created.status(), await created.text()).toBe(201);
    // The reporter's status page, with something the desk told them.
    const answered = await api.post('/api/v1/tickets/FL-00001/actions', {
      data: { version: 1, action: 'first_response', message: 'We are on it' },
    });
    expect(answered.status(), await answered.text()).toBe(200);
    const link = await api.post('/api/ticket/status-link', { form: { number: 'FL-00001', renew: 'false' } });
    expect(link.status(), await link.text()).toBe(200);
    const status = { path: (await link.json()).path as string, name: 'status', as: null };
    // A closed P0 with its post-incident review under way, and a follow-up.
    expect((await api.post('/api/v1/tickets', { data: p0Report(new Date(Date.now() - 60 * 60_000)) })).status()).toBe(201);
    await walkToVerification(api, 'FL-00002', ['test', 'production', 'reporter']);
    const verified = await (await api.get('/api/v1/tickets/FL-00002')).json();
    const closed = await api.post('/api/v1/tickets/FL-00002/actions', {
      data: { version: verified.ticket.version, action: 'move_to', stage: 'closed' },
    });
    expect(closed.status(), await closed.text()).toBe(200);
    const review = await api.post('/api/v1/tickets/FL-00002/actions', {
      data: {
        version: verified.ticket.version + 1,
        action: 'save_review',
        review: {
          state: 'in_review',
          summary: 'Payments failed for forty minutes after a certificate lapsed',
          real_impact: 'Every shop in the east region',
          factors: ['The certificate was renewed by hand'],
          items: [{ text: 'Alert thirty days before a certificate expires', owner: 'agent', due: '2026-01-05' }],
        },
      },
    });
    expect(review.status(), await review.text()).toBe(200);
    await api.dispose();

    let signedInAs: string | null = null;
    for (const { path, name, as } of [...pages, status]) {
      if (as !== signedInAs) {
        await page.context().clearCookies();
        if (as) {
          await signIn(page, as);
          await waitForLivePage(page);
        }
        signedInAs = as;
      }
      await page.context().addCookies([{ name: 'i18n_pref_locale', value: locale, url: baseURL! }]);
      await page.setViewportSize(sizes[0]);
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      // Pages with live parts are checked once they are live.
      await page.waitForLoadState('load');
      await page.waitForTimeout(300);
      expect.soft(await violations(page), `${path} in ${locale}`).toEqual([]);
      for (const size of sizes) {
        await page.setViewportSize(size);
        await page.waitForTimeout(100);
        const { wide, sideways } = await overflow(page);
        expect.soft(wide, `${path} at ${size.width}×${size.height}: elements wider than the screen`).toEqual([]);
        expect.soft(sideways, `${path} at ${size.width}×${size.height} scrolls sideways`).toBeLessThanOrEqual(0);
        const file = `${name}-${locale}-${size.width}x${size.height}.png`;
        const shot = testInfo.outputPath(file);
        await page.screenshot({ path: shot, fullPage: true });
        await testInfo.attach(file, { path: shot, contentType: 'image/png' });
      }
    }
  });
}
