// Dates as the clinic reads them: on Seoul's calendar, whatever time zone the PC is set to (the
// backend stores and checks every date the same way).

/** `YYYY-MM-DD` in Seoul for a Date. */
export function seoulDate(d: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Seoul' }).format(d);
}

/** `YYYY-MM-DD HH:MM` in Seoul, as the date-time fields show it. */
export function seoulMinute(d: Date): string {
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Seoul',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
  return s;
}

/** The calendar month before the one `d` falls in, in Seoul: `YYYY-MM`, its first and last day. */
export function previousSeoulMonth(d: Date): { month: string; from: string; to: string } {
  const [y, m] = seoulDate(d).split('-').map(Number);
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const ym = `${year}-${String(month).padStart(2, '0')}`;
  return { month: ym, from: `${ym}-01`, to: `${ym}-${String(days).padStart(2, '0')}` };
}
