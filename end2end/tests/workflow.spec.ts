import { test, expect, apiAs, createAccount, signIn, waitForHydration } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

/** A report the default policy judges as `impact` × `urgency`. */
function report(impact: string, urgency: string) {
  return {
    channel: 'web',
    department: 'Sales',
    contact: 'sales@example.com',
    symptom_steps: 'Open the order list and press Export',
    error_text: 'TypeError: rows is undefined',
    impact_scope: 'The sales team',
    impact,
    urgency,
  };
}

/** Sends an action through the JSON API against the ticket's current version. */
async function act(api: APIRequestContext, number: string, action: Record<string, unknown>) {
  const ticket = await (await api.get(`/api/v1/tickets/${number}`)).json();
  const reply = await api.post(`/api/v1/tickets/${number}/actions`, {
    data: { version: ticket.ticket.version, ...action },
  });
  expect(reply.status(), `${JSON.stringify(action)}: ${await reply.text()}`).toBe(200);
}

const stepper = (page: Page) => page.locator('.stepper');
const current = (page: Page) => page.locator('.stage-line [aria-current="step"]');
const item = (page: Page, id: string) => page.locator(`li.item[data-item="${id}"]`);
const moveButton = (page: Page, to: string) => page.locator(`.advance .move[data-to="${to}"] button`);

/** Answers a checklist question from the keyboard: type, then Enter. */
async function answer(page: Page, id: string, text: string) {
  await page.locator(`#item-${id.replaceAll('.', '-')}`).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(item(page, id)).toHaveAttribute('data-done', 'true');
}

/** Ticks a checklist box from the keyboard: focus, then Space. */
async function tick(page: Page, id: string) {
  await page.locator(`#item-${id.replaceAll('.', '-')}`).focus();
  await page.keyboard.press('Space');
  await expect(item(page, id)).toHaveAttribute('data-done', 'true');
  // The page is rebuilt with the new state; the focus stays on the box.
  await expect(page.locator(`#item-${id.replaceAll('.', '-')}`)).toBeFocused();
}

/** Moves the ticket on with the stepper's button, from the keyboard. */
async function moveTo(page: Page, stage: string) {
  const button = moveButton(page, stage);
  await expect(button).toBeEnabled();
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(current(page)).toHaveAttribute('data-stage', stage);
}

/** Records an action through the action form. */
async function record(page: Page, label: string, text: string, expectKind: string) {
  await page.getByLabel('Action', { exact: true }).selectOption({ label });
  await page.getByLabel('Message, note or summary').fill(text);
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.locator(`.timeline .event[data-kind="${expectKind}"]`).last()).toBeVisible();
}

async function passGates(page: Page) {
  for (const [gate, name] of [
    ['test', 'Test environment'],
    ['production', 'Production'],
    ['reporter', 'Reporter confirmed'],
  ]) {
    await page.locator(`#gate-${gate}`).fill(`${name}: checked`);
    await page.getByRole('button', { name: `Pass ${name}` }).click();
    await expect(page.locator(`li.gate[data-gate="${gate}"]`)).toHaveAttribute('data-passed', 'true');
  }
}

test('R04–R16: a P1 is walked from intake to closed through every stage, with an escalation and a swarm', async ({
  page,
  browser,
  baseURL,
}) => {
  for (const [login, role] of [
    ['agent', 'agent'],
    ['lead', 'lead'],
    ['db.wang', 'agent'],
  ]) {
    await createAccount(baseURL!, login, role);
  }
  const api = await apiAs(baseURL!, 'agent');
  const created = await api.post('/api/v1/tickets', { data: report('group', 'high') });
  expect(created.status(), await created.text()).toBe(201);
  expect((await created.json()).priority).toBe('P1');
  await api.dispose();

  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  await expect(current(page)).toHaveAttribute('data-stage', 'intake');
  await expect(stepper(page).locator('.step[data-stage="self_help"]')).toHaveClass(/skipped/);
  await moveTo(page, 'first_diagnosis');

  // R04: the move waits for the verification questions.
  await expect(moveButton(page, 'deep_troubleshooting')).toBeDisabled();
  // What is missing is named by the items' texts, each linked to its place.
  const needs = page.locator('.advance .move[data-to="deep_troubleshooting"] .needs');
  await expect(needs).toContainText('When did it happen?');
  await expect(needs).not.toContainText('r04.when');
  await expect(needs.getByRole('link', { name: 'When did it happen?' })).toHaveAttribute('href', '#at-r04-when');
  // A P1 is not offered self-help; the progress line says why, once.
  await expect(page.locator('.advance .move[data-to="self_help"]')).toHaveCount(0);
  await expect(page.locator('.skipped-why')).toHaveCount(1);
  await expect(page.locator('.skipped-why')).toContainText('R07');
  await answer(page, 'r04.symptom', 'Yes: export fails for every sales user');
  await answer(page, 'r04.when', 'Since 09:10 today');
  await answer(page, 'r04.environment', 'Chrome 131, Windows 11, office desktops');
  await answer(page, 'r04.changes', 'Release 4.2 went out at 09:00');
  await expect(item(page, 'r04.when').locator('.answer')).toHaveText('Since 09:10 today');
  await moveTo(page, 'deep_troubleshooting');

  // R08–R10, with the checklist by fault type.
  await tick(page, 'r08.logs');
  await answer(page, 'r08.when', 'From 09:02, every export request');
  await tick(page, 'r08.stack');
  await tick(page, 'r08.chain');
  await answer(page, 'r09.resources', 'No bottleneck; normal traffic');
  await tick(page, 'r10.fe.console');

  // R11: the agent calls a lead in; a lead forms the swarm.
  await record(page, 'Escalate to a lead now (R11)', 'Export broken since the release: needs backend', 'escalation_requested');
  await expect(page.locator('.page-head .tag.escalated')).toBeVisible();

  const leadContext = await browser.newContext({ baseURL });
  const lead = await leadContext.newPage();
  await signIn(lead, 'lead');
  await lead.goto('/');
  await expect(lead.locator('.queue-row', { hasText: 'FL-00001' }).locator('.tag.escalated')).toBeVisible();
  await lead.goto('/tickets/FL-00001');
  await waitForHydration(lead);
  await lead.getByLabel('Expert (login)').fill('db.wang');
  await lead.getByLabel('Role: backend, ops, database…').fill('backend');
  await lead.getByRole('button', { name: 'Add to swarm' }).click();
  await expect(lead.locator('.swarm .expert[data-login="db.wang"]')).toContainText('backend');
  await leadContext.close();

  await page.reload();
  await waitForHydration(page);
  await expect(page.locator('.swarm .expert[data-login="db.wang"]')).toBeVisible();
  await record(page, 'Note for everyone on the ticket', 'Known: only exports over 1,000 rows fail', 'note');
  await record(page, 'Root cause found', 'Release 4.2 pages the export query wrongly', 'root_cause_found');
  await moveTo(page, 'handling');

  // R14: an owned, planned action with its risk plan, then marked done.
  await page.getByLabel('What will be done').fill('Roll back the export service to 4.1');
  // An owner who is not an account of the desk is refused; nothing typed is lost.
  await page.getByLabel('Owner (login)').fill('nobody');
  await page.getByLabel('Planned for').fill('2026-11-26T15:00');
  await page.getByLabel('Risk plan').fill('Keep the 4.2 image; roll forward if 4.1 fails to start');
  await page.getByRole('button', { name: 'Plan action' }).click();
  await expect(page.locator('.plan-form [data-field="owner"] .field-error')).toBeVisible();
  await expect(page.getByLabel('What will be done')).toHaveValue('Roll back the export service to 4.1');
  await page.getByLabel('Owner (login)').fill('db.wang');
  await page.getByLabel('Planned for').fill('2026-11-26T15:00');
  await page.getByLabel('Risk plan').fill('Keep the 4.2 image; roll forward if 4.1 fails to start');
  await page.getByRole('button', { name: 'Plan action' }).click();
  const planned = page.locator('.planned-action[data-no="1"]');
  await expect(planned).toContainText('db.wang');
  await planned.getByRole('button', { name: 'Mark 1 done' }).click();
  await expect(page.locator('.planned-action[data-no="1"]')).toHaveAttribute('data-done', 'true');

  // R12: a P1 cannot leave handling before a workaround or a fix.
  await expect(moveButton(page, 'verification')).toBeDisabled();
  await record(page, 'Workaround applied', 'Exports run from the 4.1 standby', 'workaround_applied');
  await record(page, 'Fix applied', 'Export paging fixed in 4.2.1', 'resolved');
  await moveTo(page, 'verification');

  // R16: closing waits for the three gates.
  await expect(moveButton(page, 'closed')).toBeDisabled();
  await passGates(page);
  await moveTo(page, 'closed');
  await expect(page.locator('.timeline .event[data-kind="closed"]')).toBeVisible();
  await expect(page.locator('.timeline .event[data-kind="gate_passed"]')).toHaveCount(3);
});

test('R06: a P3 is solved by self-help and closed after its gates', async ({ page, baseURL }) => {
  await createAccount(baseURL!, 'agent', 'agent');
  const api = await apiAs(baseURL!, 'agent');
  const created = await api.post('/api/v1/tickets', { data: report('individual', 'low') });
  expect((await created.json()).priority).toBe('P3');
  await api.dispose();

  await signIn(page, 'agent');
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
  await moveTo(page, 'first_diagnosis');
  // An answer too short to mean anything is caught before it is sent.
  await page.locator('#item-r04-symptom').fill('y');
  await page.locator('#item-r04-symptom').press('Enter');
  await expect(item(page, 'r04.symptom').locator('.field-error')).toContainText('at least 2');
  await expect(item(page, 'r04.symptom')).toHaveAttribute('data-done', 'false');
  await page.locator('#item-r04-symptom').fill('');
  for (const [id, text] of [
    ['r04.symptom', 'Yes'],
    ['r04.when', 'This morning'],
    ['r04.environment', 'Firefox 133 on macOS'],
    ['r04.changes', 'None known'],
  ]) {
    await answer(page, id, text);
  }
  // R07: a P3 tries self-help first; deep troubleshooting is not offered yet.
  await expect(page.locator('.advance .move[data-to="deep_troubleshooting"]')).toHaveCount(0);
  await moveTo(page, 'self_help');
  await tick(page, 'r06.browser');
  await expect(moveButton(page, 'verification')).toBeDisabled();
  await record(page, 'Fix applied', 'Clearing the cache fixed the export', 'resolved');
  await moveTo(page, 'verification');
  await passGates(page);
  await moveTo(page, 'closed');
});

test('R17: "not fixed" reopens the ticket to handling and the gates start over', async ({ page, baseURL }) => {
  await createAccount(baseURL!, 'agent', 'agent');
  const api = await apiAs(baseURL!, 'agent');
  const created = await api.post('/api/v1/tickets', { data: report('individual', 'medium') });
  expect((await created.json()).priority).toBe('P2');
  const number = 'FL-00001';
  await act(api, number, { action: 'move_to', stage: 'first_diagnosis' });
  for (const id of ['r04.symptom', 'r04.when', 'r04.environment', 'r04.changes']) {
    await act(api, number, { action: 'check_item', item: id, answer: 'Checked with the reporter' });
  }
  await act(api, number, { action: 'move_to', stage: 'self_help' });
  for (const id of ['r06.network', 'r06.browser', 'r06.restart']) {
    await act(api, number, { action: 'check_item', item: id });
  }
  await act(api, number, { action: 'move_to', stage: 'deep_troubleshooting' });
  for (const id of ['r08.logs', 'r08.stack', 'r08.chain']) {
    await act(api, number, { action: 'check_item', item: id });
  }
  for (const id of ['r08.when', 'r09.resources']) {
    await act(api, number, { action: 'check_item', item: id, answer: 'Recorded' });
  }
  await act(api, number, { action: 'move_to', stage: 'handling' });
  await act(api, number, { action: 'resolve', summary: 'Rebuilt the search index' });
  await act(api, number, { action: 'move_to', stage: 'verification' });
  await api.dispose();

  await signIn(page, 'agent');
  await page.goto(`/tickets/${number}`);
  await waitForHydration(page);
  await page.locator('#gate-test').fill('Search works in staging');
  await page.getByRole('button', { name: 'Pass Test environment' }).click();
  await expect(page.locator('li.gate[data-gate="test"]')).toHaveAttribute('data-passed', 'true');

  await record(page, 'Reopen: not fixed', 'The reporter still gets no results', 'reopened');
  await expect(current(page)).toHaveAttribute('data-stage', 'handling');
  await expect(page.locator('.advance .move[data-to="verification"] .needs')).toContainText('Record the fix first');
  await record(page, 'Fix applied', 'Index rebuilt with the missing field', 'resolved');
  await moveTo(page, 'verification');
  // The gates start over: none is passed in the new round.
  await expect(page.locator('li.gate[data-passed="true"]')).toHaveCount(0);
});

test('a lead adds a required check to the runbook, and new tickets follow the new version', async ({ page, baseURL }) => {
  await createAccount(baseURL!, 'lead', 'lead');
  await signIn(page, 'lead');
  await page.goto('/runbook');
  await waitForHydration(page);
  await expect(page.locator('.in-force')).toHaveAttribute('data-version', '1');

  const diagnosis = page.locator('.runbook-stage[data-stage="first_diagnosis"] .runbook-section').first();
  await diagnosis.getByRole('button', { name: 'Add an item' }).click();
  const row = diagnosis.locator('tr.runbook-item').last();
  await row.getByLabel('Id').fill('r04.screenshot');
  await row.getByLabel('Text, English').fill('Screenshot of the error attached');
  // Only one language so far: the editor says the other is missing.
  await expect(row.locator('.untranslated[data-missing="zh-CN"]')).toBeVisible();
  // A prompt cannot be required: the editor says so before saving.
  await row.getByLabel('Kind').selectOption({ label: 'Prompt to read out' });
  await row.getByLabel('Required').check();
  await expect(page.locator('.runbook-form .form-error')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save as a new version' })).toBeDisabled();
  await row.getByLabel('Kind').selectOption({ label: 'Check' });
  // A checklist for a stage that had none.
  await page.getByLabel('A checklist for another stage').selectOption({ label: 'Verification' });
  await page.getByRole('button', { name: 'Add the checklist' }).click();
  const verification = page.locator('.runbook-stage[data-stage="verification"]');
  await verification.getByLabel('Section title, English').fill('Sign-off');
  await verification.getByLabel('Section title, Chinese').fill('签字确认');
  await verification.getByRole('button', { name: 'Add an item' }).click();
  await verification.locator('tr.runbook-item').getByLabel('Id').fill('r16.board');
  await verification.locator('tr.runbook-item').getByLabel('Text, English').fill('Change board informed');
  await verification.locator('tr.runbook-item').getByLabel('Text, Chinese').fill('已通知变更委员会');
  await expect(verification.locator('.untranslated')).toHaveCount(0);
  await page.getByLabel('Why this change').fill('Screenshots help the swarm');
  await page.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(page.locator('.in-force')).toHaveAttribute('data-version', '2');
  await expect(page.locator('.history tr[data-version="2"]')).toContainText('Screenshots help the swarm');

  const api = await apiAs(baseURL!, 'lead');
  const created = await api.post('/api/v1/tickets', { data: report('group', 'high') });
  expect(created.status(), await created.text()).toBe(201);
  await act(api, 'FL-00001', { action: 'move_to', stage: 'first_diagnosis' });
  await api.dispose();
  await page.goto('/tickets/FL-00001');
  await expect(page.locator('.runbook-version')).toContainText('v2');
  await expect(item(page, 'r04.screenshot')).toContainText('Screenshot of the error attached');
  await expect(page.locator('.advance .move[data-to="deep_troubleshooting"] .needs')).toContainText(
    'Screenshot of the error attached',
  );
});
