export { AuditService, type AuditContext, type AuditEntry, type AuditEvent } from './audit.service';
export { AuditRepository } from './audit.repository';
export { AuditLog, defineAuditModels } from './audit.models';
export { currentAuditActor, withAuditActor, type AuditActor } from './audit-actor';
