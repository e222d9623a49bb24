import { readFileSync } from 'node:fs';
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
const file = process.argv[2]!; const pageNo = Number(process.argv[3] ?? 1);
const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
const page = await doc.getPage(pageNo); const vp = page.getViewport({ scale: 1 });
const c = await page.getTextContent({ includeMarkedContent: true });
for (const item of c.items.slice(0, 10) as any[]) { if (!('str' in item)) { console.log(JSON.stringify(item)); continue; } const [a,b,cc,d,e,f] = item.transform; const [x,y] = vp.convertToViewportPoint(e,f); console.log(JSON.stringify({ str: item.str, x, y, w: item.width, size: Math.hypot(cc,d), eol: item.hasEOL, font: item.fontName })); }
