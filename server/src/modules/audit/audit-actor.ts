import { AsyncLocalStorage } from 'node:async_hooks';

/** Who, beyond the signed-in user, a request acts as: the API key it came with. */
export interface AuditActor {
  apiKeyId: string;
}

const actors = new AsyncLocalStorage<AuditActor>();

/**
 * Runs `fn` (a request's remaining middleware) with `actor` attached, so every audit entry written
 * while serving it names the key without each service passing it along.
 */
export const withAuditActor = <T>(actor: AuditActor, fn: () => T): T => actors.run(actor, fn);

export const currentAuditActor = (): AuditActor | undefined => actors.getStore();
