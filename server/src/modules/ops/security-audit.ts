import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { z } from 'zod';

/**
 * `npm run security:audit`: `npm audit` over the production dependencies with a policy. High and
 * critical advisories fail the run unless an allow-list entry names them with a reason and an
 * expiry date (an expired entry fails too, so every exception is looked at again). An audit that
 * cannot reach the registry is an error of its own: nothing was checked, and it says so.
 */

export const BLOCKING_SEVERITIES = ['high', 'critical'] as const;

export const AllowList = z
  .object({
    advisories: z.array(
      z
        .object({
          /** The advisory: its GHSA id (from github.com/advisories/…) or npm's numeric source id. */
          id: z.string().regex(/^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|\d+)$/, 'a GHSA id or a numeric advisory id'),
          /** Limit the exception to one package (the advisory may affect several). */
          package: z.string().min(1).optional(),
          reason: z.string().trim().min(10, 'say why it does not affect us (10+ characters)'),
          expires: z.iso.date('YYYY-MM-DD'),
        })
        .strict(),
    ),
  })
  .strict();
export type AllowList = z.infer<typeof AllowList>;

/** The parts of `npm audit --json` (report version 2) the policy reads. */
const AuditVia = z.object({
  source: z.number(),
  name: z.string(),
  title: z.string(),
  url: z.string(),
  severity: z.string(),
  range: z.string().optional(),
});
const AuditReport = z.object({
  vulnerabilities: z.record(
    z.string(),
    z.object({ name: z.string(), via: z.array(z.union([z.string(), AuditVia.passthrough()])) }).passthrough(),
  ),
  metadata: z.object({ vulnerabilities: z.record(z.string(), z.number()) }).passthrough(),
});

export interface Advisory {
  id: string;
  package: string;
  severity: string;
  title: string;
  url: string;
}

export interface AuditVerdict {
  ok: boolean;
  blocking: (Advisory & { why: string })[];
  allowed: (Advisory & { expires: string; reason: string })[];
  /** Allow-list entries that match nothing any more (safe to remove). */
  unused: AllowList['advisories'];
  counts: Record<string, number>;
}

const advisoryId = (via: z.infer<typeof AuditVia>) => /GHSA(-[a-z0-9]{4}){3}/i.exec(via.url)?.[0] ?? String(via.source);

/** Applies the policy to an audit report. Pure: `today` is YYYY-MM-DD. */
export function evaluateAudit(rawReport: unknown, allowList: AllowList, today: string): AuditVerdict {
  const report = AuditReport.parse(rawReport);
  const advisories = new Map<string, Advisory>();
  for (const vuln of Object.values(report.vulnerabilities)) {
    for (const via of vuln.via) {
      if (typeof via === 'string') continue; // vulnerable through another package, which is listed itself
      const a = { id: advisoryId(via), package: via.name, severity: via.severity, title: via.title, url: via.url };
      advisories.set(`${a.id}|${a.package}`, a);
    }
  }
  const used = new Set<number>();
  const verdict: AuditVerdict = { ok: true, blocking: [], allowed: [], unused: [], counts: report.metadata.vulnerabilities };
  for (const a of advisories.values()) {
    if (!(BLOCKING_SEVERITIES as readonly string[]).includes(a.severity)) continue;
    const index = allowList.advisories.findIndex(
      (e) => e.id.toUpperCase() === a.id.toUpperCase() && (!e.package || e.package === a.package),
    );
    const entry = allowList.advisories[index];
    if (entry) used.add(index);
    if (entry && entry.expires >= today) verdict.allowed.push({ ...a, expires: entry.expires, reason: entry.reason });
    else verdict.blocking.push({ ...a, why: entry ? `its allow-list entry expired on ${entry.expires}` : 'not on the allow-list' });
  }
  verdict.unused = allowList.advisories.filter((_e, i) => !used.has(i));
  verdict.ok = verdict.blocking.length === 0;
  return verdict;
}

export class AuditUnavailableError extends Error {}

export interface RunAuditOptions {
  cwd: string;
  /** The command to run (tests substitute a stand-in); defaults to npm. */
  command?: string;
  args?: string[];
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `npm audit --omit=dev --json` and returns its report. Fails with AuditUnavailableError
 * (never hangs) when the registry's audit endpoint does not answer with a report: no retries, a
 * per-request timeout, and the whole run killed after `timeoutMs`.
 */
export async function runNpmAudit(opts: RunAuditOptions): Promise<unknown> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const command = opts.command ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
  const args = opts.args ?? ['audit', '--omit=dev', '--json', '--fetch-retries=0', `--fetch-timeout=${Math.min(timeoutMs, 60_000)}`];
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearTimeout(timer));
  if (timedOut)
    throw new AuditUnavailableError(
      `npm audit did not finish within ${Math.round(timeoutMs / 1000)} s (is the registry reachable?). Nothing was checked.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new AuditUnavailableError(
      `npm audit gave no report (exit ${code}): ${stderr.trim().split('\n').pop() ?? 'no output'}. Nothing was checked.`,
    );
  }
  if (parsed && typeof parsed === 'object' && 'vulnerabilities' in parsed) return parsed;
  const message =
    (parsed as { message?: string }).message ?? (parsed as { error?: { summary?: string } }).error?.summary ?? 'unknown error';
  throw new AuditUnavailableError(
    `the registry's audit endpoint could not be reached or refused the request (${message}). Nothing was checked: run it where the registry is reachable, or point npm_config_registry at a mirror that serves audits.`,
  );
}

export function readAllowList(file: string): AllowList {
  if (!fs.existsSync(file)) return { advisories: [] };
  const parsed = AllowList.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a valid allow-list: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The verdict as lines for a terminal. */
export function describeVerdict(v: AuditVerdict): string[] {
  const lines = [
    `production dependencies: ${Object.entries(v.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  ];
  for (const a of v.allowed) lines.push(`allowed until ${a.expires}: ${a.severity} ${a.id} in ${a.package} — ${a.title} (${a.reason})`);
  for (const e of v.unused) lines.push(`allow-list entry ${e.id}${e.package ? ` (${e.package})` : ''} matches nothing any more: remove it`);
  for (const a of v.blocking) lines.push(`BLOCKING ${a.severity} ${a.id} in ${a.package} — ${a.title} ${a.url} (${a.why})`);
  lines.push(
    v.ok
      ? 'security audit passed'
      : `security audit failed: ${v.blocking.length} high/critical advisor${v.blocking.length === 1 ? 'y' : 'ies'} to fix or allow-list with a reason and expiry`,
  );
  return lines;
}
