import type { ViewContext } from './view-context.js';
import type { PublicCorrections } from '../modules/corrections/corrections.usecases.js';
import { formatDate, formatFileSize } from '../shared/format.js';
import { contentLang } from './content-lang.js';

/** "Rettet <dato>" with the editor's note, and the PDFs readers could download before. */
export function CorrectionNotice({ ctx, corrections }: { ctx: ViewContext; corrections: PublicCorrections }) {
  const { t, locale } = ctx;
  if (!corrections.correctedAt && corrections.earlierVersions.length === 0) return null;
  return (
    <section class="correction-notice" aria-labelledby="rettelser">
      {corrections.correctedAt ? (
        <p id="rettelser" class="correction-notice__heading"><strong>{t('opendata.corrected', { date: formatDate({ iso: corrections.correctedAt, locale }) })}</strong>{corrections.note ? <>: <span lang={contentLang(ctx)}>{corrections.note}</span></> : null}</p>
      ) : (
        <p id="rettelser" class="correction-notice__heading">{t('opendata.earlierVersions')}</p>
      )}
      {corrections.earlierVersions.length > 0 ? (
        <>
          {corrections.correctedAt ? <p>{t('opendata.earlierVersions')}</p> : null}
          <ul>
            {corrections.earlierVersions.map((v) => (
              <li><a href={v.url} type="application/pdf">{t('opendata.versionUntil', { date: formatDate({ iso: v.until, locale }) })}</a> ({t('common.pdf')}, {formatFileSize({ bytes: v.size, locale })})</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
