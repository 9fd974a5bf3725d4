export { AuditService, type AuditContext, type AuditEntry, type AuditEvent } from './audit.service';
export { AuditRepository } from './audit.repository';
