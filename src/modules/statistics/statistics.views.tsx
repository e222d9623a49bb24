import type { ComponentChildren } from 'preact';
import type { ViewContext } from '../../ui/view-context.js';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { AdminLayout } from '../../ui/admin-layout.js';
import { ErrorSummary, FieldErrorMessage, fieldErrorId, type FieldError } from '../../ui/error-summary.js';
import { formatDate, formatNumber } from '../../shared/format.js';
import type { CsvTable, PeriodChoice, StatisticsQueryField } from './statistics.schemas.js';
import type { StatisticsOverview } from './statistics.types.js';

export type StatisticsForm = { periode: string; fra: string; til: string; aar: string; fieldErrors: Partial<Record<StatisticsQueryField, string>> };

const CHART_WIDTH = 640;
const BAR_HEIGHT = 18;
const LABEL_WIDTH = 200;

const fieldIds: Record<StatisticsQueryField, string> = { periode: 'periode-30', fra: 'periode-fra', til: 'periode-til', aar: 'periode-aar', tabel: 'periode-30' };

/** The query string of the shown period, for the CSV links. */
function queryOf(form: StatisticsForm): string {
  const params = new URLSearchParams({ periode: form.periode });
  if (form.periode === 'custom') {
    params.set('fra', form.fra);
    params.set('til', form.til);
  }
  if (form.aar) params.set('aar', form.aar);
  return params.toString();
}

/**
 * Vertical columns, one per day (server-drawn SVG; the same numbers are in the table beside it).
 * role="img" with a title and a description that says the total and the busiest day.
 */
function DayChart({ ctx, id, title, days, values }: { ctx: ViewContext; id: string; title: string; days: string[]; values: number[] }) {
  const height = 160;
  const max = Math.max(1, ...values);
  const step = CHART_WIDTH / Math.max(1, days.length);
  const busiest = values.indexOf(Math.max(...values));
  const total = values.reduce((a, b) => a + b, 0);
  const description = ctx.t('statistics.chartDayDesc', { total: formatNumber({ value: total, locale: ctx.locale }), max: formatNumber({ value: values[busiest] ?? 0, locale: ctx.locale }), day: days[busiest] ? formatDate({ iso: days[busiest]!, locale: ctx.locale }) : '' });
  return (
    <svg class="stat-chart" role="img" aria-labelledby={`${id}-titel ${id}-beskrivelse`} viewBox={`0 0 ${CHART_WIDTH} ${height + 20}`} width={CHART_WIDTH} height={height + 20} preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-titel`}>{title}</title>
      <desc id={`${id}-beskrivelse`}>{description}</desc>
      <line class="stat-chart__axis" x1="0" y1={height} x2={CHART_WIDTH} y2={height} />
      {values.map((value, i) => {
        const h = Math.round((value / max) * (height - 10));
        return <rect class="stat-chart__bar" x={(i * step).toFixed(1)} y={height - h} width={Math.max(1, step - 1).toFixed(1)} height={h} />;
      })}
      <text class="stat-chart__label" x="0" y={height + 16}>{days[0] ? formatDate({ iso: days[0], locale: ctx.locale }) : ''}</text>
      <text class="stat-chart__label" x={CHART_WIDTH} y={height + 16} text-anchor="end">{days.length > 1 ? formatDate({ iso: days[days.length - 1]!, locale: ctx.locale }) : ''}</text>
      <text class="stat-chart__label" x="2" y="12">{formatNumber({ value: max, locale: ctx.locale })}</text>
    </svg>
  );
}

/** Horizontal bars, one group per row (a report: web and PDF; a search: its count). */
function BarChart({ ctx, id, title, rows, series }: { ctx: ViewContext; id: string; title: string; rows: { label: string; values: number[] }[]; series: string[] }) {
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const group = BAR_HEIGHT * series.length + 8;
  const height = rows.length * group + (series.length > 1 ? 24 : 0);
  const width = CHART_WIDTH - LABEL_WIDTH - 60;
  const description = rows.map((r) => `${r.label}: ${r.values.map((v, i) => (series.length > 1 ? `${series[i]} ${formatNumber({ value: v, locale: ctx.locale })}` : formatNumber({ value: v, locale: ctx.locale }))).join(', ')}`).join('; ');
  return (
    <svg class="stat-chart" role="img" aria-labelledby={`${id}-titel ${id}-beskrivelse`} viewBox={`0 0 ${CHART_WIDTH} ${height}`} width={CHART_WIDTH} height={height} preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-titel`}>{title}</title>
      <desc id={`${id}-beskrivelse`}>{description}</desc>
      {rows.map((row, r) => (
        <g>
          <text class="stat-chart__label" x={LABEL_WIDTH - 6} y={r * group + BAR_HEIGHT - 4} text-anchor="end">{row.label.length > 28 ? `${row.label.slice(0, 27)}…` : row.label}</text>
          {row.values.map((value, s) => {
            const w = Math.max(value > 0 ? 1 : 0, Math.round((value / max) * width));
            const y = r * group + s * BAR_HEIGHT;
            return (
              <g>
                <rect class={`stat-chart__bar stat-chart__bar--${s}`} x={LABEL_WIDTH} y={y} width={w} height={BAR_HEIGHT - 3} />
                <text class="stat-chart__label" x={LABEL_WIDTH + w + 4} y={y + BAR_HEIGHT - 6}>{formatNumber({ value, locale: ctx.locale })}</text>
              </g>
            );
          })}
        </g>
      ))}
      {series.length > 1
        ? series.map((name, s) => (
            <g>
              <rect class={`stat-chart__bar stat-chart__bar--${s}`} x={LABEL_WIDTH + s * 160} y={height - 16} width="12" height="12" />
              <text class="stat-chart__label" x={LABEL_WIDTH + s * 160 + 16} y={height - 6}>{name}</text>
            </g>
          ))
        : null}
    </svg>
  );
}

type Column = { label: string; numeric?: boolean };
type Cell = { text: string; href?: string } | number;

/** A section: heading, chart, its data table beside it and the table as CSV. */
function StatSection({ ctx, id, heading, chart, columns, rows, csvHref, empty }: { ctx: ViewContext; id: CsvTable; heading: string; chart: ComponentChildren; columns: Column[]; rows: Cell[][]; csvHref: string; empty: MessageKey }) {
  const { t } = ctx;
  return (
    <section class="stat-section" aria-labelledby={`stat-${id}`}>
      <h2 id={`stat-${id}`}>{heading}</h2>
      {rows.length === 0 ? (
        <p>{t(empty)}</p>
      ) : (
        <div class="stat-section__body">
          <div class="stat-section__chart">{chart}</div>
          <div class="workspace-table-wrap stat-section__table">
            <table class="workspace-table" data-stat-table={id}>
              <caption class="visually-hidden">{heading}</caption>
              <thead><tr>{columns.map((c) => <th scope="col" class={c.numeric ? 'stat-number' : undefined}>{c.label}</th>)}</tr></thead>
              <tbody>
                {rows.map((row) => (
                  <tr>
                    {row.map((cell, i) =>
                      typeof cell === 'number' ? <td class="stat-number">{formatNumber({ value: cell, locale: ctx.locale })}</td> : i === 0 ? <th scope="row">{cell.href ? <a href={cell.href}>{cell.text}</a> : <bdi>{cell.text}</bdi>}</th> : <td>{cell.text}</td>,
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <p><a href={csvHref} download>{t('statistics.csv', { table: heading })}</a></p>
    </section>
  );
}

/** The tables that are one label and one count: chapters, searches, zero-result searches, referrers, devices. */
function listSections({ ctx, overview, deviceLabel }: { ctx: ViewContext; overview: StatisticsOverview; deviceLabel: (device: string) => string }): { id: CsvTable; heading: string; labelColumn: string; countLabel: string; rows: { label: string; href?: string; count: number }[] }[] {
  const { t } = ctx;
  return [
    { id: 'chapters', heading: t('statistics.chaptersHeading'), labelColumn: t('statistics.colChapter'), countLabel: t('statistics.colViews'), rows: overview.chapters.map((c) => ({ label: t('statistics.chapterLabel', { year: c.year, chapter: c.chapter }), href: c.chapter === 1 ? `/beretninger/${c.year}/laes` : `/beretninger/${c.year}/laes/kapitel/${c.chapter}`, count: c.count })) },
    { id: 'searches', heading: t('statistics.searchesHeading'), labelColumn: t('statistics.colQuery'), countLabel: t('statistics.colCount'), rows: overview.searches.map((s) => ({ label: s.query, count: s.count })) },
    { id: 'zero', heading: t('statistics.zeroHeading'), labelColumn: t('statistics.colQuery'), countLabel: t('statistics.colCount'), rows: overview.zeroResultSearches.map((s) => ({ label: s.query, count: s.count })) },
    { id: 'referrers', heading: t('statistics.referrersHeading'), labelColumn: t('statistics.colDomain'), countLabel: t('statistics.colViews'), rows: overview.referrers.map((r) => ({ label: r.domain, count: r.count })) },
    { id: 'devices', heading: t('statistics.devicesHeading'), labelColumn: t('statistics.colDevice'), countLabel: t('statistics.colViews'), rows: overview.devices.map((d) => ({ label: deviceLabel(d.device), count: d.count })) },
  ];
}

const periodLabels: Record<PeriodChoice, MessageKey> = { '7': 'statistics.period7', '30': 'statistics.period30', '365': 'statistics.period365', custom: 'statistics.periodCustom' };

/** /admin/statistik: the period form, then every chart with its table and CSV export (or the form's errors). */
export function StatisticsPage({ ctx, form, years, overview, enabled }: { ctx: ViewContext; form: StatisticsForm; years: number[]; overview: StatisticsOverview | undefined; enabled: boolean }) {
  const { t, locale } = ctx;
  const fe = form.fieldErrors;
  const errors: FieldError[] = (['periode', 'fra', 'til', 'aar'] as const).flatMap((name) => (fe[name] ? [{ field: fieldIds[name], message: fe[name] as string }] : []));
  const csv = (table: CsvTable) => `/admin/statistik/csv?tabel=${table}&${queryOf(form)}`;
  const dayLabel = (day: string) => formatDate({ iso: day, locale });
  const deviceLabel = (device: string) => (['desktop', 'mobile', 'tablet'].includes(device) ? t(`statistics.device.${device}` as MessageKey) : device);
  const invalid = (name: StatisticsQueryField) => (fe[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': fieldErrorId(fieldIds[name]) } : {});
  return (
    <AdminLayout ctx={ctx} title={t('statistics.title')}>
      <h1>{t('statistics.title')}</h1>
      <p>{t('statistics.intro')}</p>
      {enabled ? null : <div class="alert alert--info" role="status"><p>{t('statistics.off')}</p></div>}
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="get" action="/admin/statistik" class="form stat-form" novalidate>
        <fieldset class={fe.periode ? 'form-group form-group--error' : 'form-group'}>
          <legend class="form-label">{t('statistics.period')}</legend>
          <FieldErrorMessage ctx={ctx} field={fieldIds.periode} message={fe.periode} />
          {(Object.keys(periodLabels) as PeriodChoice[]).map((choice) => (
            <div class="form-group-radio">
              <input class="form-radio" type="radio" id={`periode-${choice}`} name="periode" value={choice} checked={form.periode === choice} />
              <label class="form-label" for={`periode-${choice}`}>{t(periodLabels[choice])}</label>
            </div>
          ))}
        </fieldset>
        <div class="workspace-filters">
          {(['fra', 'til'] as const).map((name) => (
            <div class={fe[name] ? 'form-group form-group--error' : 'form-group'}>
              <label class="form-label" for={fieldIds[name]}>{t(name === 'fra' ? 'statistics.from' : 'statistics.to')}</label>
              <FieldErrorMessage ctx={ctx} field={fieldIds[name]} message={fe[name]} />
              <input class="form-input" type="date" id={fieldIds[name]} name={name} value={form[name]} {...invalid(name)} />
            </div>
          ))}
          <div class={fe.aar ? 'form-group form-group--error' : 'form-group'}>
            <label class="form-label" for={fieldIds.aar}>{t('statistics.report')}</label>
            <FieldErrorMessage ctx={ctx} field={fieldIds.aar} message={fe.aar} />
            <select class="form-select" id={fieldIds.aar} name="aar" {...invalid('aar')}>
              <option value="">{t('statistics.allReports')}</option>
              {years.map((year) => <option value={String(year)} selected={form.aar === String(year)}>{String(year)}</option>)}
            </select>
          </div>
          <div class="form-group"><button type="submit" class="button button--primary">{t('statistics.show')}</button></div>
        </div>
      </form>
      {overview ? (
        <>
          <p class="stat-period" data-period>{t('statistics.shown', { from: dayLabel(overview.period.from), to: dayLabel(overview.period.to) })}</p>
          <StatSection
            ctx={ctx}
            id="daily"
            heading={t('statistics.dailyHeading')}
            chart={<>
              <DayChart ctx={ctx} id="graf-visninger" title={t('statistics.viewsPerDay')} days={overview.daily.map((d) => d.day)} values={overview.daily.map((d) => d.views)} />
              <DayChart ctx={ctx} id="graf-downloads" title={t('statistics.downloadsPerDay')} days={overview.daily.map((d) => d.day)} values={overview.daily.map((d) => d.downloads)} />
            </>}
            columns={[{ label: t('statistics.colDay') }, { label: t('statistics.colViews'), numeric: true }, { label: t('statistics.colDownloads'), numeric: true }]}
            rows={overview.daily.map((d) => [{ text: dayLabel(d.day) }, d.views, d.downloads])}
            csvHref={csv('daily')}
            empty="statistics.none"
          />
          <StatSection
            ctx={ctx}
            id="reports"
            heading={t('statistics.reportsHeading')}
            chart={<BarChart ctx={ctx} id="graf-beretninger" title={t('statistics.reportsHeading')} series={[t('statistics.colViews'), t('statistics.colDownloads')]} rows={overview.reports.map((r) => ({ label: String(r.year), values: [r.views, r.downloads] }))} />}
            columns={[{ label: t('statistics.colReport') }, { label: t('statistics.colViews'), numeric: true }, { label: t('statistics.colReading'), numeric: true }, { label: t('statistics.colDownloads'), numeric: true }]}
            rows={overview.reports.map((r) => [{ text: `${r.year}: ${r.title}`, href: `/admin/statistik?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(queryOf(form))), aar: String(r.year) }).toString()}` }, r.views, r.readingViews, r.downloads])}
            csvHref={csv('reports')}
            empty="statistics.none"
          />
          {listSections({ ctx, overview, deviceLabel }).map((section) => (
            <StatSection
              ctx={ctx}
              id={section.id}
              heading={section.heading}
              chart={<BarChart ctx={ctx} id={`graf-${section.id}`} title={section.heading} series={[section.countLabel]} rows={section.rows.map((r) => ({ label: r.label, values: [r.count] }))} />}
              columns={[{ label: section.labelColumn }, { label: section.countLabel, numeric: true }]}
              rows={section.rows.map((r) => [{ text: r.label, href: r.href }, r.count])}
              csvHref={csv(section.id)}
              empty="statistics.none"
            />
          ))}
        </>
      ) : null}
    </AdminLayout>
  );
}

