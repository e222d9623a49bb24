const da = {
  'reports.forewordHeading': 'Forord fra seneste beretning',
  'reports.earlierHeading': 'Tidligere beretninger',
  'reports.archiveLink': 'Se alle beretninger',
  'reports.archiveTitle': 'Alle beretninger',
  'reports.archiveIntro': 'Her finder du alle udgivne beretninger, nyeste først.',
  'reports.noReports': 'Der er endnu ikke udgivet nogen beretninger.',
  'reports.readReport': 'Læs beretningen',
  'reports.downloadPdf': 'Hent PDF',
  'reports.pdfLinkLabel': '{title} (PDF, {size}{pages})',
  'reports.published': 'Udgivet {date}',
  'reports.period': 'Perioden {from} – {to}',
  'reports.noPdf': 'Beretningen har endnu ingen PDF.',
  'reports.reportPageLink': 'Om beretningen',
  'reports.foreword': 'Forord',
  'reports.coverAlt': 'Forside af {title}',
} as const;

const en: Record<keyof typeof da, string> = {
  'reports.forewordHeading': 'Foreword from the latest report',
  'reports.earlierHeading': 'Earlier reports',
  'reports.archiveLink': 'See all reports',
  'reports.archiveTitle': 'All reports',
  'reports.archiveIntro': 'Every published report, newest first.',
  'reports.noReports': 'No reports have been published yet.',
  'reports.readReport': 'Read the report',
  'reports.downloadPdf': 'Download PDF',
  'reports.pdfLinkLabel': '{title} (PDF, {size}{pages})',
  'reports.published': 'Published {date}',
  'reports.period': 'The period {from} – {to}',
  'reports.noPdf': 'The report has no PDF yet.',
  'reports.reportPageLink': 'About the report',
  'reports.foreword': 'Foreword',
  'reports.coverAlt': 'Cover of {title}',
};

export const reportsMessages = { da, en };
