import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times are shown in the organisation's (or the user's) time zone, not the browser's. */
export function formatDateTime(value: string | Date | null | undefined, timeZone?: string): string {
  if (!value) return '—';
  const d = dayjs(value);
  return (timeZone ? d.tz(timeZone) : d).format('YYYY-MM-DD HH:mm');
}

export function formatDate(value: string | Date | null | undefined, timeZone?: string): string {
  if (!value) return '—';
  const d = dayjs(value);
  return (timeZone ? d.tz(timeZone) : d).format('YYYY-MM-DD');
}
