/** Calendar days as `YYYY-MM-DD` strings, always in UTC (reports and roll-ups bucket by UTC day). */
const DAY_MS = 86_400_000;

export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);
/** The first instant of a day. */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
export const addDays = (day: string, n: number): string => utcDay(new Date(dayStart(day).getTime() + n * DAY_MS));
/** Every day from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
/** `[start of from, start of the day after to)`: the half-open instant range for SQL. */
export const instantRange = (from: string, to: string): [Date, Date] => [dayStart(from), dayStart(addDays(to, 1))];
