/**
 * Measuring: autocannon runs reported as req/s and p50/p99 latency, latency summaries for the
 * multi-request flows autocannon cannot drive (checkout), and the machine's load while measuring
 * (this box is shared, so every figure carries the load averages it was taken under).
 */
import os from 'node:os';
import autocannon from 'autocannon';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
export const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 10);
/** An unrecorded burst before each measured run, so the JIT and pools are warm for every scenario alike. */
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 2);

export interface ScenarioResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** 1, 5 and 15 minute load averages (as `uptime` shows them) when the run started. */
  loadAverage: number[];
  /**
   * CPU the server process spent per request, in ms, and its share of one core while measured:
   * far less noisy than req/s when other work shares the machine.
   */
  serverCpuMsPerRequest?: number;
  serverCpuShare?: number;
}

export const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** Nearest-rank percentile of latencies in ms. */
export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return 0;
  return Math.round(sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)]! * 10) / 10;
}

export function latencySummary(ms: number[]): { p50Ms: number; p99Ms: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function reportScenario(
  r: Pick<ScenarioResult, 'name' | 'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'non2xx' | 'errors' | 'loadAverage' | 'serverCpuMsPerRequest'>,
): void {
  report(
    `${r.name.padEnd(44)} ${String(r.requestsPerSecond).padStart(6)} req/s  p50 ${String(r.p50Ms).padStart(5)} ms  p99 ${String(r.p99Ms).padStart(5)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  cpu/req ${r.serverCpuMsPerRequest ?? '-'} ms  load ${r.loadAverage.join(' ')}`,
  );
}

/**
 * One autocannon run at CONNECTIONS for DURATION_SECONDS, after a WARMUP_SECONDS burst of the
 * same requests. `server` is the process answering, for its CPU accounting.
 */
export async function run(name: string, opts: autocannon.Options, server?: { cpuMs(): number }): Promise<ScenarioResult> {
  if (WARMUP_SECONDS > 0) await autocannon({ connections: CONNECTIONS, ...opts, duration: WARMUP_SECONDS });
  const load = loadAverage();
  const cpuBefore = server?.cpuMs();
  const t0 = performance.now();
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_SECONDS, ...opts });
  const cpuUsed = server && cpuBefore !== undefined ? server.cpuMs() - cpuBefore : undefined;
  const summary: ScenarioResult = {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    loadAverage: load,
    ...(cpuUsed !== undefined && result.requests.total
      ? {
          serverCpuMsPerRequest: Math.round((cpuUsed / result.requests.total) * 1000) / 1000,
          serverCpuShare: Math.round((cpuUsed / (performance.now() - t0)) * 100) / 100,
        }
      : {}),
  };
  reportScenario(summary);
  return summary;
}
