/** A `startsAt`/`endsAt` window (ISO moments, either open) is in order when it ends after it starts. */
export const dateWindowInOrder = (p: { startsAt?: string | null; endsAt?: string | null }) =>
  !p.startsAt || !p.endsAt || new Date(p.startsAt) < new Date(p.endsAt);

/** The refinement's message, where it points, for schemas and for a service judging a merged change. */
export const DATE_WINDOW_ISSUE = { error: 'endsAt must be after startsAt', path: ['endsAt'] };
