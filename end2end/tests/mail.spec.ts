import { test, expect, apiAs, createAccount, signIn, waitForHydration, walkToVerification, p0Report } from './fixtures';

test.use({ mail: true });

test('R12–R18: the reporter follows by mail and link, confirms the fix and answers the survey in Chinese', async ({
  page,
  browser,
  baseURL,
  mailbox,
}) => {
  await createAccount(baseURL!, 'agent', 'agent');
  const api = await apiAs(baseURL!, 'agent');
  const created = await api.post('/api/v1/tickets', {
    data: { ...p0Report(), reporter_email: 'li.wei@example.com', reporter_language: 'zh-CN' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const act = async (action: Record<string, unknown>) => {
    const current = await (await api.get('/api/v1/tickets/FL-00001')).json();
    const reply = await api.post('/api/v1/tickets/FL-00001/actions', {
      data: { version: current.ticket.version, ...action },
    });
    expect(reply.status(), await reply.text()).toBe(200);
  };

  // The first response arrives by mail, in Chinese, with the status link.
  await act({ action: 'first_response', message: '我们正在检查支付网关' });
  const first = await mailbox!.nth(1);
  expect(first.to && 'text' in first.to ? first.to.text : '').toContain('li.wei@example.com');
  expect(first.subject).toBe('[FL-00001] 我们已答复您的报障');
  expect(first.text).toContain('我们正在检查支付网关');
  const link = first.text!.match(/http:\/\/[0-9.:]+\/r\/[0-9a-f]{40}/)![0];
  expect(first.html).toContain(link);

  // The link opens the status page in a fresh browser with no session.
  const reporter = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const view = await reporter.newPage();
  await view.goto(link);
  await expect(view.locator('h1[data-live="true"]')).toBeVisible();
  await expect(view.locator('.public-entries')).toContainText('我们正在检查支付网关');

  // A progress update shows there live, and arrives by mail in the same thread.
  await act({ action: 'progress_update', message: '修复正在测试环境验证' });
  await expect(view.locator('.public-entries li').first()).toContainText('修复正在测试环境验证');
  const progress = await mailbox!.nth(2);
  expect(progress.references).toEqual(first.references);

  // Test and production passed: the request to confirm arrives, and the page asks.
  await walkToVerification(api, 'FL-00001', ['test', 'production']);
  const request = await mailbox!.nth(3);
  expect(request.subject).toBe('[FL-00001] 请确认：现在恢复正常了吗？');
  await view.locator('.answer-works button').click();
  await expect(view.getByTestId('confirmed')).toBeVisible();

  // The agent sees the gate passed by the reporter, and closes.
  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  await expect(page.locator('.gate[data-gate="reporter"]')).toHaveAttribute('data-by-reporter', 'true');
  await act({ action: 'move_to', stage: 'closed' });

  // The survey arrives; its 满意 link only pre-selects the rating.
  const survey = await mailbox!.nth(4);
  expect(survey.subject).toBe('[FL-00001] 您的报障已关闭：满意度调查');
  const satisfied = survey.text!.match(/满意: (\S+rating=satisfied#survey)/)![1];
  await view.goto(satisfied);
  await expect(view.locator('#rating-satisfied')).toBeChecked();
  await expect(view.getByTestId('survey-answered')).toHaveCount(0);
  await view.locator('#comment').fill('处理很及时，谢谢');
  await view.locator('.survey-form button[type="submit"]').click();
  await expect(view.getByTestId('survey-answered')).toHaveAttribute('data-rating', 'satisfied');
  await reporter.close();

  await page.reload();
  await expect(page.locator('.log')).toContainText('处理很及时，谢谢');
  await page.locator('#deliveries').scrollIntoViewIfNeeded();
  await expect(page.locator('#deliveries li[data-state="sent"]')).toHaveCount(4);
  await api.dispose();
});
