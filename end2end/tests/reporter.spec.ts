import type { Page } from '@playwright/test';
import { test, expect, apiAs, openNewTicket, walkToVerification } from './fixtures';

/** Opens a new P0 as an agent, creates its status link on the page, and returns the link's path. */
async function ticketWithLink(page: Page, baseURL: string): Promise<string> {
  await openNewTicket(page, baseURL);
  await page.locator('#status-link').getByRole('button', { name: 'Create the status link' }).click();
  const link = page.getByTestId('status-link');
  await expect(link).toHaveText(/^\/r\/[0-9a-f]{40}$/);
  return (await link.textContent())!;
}

test('R12: the reporter follows the ticket on its status link, with no account and without JavaScript', async ({
  page,
  browser,
  baseURL,
}) => {
  await openNewTicket(page, baseURL!);
  const panel = page.locator('#status-link');
  await expect(panel).toContainText('No status link yet.');
  await panel.getByRole('button', { name: 'Create the status link' }).click();
  const link = panel.getByTestId('status-link');
  await expect(link).toHaveText(/^\/r\/[0-9a-f]{40}$/);
  const path = (await link.textContent())!;

  // The first response is public; a note is not.
  const api = await apiAs(baseURL!, 'agent');
  for (const [version, action] of [
    [1, { action: 'first_response', message: 'We are on it: the payment gateway is being checked' }],
    [2, { action: 'note', text: 'Internal: db01 looks overloaded' }],
  ] as const) {
    const reply = await api.post('/api/v1/tickets/FL-00001/actions', { data: { version, ...action } });
    expect(reply.status(), await reply.text()).toBe(200);
  }

  // A fresh browser with no session, as the reporter has.
  const reporter = await browser.newContext({ baseURL: baseURL!, viewport: { width: 390, height: 844 } });
  const view = await reporter.newPage();
  await view.goto(path);
  await expect(view.locator('h1[data-live="true"]')).toBeVisible();
  await expect(view).toHaveURL(new RegExp(`${path}$`));
  await expect(view.getByRole('heading', { level: 1 })).toHaveText('Report FL-00001');
  await expect(view.locator('.reporter-stages [aria-current="step"]')).toHaveText('Received');
  await expect(view.locator('.public-entries li')).toHaveCount(1);
  await expect(view.locator('.public-entries')).toContainText('We are on it');
  await expect(view.locator('body')).not.toContainText('db01');

  // Progress with a target time shows at once: the page follows the ticket.
  const eta = new Date(Date.now() + 2 * 3600_000);
  const update = await api.post('/api/v1/tickets/FL-00001/actions', {
    data: { version: 3, action: 'progress_update', message: 'A fix is being tested', eta: eta.toISOString() },
  });
  expect(update.status(), await update.text()).toBe(200);
  await api.dispose();
  await expect(view.locator('.public-entries li').first()).toContainText('A fix is being tested');
  await expect(view.locator('.eta')).toContainText('a target, not a promise');
  await reporter.close();

  // Without JavaScript the page reads the same.
  const plain = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
  const still = await plain.newPage();
  await still.goto(path);
  await expect(still.locator('.public-entries li')).toHaveCount(2);
  await still.goto('/r/' + '0'.repeat(40));
  await expect(still.getByRole('heading', { level: 1 })).toHaveText('This link opens no report');
  await plain.close();
});

test('R16: the reporter presses "It works now" on the status page, and the agent sees the gate passed by the reporter', async ({
  page,
  browser,
  baseURL,
}) => {
  const path = await ticketWithLink(page, baseURL!);

  const reporter = await browser.newContext({ baseURL: baseURL!, viewport: { width: 390, height: 844 } });
  const view = await reporter.newPage();
  await view.goto(path);
  await expect(view.locator('h1[data-live="true"]')).toBeVisible();
  await expect(view.locator('#answer')).toHaveCount(0);

  // The fix passes test and production: the open page asks at once.
  const api = await apiAs(baseURL!, 'agent');
  await walkToVerification(api, 'FL-00001', ['test', 'production']);
  await api.dispose();
  await expect(view.getByRole('heading', { name: 'Does it work now?' })).toBeVisible();
  await view.getByRole('button', { name: 'It works now' }).click();
  await expect(view.getByTestId('confirmed')).toBeVisible();
  await expect(view.locator('.public-entries li').first()).toHaveAttribute('data-kind', 'confirmed');
  await reporter.close();

  await page.reload();
  const gate = page.locator('.gate[data-gate="reporter"]');
  await expect(gate).toHaveAttribute('data-passed', 'true');
  await expect(gate).toHaveAttribute('data-by-reporter', 'true');
  await expect(gate).toContainText('the reporter, on their status page');
  await expect(page.locator('.log')).toContainText('The reporter confirmed on their status page that it works');
});

test('R17: "Still not working" on the status page, without JavaScript, reopens the ticket to handling', async ({
  page,
  browser,
  baseURL,
}) => {
  const path = await ticketWithLink(page, baseURL!);
  const api = await apiAs(baseURL!, 'agent');
  await walkToVerification(api, 'FL-00001', ['test', 'production']);
  await api.dispose();

  const plain = await browser.newContext({ baseURL: baseURL!, javaScriptEnabled: false });
  const view = await plain.newPage();
  await view.goto(path);
  await view.getByLabel('What still goes wrong?').fill('The payment page still answers 502');
  await view.getByRole('button', { name: 'Still not working' }).click();
  await expect(view).toHaveURL(new RegExp(`${path}#answer$`));
  await expect(view.locator('.reporter-stages [aria-current="step"]')).toHaveText('Being fixed');
  await expect(view.locator('.public-entries li').first()).toContainText('The payment page still answers 502');
  await expect(view.locator('#answer')).toHaveCount(0);
  await plain.close();

  await page.reload();
  await expect(page.locator('.stepper .step[aria-current="step"]')).toHaveAttribute('data-stage', 'handling');
  await expect(page.locator('.log')).toContainText('still does not work: The payment page still answers 502');
});
