import type { Db } from '../../database/database.js';
import type { Site } from './site.types.js';

const SITE_ID = 'site';

export function createSiteRepository({ db }: { db: Db }) {
  return {
    async getSite(): Promise<Site | undefined> {
      const row = await db.selectFrom('site').selectAll().where('id', '=', SITE_ID).executeTakeFirst();
      if (!row) return undefined;
      const { id: _id, breadcrumb, isDemo, ...rest } = row;
      return { ...rest, isDemo: isDemo === 1, breadcrumb: JSON.parse(breadcrumb) as string[] };
    },
    async saveSite({ site }: { site: Site }): Promise<void> {
      const values = { ...site, isDemo: site.isDemo ? 1 : 0, breadcrumb: JSON.stringify(site.breadcrumb) };
      await db
        .insertInto('site')
        .values({ id: SITE_ID, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
  };
}

export type SiteRepository = ReturnType<typeof createSiteRepository>;
