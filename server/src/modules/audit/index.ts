export { AuditService, type AuditContext, type AuditEntry, type AuditEvent } from './audit.service';
export { AuditLog, defineAuditModels } from './audit.models';
