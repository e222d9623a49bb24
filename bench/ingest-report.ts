// The generated report both ingestion benchmarks read (bench/ingest.ts, bench/ingest-callgrind.ts):
// a Danish annual report of `pages` pages, one section per page, with long compound words, so that
// many lines end in a hyphenated word. The same words every time (a seeded random).
import { writeReportPdf, type PdfSection } from '../src/modules/demo/drivers/pdf-writer.js';
import { createRandom } from './bench.utils.js';

export const reportTitle = 'Kommunernes beretning';

const shortWords = 'og i at det en den til er som på de med af for ikke der har om vi et men fra skal kan også under efter når mod år nye flere godt'.split(' ');
const longWords = (
  'kommunalbestyrelsen beskæftigelsesindsatsen klimatilpasningsplanen ældreplejen digitaliseringsstrategien borgerinddragelsen ' +
  'velfærdsteknologien sundhedsaftalerne budgetforhandlingerne erhvervsudviklingen folkeskolereformen dagtilbudsområdet ' +
  'udligningsordningen økonomiaftalen specialundervisningen rehabiliteringsforløb hjemmesygeplejersker forebyggelsesindsatser ' +
  'kommunerne regionerne medarbejderne institutionerne borgerservicecentrene affaldssorteringen kollektivtrafikken ' +
  'byggesagsbehandlingen naturgenopretningen grundvandsbeskyttelsen bæredygtighedsmålene energirenoveringen ' +
  'uddannelsesgarantien ungdomsuddannelserne socialpsykiatrien handicapområdet beredskabsplanerne tværkommunale ' +
  'samarbejdsaftalerne lokalsamfundene frivilligheden civilsamfundet ledelsesinformationen kvalitetsrapporterne'
).split(' ');

export function createReportSections({ pages }: { pages: number }): PdfSection[] {
  const random = createRandom(2024);
  const word = () => (random() < 0.45 ? longWords[Math.floor(random() * longWords.length)]! : shortWords[Math.floor(random() * shortWords.length)]!);
  // One section per page (pagePerSection), short enough to fit on it: the cover makes page 1.
  return Array.from({ length: pages - 1 }, (_, i) => ({
    heading: `Afsnit ${i + 1}: ${longWords[i % longWords.length]}`,
    paragraphs: Array.from({ length: 4 }, () => `${Array.from({ length: 55 }, word).join(' ')}.`),
  }));
}

/** The report as PDF bytes, as bench:ingest writes it. */
export function writeBenchReport({ pages }: { pages: number }): Promise<Uint8Array> {
  return writeReportPdf({ title: reportTitle, sections: createReportSections({ pages }), pagePerSection: true, hyphenate: true });
}
