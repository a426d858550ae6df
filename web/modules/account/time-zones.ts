const COMMON = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'];

/** Common zones first, then every zone the browser knows. */
export function timeZoneOptions() {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : COMMON;
  const rest = all.filter((z) => !COMMON.includes(z));
  return [...COMMON, ...rest].map((z) => ({ value: z, label: z }));
}
