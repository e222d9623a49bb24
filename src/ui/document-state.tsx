import type { ViewContext } from './view-context.js';
import type { DocumentStateRow, DocumentStateText } from '../modules/documents/documents.types.js';
import { formatFileSize } from '../shared/format.js';

export type DocumentListItem = { row: DocumentStateRow; state: DocumentStateText };

/**
 * A document's reading state in words (state, failure reason, progress, flags), with the data
 * attributes that assets/js/documents.js fills in when it polls. Used on /admin/dokumenter and on
 * a report's workspace page.
 */
export function DocumentStateBlock({ state }: { state: DocumentStateText }) {
  return (
    <span class="document-state">
      <strong class={`document-state__label document-state__label--${state.failed ? 'failed' : state.active ? 'active' : 'done'}`} data-field="state">{state.state}</strong>
      <span class="document-state__reason" data-field="reason" hidden={state.reason === null}>{state.reason ?? ''}</span>
    </span>
  );
}

export function DocumentNotes({ state }: { state: DocumentStateText }) {
  return (
    <ul class="document-notes" data-field="notes">
      {state.notes.map((note) => <li>{note}</li>)}
    </ul>
  );
}

/** One POST button on a document row (CSRF token, where to come back to, the file's name for screen readers). */
function DocumentActionForm({ ctx, action, field, hidden, label, fileName, returnTo }: { ctx: ViewContext; action: string; field: string; hidden: boolean; label: string; fileName: string; returnTo: string }) {
  return (
    <form method="post" action={action} class="inline-form" data-field={field} hidden={hidden}>
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <input type="hidden" name="tilbage" value={returnTo} />
      <button type="submit" class="button button--secondary">
        {label}
        <span class="visually-hidden">{` ${fileName}`}</span>
      </button>
    </form>
  );
}

/** "Prøv igen" for a failed document (POST with CSRF); rendered hidden for the others, so the live script can show it. */
export function RetryForm({ ctx, state, fileName, returnTo }: { ctx: ViewContext; state: DocumentStateText; fileName: string; returnTo: string }) {
  return <DocumentActionForm ctx={ctx} action={`/admin/dokumenter/${encodeURIComponent(state.id)}/proev-igen`} field="retry" hidden={!state.failed} label={ctx.t('documents.retry')} fileName={fileName} returnTo={returnTo} />;
}

/** "Genkend tekst igen": the document's scanned pages through OCR again (POST with CSRF, audited); hidden until OCR has run. */
export function OcrRerunForm({ ctx, state, fileName, returnTo }: { ctx: ViewContext; state: DocumentStateText; fileName: string; returnTo: string }) {
  return <DocumentActionForm ctx={ctx} action={`/admin/dokumenter/${encodeURIComponent(state.id)}/genkend-igen`} field="ocr-rerun" hidden={!state.ocrRerunnable} label={ctx.t('ocr.rerun')} fileName={fileName} returnTo={returnTo} />;
}

/**
 * The table of documents and their reading state; `showReport` adds the report column (the
 * document page lists every report's documents). `returnTo` is where "Prøv igen" comes back to.
 */
export function DocumentStateTable({ ctx, documents, showReport, returnTo, caption, labelledBy }: { ctx: ViewContext; documents: DocumentListItem[]; showReport: boolean; returnTo: string; caption: string; labelledBy?: string }) {
  const { t, locale } = ctx;
  const active = documents.some((d) => d.state.active);
  // Named by the heading above it when there is one (`labelledBy`), so the name is not said twice.
  const name = labelledBy ? { 'aria-labelledby': labelledBy } : { 'aria-label': caption };
  return (
    // A focusable, named region: at 320 px the table scrolls sideways inside it, also by keyboard.
    // Three columns, none of them empty: size sits with the file, progress, notes and "Prøv igen" with the state.
    <div class="workspace-table-wrap" role="region" tabIndex={0} {...name} data-documents-live="/admin/dokumenter.json" data-active={active ? 'true' : 'false'}>
      <table class="workspace-table documents-table" aria-labelledby={labelledBy}>
        {labelledBy ? null : <caption class="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {showReport ? <th scope="col">{t('documents.colReport')}</th> : null}
            <th scope="col">{t('documents.colFile')}</th>
            <th scope="col">{t('documents.colState')}</th>
          </tr>
        </thead>
        <tbody>
          {documents.map(({ row, state }) => (
            <tr data-document={row.id} data-document-status={state.status}>
              {showReport ? <td class="documents-table__report"><a href={`/admin/beretninger/${encodeURIComponent(row.reportId)}`}>{t('documents.reportLabel', { year: row.year, title: row.title })}</a></td> : null}
              <td class="documents-table__file">
                <bdi class="documents-table__name">{row.fileName}</bdi>
                <span class="documents-table__role">{t(row.currentDocumentId === row.id ? 'documents.current' : 'documents.earlier')} · {formatFileSize({ bytes: row.size, locale })}</span>
                <a class="documents-table__accessibility" href={`/admin/dokumenter/${encodeURIComponent(row.id)}/tilgaengelighed`}>
                  <span data-field="accessibility">{state.accessibility}</span>
                  <span class="visually-hidden">{` (${row.fileName})`}</span>
                </a>
              </td>
              <td class="documents-table__state">
                <DocumentStateBlock state={state} />
                <span class="documents-table__progress" data-field="progress">{state.progress}</span>
                <DocumentNotes state={state} />
                <RetryForm ctx={ctx} state={state} fileName={row.fileName} returnTo={returnTo} />
                <OcrRerunForm ctx={ctx} state={state} fileName={row.fileName} returnTo={returnTo} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The polite live region the script speaks into, and the no-JavaScript way to see news. */
export function DocumentLiveNote({ ctx, reloadHref }: { ctx: ViewContext; reloadHref: string }) {
  return (
    <>
      <p class="documents-live">
        <span>{ctx.t('documents.live')}</span>{' '}
        <a href={reloadHref}>{ctx.t('documents.reload')}</a>
      </p>
      <p class="visually-hidden" role="status" data-live-status></p>
    </>
  );
}
