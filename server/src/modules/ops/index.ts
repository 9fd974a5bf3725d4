export { CacheControl } from './cache-control';
export { registerOpsRoutes } from './ops.routes';
export { backupDatabase, restoreDatabase, RestoreRefusedError } from './backup';
export { AuditUnavailableError, describeVerdict, evaluateAudit, readAllowList, runNpmAudit } from './security-audit';
