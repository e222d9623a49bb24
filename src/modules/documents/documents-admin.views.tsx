import type { ViewContext } from '../../ui/view-context.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { DocumentLiveNote, DocumentStateTable, type DocumentListItem } from '../../ui/document-state.js';

/**
 * /admin/dokumenter: every document with how far it has been read. The table is complete without
 * JavaScript (and a reload link); documents.js polls /admin/dokumenter.json while any document is
 * waiting or being read, fills in the cells and says what changed in a polite live region.
 */
export function DocumentsPage({ ctx, documents, notice, ocrUnavailable = false }: { ctx: ViewContext; documents: DocumentListItem[]; notice?: string; ocrUnavailable?: boolean }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('documents.title')} head={<script src={ctx.assetUrl('js/documents.js')} defer />}>
      <h1>{t('documents.title')}</h1>
      <p>{t('documents.intro')}</p>
      {notice ? <div class="alert alert--success" role="status" data-notice="success"><p>{notice}</p></div> : null}
      {ocrUnavailable ? <OcrUnavailableNotice ctx={ctx} /> : null}
      <DocumentLiveNote ctx={ctx} reloadHref="/admin/dokumenter" />
      {documents.length === 0 ? <p>{t('documents.none')}</p> : <DocumentStateTable ctx={ctx} documents={documents} showReport returnTo="/admin/dokumenter" caption={t('documents.tableCaption')} />}
    </AdminLayout>
  );
}

/** Said once, above the table: scanned pages stay without text until Tesseract is installed, and how to install it. */
function OcrUnavailableNotice({ ctx }: { ctx: ViewContext }) {
  return (
    <div class="alert alert--warning" data-notice="ocr-unavailable">
      <h2 class="alert-heading">{ctx.t('ocr.unavailableTitle')}</h2>
      <p>{ctx.t('ocr.unavailableBody')}</p>
      <pre><code>{ctx.t('ocr.installCommand')}</code></pre>
    </div>
  );
}
