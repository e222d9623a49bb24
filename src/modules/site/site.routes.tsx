import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../dependencies.types.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { createViewContext } from '../../ui/page-context.js';
import { renderPage } from '../../ui/render.js';
import { getSite, settingsVersion, updateSiteSettings } from './site.usecases.js';
import { siteSettingsFormSchema } from './site.schemas.js';
import { SiteSettingsPage, type SiteSettingsField, type SiteSettingsValues } from './site.views.js';
import { isAppError } from '../../shared/errors.js';
import { formatDateTime, formatNumber } from '../../shared/format.js';

const fieldNames: SiteSettingsField[] = ['name', 'title', 'breadcrumb', 'intro', 'yearsShown', 'accessibilityUrl', 'logoUrl', 'primaryColor'];

/** /admin/indstillinger: the organisation's settings, for admins. Register behind the admin role guard. */
export function registerSiteSettingsRoutes({ app }: { app: FastifyInstance }, deps: Dependencies): void {
  app.get('/indstillinger', async (request, reply) => {
    const ctx = await createViewContext({ request }, deps);
    const site = await getSite({ db: deps.db });
    const values: SiteSettingsValues = {
      name: site.name,
      title: site.title,
      breadcrumb: site.breadcrumb.join('\n'),
      intro: site.intro,
      yearsShown: String(site.yearsShown),
      accessibilityUrl: site.accessibilityUrl ?? '',
      logoUrl: site.logoUrl ?? '',
      primaryColor: site.primaryColor ?? '',
    };
    const saved = (request.query as Record<string, unknown>).gemt === '1';
    return reply.type('text/html; charset=utf-8').send(renderPage(<SiteSettingsPage ctx={ctx} values={values} opened={settingsVersion(site)} saved={saved} />));
  });

  app.post('/indstillinger', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(fieldNames.map((name) => [name, typeof body[name] === 'string' ? (body[name] as string) : ''])) as SiteSettingsValues;
    // Which settings the form was opened on (absent from forms opened before this field: then no check).
    const opened = typeof body.opened === 'string' && body.opened ? body.opened : undefined;
    const parsed = siteSettingsFormSchema.safeParse(values);
    if (!parsed.success) {
      const ctx = await createViewContext({ request }, deps);
      const fieldErrors: Partial<Record<SiteSettingsField, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as SiteSettingsField;
        const max = issue.code === 'too_big' ? formatNumber({ value: Number(issue.maximum), locale: ctx.locale }) : '';
        fieldErrors[field] ??= ctx.t(issue.message.startsWith('auth.') ? (issue.message as MessageKey) : 'auth.settingsTooLong', { max });
      }
      return reply.code(422).type('text/html; charset=utf-8').send(renderPage(<SiteSettingsPage ctx={ctx} values={values} opened={opened} fieldErrors={fieldErrors} />));
    }
    const user = request.user;
    if (!user) throw new Error('site settings reached without a user: the admin guard must run first');
    try {
      await updateSiteSettings({ settings: parsed.data, actor: { id: user.id, email: user.email, ip: request.ip }, opened }, deps);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'site.conflict') throw error;
      // The admin's input stays; saving again (knowingly, from the newer settings' time) overwrites.
      const ctx = await createViewContext({ request }, deps);
      const conflict = ctx.t('auth.settingsConflict', { time: formatDateTime({ iso: String(error.details?.at ?? ''), locale: ctx.locale }) });
      return reply.code(409).type('text/html; charset=utf-8').send(renderPage(<SiteSettingsPage ctx={ctx} values={values} opened={String(error.details?.version ?? '')} conflict={conflict} />));
    }
    return reply.redirect('/admin/indstillinger?gemt=1', 303);
  });
}
