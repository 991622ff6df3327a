// Measures a first load in headless Chromium: the bytes over the wire and
// the time until the page marks itself hydrated, for Firstline's queue and
// intake pages and for the hello-world floor, all in one run.
//
// Run by scripts/bench-first-load.sh, which builds and starts both servers
// and passes their addresses:
//   FIRSTLINE_URL, HELLO_URL, PASSWORD (the first admin's), RUNS (default 7).

import { chromium } from '@playwright/test';

const firstline = process.env.FIRSTLINE_URL;
const hello = process.env.HELLO_URL;
const password = process.env.PASSWORD;
const runs = Number(process.env.RUNS ?? 7);

// 10 Mbit/s each way and 40 ms round trip, as on an office link.
const OFFICE_LINK = {
  offline: false,
  latency: 40,
  downloadThroughput: (10 * 1000 * 1000) / 8,
  uploadThroughput: (10 * 1000 * 1000) / 8,
};

const pages = [
  { name: 'Firstline queue (/)', base: firstline, path: '/', marker: 'section.queue[data-hydrated="true"]', signIn: 'agent' },
  { name: 'Firstline intake (/intake)', base: firstline, path: '/intake', marker: 'form[data-hydrated="true"]', signIn: 'agent' },
  { name: 'Hello-world floor', base: hello, path: '/', marker: 'button[data-hydrated="true"]', signIn: null },
];

// The lead pages, opened after the queue in the same browser: what each adds.
const leadPages = ['/policy', '/runbook', '/team', '/audit'];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** A fresh browser context (an empty cache), signed in when the target says as whom. */
async function freshContext(target) {
  const context = await browser.newContext({ baseURL: target.base, locale: 'en-US' });
  if (target.signIn) {
    const signedIn = await context.request.post('/api/session/login', {
      form: { login: target.signIn, password, next: '/' },
      headers: { Origin: target.base, Accept: 'application/json' },
    });
    if (signedIn.status() !== 200) throw new Error(`sign-in failed: ${signedIn.status()}`);
  }
  // Records when the page first marks itself hydrated, in ms since navigation start.
  await context.addInitScript((marker) => {
    const seen = () => {
      if (!window.__hydratedAt && document.querySelector(marker)) window.__hydratedAt = performance.now();
    };
    new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true });
  }, target.marker);
  return context;
}

/** Opens the page and returns its time to hydrated and what crossed the wire. */
async function visit(context, path, { link, cpu }) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (link) await cdp.send('Network.emulateNetworkConditions', link);
  if (cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  const requests = new Map();
  cdp.on('Network.responseReceived', (e) => {
    const r = e.response;
    requests.set(e.requestId, {
      url: r.url,
      mime: r.mimeType,
      cached: r.fromDiskCache || r.fromMemoryCache || r.fromPrefetchCache || false,
      encoding: r.headers['content-encoding'] ?? r.headers['Content-Encoding'] ?? '',
      bytes: 0,
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  await page.goto(path, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000, polling: 50 });
  const hydratedMs = await page.evaluate(() => window.__hydratedAt);
  await page.waitForTimeout(200);
  await page.close();
  return { hydratedMs, requests: [...requests.values()] };
}

/** HTML, CSS, JS and wasm bytes of a visit, and the other bytes. */
function bytesOf(requests) {
  const kind = (r) => {
    if (r.mime.includes('html')) return 'html';
    if (r.mime.includes('css')) return 'css';
    if (r.mime.includes('javascript')) return 'js';
    if (r.mime.includes('wasm')) return 'wasm';
    return 'other';
  };
  const sum = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
  for (const r of requests) sum[kind(r)] += r.bytes;
  return sum;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value) => `${Math.round(value)} ms`;

const results = [];
for (const target of pages) {
  // Bytes over the wire, cold, on loopback (the same bytes as on any link).
  const bytesContext = await freshContext(target);
  const cold = await visit(bytesContext, target.path, {});
  await bytesContext.close();
  const bytes = bytesOf(cold.requests);
  const encodings = [...new Set(cold.requests.filter((r) => /\.(wasm|js|css)$/.test(new URL(r.url).pathname)).map((r) => r.encoding || 'none'))];

  const times = { link: [], slowCpu: [], warm: [] };
  let refetched = 0;
  for (let run = 0; run < runs; run += 1) {
    const context = await freshContext(target);
    times.link.push((await visit(context, target.path, { link: OFFICE_LINK })).hydratedMs);
    // The second visit, in the same browser: nothing static should travel again.
    const warm = await visit(context, target.path, { link: OFFICE_LINK });
    times.warm.push(warm.hydratedMs);
    refetched += warm.requests.filter((r) => /\.(wasm|js|css)$/.test(new URL(r.url).pathname) && !r.cached).length;
    await context.close();
    const slow = await freshContext(target);
    times.slowCpu.push((await visit(slow, target.path, { link: OFFICE_LINK, cpu: 4 })).hydratedMs);
    await slow.close();
  }
  results.push({ target, bytes, encodings, times, refetched });
}

// What each lead page adds once the lead's queue is loaded.
const leadContext = await freshContext({ ...pages[0], signIn: 'lead' });
await visit(leadContext, '/', {});
const leads = [];
for (const path of leadPages) {
  const page = await leadContext.newPage();
  const cdp = await leadContext.newCDPSession(page);
  await cdp.send('Network.enable');
  let total = 0;
  cdp.on('Network.loadingFinished', (e) => { total += e.encodedDataLength; });
  await page.goto(path, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  leads.push({ path, total });
  await page.close();
}
await leadContext.close();
const version = browser.version();
await browser.close();

const total = (b) => b.html + b.css + b.js + b.wasm;
const floor = total(results.find((r) => r.target.base === hello).bytes);
console.log(`\nMedians of ${runs} runs each; headless Chromium ${version}\n`);
console.log('| Page | HTML | CSS | JS | wasm | Total | × floor | Encoding | Hydrated, 10 Mbit/s 40 ms | + 4× CPU | Second visit | Static files fetched again |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const { target, bytes, encodings, times, refetched } of results) {
  console.log(`| ${target.name} | ${kb(bytes.html)} | ${kb(bytes.css)} | ${kb(bytes.js)} | ${kb(bytes.wasm)} | ${kb(total(bytes))} | ${(total(bytes) / floor).toFixed(1)} | ${encodings.join(', ')} | ${ms(median(times.link))} | ${ms(median(times.slowCpu))} | ${ms(median(times.warm))} | ${refetched} |`);
}
console.log('\n| Lead page, opened after the queue | Bytes over the wire |');
console.log('|---|---|');
for (const { path, total: bytes } of leads) console.log(`| ${path} | ${kb(bytes)} |`);
