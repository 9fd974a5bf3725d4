import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../../src/config/paths';
import { AuditUnavailableError, evaluateAudit, runNpmAudit, type AllowList } from '../../../src/modules/ops/security-audit';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const GHSA = 'GHSA-x4c5-c7rf-jjgv';

/**
 * A stand-in for the registry's audit endpoint (npm audit POSTs the dependency tree and reads the
 * packuments of flagged packages), so the real `npm audit` runs without the internet: it reports a
 * high advisory in zod, a production dependency of every workspace.
 */
function auditRegistry() {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/-/npm/v1/security/advisories/bulk')) {
        return res.end(
          JSON.stringify({
            zod: [
              {
                id: 1099999,
                url: `https://github.com/advisories/${GHSA}`,
                title: 'Test advisory in zod',
                severity: 'high',
                vulnerable_versions: '<999.0.0',
                cwe: [],
                cvss: { score: 7.5, vectorString: null },
              },
            ],
          }),
        );
      }
      const name = decodeURIComponent(req.url!.slice(1));
      if (name === 'zod' || name === 'zod-openapi') return res.end(JSON.stringify({ name, 'dist-tags': {}, versions: {} }));
      res.statusCode = 404;
      res.end('{}');
    });
  });
  return {
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function runCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(TSX, ['server/src/cli/security-audit.ts'], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const registry = auditRegistry();
let registryUrl: string;
let report: unknown;
beforeAll(async () => {
  registryUrl = await registry.start();
  report = await runNpmAudit({ cwd: REPO_ROOT, env: { ...process.env, npm_config_registry: registryUrl } });
}, 120_000);
afterAll(() => registry.stop());

const allow = (entry: Partial<AllowList['advisories'][number]>): AllowList => ({
  advisories: [{ id: GHSA, reason: 'Only used for schemas we define ourselves.', expires: '2026-12-31', ...entry }],
});

describe('security:audit policy over a real npm audit report', () => {
  it('fails on a high advisory in a production dependency that is not allow-listed', () => {
    const verdict = evaluateAudit(report, { advisories: [] }, '2026-11-24');
    expect(verdict.ok).toBe(false);
    expect(verdict.blocking).toEqual([
      {
        id: GHSA,
        package: 'zod',
        severity: 'high',
        title: 'Test advisory in zod',
        url: `https://github.com/advisories/${GHSA}`,
        why: 'not on the allow-list',
      },
    ]);
  });

  it('passes while an allow-list entry with a reason has not expired; an expired one fails again', () => {
    expect(evaluateAudit(report, allow({}), '2026-11-24')).toMatchObject({
      ok: true,
      blocking: [],
      allowed: [{ id: GHSA, package: 'zod', expires: '2026-12-31' }],
    });
    expect(evaluateAudit(report, allow({ package: 'zod' }), '2026-12-31').ok).toBe(true);
    const expired = evaluateAudit(report, allow({}), '2027-01-01');
    expect(expired.ok).toBe(false);
    expect(expired.blocking[0]!.why).toBe('its allow-list entry expired on 2026-12-31');
    // An entry for another package does not cover zod, and is reported as unused.
    const elsewhere = evaluateAudit(report, allow({ package: 'left-pad' }), '2026-11-24');
    expect(elsewhere.ok).toBe(false);
    expect(elsewhere.unused).toHaveLength(1);
  });

  it('lets moderate and low advisories through', () => {
    const moderate = JSON.parse(JSON.stringify(report).replaceAll('"high"', '"moderate"')) as unknown;
    expect(evaluateAudit(moderate, { advisories: [] }, '2026-11-24')).toMatchObject({ ok: true, blocking: [] });
  });

  it('the command exits 1 listing the advisory, and 0 with an allow-list entry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-audit-'));
    const file = path.join(dir, 'allow.json');
    fs.writeFileSync(file, JSON.stringify({ advisories: [] }));
    const failed = await runCli({ npm_config_registry: registryUrl, SECURITY_AUDIT_ALLOWLIST: file });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`BLOCKING high ${GHSA} in zod`);
    fs.writeFileSync(file, JSON.stringify(allow({ expires: '2999-01-01' })));
    const passed = await runCli({ npm_config_registry: registryUrl, SECURITY_AUDIT_ALLOWLIST: file });
    expect({ code: passed.code, last: passed.stdout.trim().split('\n').pop() }).toEqual({ code: 0, last: 'security audit passed' });
  }, 120_000);
});

describe('security:audit without a registry', () => {
  it('says nothing was checked and exits 2 when the audit endpoint cannot be reached', async () => {
    const res = await runCli({ npm_config_registry: 'http://127.0.0.1:9/' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/audit endpoint could not be reached.*ECONNREFUSED.*Nothing was checked/);
  }, 120_000);

  it('gives up instead of hanging when npm does not answer in time', async () => {
    const started = Date.now();
    await expect(
      runNpmAudit({ cwd: REPO_ROOT, command: process.execPath, args: ['-e', 'setTimeout(() => {}, 60000)'], timeoutMs: 300 }),
    ).rejects.toThrow(AuditUnavailableError);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('refuses a malformed allow-list entry (no reason, no expiry)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-audit-'));
    const file = path.join(dir, 'allow.json');
    fs.writeFileSync(file, JSON.stringify({ advisories: [{ id: GHSA }] }));
    const res = await runCli({ npm_config_registry: 'http://127.0.0.1:9/', SECURITY_AUDIT_ALLOWLIST: file });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/not a valid allow-list: advisories\.0\.reason .*advisories\.0\.expires/);
  }, 60_000);
});
