import type { ViewContext } from '../../ui/view-context.js';
import { Layout, siteCrumb } from '../../ui/layout.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId } from '../../ui/error-summary.js';
import { MediaLinks, MediaPlayer } from '../../ui/media-player.js';
import { contentLang } from '../../ui/content-lang.js';
import { renderMarkdown } from '../../shared/markdown.js';
import type { Report } from '../reports/reports.types.js';
import type { PublicMedia } from './media.types.js';
import type { StoredMedia } from './media.repository.js';
import { formatDuration, type MediaWarning } from './media.models.js';

/**
 * /beretninger/<year>/film/<slug>: one film or sound with its transcript as text, so search engines
 * and screen readers have it, and the player and download as on the report page.
 */
export function MediaItemPage({ ctx, report, media, head }: { ctx: ViewContext; report: Pick<Report, 'year' | 'title'>; media: PublicMedia; head?: unknown }) {
  const { t } = ctx;
  const lang = contentLang(ctx);
  return (
    <Layout ctx={ctx} title={`${media.title} · ${report.title}`} head={head as never} crumbs={[siteCrumb(ctx), { label: t('reports.archiveTitle'), href: '/beretninger' }, { label: report.title, href: `/beretninger/${report.year}`, lang }, { label: media.title, lang }]}>
      <h1 lang={lang}><bdi>{media.title}</bdi></h1>
      {media.description ? <p class="lead" lang={lang}>{media.description}</p> : null}
      <MediaPlayer ctx={ctx} media={media} />
      <MediaLinks ctx={ctx} media={media} withPage={false} />
      <section aria-labelledby="udskrift" class="media-transcript">
        <h2 id="udskrift">{t('media.transcriptHeading')}</h2>
        {media.transcriptMd ? <div lang={lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(media.transcriptMd) }} /> : <p>{t('media.noTranscript')}</p>}
      </section>
      <p><a href={`/beretninger/${report.year}#se-og-hoer`}>{t('media.backToReport', { title: report.title })}</a></p>
    </Layout>
  );
}

function Csrf({ ctx }: { ctx: ViewContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

function PostButton({ ctx, action, label }: { ctx: ViewContext; action: string; label: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf ctx={ctx} />
      <button type="submit" class="button button--secondary">{label}</button>
    </form>
  );
}

export type MediaFormErrors = Partial<Record<'fil' | 'titel' | 'beskrivelse' | 'raekkefoelge' | 'udskrift' | 'undertekster' | 'plakat', string>>;

function kindLabel(ctx: ViewContext, media: StoredMedia) {
  return ctx.t(media.kind === 'video' ? 'media.kindVideoShort' : 'media.kindAudioShort');
}

function AccessState({ ctx, media }: { ctx: ViewContext; media: StoredMedia }) {
  const { t } = ctx;
  return media.kind === 'video' ? <>{t(media.captionsKey ? 'media.hasCaptions' : 'media.noCaptions')}{media.transcriptMd ? `, ${t('media.hasTranscript')}` : ''}</> : <>{t(media.transcriptMd ? 'media.hasTranscript' : 'media.noTranscriptShort')}</>;
}

/**
 * /admin/beretninger/<id>/medier: the report's films and sounds in readers' order, the upload (streamed,
 * with upload.js's progress bar when JavaScript runs), and the removed ones with "Gendan".
 */
export function MediaWorkspacePage({ ctx, report, current, removed, maxUploadMb, ffmpegMissing, notice, errors = {}, title = '' }: { ctx: ViewContext; report: Report; current: StoredMedia[]; removed: StoredMedia[]; maxUploadMb: number; ffmpegMissing: boolean; notice?: string; errors?: MediaFormErrors; title?: string }) {
  const { t } = ctx;
  const base = `/admin/beretninger/${report.id}/medier`;
  const errorList = Object.entries(errors).map(([field, message]) => ({ field: `medie-${field}`, message: message! }));
  return (
    <AdminLayout ctx={ctx} title={t('media.workspaceTitle', { title: report.title })} head={<script src={ctx.assetUrl('js/upload.js')} defer />}>
      <p><a href={`/admin/beretninger/${report.id}`}>{t('workspace.backToList')}</a></p>
      <h1>{t('media.workspaceTitle', { title: report.title })}</h1>
      <p>{t('media.workspaceIntro')}</p>
      {errorList.length > 0 ? <ErrorSummary ctx={ctx} errors={errorList} /> : null}
      {notice ? <div class="alert alert--success" role="status" data-notice="success"><p>{notice}</p></div> : null}
      {ffmpegMissing ? <div class="alert alert--warning" role="alert" data-ffmpeg-missing><p>{t('media.ffmpegMissing')}</p></div> : null}
      {current.length === 0 ? <p>{t('media.none')}</p> : (
        // A focusable, named region: at 320 px the table scrolls sideways inside it, also by keyboard.
        <div class="workspace-table-wrap" role="region" tabIndex={0} aria-label={t('media.tableCaption')}>
          <table class="workspace-table">
            <caption>{t('media.tableCaption')}</caption>
            <thead><tr><th scope="col">{t('media.positionField')}</th><th scope="col">{t('media.colTitle')}</th><th scope="col">{t('media.colKind')}</th><th scope="col">{t('media.colLength')}</th><th scope="col">{t('media.colAccess')}</th><th scope="col">{t('media.colActions')}</th></tr></thead>
            <tbody>
              {current.map((media) => (
                <tr>
                  <td>{media.position}</td>
                  <th scope="row"><bdi>{media.title}</bdi></th>
                  <td>{kindLabel(ctx, media)}</td>
                  <td>{formatDuration({ seconds: media.durationSeconds })}</td>
                  <td><AccessState ctx={ctx} media={media} /></td>
                  <td><a href={`${base}/${media.id}`} aria-label={`${t('media.edit')} ${media.title}`}>{t('media.edit')}</a>{' '}<PostButton ctx={ctx} action={`${base}/${media.id}/fjern`} label={t('media.remove')} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="tilfoej-medie">
        <h2 id="tilfoej-medie">{t('media.uploadHeading')}</h2>
        <form method="post" action={`${base}?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" class="form" data-upload>
          <div class={errors.titel ? 'form-group form-group--error' : 'form-group'}>
            <label class="form-label" for="medie-titel">{t('media.titleField')}</label>
            <span class="form-hint" id="medie-titel-hint">{t('media.titleHint')}</span>
            <FieldErrorMessage ctx={ctx} field="medie-titel" message={errors.titel} />
            <input class="form-input" type="text" id="medie-titel" name="titel" value={title} maxlength={200} aria-invalid={errors.titel ? 'true' : undefined} aria-describedby={['medie-titel-hint', errors.titel ? fieldErrorId('medie-titel') : ''].filter(Boolean).join(' ')} />
          </div>
          <div class={errors.fil ? 'form-group form-group--error' : 'form-group'}>
            <label class="form-label" for="medie-fil">{t('media.uploadField', { mb: maxUploadMb })}</label>
            <FieldErrorMessage ctx={ctx} field="medie-fil" message={errors.fil} />
            <input class="form-input" type="file" id="medie-fil" name="fil" accept="video/mp4,video/webm,audio/mpeg,audio/mp4,audio/ogg,.mp4,.webm,.mp3,.m4a,.ogg,.opus" aria-invalid={errors.fil ? 'true' : undefined} aria-describedby={errors.fil ? fieldErrorId('medie-fil') : undefined} />
          </div>
          <progress class="upload-progress" max={100} value={0} hidden data-upload-progress aria-label={t('workspace.uploadProgress')} />
          <p class="upload-status" role="status" data-upload-status />
          <button type="submit" class="button button--primary">{t('media.upload')}</button>
        </form>
      </section>
      {removed.length > 0 ? (
        <section aria-labelledby="fjernede-medier">
          <h2 id="fjernede-medier">{t('media.removedHeading')}</h2>
          <p>{t('media.removedIntro')}</p>
          <ul>
            {removed.map((media) => <li><bdi>{media.title}</bdi> ({kindLabel(ctx, media)}) <PostButton ctx={ctx} action={`${base}/${media.id}/gendan`} label={t('media.restore')} /></li>)}
          </ul>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export type MediaFormValues = { title: string; description: string; position: string; transcriptMd: string };

/** One item's details: title, description, order, transcript, captions, poster, and replacing the file. One multipart form. */
export function MediaEditPage({ ctx, report, media, values, version, maxUploadMb, maxPosterMb, errors = {}, conflict }: { ctx: ViewContext; report: Report; media: StoredMedia; values: MediaFormValues; version: string; maxUploadMb: number; maxPosterMb: number; errors?: MediaFormErrors; conflict?: string }) {
  const { t } = ctx;
  const base = `/admin/beretninger/${report.id}/medier`;
  const errorList = Object.entries(errors).map(([field, message]) => ({ field: `medie-${field}`, message: message! }));
  const field = (name: keyof MediaFormErrors) => ({ group: errors[name] ? 'form-group form-group--error' : 'form-group', invalid: errors[name] ? ('true' as const) : undefined, describedby: errors[name] ? fieldErrorId(`medie-${name}`) : undefined });
  return (
    <AdminLayout ctx={ctx} title={t('media.editTitle', { title: media.title })} head={<script src={ctx.assetUrl('js/upload.js')} defer />}>
      <p><a href={base}>{t('media.backToMedia')}</a></p>
      <h1>{t('media.editTitle', { title: media.title })}</h1>
      {errorList.length > 0 ? <ErrorSummary ctx={ctx} errors={errorList} /> : null}
      {conflict ? <div class="alert alert--error" role="alert" data-notice="error"><p>{conflict}</p></div> : null}
      <form method="post" action={`${base}/${media.id}?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" class="form" data-upload novalidate>
        {/* First, before the files: the server checks it before it takes any. */}
        <input type="hidden" name="version" value={version} />
        <div class={field('titel').group}>
          <label class="form-label" for="medie-titel">{t('media.titleField')}</label>
          <FieldErrorMessage ctx={ctx} field="medie-titel" message={errors.titel} />
          <input class="form-input" type="text" id="medie-titel" name="titel" value={values.title} maxlength={200} required aria-invalid={field('titel').invalid} aria-describedby={field('titel').describedby} />
        </div>
        <div class={field('beskrivelse').group}>
          <label class="form-label" for="medie-beskrivelse">{t('media.descriptionField')}</label>
          <FieldErrorMessage ctx={ctx} field="medie-beskrivelse" message={errors.beskrivelse} />
          <textarea class="form-input" id="medie-beskrivelse" name="beskrivelse" rows={3} aria-invalid={field('beskrivelse').invalid} aria-describedby={field('beskrivelse').describedby}>{values.description}</textarea>
        </div>
        <div class={field('raekkefoelge').group}>
          <label class="form-label" for="medie-raekkefoelge">{t('media.positionField')}</label>
          <span class="form-hint" id="medie-raekkefoelge-hint">{t('media.positionHint')}</span>
          <FieldErrorMessage ctx={ctx} field="medie-raekkefoelge" message={errors.raekkefoelge} />
          <input class="form-input" type="text" inputMode="numeric" id="medie-raekkefoelge" name="raekkefoelge" value={values.position} aria-invalid={field('raekkefoelge').invalid} aria-describedby={[ 'medie-raekkefoelge-hint', field('raekkefoelge').describedby ].filter(Boolean).join(' ')} />
        </div>
        <div class={field('udskrift').group}>
          <label class="form-label" for="medie-udskrift">{t('media.transcriptField')}</label>
          <FieldErrorMessage ctx={ctx} field="medie-udskrift" message={errors.udskrift} />
          <textarea class="form-input" id="medie-udskrift" name="udskrift" rows={12} aria-invalid={field('udskrift').invalid} aria-describedby={field('udskrift').describedby}>{values.transcriptMd}</textarea>
        </div>
        <div class={field('undertekster').group}>
          <label class="form-label" for="medie-undertekster">{t('media.captionsField')}</label>
          {media.captionsKey ? <span class="form-hint" id="medie-undertekster-hint">{t('media.captionsPresent')}</span> : null}
          <FieldErrorMessage ctx={ctx} field="medie-undertekster" message={errors.undertekster} />
          <input class="form-input" type="file" id="medie-undertekster" name="undertekster" accept=".vtt,.srt,text/vtt" aria-invalid={field('undertekster').invalid} aria-describedby={[media.captionsKey ? 'medie-undertekster-hint' : '', field('undertekster').describedby].filter(Boolean).join(' ') || undefined} />
          {media.captionsKey ? (
            <div class="form-group-checkbox">
              <input class="form-checkbox" type="checkbox" id="medie-fjern-undertekster" name="fjernUndertekster" value="1" />
              <label for="medie-fjern-undertekster">{t('media.captionsRemove')}</label>
            </div>
          ) : null}
        </div>
        {media.kind === 'video' ? (
          <div class={field('plakat').group}>
            <label class="form-label" for="medie-plakat">{t('media.posterField', { mb: maxPosterMb })}</label>
            <FieldErrorMessage ctx={ctx} field="medie-plakat" message={errors.plakat} />
            <input class="form-input" type="file" id="medie-plakat" name="plakat" accept="image/jpeg,image/png,image/webp" aria-invalid={field('plakat').invalid} aria-describedby={field('plakat').describedby} />
          </div>
        ) : null}
        <div class={field('fil').group}>
          <label class="form-label" for="medie-fil">{t('media.replaceField', { mb: maxUploadMb })}</label>
          <FieldErrorMessage ctx={ctx} field="medie-fil" message={errors.fil} />
          <input class="form-input" type="file" id="medie-fil" name="fil" accept="video/mp4,video/webm,audio/mpeg,audio/mp4,audio/ogg,.mp4,.webm,.mp3,.m4a,.ogg,.opus" aria-invalid={field('fil').invalid} aria-describedby={field('fil').describedby} />
        </div>
        <progress class="upload-progress" max={100} value={0} hidden data-upload-progress aria-label={t('workspace.uploadProgress')} />
        <p class="upload-status" role="status" data-upload-status />
        <button type="submit" class="button button--primary">{t('media.save')}</button>
      </form>
    </AdminLayout>
  );
}

/**
 * Before publishing a report whose films lack captions or sounds a transcript: the warnings and a
 * choice (publish anyway, or go and fix them). It asks; it does not block.
 */
/**
 * Publishing (or scheduling) a report with films without captions or sounds without a transcript asks
 * first. A plain form that posts the same action again with `fields` as hidden inputs: this page's
 * confirmation, those already given and the schedule's date and time (publishConfirmationHiddenFields).
 */
export function PublishMediaConfirmPage({ ctx, report, warnings, action, fields }: { ctx: ViewContext; report: Report; warnings: MediaWarning[]; action: string; fields: Record<string, string> }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('media.publishConfirmTitle', { year: report.year })}>
      <h1>{t('media.publishConfirmTitle', { year: report.year })}</h1>
      <div class="alert alert--warning" role="alert" data-publish-warnings>
        <p>{t('media.publishConfirmIntro')}</p>
        <ul>{warnings.map((w) => <li>{t(`media.warning.${w.kind}`, { title: w.title })}</li>)}</ul>
      </div>
      <form method="post" action={action} class="inline-form">
        <Csrf ctx={ctx} />
        {Object.entries(fields).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <button type="submit" class="button button--primary">{t('media.publishConfirm')}</button>
      </form>{' '}
      <a class="button button--secondary" href={`/admin/beretninger/${report.id}/medier`}>{t('media.publishFix')}</a>
    </AdminLayout>
  );
}
