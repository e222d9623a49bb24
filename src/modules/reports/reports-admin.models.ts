import { diffLines, diffWords } from 'diff';
import type { Report } from './reports.types.js';

/** The fields an editor writes. */
export type ReportFields = { year: number; title: string; periodStart: string | null; periodEnd: string | null; forewordMd: string };

/** What a revision keeps: the fields, the PDF in use, and the status at the time. */
export type ReportSnapshot = ReportFields & { currentDocumentId: string | null; status: Report['status']; scheduledAt: string | null };

export type WorkspaceStatus = 'draft' | 'scheduled' | 'published' | 'trashed';

export function snapshotOf({ report }: { report: Report }): ReportSnapshot {
  return {
    year: report.year,
    title: report.title,
    periodStart: report.periodStart,
    periodEnd: report.periodEnd,
    forewordMd: report.forewordMd,
    currentDocumentId: report.currentDocumentId,
    status: report.status,
    scheduledAt: report.scheduledAt,
  };
}

/** kladde / planlagt / udgivet / i papirkurven. */
export function workspaceStatusOf({ report }: { report: Pick<Report, 'status' | 'deletedAt'> }): WorkspaceStatus {
  return report.deletedAt !== null ? 'trashed' : report.status;
}

/**
 * Publishing or scheduling asks before going ahead when the PDF has accessibility problems
 * (reports) and when films lack captions or sounds a transcript (media). Each warning has its own
 * confirmation field, and each confirmation page carries the confirmations already given (and the
 * schedule's date and time) as hidden fields, so an editor confirms each warning once, with or
 * without JavaScript. The CSRF token is not carried: each page renders its own.
 */
export const publishConfirmationFields = { accessibility: 'bekraeft', media: 'bekraeftMedier' } as const;
export type PublishConfirmation = keyof typeof publishConfirmationFields;
const confirmedValue = 'ja';

/** Whether the posted form confirms the given warning. */
export function isPublishConfirmed({ body, warning }: { body: unknown; warning: PublishConfirmation }): boolean {
  return ((body ?? {}) as Record<string, unknown>)[publishConfirmationFields[warning]] === confirmedValue;
}

/**
 * The hidden fields a confirmation page posts back: the confirmations already given, this page's
 * own, and (when scheduling) the date and time as typed, cut to a sane length.
 */
export function publishConfirmationHiddenFields({ body, warning, schedule }: { body: unknown; warning: PublishConfirmation; schedule: boolean }): Record<string, string> {
  const posted = (body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  if (schedule) for (const name of ['date', 'time']) fields[name] = String(posted[name] ?? '').slice(0, 20);
  for (const kind of Object.keys(publishConfirmationFields) as PublishConfirmation[]) {
    if (kind === warning || isPublishConfirmed({ body, warning: kind })) fields[publishConfirmationFields[kind]] = confirmedValue;
  }
  return fields;
}

/** The UTC instant of a wall-clock date and time (YYYY-MM-DD, HH:MM) in Europe/Copenhagen; undefined if it is not a real one. */
export function copenhagenLocalToUtc({ date, time }: { date: string; time: string }): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  if (hh > 23 || mm > 59) return undefined;
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  if (new Date(asUtc).toISOString().slice(0, 10) !== date) return undefined;
  // The offset at the guess, then again at the corrected instant (handles the DST switch days).
  let instant = asUtc - offsetMs(asUtc);
  instant = asUtc - offsetMs(instant);
  return new Date(instant).toISOString();
}

function offsetMs(at: number): number {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', timeZoneName: 'longOffset' }).formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(text);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000 : 0;
}

/** A UTC instant as Copenhagen wall-clock date and time, for the schedule form. */
export function utcToCopenhagenLocal({ iso }: { iso: string }): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

export type FieldChange = { field: keyof ReportSnapshot; before: string; after: string };
export type TextPart = { value: string; added: boolean; removed: boolean };

/** What changed between two snapshots: the short fields side by side, the foreword word by word per changed line. */
export function diffSnapshots({ from, to }: { from: ReportSnapshot; to: ReportSnapshot }): { fields: FieldChange[]; foreword: TextPart[]; forewordChanged: boolean } {
  const keys: (keyof ReportSnapshot)[] = ['year', 'title', 'periodStart', 'periodEnd', 'currentDocumentId', 'status', 'scheduledAt'];
  const fields = keys.flatMap((field) => {
    const before = String(from[field] ?? '');
    const after = String(to[field] ?? '');
    return before === after ? [] : [{ field, before, after }];
  });
  const forewordChanged = from.forewordMd !== to.forewordMd;
  const foreword = forewordChanged
    ? diffLines(from.forewordMd, to.forewordMd).flatMap((part) => [{ value: part.value, added: part.added, removed: part.removed }])
    : [];
  return { fields, foreword: refineWords({ parts: foreword }), forewordChanged };
}

/** A removed block followed by an added one becomes a word-level diff, so a changed word stands out. */
function refineWords({ parts }: { parts: TextPart[] }): TextPart[] {
  const out: TextPart[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as TextPart;
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      out.push(...diffWords(part.value, next.value).map((w) => ({ value: w.value, added: w.added, removed: w.removed })));
      i += 1;
    } else out.push(part);
  }
  return out;
}

/** What a revision changed in words: the content fields that differ from the revision before, then "pdf" when the PDF is new. */
export type RevisionChange = 'year' | 'title' | 'period' | 'foreword' | 'pdf';

export function changesOfRevision({ before, after }: { before: ReportSnapshot | undefined; after: ReportSnapshot }): RevisionChange[] {
  if (!before) return [];
  const changes: RevisionChange[] = [];
  if (before.year !== after.year) changes.push('year');
  if (before.title !== after.title) changes.push('title');
  if (before.periodStart !== after.periodStart || before.periodEnd !== after.periodEnd) changes.push('period');
  if (before.forewordMd !== after.forewordMd) changes.push('foreword');
  if (before.currentDocumentId !== after.currentDocumentId && after.currentDocumentId) changes.push('pdf');
  return changes;
}

/** One thing on the workspace overview that an editor should look at, with the report it concerns. */
export type AttentionItem =
  | { kind: 'failed' | 'capped'; reportId: string; year: number; fileName: string }
  | { kind: 'scheduled'; reportId: string; year: number; at: string }
  | { kind: 'noForeword' | 'noCover'; reportId: string; year: number }
  | { kind: 'noAccessibilityUrl' };

/**
 * What needs attention, most urgent first: current PDFs that could not be read or were read only in
 * part, scheduled publications (soonest first), reports without foreword or cover, and a site without
 * the accessibility statement's address. Reports in the trash are left out.
 */
export function listAttention({ reports, documents, withoutCover, accessibilityUrl }: {
  reports: Report[];
  documents: { id: string; reportId: string; fileName: string; ingestStatus: string; pagesCapped: number; textCapped: number }[];
  withoutCover: string[];
  accessibilityUrl: string | null;
}): AttentionItem[] {
  const live = reports.filter((r) => r.deletedAt === null);
  const current = new Map(documents.map((d) => [d.id, d]));
  const items: AttentionItem[] = [];
  for (const report of live) {
    const document = report.currentDocumentId ? current.get(report.currentDocumentId) : undefined;
    if (document?.ingestStatus === 'fejlet') items.push({ kind: 'failed', reportId: report.id, year: report.year, fileName: document.fileName });
    else if (document && (document.pagesCapped > 0 || document.textCapped > 0)) items.push({ kind: 'capped', reportId: report.id, year: report.year, fileName: document.fileName });
  }
  for (const report of [...live].filter((r) => r.status === 'scheduled' && r.scheduledAt).sort((a, b) => (a.scheduledAt ?? '').localeCompare(b.scheduledAt ?? ''))) {
    items.push({ kind: 'scheduled', reportId: report.id, year: report.year, at: report.scheduledAt as string });
  }
  for (const report of live) if (report.forewordMd.trim() === '') items.push({ kind: 'noForeword', reportId: report.id, year: report.year });
  const coverless = new Set(withoutCover);
  for (const report of live) if (coverless.has(report.id)) items.push({ kind: 'noCover', reportId: report.id, year: report.year });
  if (!accessibilityUrl) items.push({ kind: 'noAccessibilityUrl' });
  return items;
}

/** How many reports are in each state (the trash counted apart). */
export function countByStatus({ reports }: { reports: Report[] }): Record<WorkspaceStatus, number> {
  const counts: Record<WorkspaceStatus, number> = { draft: 0, scheduled: 0, published: 0, trashed: 0 };
  for (const report of reports) counts[workspaceStatusOf({ report })] += 1;
  return counts;
}
