import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { describeAccessibilitySummary, formatCheckReferences } from './accessibility.models.js';
import type { CheckResult } from './accessibility.types.js';
import type { DocumentAccessibility } from './accessibility.usecases.js';

const key = (code: string, part: string) => `a11y.check.${code}.${part}` as MessageKey;

/** The status of one check in words; the PDF/UA claim is "for information" whatever it says. */
function statusText({ ctx, check }: { ctx: ViewContext; check: CheckResult }): string {
  if (check.informational && check.status === 'fail') return ctx.t('a11y.status.info');
  return ctx.t(`a11y.status.${check.status}` as MessageKey);
}

/** "Sider: 3, 4, 9 og 12 flere" and "Forekomster: 19", from the capped page list and the count. */
function Where({ ctx, check }: { ctx: ViewContext; check: CheckResult }) {
  const { t } = ctx;
  const more = check.pages.length > 0 && check.count > check.pages.length && check.code !== 'fonts-embedded' && check.code !== 'unicode' ? check.count - check.pages.length : 0;
  const detail = check.detail ?? {};
  const lines: string[] = [];
  if (typeof detail.lang === 'string') lines.push(t('a11y.detail.lang', { lang: detail.lang }));
  if (typeof detail.title === 'string') lines.push(t('a11y.detail.title', { title: detail.title }));
  if (typeof detail.fonts === 'string') lines.push(t('a11y.detail.fonts', { fonts: detail.fonts }));
  if (typeof detail.from === 'string' && typeof detail.to === 'string') lines.push(t('a11y.detail.jump', { from: detail.from, to: detail.to }));
  if (detail.part !== undefined) lines.push(t('a11y.detail.part', { part: detail.part }));
  if (check.pages.length > 0) lines.push(more > 0 ? t('a11y.pagesMore', { pages: check.pages.join(', '), more }) : t('a11y.pages', { pages: check.pages.join(', ') }));
  if (check.status === 'fail' && check.count > 0) lines.push(t('a11y.count', { count: check.count }));
  return lines.length === 0 ? null : <ul class="accessibility-where">{lines.map((line) => <li>{line}</li>)}</ul>;
}

/** One failing check in full: what is wrong, why it matters, how to fix it in Word, InDesign and Acrobat, where. */
function Problem({ ctx, check }: { ctx: ViewContext; check: CheckResult }) {
  const { t } = ctx;
  const id = `tjek-${check.code}`;
  return (
    <section class="accessibility-problem" aria-labelledby={id} data-check={check.code}>
      <h3 id={id}>{t(key(check.code, 'name'))}</h3>
      <p>{t(key(check.code, 'problem'), { pages: Number(check.detail?.pages ?? 0) })}</p>
      <Where ctx={ctx} check={check} />
      <h4>{t('a11y.why')}</h4>
      <p>{t(key(check.code, 'why'))}</p>
      <h4>{t('a11y.howToFix')}</h4>
      <dl class="accessibility-fix">
        <dt>{t('a11y.fixWord')}</dt>
        <dd>{t(key(check.code, 'fixWord'))}</dd>
        <dt>{t('a11y.fixInDesign')}</dt>
        <dd>{t(key(check.code, 'fixInDesign'))}</dd>
        <dt>{t('a11y.fixAcrobat')}</dt>
        <dd>{t(key(check.code, 'fixAcrobat'))}</dd>
      </dl>
      <p class="accessibility-references">{t('a11y.references', { refs: formatCheckReferences({ code: check.code }) })}</p>
    </section>
  );
}

/** /admin/dokumenter/<id>/tilgaengelighed: every check of one PDF, the problems first and in full. */
export function DocumentAccessibilityPage({ ctx, item }: { ctx: ViewContext; item: DocumentAccessibility }) {
  const { t } = ctx;
  const { row, result, exempt } = item;
  const problems = result?.checks.filter((check) => check.status === 'fail' && !check.informational) ?? [];
  return (
    <AdminLayout ctx={ctx} title={t('a11y.pageTitle', { file: row.fileName })}>
      <p><a href={`/admin/beretninger/${encodeURIComponent(row.reportId)}`}>{t('a11y.backToReport', { year: row.year })}</a> · <a href="/admin/dokumenter">{t('a11y.backToDocuments')}</a></p>
      <h1>{t('a11y.heading')}: <bdi>{row.fileName}</bdi></h1>
      <p class="accessibility-summary" data-accessibility-summary>{describeAccessibilitySummary({ failures: result ? result.failures : null, t })}</p>
      {exempt ? <div class="alert alert--info"><p>{t('a11y.exempt')}</p></div> : null}
      {!result ? (
        <p>{t('a11y.notChecked')}</p>
      ) : (
        <>
          <p>{t('a11y.pageIntro')}</p>
          {problems.length > 0 ? (
            <section aria-labelledby="problemer">
              <h2 id="problemer">{t('a11y.confirmList')}</h2>
              {problems.map((check) => <Problem ctx={ctx} check={check} />)}
            </section>
          ) : null}
          <h2 id="alle-tjek">{t('a11y.tableCaption')}</h2>
          <div class="workspace-table-wrap" role="region" tabIndex={0} aria-labelledby="alle-tjek">
            <table class="workspace-table accessibility-table">
              <thead>
                <tr>
                  <th scope="col">{t('a11y.colCheck')}</th>
                  <th scope="col">{t('a11y.colStatus')}</th>
                  <th scope="col">{t('a11y.colDetails')}</th>
                </tr>
              </thead>
              <tbody>
                {result.checks.map((check) => (
                  <tr data-check={check.code} data-status={check.status}>
                    <th scope="row">{check.status === 'fail' && !check.informational ? <a href={`#tjek-${check.code}`}>{t(key(check.code, 'name'))}</a> : t(key(check.code, 'name'))}</th>
                    <td>{statusText({ ctx, check })}</td>
                    <td>
                      <Where ctx={ctx} check={check} />
                      <span class="accessibility-references">{formatCheckReferences({ code: check.code })}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </AdminLayout>
  );
}

/** The status column of the statement: exempt, not checked, none found, or the number of problems. */
export function statementStatus({ ctx, item }: { ctx: ViewContext; item: DocumentAccessibility }): string {
  if (item.exempt) return ctx.t('a11y.exemptShort');
  if (!item.result) return ctx.t('a11y.statusUnchecked');
  return item.result.failures === 0 ? ctx.t('a11y.statusOk') : ctx.t('a11y.statusProblems', { count: item.result.failures });
}

export function failingCodes({ item }: { item: DocumentAccessibility }): CheckResult[] {
  return item.result?.checks.filter((check) => check.status === 'fail' && !check.informational) ?? [];
}

/** /admin/tilgaengelighed: every published PDF with its status and failures, for the WAS statement. */
export function AccessibilityStatementPage({ ctx, items }: { ctx: ViewContext; items: DocumentAccessibility[] }) {
  const { t, site, user } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('a11y.statementTitle')}>
      <h1>{t('a11y.statementTitle')}</h1>
      <p>{t('a11y.statementIntro')}</p>
      {site.accessibilityUrl ? (
        <p>{t('a11y.statementUrl')} <a href={site.accessibilityUrl}>{site.accessibilityUrl}</a></p>
      ) : (
        <p>{t('a11y.statementUrlMissing')}{user?.role === 'admin' ? <> <a href="/admin/indstillinger">{t('a11y.statementSettings')}</a></> : null}</p>
      )}
      <p><a href="/admin/tilgaengelighed.csv" download="tilgaengelighed.csv" type="text/csv">{t('a11y.statementCsv')}</a></p>
      {items.length === 0 ? (
        <p>{t('a11y.statementNone')}</p>
      ) : (
        <div class="workspace-table-wrap" role="region" tabIndex={0} aria-label={t('a11y.statementCaption')}>
          <table class="workspace-table accessibility-statement">
            <caption class="visually-hidden">{t('a11y.statementCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('a11y.colYear')}</th>
                <th scope="col">{t('a11y.colFile')}</th>
                <th scope="col">{t('a11y.colStatus')}</th>
                <th scope="col">{t('a11y.colProblems')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr data-document={item.row.id}>
                  <th scope="row">{item.row.year}</th>
                  <td><a href={`/admin/dokumenter/${encodeURIComponent(item.row.id)}/tilgaengelighed`}><bdi>{item.row.fileName}</bdi></a></td>
                  <td>{statementStatus({ ctx, item })}</td>
                  <td>
                    {failingCodes({ item }).length === 0 ? '–' : (
                      <ul class="accessibility-codes">{failingCodes({ item }).map((check) => <li>{t(key(check.code, 'name'))} <span class="accessibility-references">({check.code})</span></li>)}</ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}
