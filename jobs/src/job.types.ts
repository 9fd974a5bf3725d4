/** What a handler may log through: the structural part of the server's (pino) logger that handlers use. */
export interface JobLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a handler gets besides its payload. Handlers must be idempotent: a job can run again after a crash. */
export interface JobContext<S = unknown> {
  jobId: number;
  attempt: number;
  logger: JobLogger;
  /** Aborted when the worker shuts down: long handlers should stop early and throw. */
  signal: AbortSignal;
  services: S;
}

export interface JobDefinition<P = unknown, S = unknown> {
  /** `family.action`, e.g. `email.send`. */
  name: string;
  queue?: string;
  /** Cron expression (UTC) for recurring jobs: one run per slot, however many workers run. */
  schedule?: string;
  maxAttempts?: number;
  run(payload: P, ctx: JobContext<S>): Promise<void>;
}

/** A clock, so schedules and cut-offs can be tested without waiting. */
export interface JobClock {
  now(): Date;
}

/**
 * A family's definitions with `services` bound: each run gets exactly those services as
 * `ctx.services`, whatever the worker itself holds.
 */
export function bindJobs<S>(definitions: readonly JobDefinition<never, S>[], services: S): JobDefinition[] {
  return definitions.map((definition) => ({
    ...definition,
    run: (payload: unknown, ctx: JobContext) => definition.run(payload as never, { ...ctx, services }),
  }));
}
