/** Axis arithmetic for the staff charts (pure, server and client safe). */

/** The smallest 1, 2 or 5 × 10ⁿ at or above `max` (1 for an empty series): a round top for the axis. */
export function niceCeiling(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max)!;
  return step * power;
}

/** The axis ticks, top first: the ceiling, its half when that is a whole number, and 0. */
export function axisTicks(ceiling: number): number[] {
  return ceiling % 2 === 0 ? [ceiling, ceiling / 2, 0] : [ceiling, 0];
}

/** "Dec 7": a UTC calendar day (YYYY-MM-DD) as staff read it on an axis. */
export function shortDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}
