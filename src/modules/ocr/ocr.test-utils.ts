import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** Deterministic specks: a multiplicative hash of (seed, n) in [0, 1), so a generated scan is the same every run. */
function speckHash(seed: number, n: number): number {
  return (Math.imul((n + 1) ^ Math.imul(seed, 0x9e3779b1), 0x85ebca6b) >>> 0) / 4294967296;
}

const danishWords = [
  'kommunen', 'årsberetning', 'økonomi', 'udvalget', 'børn', 'ældre', 'skoler', 'sundhed', 'året', 'væsentlige', 'opgaver',
  'færdigt', 'støtte', 'både', 'højere', 'mål', 'grøn', 'omstilling', 'byrådet', 'besluttet', 'beløb', 'kroner', 'løbende',
  'udgifter', 'indtægter', 'område', 'tilsyn', 'fællesskab', 'hjælp', 'større', 'nødvendige', 'forældre', 'dagtilbud',
  'vækst', 'erhverv', 'trafik', 'veje', 'cykelstier', 'kvalitet', 'tværgående', 'samarbejde', 'frivillige', 'foreninger',
  'bæredygtig', 'udvikling', 'ansatte', 'medarbejdere', 'rådhuset', 'borgere', 'søgning', 'læsning', 'tilfredshed', 'sådan',
  'også', 'mellem', 'efter', 'særlig', 'første', 'halvår', 'regnskab', 'budget', 'overskud', 'underskud', 'revision',
  'beretningen', 'viser', 'arbejdet', 'fortsætter', 'næste', 'planen', 'gennemført', 'forbedret', 'kræver', 'indsats',
];
const smallWords = ['og', 'i', 'at', 'til', 'for', 'på', 'med', 'af', 'er', 'det', 'der', 'som', 'de', 'en', 'et', 'har', 'blev', 'om'];

/** Danish prose from a fixed word bank (æ, ø and å in many words): `count` words, sentences of 6–12 words. */
export function createDanishText({ count, random }: { count: number; random: () => number }): string {
  const words: string[] = [];
  let sentence = 0;
  let length = 6 + Math.floor(random() * 7);
  for (let i = 0; i < count; i += 1) {
    const bank = random() < 0.3 ? smallWords : danishWords;
    let word = bank[Math.floor(random() * bank.length)]!;
    if (sentence === 0) word = word[0]!.toUpperCase() + word.slice(1);
    sentence += 1;
    if (sentence >= length || i === count - 1) {
      word += '.';
      sentence = 0;
      length = 6 + Math.floor(random() * 7);
    }
    words.push(word);
  }
  return words.join(' ');
}

export type ScanOptions = {
  /** Each page's text (wrapped to the page width); `hiddenText`: an invisible text layer over the image (a scanner's bad OCR). */
  pages: (string | { text: string; hiddenText: string })[];
  /** Pixels per inch of the page image (a scanner's setting). */
  dpi?: number;
  /** Degrees the sheet lies askew on the glass. */
  rotationDegrees?: number;
  /** Share of pixels turned into dark or light specks (dust, paper grain). */
  noise?: number;
  seed?: number;
  /** Points; 11 reads like a printed report. */
  fontSize?: number;
  /** Page size in points (A4 by default; smaller keeps tests fast). */
  pageSize?: { width: number; height: number };
};

/**
 * A scanned PDF as a scanner makes one: each page is one image (the text rendered with
 * @napi-rs/canvas, turned a little, with specks of noise) on an A4 page, and no text layer.
 */
export async function createScannedPdf({ pages, dpi = 200, rotationDegrees = 0.6, noise = 0.002, seed = 20, fontSize = 11, pageSize = { width: 595, height: 842 } }: ScanOptions): Promise<Buffer> {
  let draws = 0;
  const random = () => speckHash(seed, draws++ * 2654435761);
  const doc = await PDFDocument.create();
  const scale = dpi / 72;
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  for (const spec of pages) {
    const text = typeof spec === 'string' ? spec : spec.text;
    const width = Math.round(pageSize.width * scale);
    const height = Math.round(pageSize.height * scale);
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.translate(width / 2, height / 2);
    context.rotate((rotationDegrees * Math.PI) / 180);
    context.translate(-width / 2, -height / 2);
    context.fillStyle = '#1a1a1a';
    const px = fontSize * scale;
    context.font = `${px}px "DejaVu Serif"`;
    const margin = 60 * scale;
    const lineHeight = px * 1.45;
    let y = margin + px;
    let line = '';
    const flush = () => {
      context.fillText(line, margin, y);
      y += lineHeight;
      line = '';
    };
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (context.measureText(candidate).width > width - 2 * margin && line) {
        flush();
        line = word;
      } else line = candidate;
    }
    if (line) flush();
    context.setTransform(1, 0, 0, 1, 0, 0);
    const image = context.getImageData(0, 0, width, height);
    for (let i = 0; i < image.data.length; i += 4) {
      if (random() >= noise) continue;
      const value = random() < 0.5 ? 40 + Math.floor(random() * 80) : 255;
      image.data[i] = image.data[i + 1] = image.data[i + 2] = value;
    }
    context.putImageData(image, 0, 0);
    const png = await doc.embedPng(await canvas.encode('png'));
    const page = doc.addPage([pageSize.width, pageSize.height]);
    page.drawImage(png, { x: 0, y: 0, width: pageSize.width, height: pageSize.height });
    if (typeof spec !== 'string') page.drawText(spec.hiddenText, { x: 60, y: pageSize.height - 80, size: fontSize, font: helvetica, opacity: 0, maxWidth: pageSize.width - 120, lineHeight: fontSize * 1.45 });
  }
  return Buffer.from(await doc.save());
}

/** Text as a font with wrongly mapped glyphs gives it: every letter shifted (a → d), so no word is a word. */
export function shiftLetters({ text, by = 3 }: { text: string; by?: number }): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + by) % 26) + base);
  });
}
