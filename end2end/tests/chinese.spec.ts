import { test, expect, apiAs, createAccount, signIn, waitForHydration, waitForLivePage, p0Report } from './fixtures';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';

/** Sends an action through the JSON API against the ticket's current version. */
async function act(api: APIRequestContext, number: string, action: Record<string, unknown>) {
  const ticket = await (await api.get(`/api/v1/tickets/${number}`)).json();
  const reply = await api.post(`/api/v1/tickets/${number}/actions`, {
    data: { version: ticket.ticket.version, ...action },
  });
  expect(reply.status(), `${JSON.stringify(action)}: ${await reply.text()}`).toBe(200);
}

/** A P0 reported 48 minutes ago: its 30-minute response clock ran out 18 minutes ago. */
async function breachedP0(baseURL: string): Promise<APIRequestContext> {
  await createAccount(baseURL, 'agent', 'agent');
  const api = await apiAs(baseURL, 'agent');
  const created = await api.post('/api/v1/tickets', { data: p0Report(new Date(Date.now() - 48 * 60_000)) });
  expect(created.status(), await created.text()).toBe(201);
  await act(api, 'FL-00001', { action: 'move_to', stage: 'first_diagnosis' });
  return api;
}

/** Signs in, then switches the interface to `locale` and opens the ticket. */
async function openIn(page: Page, baseURL: string, locale: 'zh-CN' | 'en') {
  await signIn(page, 'agent');
  await waitForLivePage(page);
  await page.context().addCookies([{ name: 'i18n_pref_locale', value: locale, url: baseURL }]);
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

const item = (page: Page, id: string) => page.locator(`li.item[data-item="${id}"]`);

test('R04, R05: a P0 in first diagnosis asks the manual\'s Chinese questions', async ({ page, baseURL }) => {
  const api = await breachedP0(baseURL!);
  await api.dispose();
  await openIn(page, baseURL!, 'zh-CN');
  const checklist = page.locator('.checklist');
  await expect(checklist.locator('legend').first()).toHaveText('R04 与报告人核实');
  await expect(item(page, 'r04.when')).toContainText('故障是什么时间发生的？');
  await expect(item(page, 'r04.changes')).toContainText('近期是否有系统更新或配置变更？');
  await expect(item(page, 'r05.button')).toContainText('您是哪个按钮后出现的提示？');
  await expect(item(page, 'r05.page')).toContainText('页面是否完全无法打开，还是部分内容加载失败？');
  // Every item is in Chinese: nothing is marked as an English fallback.
  await expect(page.locator('.fallback-mark')).toHaveCount(0);
  // What the move still needs is named by the items' Chinese texts, not their ids.
  const needs = page.locator('.advance .move[data-to="deep_troubleshooting"] .needs');
  await expect(needs).toContainText('以下检查项未完成');
  await expect(needs).toContainText('故障是什么时间发生的？');
  await expect(needs).not.toContainText('r04.');
  // Self-help is not offered to a P0; the progress line says why, once.
  await expect(page.locator('.advance .move[data-to="self_help"]')).toHaveCount(0);
  await expect(page.locator('.skipped-why')).toContainText('P0、P1 直接进入深入故障排查');
});

test('R03: a breached response clock is a banner at the top whose button opens the first response', async ({
  page,
  baseURL,
}) => {
  const api = await breachedP0(baseURL!);
  await api.dispose();
  await page.setViewportSize({ width: 1440, height: 900 });
  await openIn(page, baseURL!, 'zh-CN');
  const banner = page.locator('.breach-banner.breached');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-clock', 'response');
  // Localised: "响应时限已超时 18 分 01 秒。", units in Chinese.
  await expect(banner).toContainText(/响应时限已超时 1[89] 分 \d\d 秒/);
  await expect(banner).toBeInViewport();
  // The clocks panel no longer runs the state into the time, nor repeats it.
  const clock = page.locator('.clocks .clock[data-clock="response"]');
  await expect(clock.locator('.clock-detail .countdown')).toHaveText(/^超出 1[89] 分 \d\d 秒$/);
  // The breach is said once to a screen reader, beside the countdown.
  await expect(clock.locator('[role="status"]')).toHaveText('响应：已超时');

  await banner.getByRole('link', { name: '发送首次响应' }).click();
  await expect(page.locator('#action-kind')).toHaveValue('first_response');
  await expect(page.locator('#action-text')).toBeFocused();
  await expect(page.locator('#action-text')).toBeInViewport();
  await page.keyboard.type('已收到，正在排查支付网关');
  await page.getByRole('button', { name: '记录', exact: true }).click();
  await expect(page.locator('.timeline .event[data-kind="first_response"]')).toBeVisible();
  // Answered: the response clock is met and the banner is gone.
  await expect(page.locator('.breach-banner')).toHaveCount(0);
});

test('R04: a move refused by the server names the missing items in Chinese', async ({ page, baseURL }) => {
  const api = await breachedP0(baseURL!);
  for (const id of ['r04.symptom', 'r04.when', 'r04.environment', 'r04.changes']) {
    await act(api, 'FL-00001', { action: 'check_item', item: id, answer: '已确认' });
  }
  // This page hears nothing of later changes: it offers the move as ready.
  await page.route('**/api/v1/events**', (route) => route.abort());
  await openIn(page, baseURL!, 'zh-CN');
  const move = page.locator('.advance .move[data-to="deep_troubleshooting"] button');
  await expect(move).toBeEnabled();
  // Meanwhile someone takes an answer back.
  await act(api, 'FL-00001', { action: 'uncheck_item', item: 'r04.when' });
  await api.dispose();
  await move.click();
  const refusal = page.locator('.conflict .needs, .act-failure .needs');
  await expect(refusal).toContainText('故障是什么时间发生的？');
  await expect(refusal).not.toContainText('r04.when');
  await expect(refusal.getByRole('link', { name: '故障是什么时间发生的？' })).toHaveAttribute('href', '#at-r04-when');
});

/** Takes a screenshot into the test's output folder and attaches it to the report. */
async function keep(page: Page, testInfo: TestInfo, name: string, fullPage: boolean) {
  const path = testInfo.outputPath(name);
  await page.screenshot({ path, fullPage });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Screenshots of the ticket page, kept with the test report (end2end/test-results). */
for (const locale of ['en', 'zh-CN'] as const) {
  test(`the ticket page at 1440×900 and 390×844, in ${locale}`, async ({ page, baseURL }, testInfo: TestInfo) => {
    const api = await breachedP0(baseURL!);
    await api.dispose();
    await page.setViewportSize({ width: 1440, height: 900 });
    await openIn(page, baseURL!, locale);
    // On a wide screen the stepper and the action form are in view together.
    await expect(page.locator('.stepper')).toBeInViewport();
    await expect(page.locator('#action-form')).toBeInViewport();
    await expect(page.locator('.breach-banner')).toBeInViewport();
    await keep(page, testInfo, `ticket-${locale}-1440x900.png`, false);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.locator('.breach-banner')).toBeInViewport();
    // Nothing is wider than the screen.
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? '').slice(0, 40)}`),
    );
    expect(wide, 'elements wider than the screen').toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await keep(page, testInfo, `ticket-${locale}-390x844.png`, true);
  });
}
