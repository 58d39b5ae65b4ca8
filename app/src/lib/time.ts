// Durations and dates for people.

/** `3725` -> `"1 h 2 min 5 s"`; the largest two units only. */
export function formatDuration(totalSecs: number): string {
  let s = Math.max(0, Math.floor(totalSecs));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    if (s >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(s / size)} ${unit}`);
      s %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/** Unix seconds -> a short local date and time; null/0 -> "–". */
export function formatTime(unixSecs: string | number | null | undefined): string {
  const n = Number(unixSecs ?? 0);
  if (!n) return '–';
  return new Date(n * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `Abcd…wxyz` */
export function shortAddress(address: string | null | undefined): string {
  if (!address) return '–';
  return address.length > 10 ? `${address.slice(0, 4)}…${address.slice(-4)}` : address;
}
