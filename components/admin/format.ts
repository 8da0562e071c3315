/** Display helpers of the staff console (server and client safe). */

export const formatCount = (n: number) => n.toLocaleString("en-US");

/** "2024-05-31 14:02 UTC": staff in many time zones read one clock. */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const iso = (value instanceof Date ? value : new Date(value)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
