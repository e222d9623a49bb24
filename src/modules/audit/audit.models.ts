/** The UTC instant at which a calendar day (YYYY-MM-DD) begins in Europe/Copenhagen. */
export function copenhagenDayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, 0, 0, 0);
  const offsetText = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', timeZoneName: 'longOffset' }).formatToParts(new Date(guess)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offsetText);
  const offsetMs = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000 : 0;
  return new Date(guess - offsetMs).toISOString();
}

/** The day after `day` (YYYY-MM-DD), for an inclusive "to" date. */
export function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** What still exists, to link an entry's thing to its page: users by id (e-mail), reports by id (year). */
export type AuditTargetLookup = { users: Map<string, string>; reports: Map<string, number> };

/**
 * The thing an entry is about, in words and linked while it exists: `{ kind: 'user', name: 'anna@kl.dk',
 * href: '/admin/brugere' }`. The name comes from what exists now, else from what the entry kept.
 */
export type AuditTarget = { kind: 'user' | 'report' | 'api_token' | 'document' | 'site' | 'other'; name: string; href?: string };

export function describeAuditTarget({ targetType, targetId, details }: { targetType: string | null; targetId: string | null; details: Record<string, unknown> }, lookup: AuditTargetLookup): AuditTarget | undefined {
  const text = (key: string) => (typeof details[key] === 'string' || typeof details[key] === 'number' ? String(details[key]) : '');
  switch (targetType) {
    case null:
      return undefined;
    case 'user': {
      const email = targetId ? lookup.users.get(targetId) : undefined;
      const name = email ?? text('email');
      if (!name) return undefined; // a failed login with an unknown e-mail names no user
      return { kind: 'user', name, href: email ? `/admin/brugere#bruger-${targetId}` : undefined };
    }
    case 'report': {
      const year = targetId ? lookup.reports.get(targetId) : undefined;
      return { kind: 'report', name: String(year ?? text('year')), href: year !== undefined && targetId ? `/admin/beretninger/${encodeURIComponent(targetId)}` : undefined };
    }
    case 'api_token':
      return { kind: 'api_token', name: text('name') || text('prefix'), href: '/admin/api-noegler' };
    case 'document':
      return { kind: 'document', name: text('fileName'), href: '/admin/dokumenter' };
    case 'site':
      return { kind: 'site', name: '', href: '/admin/indstillinger' };
    default:
      return { kind: 'other', name: `${targetType} ${targetId ?? ''}`.trim() };
  }
}
