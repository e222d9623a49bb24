import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Site, SiteInput } from './site.types.js';
import { createSiteRepository } from './site.repository.js';
import type { EventBus } from '../../shared/events.js';
import { recordAudit } from '../audit/audit.usecases.js';
import { createError } from '../../shared/errors.js';
import { fingerprintOf } from '../../shared/fingerprint.js';

/** Shown until an organisation is imported or set up, so that the site never fails for lack of one. */
export const fallbackSite: Site = {
  name: 'Beretning',
  title: 'Beretninger',
  breadcrumb: [],
  intro: '',
  language: 'da',
  yearsShown: 5,
  logoUrl: null,
  primaryColor: null,
  accessibilityUrl: null,
  isDemo: false,
  updatedAt: '1970-01-01T00:00:00.000Z',
};

export async function getSite({ db }: { db: Db }): Promise<Site> {
  return (await createSiteRepository({ db }).getSite()) ?? fallbackSite;
}

/** Saves the settings; returns whether anything changed (so that imports are idempotent). */
export async function saveSite({ input }: { input: SiteInput }, { db, clock }: { db: Db; clock: Clock }): Promise<{ changed: boolean; site: Site }> {
  const repository = createSiteRepository({ db });
  const current = await repository.getSite();
  const next: Site = {
    logoUrl: current?.logoUrl ?? null,
    primaryColor: current?.primaryColor ?? null,
    accessibilityUrl: current?.accessibilityUrl ?? null,
    isDemo: current?.isDemo ?? false,
    ...input,
    updatedAt: clock.now().toISOString(),
  };
  if (current && isSameSite(current, next)) return { changed: false, site: current };
  await repository.saveSite({ site: next });
  return { changed: true, site: next };
}

/** A fingerprint of the saved settings, for the form to say which it was opened on (two saves in one millisecond differ too). */
export function settingsVersion(site: Site): string {
  return fingerprintOf(site);
}

function isSameSite(a: Site, b: Site): boolean {
  const keys = (Object.keys(a) as (keyof Site)[]).filter((key) => key !== 'updatedAt');
  return keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

/**
 * An admin's change of the settings in the workspace: saved, audited (fields changed), and announced
 * with `site.changed` so that public pages show it at once. `opened`, the settings' `settingsVersion`
 * when the form was opened: if they have changed since, nothing is saved (`site.conflict`, 409), so
 * two admins at once do not silently undo each other's changes.
 */
export async function updateSiteSettings(
  { settings, actor, opened }: { settings: Pick<Site, 'name' | 'title' | 'breadcrumb' | 'intro' | 'yearsShown' | 'accessibilityUrl' | 'logoUrl' | 'primaryColor'>; actor: { id: string; email: string; ip: string }; opened?: string },
  { db, clock, events }: { db: Db; clock: Clock; events: EventBus },
): Promise<{ changed: boolean; site: Site }> {
  const current = await getSite({ db });
  if (opened !== undefined && opened !== settingsVersion(current)) {
    throw createError({ code: 'site.conflict', status: 409, message: 'The settings changed after the form was opened.', details: { at: current.updatedAt, version: settingsVersion(current) } });
  }
  const fields = (Object.keys(settings) as (keyof typeof settings)[]).filter((key) => JSON.stringify(settings[key]) !== JSON.stringify(current[key]));
  if (fields.length === 0) return { changed: false, site: current };
  const site: Site = { ...current, ...settings, updatedAt: clock.now().toISOString() };
  await createSiteRepository({ db }).saveSite({ site });
  await recordAudit({ action: 'site.updated', actorId: actor.id, actorEmail: actor.email, targetType: 'site', targetId: 'site', details: { fields }, ip: actor.ip }, { db, clock });
  await events.emit('site.changed', {});
  return { changed: true, site };
}
