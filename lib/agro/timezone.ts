// Local calendar days in a site's time zone with Intl only (no dependency). A day is [start, end) in epoch ms.

export interface LocalDay { date: string; start: number; end: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (e.g. "Asia/Tokyo"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock parts of `epochMs` in `timeZone`. */
export function localParts(epochMs: number, timeZone: string): { date: string; minuteOfDay: number; msOfDay: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const h = Number(parts.hour) % 24;
  const m = Number(parts.minute);
  const s = Number(parts.second);
  const ms = ((epochMs % 1000) + 1000) % 1000;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minuteOfDay: h * 60 + m, msOfDay: ((h * 60 + m) * 60 + s) * 1000 + ms };
}

const dayCache = new Map<string, LocalDay>();

/** The local day containing `epochMs` in `timeZone` (date "YYYY-MM-DD", start and end in epoch ms; DST-aware). */
export function localDay(epochMs: number, timeZone: string): LocalDay {
  const cached = dayCache.get(timeZone);
  if (cached && epochMs >= cached.start && epochMs < cached.end) return cached;
  const { date, msOfDay } = localParts(epochMs, timeZone);
  let start = epochMs - msOfDay;
  const back = localParts(start, timeZone); // an offset change earlier that day moves midnight: correct once
  if (back.msOfDay !== 0) start = back.date === date ? start - back.msOfDay : start + (86400000 - back.msOfDay);
  // The next local midnight: 24 h later, corrected by any offset change (DST) on the way.
  const probe = start + 86400000;
  const next = localParts(probe, timeZone);
  const end = next.date === date ? probe + (86400000 - next.msOfDay) : probe - next.msOfDay;
  const day = { date, start, end };
  dayCache.set(timeZone, day);
  return day;
}
