import { test as base, expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openMailbox, type Mailbox } from './mailbox';

/** The password of every account the tests use (the first admin's included). */
export const PASSWORD = 'correct horse battery staple';

/** A Firstline process on a free port with a fresh SQLite database. */
export interface Server {
  url: string;
  process: ChildProcess;
  /** What a restart needs: the same arguments, on the same address. */
  args: string[];
  /** Removes the data directory and the PostgreSQL database. */
  cleanup: () => void;
}

const binary = process.env.FIRSTLINE_BIN ?? resolve(__dirname, '../../target/release/firstline');
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? resolve(__dirname, '../../target/site');

/** Which database a test's server uses. */
export type Backend = 'sqlite' | 'postgres';

/** A fresh PostgreSQL database on the server FIRSTLINE_TEST_POSTGRES names, and how to drop it. */
function postgresDatabase(): { url: string; drop: () => void } {
  const server = process.env.FIRSTLINE_TEST_POSTGRES;
  if (!server) throw new Error('FIRSTLINE_TEST_POSTGRES must name a PostgreSQL server for this test');
  const name = `firstline_e2e_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  execFileSync('psql', [server, '-qc', `CREATE DATABASE ${name}`]);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => execFileSync('psql', [server, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]),
  };
}

async function startServer(backend: Backend, mailbox?: Mailbox): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'firstline-e2e-'));
  const args = ['--data-dir', dataDir, '--utc-offset', '+08:00'];
  if (mailbox) args.push('--smtp-url', mailbox.url);
  const postgres = backend === 'postgres' ? postgresDatabase() : undefined;
  if (postgres) args.push('--database-url', postgres.url);
  const cleanup = () => {
    rmSync(dataDir, { recursive: true, force: true });
    postgres?.drop();
  };
  const { url, child } = await launch([...args, '--addr', '127.0.0.1:0']);
  return { url, process: child, args, cleanup };
}

/** Starts the binary and waits for the address it serves on. */
async function launch(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const admin = { FIRSTLINE_ADMIN_LOGIN: 'admin', FIRSTLINE_ADMIN_PASSWORD: PASSWORD };
  const child = spawn(binary, args, {
    env: { ...process.env, ...admin, LEPTOS_SITE_ROOT: siteRoot, NO_COLOR: '1', RUST_LOG: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Firstline did not start:\n${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/serving on (http:\/\/[0-9.]+:[0-9]+)/);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => reject(new Error(`Firstline exited with ${code}:\n${output}`)));
  });
  return { url, child };
}

/** Stops the server and starts it again on the same address and data. */
export async function restartServer(server: Server, whileDown?: () => Promise<void>): Promise<void> {
  await stopServer(server);
  await whileDown?.();
  const addr = new URL(server.url).host;
  const { child } = await launch([...server.args, '--addr', addr]);
  server.process = child;
}

async function stopServer(server: Server): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((done) => server.process.once('exit', done));
  server.process.kill('SIGTERM');
  await exited;
}

/** Every test gets its own server, so tests never see each other's tickets. */
export const test = base.extend<{ backend: Backend; mail: boolean; mailbox: Mailbox | undefined; server: Server }>({
  backend: ['sqlite', { option: true }],
  /** Whether the server mails reporters, through `mailbox`. */
  mail: [false, { option: true }],
  mailbox: async ({ mail }, use) => {
    const mailbox = mail ? await openMailbox() : undefined;
    await use(mailbox);
    await mailbox?.close();
  },
  server: async ({ backend, mailbox }, use) => {
    const server = await startServer(backend, mailbox);
    await use(server);
    await stopServer(server);
    server.cleanup();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

export { expect };

/**
 * Creates an account through the team page's server function, signed in as
 * the first administrator (who is created from the environment at start-up).
 */
export async function createAccount(baseURL: string, login: string, role: string): Promise<void> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL, Accept: 'application/json' } });
  const signIn = await api.post('/api/session/login', { form: { login: 'admin', password: PASSWORD, next: '/' } });
  expect(signIn.status()).toBe(200);
  const created = await api.post('/api/team/create', {
    form: { 'draft[login]': login, 'draft[display_name]': login, 'draft[role]': role, 'draft[password]': PASSWORD },
  });
  expect(created.status(), await created.text()).toBe(200);
  await api.dispose();
}

/** Signs the page in through the sign-in form. */
export async function signIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Creates an agent and signs the page in as it. */
export async function signInAsAgent(page: Page, baseURL: string, login = 'agent'): Promise<void> {
  await createAccount(baseURL, login, 'agent');
  await signIn(page, login);
}

/**
 * Waits until the page's live parts have hydrated (each marks itself). A page
 * still starting could otherwise write its own language back into the
 * language cookie after a test has set another.
 */
export async function waitForLivePage(page: Page): Promise<void> {
  await expect(page.locator('[data-hydrated="true"]').first()).toBeVisible();
}

/** Waits until the intake form is live: it marks itself once the wasm has hydrated it. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('form[data-hydrated="true"]')).toBeVisible();
}

/** An API client signed in as `login` (with the shared password), for setting up a test. */
export async function apiAs(baseURL: string, login: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL, Accept: 'application/json' } });
  const signIn = await api.post('/api/session/login', { form: { login, password: PASSWORD, next: '/' } });
  expect(signIn.status()).toBe(200);
  return api;
}

/** A P0 outage as the JSON API takes it; `reportedAt` dates the report. */
export function p0Report(reportedAt?: Date) {
  return {
    channel: 'phone',
    department: 'Finance',
    contact: 'Li Wei, ext. 602155',
    symptom_steps: 'Open the payment page and press Submit',
    error_text: 'HTTP 502 Bad Gateway',
    impact_scope: 'No user can pay',
    impact: 'widespread',
    urgency: 'critical',
    ...(reportedAt ? { reported_at: reportedAt.toISOString() } : {}),
  };
}

/** Registers a P0 through the API as a new agent `login`, then opens it on the page signed in as them. */
export async function openNewTicket(page: Page, baseURL: string, login = 'agent'): Promise<void> {
  await createAccount(baseURL, login, 'agent');
  const api = await apiAs(baseURL, login);
  expect((await api.post('/api/v1/tickets', { data: p0Report() })).status()).toBe(201);
  await api.dispose();
  await signIn(page, login);
  await page.goto('/tickets/FL-00001');
  await waitForHydration(page);
}

/** The stages a P0 passes on its shortest way to verification (R07). */
const P0_WAY = ['intake', 'first_diagnosis', 'deep_troubleshooting', 'handling', 'verification'];

/**
 * Takes a P0 through the API from where it stands to verification: each
 * stage's required checklist done, the fix recorded, and, with `gates`,
 * those gates passed.
 */
export async function walkToVerification(
  api: APIRequestContext,
  number: string,
  gates: string[] = [],
): Promise<void> {
  const act = async (action: Record<string, unknown>) => {
    const current = await (await api.get(`/api/v1/tickets/${number}`)).json();
    const reply = await api.post(`/api/v1/tickets/${number}/actions`, {
      data: { version: current.ticket.version, ...action },
    });
    expect(reply.status(), `${JSON.stringify(action)}: ${await reply.text()}`).toBe(200);
  };
  for (;;) {
    const view = await (await api.get(`/api/v1/tickets/${number}`)).json();
    const stage: string = view.ticket.stage;
    const at = P0_WAY.indexOf(stage);
    if (stage === 'verification') break;
    const checklist = view.runbook.stages.find((s: { stage: string }) => s.stage === stage);
    for (const section of checklist?.sections ?? []) {
      for (const item of section.items) {
        if (!item.required || item.kind === 'prompt') continue;
        await act({ action: 'check_item', item: item.id, answer: item.kind === 'question' ? 'Since 09:00' : null });
      }
    }
    if (stage === 'handling') await act({ action: 'resolve', summary: 'Renewed the gateway certificate' });
    await act({ action: 'move_to', stage: P0_WAY[at + 1] });
  }
  for (const gate of gates) await act({ action: 'pass_gate', gate, note: 'Checked' });
}
