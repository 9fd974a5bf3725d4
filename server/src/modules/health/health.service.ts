import type { ReadinessResponse } from '@bazaar/shared';
import type { Migrator } from '../../db/migrator';
import type { HealthRepository } from './health.repository';

const READINESS_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class HealthService {
  constructor(
    private readonly database: HealthRepository,
    private readonly migrator: Migrator,
  ) {}

  /** Ready means: the database answers and every migration in the repo has been applied. */
  async readiness(): Promise<ReadinessResponse> {
    try {
      await withTimeout(this.database.ping(), READINESS_TIMEOUT_MS);
    } catch {
      return { status: 'not_ready', checks: { database: 'down', migrations: 'unknown' } };
    }
    try {
      const pending = await withTimeout(this.migrator.pending(), READINESS_TIMEOUT_MS);
      const migrations = pending.length === 0 ? 'applied' : 'pending';
      return { status: migrations === 'applied' ? 'ready' : 'not_ready', checks: { database: 'up', migrations } };
    } catch {
      return { status: 'not_ready', checks: { database: 'up', migrations: 'unknown' } };
    }
  }
}
