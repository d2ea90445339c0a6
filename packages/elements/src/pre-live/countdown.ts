/** The countdown's arithmetic and wording, kept apart from the element so each is easy to read. */

export const UNITS = ['day', 'hour', 'minute', 'second'] as const;
export type CountdownUnit = (typeof UNITS)[number];
const SIZE: Record<CountdownUnit, number> = { day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };

/** Whole days, hours, minutes and seconds left (the seconds rounded up, so 0 is only reached at the start). */
export function splitRemaining(ms: number): Record<CountdownUnit, number> {
  let left = Math.max(0, Math.ceil(ms / 1000) * 1000);
  const parts = {} as Record<CountdownUnit, number>;
  for (const unit of UNITS) {
    parts[unit] = Math.floor(left / SIZE[unit]);
    left -= parts[unit] * SIZE[unit];
  }
  return parts;
}

const formats = new Map<string, Intl.NumberFormat>();
/** `3 hours` in the locale (cached: the countdown formats every second). */
export function formatUnit(value: number, unit: CountdownUnit, locale: string, display: 'long' | 'short'): string {
  const key = `${locale}|${unit}|${display}`;
  let format = formats.get(key);
  if (!format)
    formats.set(key, (format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: display })));
  return format.format(value);
}

/**
 * What a screen reader is told: minutes at most (an hour or more away, hours at most), so the polite
 * live region changes once a minute (once an hour) and never every second. E.g. "2 days, 3 hours".
 */
export function spokenRemaining(ms: number, locale: string): string {
  const parts = splitRemaining(ms);
  const units: CountdownUnit[] = ms >= SIZE.hour ? ['day', 'hour'] : ['minute'];
  const said = units.filter((u) => parts[u] > 0).map((u) => formatUnit(parts[u], u, locale, 'long'));
  if (!said.length) said.push(formatUnit(Math.max(1, parts.minute), 'minute', locale, 'long'));
  return new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(said);
}
