import { test, expect, apiAs, createAccount, p0Report, signIn, waitForHydration, waitForLivePage, walkToVerification } from './fixtures';

test('R19: a solved case is found by search in Chinese, listed among closed tickets, and shown while a similar fault is typed', async ({
  page,
  baseURL,
}) => {
  await createAccount(baseURL!, 'agent', 'agent');
  const api = await apiAs(baseURL!, 'agent');
  const solved = { ...p0Report(), symptom_steps: '用户无法登录系统，点击登录后白屏', error_text: 'nginx 502 Bad Gateway' };
  expect((await api.post('/api/v1/tickets', { data: solved })).status()).toBe(201);
  await walkToVerification(api, 'FL-00001', ['test', 'production', 'reporter']);
  const current = await (await api.get('/api/v1/tickets/FL-00001')).json();
  const closing = await api.post('/api/v1/tickets/FL-00001/actions', {
    data: { version: current.ticket.version, action: 'move_to', stage: 'closed' },
  });
  expect(closing.status(), await closing.text()).toBe(200);
  await api.dispose();

  await signIn(page, 'agent');
  // The header's box searches; the matching word is marked.
  await page.goto('/');
  await waitForLivePage(page);
  await page.getByRole('searchbox', { name: 'Search tickets' }).first().fill('登录');
  await page.getByRole('searchbox', { name: 'Search tickets' }).first().press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const result = page.locator('.search-result');
  await expect(result).toHaveCount(1);
  await expect(result).toHaveAttribute('data-id', 'FL-00001');
  await expect(result.locator('mark').first()).toHaveText('登录');

  // The closed ticket is in the list of all tickets, filtered by stage.
  await page.goto('/tickets');
  await waitForLivePage(page);
  await page.getByLabel('Stage').selectOption('closed');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/stage=closed/);
  await expect(page.locator('tr.list-row')).toHaveCount(1);
  await expect(page.locator('tr.list-row')).toHaveAttribute('data-number', 'FL-00001');

  // A new report of the same fault shows the solved case while it is typed.
  await page.goto('/intake');
  await waitForHydration(page);
  await page.getByLabel('Steps that lead to the fault').fill('今天又无法登录了');
  const seen = page.locator('.similar-case');
  await expect(seen).toHaveCount(1);
  await expect(seen).toHaveAttribute('data-id', 'FL-00001');
  await expect(seen.locator('.why')).toContainText('无法登录');
  await page.getByLabel('Steps that lead to the fault').fill('打印机卡纸');
  await expect(seen).toHaveCount(0);
});

test('R19: a closed P1 drafts an article, a lead publishes it and signs its review off, the ticket archives, and the next report finds the article while typed', async ({
  page,
  baseURL,
}) => {
  await createAccount(baseURL!, 'agent', 'agent');
  await createAccount(baseURL!, 'lead', 'lead');
  const api = await apiAs(baseURL!, 'agent');
  const p1 = {
    ...p0Report(),
    impact: 'group',
    urgency: 'high',
    symptom_steps: '支付页面点击提交后报错',
    error_text: 'gateway certificate expired',
  };
  expect((await api.post('/api/v1/tickets', { data: p1 })).status()).toBe(201);
  await walkToVerification(api, 'FL-00001', ['test', 'production', 'reporter']);
  const view = await (await api.get('/api/v1/tickets/FL-00001')).json();
  expect(
    (await api.post('/api/v1/tickets/FL-00001/actions', { data: { version: view.ticket.version, action: 'move_to', stage: 'closed' } })).status(),
  ).toBe(200);

  // Archiving waits for knowledge: the move shows what it needs.
  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  const archive = page.locator('.advance .move[data-to="archived"]');
  await expect(archive).toContainText('knowledge article');
  await page.getByRole('button', { name: 'Draft a knowledge article' }).click();
  await expect(page).toHaveURL(/\/kb\/KB-1$/);
  await expect(page.locator('.article-title')).toHaveText('支付页面点击提交后报错');
  await expect(page.locator('.page-head .stage')).toHaveAttribute('data-state', 'draft');

  // A lead publishes it.
  await signIn(page, 'lead');
  await page.goto('/kb/KB-1');
  await waitForLivePage(page);
  await page.getByLabel('Fault type').selectOption('network');
  await page.getByLabel('Save and publish').check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.page-head .stage')).toHaveAttribute('data-state', 'published');

  // The lead writes the post-incident review beside the facts the log
  // holds, and signs it off: the archive waited for it.
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  await expect(archive).toContainText('post-incident review');
  const review = page.locator('.review-panel');
  await expect(review).toHaveAttribute('data-state', 'none');
  await expect(review.locator('.timeline .moment').first()).toContainText('Registered as P1');
  await expect(review.locator('.stage-times tr')).not.toHaveCount(0);
  await review.getByLabel('State', { exact: true }).selectOption('done');
  await review.getByLabel('Summary').fill('支付网关证书过期，门店无法刷卡');
  await review.getByLabel('Impact as it really was').fill('华东区全部门店 40 分钟无法刷卡');
  await review.getByLabel('Contributing factors, one per line').fill('证书靠手工续期\n没有到期告警');
  await review.getByRole('button', { name: 'Add an action item' }).click();
  await review.getByLabel('What', { exact: true }).fill('证书到期前 30 天告警');
  await review.getByLabel('Owner (login)').fill('agent');
  await review.getByLabel('Due', { exact: true }).fill('2026-12-31');
  await review.getByLabel('Proposed runbook change').fill('深入排查时检查证书到期日');
  await review.getByRole('button', { name: 'Save the review' }).click();
  await expect(page.locator('.review-panel')).toHaveAttribute('data-state', 'done');
  await expect(archive).not.toContainText('post-incident review');

  // Its follow-up is on the lead's list.
  await page.goto('/reviews');
  await waitForLivePage(page);
  await expect(page.locator('tr.open-item')).toHaveCount(1);
  await expect(page.locator('tr.open-item .owner')).toHaveText('agent');

  // Its runbook proposal too: the lead applies it as a new runbook version,
  // which names the review, and the review says which version applied it.
  const proposal = page.locator('tr.proposal[data-number="FL-00001"]');
  await expect(proposal.locator('.text')).toHaveText('深入排查时检查证书到期日');
  await proposal.getByRole('link', { name: 'Apply in the runbook' }).click();
  await expect(page).toHaveURL(/\/runbook\?review=FL-00001$/);
  await waitForHydration(page);
  await expect(page.locator('.proposal-notice .proposal')).toHaveText('深入排查时检查证书到期日');
  await page.getByLabel('Why this change').fill('证书到期检查');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.locator('.in-force')).toHaveAttribute('data-version', '2');
  await expect(page.locator('.history tr[data-version="2"] .from-review')).toHaveAttribute(
    'href',
    '/tickets/FL-00001#review',
  );
  await expect(page.locator('.proposal-notice')).toHaveCount(0);
  await page.goto('/tickets/FL-00001');
  await expect(page.locator('.review-panel .proposal-applied')).toHaveAttribute('data-version', '2');

  // With its article and its review, the ticket archives.
  const now = await (await api.get('/api/v1/tickets/FL-00001')).json();
  const archived = await api.post('/api/v1/tickets/FL-00001/actions', {
    data: { version: now.ticket.version, action: 'move_to', stage: 'archived' },
  });
  expect(archived.status(), await archived.text()).toBe(200);
  await api.dispose();

  // The next agent typing the same fault sees the article at intake.
  await signIn(page, 'agent');
  await page.goto('/intake');
  await waitForHydration(page);
  await page.getByLabel('Steps that lead to the fault').fill('支付页面又报错了');
  await expect(page.locator('.similar-case[data-id="KB-1"]')).toBeVisible();
  await expect(page.locator('.similar-case[data-id="KB-1"] a')).toHaveAttribute('href', '/kb/KB-1');
});
