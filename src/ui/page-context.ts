import type { FastifyRequest } from 'fastify';
import type { Dependencies } from '../dependencies.types.js';
import { getSite } from '../modules/site/site.usecases.js';
import { createTranslator } from './i18n/i18n.js';
import type { ViewContext } from './view-context.js';

/** The per-request data every page needs. Routes call this, then hand it to their view. */
export async function createViewContext({ request }: { request: FastifyRequest }, { db, assets }: Pick<Dependencies, 'db' | 'assets'>): Promise<ViewContext> {
  const site = await getSite({ db });
  const locale = request.locale ?? 'da';
  return {
    t: createTranslator({ locale }),
    locale,
    site,
    assetUrl: assets.url,
    path: request.url.split('?')[0] ?? '/',
    returnUrl: request.method === 'GET' || request.method === 'HEAD' ? request.url : (request.url.split('?')[0] ?? '/'),
    csrfToken: request.csrfToken ?? '',
    user: request.user,
    demo: site.isDemo,
  };
}
