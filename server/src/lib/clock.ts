/** Time as a dependency, so lockouts, token expiry and session timeouts can be tested without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
