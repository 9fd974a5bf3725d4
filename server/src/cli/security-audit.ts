import path from 'node:path';
import { REPO_ROOT } from '../config/paths';
import { AuditUnavailableError, describeVerdict, evaluateAudit, readAllowList, runNpmAudit } from '../modules/ops';
import { utcDay } from '../lib/days';

/**
 * `npm run security:audit`: exit 0 when no high/critical advisory affects a production dependency
 * (or each is allow-listed, unexpired, in security-audit-allowlist.json); 1 when one does; 2 when
 * the audit could not run (registry unreachable: nothing was checked).
 * SECURITY_AUDIT_ALLOWLIST names another allow-list file; SECURITY_AUDIT_TIMEOUT_MS bounds the run (120 s).
 */
async function main() {
  const allowList = readAllowList(process.env.SECURITY_AUDIT_ALLOWLIST ?? path.join(REPO_ROOT, 'security-audit-allowlist.json'));
  const timeoutMs = Number(process.env.SECURITY_AUDIT_TIMEOUT_MS ?? 120_000);
  const verdict = evaluateAudit(await runNpmAudit({ cwd: REPO_ROOT, timeoutMs }), allowList, utcDay(new Date()));
  for (const line of describeVerdict(verdict)) process.stdout.write(`${line}\n`);
  process.exitCode = verdict.ok ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`security:audit: ${err instanceof AuditUnavailableError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exitCode = 2;
});
