import type { Db } from '../../database/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Site, SiteInput } from './site.types.js';
import { createSiteRepository } from './site.repository.js';

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

function isSameSite(a: Site, b: Site): boolean {
  const keys = (Object.keys(a) as (keyof Site)[]).filter((key) => key !== 'updatedAt');
  return keys.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}
