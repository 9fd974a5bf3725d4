/**
 * `npm run load:test`: seeds a dedicated database with the demo catalog, measures a bare Express
 * baseline and then the shop in production mode (each its own process; this process only drives
 * autocannon and the shoppers), and writes bench/results/<date>.json. See bench/README.md.
 *
 * Environment: BENCH_DURATION (s per scenario, default 10), BENCH_WARMUP (s, default 2),
 * BENCH_CONNECTIONS (default 50), BENCH_SCENARIOS (comma list of: baseline, list, detail, search,
 * session, cart, checkout, contention; default all), BENCH_CONTENTION_BUYERS / _UNITS (500 / 100),
 * BENCH_CPU_PROF=1 (write .cpuprofile files of the shop to .data/bench/profiles),
 * BENCH_DATABASE_URL (default mariadb://root@127.0.0.1:3306/bazaar_bench; dropped and recreated),
 * BENCH_LABEL (results go to bench/results/<date>-<label>.json instead of <date>.json).
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/src/config/config';
import { createLogger } from '../server/src/lib/logger';
import { BASELINE_PATH } from './baseline-server';
import { createShopperAccounts, createStockedVariant, prepareBenchDatabase, SHOPPER_PASSWORD } from './fixtures';
import { CONNECTIONS, DURATION_SECONDS, loadAverage, report, reportScenario, run, WARMUP_SECONDS, type ScenarioResult } from './harness';
import { REPO_ROOT, startProcess, type RunningProcess } from './processes';
import { runCheckoutFlow, type CheckoutFlowResult } from './scenarios/checkout-flow';
import { runContention, type ContentionResult } from './scenarios/contention';
import { eachLimited, Shopper } from './shopper';

const SCENARIOS = ['baseline', 'list', 'detail', 'search', 'session', 'cart', 'checkout', 'contention'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
const selected = new Set<string>(process.env.BENCH_SCENARIOS ? process.env.BENCH_SCENARIOS.split(',').map((s) => s.trim()) : SCENARIOS);
for (const s of selected)
  if (!SCENARIOS.includes(s as ScenarioName)) throw new Error(`BENCH_SCENARIOS: unknown scenario "${s}" (known: ${SCENARIOS.join(', ')})`);
const wants = (s: ScenarioName) => selected.has(s);

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mariadb://root@127.0.0.1:3306/bazaar_bench';
const DATA_DIR = path.join(REPO_ROOT, '.data', 'bench');
const LOG_DIR = path.join(DATA_DIR, 'logs');
const CONTENTION_BUYERS = Number(process.env.BENCH_CONTENTION_BUYERS ?? 500);
const CONTENTION_UNITS = Number(process.env.BENCH_CONTENTION_UNITS ?? 100);
/** Signed-in shoppers for the session and add-to-cart scenarios, and buyers for the checkout one. */
const SHOPPERS = 500;
const API = '/api/v1';

interface Target {
  scenario: string;
  requirement: string;
  value: string;
  met: boolean;
}

const sh = (cmd: string) => {
  try {
    return execSync(cmd, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
};

async function main() {
  const startedAt = new Date();
  const uptimeBefore = sh('uptime');
  report(`load test: ${DURATION_SECONDS} s per scenario (+${WARMUP_SECONDS} s warm-up), ${CONNECTIONS} connections; ${uptimeBefore}`);
  const secrets = { SESSION_SECRET: randomBytes(32).toString('hex'), MFA_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  const common = { NODE_ENV: 'production', DATABASE_URL, DATA_DIR, ...secrets };

  // 1. A fresh database with the demo catalog (the same seeders as a first start).
  let t = performance.now();
  const { config } = loadConfig({ ...common, BCRYPT_COST: '4', DB_EMBEDDED: 'off' });
  const setup = await prepareBenchDatabase(config, createLogger('warn'));
  const { container } = setup;
  const seedSeconds = Math.round((performance.now() - t) / 100) / 10;
  report(`seeded ${config.db.url} in ${seedSeconds} s`);

  const results: ScenarioResult[] = [];
  const profileArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(DATA_DIR, 'profiles')}`] : [];
  const startShop = (label: string, env: Record<string, string> = {}) =>
    startProcess({
      script: 'server/src/main.ts',
      // Production defaults, but: no rate limits (every request comes from one IP; API.md lets
      // benchmarks turn them off), no in-process job worker (scaled shops run it separately),
      // and the database is already seeded.
      env: { ...common, HOST: '127.0.0.1', RATE_LIMIT_ENABLED: 'false', WORKER: 'off', DEMO_DATA: 'off', DB_EMBEDDED: 'off', ...env },
      readyPath: '/readyz',
      logFile: path.join(LOG_DIR, `${label}.log`),
      nodeArgs: profileArgs,
    });

  // 2. The ceiling: bare Express, its own process, same client.
  let baseline: ScenarioResult | undefined;
  if (wants('baseline')) {
    const proc = await startProcess({
      script: 'bench/baseline-server.ts',
      env: { NODE_ENV: 'production' },
      readyPath: BASELINE_PATH,
      logFile: path.join(LOG_DIR, 'baseline.log'),
    });
    try {
      baseline = await run('baseline: bare Express 5 JSON', { url: `${proc.url}${BASELINE_PATH}` }, proc);
      results.push(baseline);
    } finally {
      await proc.stop();
    }
  }

  // 3. The shop, with the session cache on (the default).
  const db = container.db;
  const category = (await db.one<{ slug: string }>('SELECT slug FROM categories WHERE parent_id IS NULL ORDER BY sort_order LIMIT 1'))!
    .slug;
  const slugs = (
    await db.select<{ slug: string }>("SELECT slug FROM products WHERE status = 'active' AND brand <> 'Bench' ORDER BY slug LIMIT 100")
  ).map((r) => r.slug);
  const cartVariants: string[] = [];
  for (let i = 0; i < 5; i++) cartVariants.push(await createStockedVariant(container, { title: `Cart bench item ${i}`, stock: 1_000_000 }));
  const shopperEmails = await createShopperAccounts(db, 'shopper', SHOPPERS);

  let checkout: CheckoutFlowResult | undefined;
  let contention: ContentionResult | undefined;
  let shoppers: Shopper[] = [];
  let shopperTurn = 0;
  const nextShopper = () => shoppers[shopperTurn++ % shoppers.length]!;
  const meRequest = {
    method: 'GET' as const,
    setupRequest: (req: object) => ({ ...req, path: `${API}/me`, headers: { cookie: nextShopper().cookie } }),
  };
  let shop: RunningProcess = await startShop('shop-session-cache-on');
  const measure = (name: string, opts: Parameters<typeof run>[1]) => run(name, opts, shop);
  try {
    const listPath = `${API}/products?category=${category}&page=2`;
    if (wants('list')) {
      await fetch(`${shop.url}${listPath}`);
      results.push(await measure('product list, warm cache', { url: `${shop.url}${listPath}` }));
      // Cold: every request is a list query this process has never seen (a price ceiling above
      // every price makes each one distinct yet returns the very same page), so each misses the
      // list cache and runs the list SQL. The category tree stays cached; MariaDB's buffer pool is warm.
      let n = 0;
      results.push(
        await measure('product list, cold cache', {
          url: shop.url,
          requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${listPath}&price_max=${1_000_000_000 + n++}` }) }],
        }),
      );
    }
    if (wants('detail')) {
      await Promise.all(slugs.map((s) => fetch(`${shop.url}${API}/products/${s}`)));
      let n = 0;
      results.push(
        await measure(`product detail (${slugs.length} products)`, {
          url: shop.url,
          requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `${API}/products/${slugs[n++ % slugs.length]}` }) }],
        }),
      );
    }
    if (wants('search')) {
      await fetch(`${shop.url}${API}/search?q=head`);
      results.push(await measure('search q=head (cached)', { url: `${shop.url}${API}/search?q=head` }));
      const words = ['lamp', 'steel', 'cotton', 'head', 'wooden', 'soft', 'bamboo', 'lens'];
      results.push(
        await measure('search, varied queries', {
          url: shop.url,
          requests: words.map((q, i) => ({ method: 'GET' as const, path: `${API}/search?q=${q}&page=${(i % 3) + 1}` })),
        }),
      );
      results.push(await measure('suggest q=hea', { url: `${shop.url}${API}/search/suggest?q=hea` }));
    }

    if (wants('session') || wants('cart')) {
      t = performance.now();
      shoppers = shopperEmails.map(() => new Shopper(shop.url));
      await eachLimited(shoppers, 20, (s, i) => s.signIn(shopperEmails[i]!, SHOPPER_PASSWORD));
      report(`signed in ${shoppers.length} shoppers in ${Math.round(performance.now() - t)} ms`);
    }
    if (wants('session'))
      results.push(await measure(`session: GET /me, ${SHOPPERS} sessions, cache on`, { url: shop.url, requests: [meRequest] }));
    if (wants('cart')) {
      let i = 0;
      results.push(
        await measure(`add to cart, ${SHOPPERS} signed-in shoppers`, {
          url: shop.url,
          requests: [
            {
              method: 'POST',
              setupRequest: (req) => {
                const k = i++;
                const s = shoppers[k % shoppers.length]!;
                // Each shopper cycles through five lines, so carts stay a realistic size.
                const variantId = cartVariants[((k % shoppers.length) + Math.floor(k / shoppers.length)) % cartVariants.length];
                return {
                  ...req,
                  path: `${API}/cart/items`,
                  headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
                  body: JSON.stringify({ variantId, quantity: 1 }),
                };
              },
            },
          ],
        }),
      );
    }
    if (wants('checkout')) {
      checkout = await runCheckoutFlow({
        server: shop,
        baseUrl: shop.url,
        container,
        buyers: SHOPPERS,
        concurrency: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        variants: 20,
      });
      reportScenario({
        name: 'checkout → paid (flows)',
        requestsPerSecond: checkout.requestsPerSecond,
        p50Ms: checkout.flow.p50Ms,
        p99Ms: checkout.flow.p99Ms,
        non2xx: Object.values(checkout.failures).reduce((a, b) => a + b, 0),
        errors: 0,
        loadAverage: checkout.loadAverage,
      });
      report(
        `  ${checkout.paidOrders} paid orders (${checkout.paidInDatabase} in the database), ${checkout.paidPerSecond} paid/s; steps ${JSON.stringify(checkout.steps)}`,
      );
    }
    if (wants('contention')) {
      const load = loadAverage();
      contention = await runContention({ baseUrl: shop.url, container, buyers: CONTENTION_BUYERS, units: CONTENTION_UNITS });
      report(
        `contention: ${contention.buyers} buyers for ${contention.units} units → ${contention.paid} paid, ${contention.refusedForStock} refused, oversold ${contention.oversold}, drained in ${contention.drainMs} ms, consistent ${contention.consistent} (load ${load.join(' ')})`,
      );
      Object.assign(contention, { loadAverage: load });
    }
  } finally {
    await shop.stop();
  }

  // 4. The same authenticated reads with the session cache off (every request reads its session from MariaDB).
  if (wants('session')) {
    shop = await startShop('shop-session-cache-off', { SESSION_CACHE_TTL_SECONDS: '0' });
    try {
      results.push(await measure(`session: GET /me, ${SHOPPERS} sessions, cache off`, { url: shop.url, requests: [meRequest] }));
    } finally {
      await shop.stop();
    }
  }
  await setup.close();

  // 5. Ratios, targets, the results file.
  const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
  const ratio = (r?: { requestsPerSecond: number }): number | undefined =>
    r && baseline ? Math.round((r.requestsPerSecond / baseline.requestsPerSecond) * 100) / 100 : undefined;
  const cpuRatio = (r: ScenarioResult): number | undefined =>
    baseline?.serverCpuMsPerRequest && r.serverCpuMsPerRequest
      ? Math.round((baseline.serverCpuMsPerRequest / r.serverCpuMsPerRequest) * 100) / 100
      : undefined;
  const targets: Target[] = [];
  const throughputTarget = (r: ScenarioResult | undefined) => {
    if (!r) return;
    if (baseline)
      targets.push({
        scenario: r.name,
        requirement: '≥ 0.5 × baseline req/s',
        value: `${ratio(r)} × (by CPU per request: ${cpuRatio(r) ?? '-'} ×)`,
        met: ratio(r)! >= 0.5,
      });
    targets.push({ scenario: r.name, requirement: 'p99 < 50 ms', value: `${r.p99Ms} ms`, met: r.p99Ms < 50 });
  };
  throughputTarget(byName('product list, warm'));
  throughputTarget(byName('product detail'));
  const cold = byName('product list, cold');
  if (cold) targets.push({ scenario: cold.name, requirement: 'p99 < 150 ms', value: `${cold.p99Ms} ms`, met: cold.p99Ms < 150 });
  const suggest = byName('suggest');
  if (suggest) targets.push({ scenario: suggest.name, requirement: 'p99 < 30 ms', value: `${suggest.p99Ms} ms`, met: suggest.p99Ms < 30 });
  if (checkout)
    targets.push({
      scenario: 'checkout → paid',
      requirement: '≥ 100 paid orders/s',
      value: `${checkout.paidPerSecond}/s`,
      met: checkout.paidPerSecond >= 100,
    });
  if (contention)
    targets.push({
      scenario: 'contention',
      requirement: `exactly ${contention.units} paid, no oversell, ledger consistent`,
      value: `${contention.paid} paid, oversold ${contention.oversold}`,
      met: contention.consistent,
    });

  const sessionOn = byName('session: GET /me, 500 sessions, cache on');
  const sessionOff = byName('session: GET /me, 500 sessions, cache off');
  // BENCH_LABEL keeps a run from overwriting the day's main results file.
  const label = process.env.BENCH_LABEL ? `-${process.env.BENCH_LABEL.replace(/[^\w.-]/g, '_')}` : '';
  const file = path.join(REPO_ROOT, 'bench', 'results', `${startedAt.toISOString().slice(0, 10)}${label}.json`);
  const output = {
    date: startedAt.toISOString(),
    // Dirty: uncommitted changes other than earlier results files.
    git: {
      commit: sh('git rev-parse HEAD'),
      branch: sh('git rev-parse --abbrev-ref HEAD'),
      dirty: sh("git status --porcelain -- . ':!bench/results'") !== '',
    },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
    },
    settings: {
      durationSeconds: DURATION_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      database: DATABASE_URL,
      scenarios: [...selected],
      cpuProfile: Boolean(process.env.BENCH_CPU_PROF),
    },
    uptime: { before: uptimeBefore, after: sh('uptime') },
    seedSeconds,
    // The CPU ratio (baseline CPU per request ÷ the scenario's) estimates the throughput ratio a
    // CPU-bound server would reach on an otherwise idle machine: it moves far less with the load.
    scenarios: results.map((r) => ({ ...r, ratioToBaseline: ratio(r), cpuRatioToBaseline: cpuRatio(r) })),
    session:
      sessionOn && sessionOff
        ? {
            cacheOn: sessionOn.requestsPerSecond,
            cacheOff: sessionOff.requestsPerSecond,
            speedup: Math.round((sessionOn.requestsPerSecond / sessionOff.requestsPerSecond) * 100) / 100,
          }
        : undefined,
    checkout: checkout ? { ...checkout, ratioToBaseline: ratio(checkout) } : undefined,
    contention,
    targets,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

  report('\ntargets:');
  for (const target of targets) report(`  ${target.met ? 'met   ' : 'MISSED'} ${target.scenario}: ${target.requirement} (${target.value})`);
  report(`\n${markdownSummary(output)}`);
  report(`\n${sh('uptime')}\nwritten ${path.relative(REPO_ROOT, file)}`);
  if (contention && !contention.consistent) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`load test failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

/** The run as Markdown tables, for bench/README.md. */
function markdownSummary(run: {
  scenarios: (ScenarioResult & { ratioToBaseline?: number; cpuRatioToBaseline?: number })[];
  checkout?: CheckoutFlowResult & { ratioToBaseline?: number };
  contention?: ContentionResult;
  targets: Target[];
}): string {
  const rows = [
    '| scenario | req/s | × baseline | × baseline by CPU | p50 ms | p99 ms | server CPU ms/req | load (1 min) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...run.scenarios.map(
      (s) =>
        `| ${s.name} | ${s.requestsPerSecond} | ${s.ratioToBaseline ?? ''} | ${s.cpuRatioToBaseline ?? ''} | ${s.p50Ms} | ${s.p99Ms} | ${s.serverCpuMsPerRequest ?? ''} | ${s.loadAverage[0]} |`,
    ),
  ];
  const c = run.checkout;
  if (c) {
    rows.push(
      '',
      '| checkout → paid | paid orders/s | paid (in SQL) | flow p50 / p99 ms | add / checkout / pay p99 ms | server CPU ms/order | load (1 min) |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| ${CONNECTIONS} buyers at a time | ${c.paidPerSecond} | ${c.paidOrders} (${c.paidInDatabase}) | ${c.flow.p50Ms} / ${c.flow.p99Ms} | ${c.steps.addToCart.p99Ms} / ${c.steps.checkout.p99Ms} / ${c.steps.pay.p99Ms} | ${c.serverCpuMsPerOrder ?? ''} | ${c.loadAverage[0]} |`,
    );
  }
  const k = run.contention;
  if (k) {
    rows.push(
      '',
      '| contention | paid | refused (no stock) | other failures | oversold | on hand / reserved | ledger on hand / reserved | drained in | consistent |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|',
      `| ${k.buyers} buyers, ${k.units} units | ${k.paid} | ${k.refusedForStock} | ${Object.values(k.failures).reduce((a, b) => a + b, 0)} | ${k.oversold} | ${k.stock.onHand} / ${k.stock.reserved} | ${k.stock.ledgerOnHand} / ${k.stock.ledgerReserved} | ${k.drainMs} ms | ${k.consistent ? 'yes' : 'NO'} |`,
    );
  }
  rows.push(
    '',
    '| target | requirement | this run | |',
    '|---|---|---|---|',
    ...run.targets.map((t) => `| ${t.scenario} | ${t.requirement} | ${t.value} | ${t.met ? 'met' : 'missed'} |`),
  );
  return rows.join('\n');
}
