// The HTML reading version of a report (/beretninger/<year>/laes).
const da = {
  'reading.title': '{title} – læseversion',
  'reading.heading': 'Læseversion',
  'reading.intro': 'Beretningen som webside, side for side som i PDF’en. Hvert afsnit har et link til samme side i PDF’en.',
  'reading.toc': 'Indhold',
  'reading.page': 'Side {number}',
  'reading.pdfPage': 'Side {number} i PDF’en',
  'reading.noText': 'Siden har ingen tekst, der kan læses (den er fx scannet eller et billede). Se siden i PDF’en.',
  'reading.notReady': 'Læseversionen er ikke klar endnu. Indtil da kan du læse beretningen som PDF.',
  'reading.backToReport': 'Tilbage til beretningen',
  'reading.backToTop': 'Til indholdsfortegnelsen',
  'reading.link': 'Læs beretningen som webside',
  'reading.noPdf': 'Beretningen har ingen PDF, så der er ingen læseversion.',
} as const;

const en: Record<keyof typeof da, string> = {
  'reading.title': '{title} – reading version',
  'reading.heading': 'Reading version',
  'reading.intro': 'The report as a web page, page by page as in the PDF. Each section links to the same page in the PDF.',
  'reading.toc': 'Contents',
  'reading.page': 'Page {number}',
  'reading.pdfPage': 'Page {number} in the PDF',
  'reading.noText': 'This page has no readable text (it may be scanned or an image). See the page in the PDF.',
  'reading.notReady': 'The reading version is not ready yet. Until then you can read the report as a PDF.',
  'reading.backToReport': 'Back to the report',
  'reading.backToTop': 'To the contents',
  'reading.link': 'Read the report as a web page',
  'reading.noPdf': 'The report has no PDF, so there is no reading version.',
};

export const readingMessages = { da, en };
