/**
 * Checkout throughput: `concurrency` buyers at a time, each flow one signed-in buyer adding an
 * item (from a pool of well-stocked variants, so buyers do not all queue on one stock row),
 * checking out with the manual provider and paying, until the time is up. The figure is paid
 * orders per second, counted again in the database afterwards.
 */
import type { Container } from '../../server/src/container';
import { BENCH_ADDRESS, createShopperAccounts, createStockedVariant, SHOPPER_PASSWORD, STANDARD_SHIPPING_ID } from '../fixtures';
import { latencySummary, loadAverage } from '../harness';
import { eachLimited, Shopper } from '../shopper';

export interface CheckoutFlowOptions {
  baseUrl: string;
  container: Container;
  /** Buyers signed in up front; each flow takes the next of its worker's own buyers. */
  buyers: number;
  concurrency: number;
  durationSeconds: number;
  variants: number;
  /** The server process, for its CPU accounting. */
  server?: { cpuMs(): number };
}

export interface CheckoutFlowResult {
  paidOrders: number;
  paidInDatabase: number;
  paidPerSecond: number;
  requestsPerSecond: number;
  elapsedSeconds: number;
  /** Whole flow (add → checkout → pay) and each step, in ms. */
  flow: { p50Ms: number; p99Ms: number };
  steps: Record<'addToCart' | 'checkout' | 'pay', { p50Ms: number; p99Ms: number }>;
  failures: Record<string, number>;
  loadAverage: number[];
  /** CPU time of the server process per paid order while measured (when the process was given). */
  serverCpuMsPerOrder?: number;
}

export async function runCheckoutFlow(opts: CheckoutFlowOptions): Promise<CheckoutFlowResult> {
  const { container, concurrency } = opts;
  const buyers = Math.max(opts.buyers, concurrency);
  const variantIds: string[] = [];
  for (let i = 0; i < opts.variants; i++)
    variantIds.push(await createStockedVariant(container, { title: `Checkout bench item ${i} ${Date.now()}`, stock: 1_000_000 }));
  const emails = await createShopperAccounts(container.db, 'checkout', buyers);
  const shoppers = emails.map(() => new Shopper(opts.baseUrl));
  await eachLimited(shoppers, 20, (s, i) => s.signIn(emails[i]!, SHOPPER_PASSWORD));

  const flowMs: number[] = [];
  const steps = { addToCart: [] as number[], checkout: [] as number[], pay: [] as number[] };
  const failures: Record<string, number> = {};
  let paid = 0;
  let requests = 0;
  const load = loadAverage();
  const cpuBefore = opts.server?.cpuMs();
  const started = performance.now();
  const deadline = started + opts.durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      // Worker w owns buyers w, w + concurrency, …: no two flows ever share a cart.
      for (let round = 0; performance.now() < deadline; round++) {
        const index = (worker + round * concurrency) % (buyers - (buyers % concurrency) || buyers);
        const shopper = shoppers[index]!;
        const t0 = performance.now();
        const added = await shopper.addToCart(variantIds[(worker + round) % variantIds.length]!);
        steps.addToCart.push(performance.now() - t0);
        requests++;
        if (added.status !== 200) {
          failures[`add ${added.status}`] = (failures[`add ${added.status}`] ?? 0) + 1;
          continue;
        }
        const result = await shopper.checkoutAndPay(`flow-${worker}-${round}`, emails[index]!, STANDARD_SHIPPING_ID, BENCH_ADDRESS);
        requests += result.payMs === undefined ? 1 : 2;
        if (result.checkoutMs !== undefined) steps.checkout.push(result.checkoutMs);
        if (result.payMs !== undefined) steps.pay.push(result.payMs);
        if (result.outcome === 'paid') {
          paid++;
          flowMs.push(performance.now() - t0);
        } else failures[result.outcome] = (failures[result.outcome] ?? 0) + 1;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuBefore === undefined ? undefined : opts.server!.cpuMs() - cpuBefore;
  const inDb = await container.db.one<{ n: number }>("SELECT COUNT(*) AS n FROM orders WHERE status = 'paid' AND email IN (?)", [emails]);
  return {
    paidOrders: paid,
    paidInDatabase: Number(inDb?.n ?? 0),
    paidPerSecond: Math.round((paid / elapsedSeconds) * 10) / 10,
    requestsPerSecond: Math.round(requests / elapsedSeconds),
    elapsedSeconds: Math.round(elapsedSeconds * 10) / 10,
    flow: latencySummary(flowMs),
    steps: { addToCart: latencySummary(steps.addToCart), checkout: latencySummary(steps.checkout), pay: latencySummary(steps.pay) },
    failures,
    loadAverage: load,
    ...(cpuUsed !== undefined && paid ? { serverCpuMsPerOrder: Math.round((cpuUsed / paid) * 100) / 100 } : {}),
  };
}
