// A tagged PDF's structure tree read once per document with pdf-lib (already a dependency), then
// cut per page into the shape pdf.js's page.getStructTree() gives (documents-structure.models.ts
// reads that shape). PDFium's own per-page structure API rebuilds the tree of every page from the
// whole document, so its cost grows with the document's size (bench:ingest, C053: 0.45× pdftotext
// with it, 0.51× this way).
import type { PDFDict, PDFDocument, PDFName as PdfName, PDFObject, PDFRef as PdfRef } from 'pdf-lib';
import type { StructNode } from '../documents-structure.models.js';

/** Depth pdf.js stops at (MAX_DEPTH in its struct_tree.js). */
const MAX_DEPTH = 40;
const MAX_ELEMENTS = 500_000;

type Kid = { kind: 'element'; element: Element } | { kind: 'content'; page: number; mcid: number } | { kind: 'annotation'; id: string } | { kind: 'object'; id: string };
// Every element has all five fields and every node made from one all four (`alt` and `lang` undefined
// when absent): one object shape each, so the code walking them stays optimised from one document to
// the next. Elements that had `alt` or `lang` only when present came in four shapes, and a file whose
// tree brought a new one threw the walkers' compiled code away (V8 "wrong map"), to be compiled again
// on the next tagged file (issue #15, bench:ingest).
type Element = { role: string; alt: string | undefined; lang: string | undefined; kids: Kid[]; pages: Set<number> };

export type StructureTree = {
  /** Page `index` (0-based)'s tree as pdf.js gives it, or null when no element has content there. */
  forPage: (index: number) => StructNode | null;
  /** Link annotations' URLs by the ids the trees give them. */
  links: ReadonlyMap<string, string>;
  /** Catalog facts read from the same parse. */
  catalog: { xmp: string | null; displayDocTitle: boolean | null };
};

/** The marked-content id a page's tree uses: the text read from that page is keyed the same way. */
export function markedContentId({ pageIndex, mcid }: { pageIndex: number; mcid: number }): string {
  return `p${pageIndex}_mc${mcid}`;
}

type PdfLib = typeof import('pdf-lib');
let pdfLib: Promise<PdfLib> | undefined;

/** A document parsed once by pdf-lib, for its structure tree and, when needed, its font dictionaries (pdf-font-unicode.ts). */
export type ParsedPdf = { lib: PdfLib; doc: PDFDocument };

const stringOf = ({ PDFString, PDFHexString }: PdfLib, value: PDFObject | undefined): string | undefined => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

/** The document parsed by pdf-lib, or null when pdf-lib cannot parse it. */
export async function parsePdf({ data }: { data: Uint8Array }): Promise<ParsedPdf | null> {
  // Loaded with the first file that needs it, not when the child starts: most files never do.
  pdfLib ??= import('pdf-lib');
  const lib = await pdfLib;
  try {
    // Parsed in one go: no yielding to an event loop that has nothing else to do.
    return { lib, doc: await lib.PDFDocument.load(data, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false, parseSpeed: Number.POSITIVE_INFINITY }) };
  } catch {
    return null;
  }
}

/**
 * The structure tree of a PDF, or null when it has none or pdf-lib could not parse the file (the
 * pages are then read as untagged, as pdf.js would when its tree reading fails).
 */
export function readStructureTree({ pdf }: { pdf: ParsedPdf | null }): StructureTree | null {
  if (!pdf) return null;
  const { lib, doc } = pdf;
  const { PDFArray, PDFDict, PDFName, PDFRef } = lib;
  const { context } = doc;
  const catalog = doc.catalog;
  const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const catalogFacts = readCatalog({ lib, catalog });
  if (!root) return null;
  // pdf-lib makes one PDFRef and one PDFName per distinct value (PDFRef.of, PDFName.of keep a pool),
  // so both serve as keys as they are: no string built per element to look up its page or its type.
  const pageIndex = new Map<PdfRef, number>();
  doc.getPages().forEach((page, index) => pageIndex.set(page.ref, index));
  const roleMap = new Map<string, string>();
  const roleMapDict = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
  for (const [key, value] of roleMapDict?.entries() ?? []) if (value instanceof PDFName) roleMap.set(key.decodeText(), value.decodeText());
  const names = { S: PDFName.of('S'), K: PDFName.of('K'), Pg: PDFName.of('Pg'), Alt: PDFName.of('Alt'), ActualText: PDFName.of('ActualText'), Lang: PDFName.of('Lang'), MCID: PDFName.of('MCID'), Type: PDFName.of('Type'), Obj: PDFName.of('Obj'), A: PDFName.of('A'), URI: PDFName.of('URI') };
  const reading: TreeReading = { lib, context, names, pageIndex, roleMap, nameTexts: new Map(), links: new Map(), seen: new Set(), elements: 0 };
  const top: Element[] = [];
  const rootKids = root.get(names.K);
  const resolvedRootKids = rootKids instanceof PDFRef ? context.lookup(rootKids) : rootKids;
  for (const raw of resolvedRootKids instanceof PDFArray ? resolvedRootKids.asArray() : rootKids ? [rootKids] : []) {
    const kid = raw instanceof PDFRef ? context.lookup(raw) : raw;
    if (!(kid instanceof PDFDict)) continue;
    const element = readElement(reading, kid, undefined, 0);
    if (element) top.push(element);
  }
  const indexes: KidIndexes = new Map();
  return {
    forPage: (index) => {
      const children = top.filter((element) => element.pages.has(index)).map((element) => toNode(indexes, element, index, 0));
      return children.length > 0 ? elementNode({ role: 'Root', alt: undefined, lang: undefined }, children) : null;
    },
    links: reading.links,
    catalog: catalogFacts,
  };
}

// The walk over the tree is module-level functions with the document's state passed in, not closures
// made anew for each document (or, as `addKid` was, for each element). V8 appears to hold a
// function's optimised code weakly: once no closure made by that expression was alive, the code was
// gone after a garbage collection. Closures made per document or per page died between documents,
// so the ingestion child (which reads one document after another) ran them unoptimised and
// optimised them again on each pass over the fixtures (`node --trace-opt`: readElement, toNode,
// kidsOn, addKid, the facts' and blocks' walks, the page reader; issue #15, bench:ingest).
type TreeReading = {
  lib: PdfLib;
  context: PDFDocument['context'];
  names: Record<'S' | 'K' | 'Pg' | 'Alt' | 'ActualText' | 'Lang' | 'MCID' | 'Type' | 'Obj' | 'A' | 'URI', PdfName>;
  pageIndex: Map<PdfRef, number>;
  roleMap: Map<string, string>;
  nameTexts: Map<PdfName, string>;
  links: Map<string, string>;
  seen: Set<PDFDict>;
  elements: number;
};

function textOf(reading: TreeReading, name: PdfName): string {
  let text = reading.nameTexts.get(name);
  if (text === undefined) reading.nameTexts.set(name, (text = name.decodeText()));
  return text;
}

function pageOf(reading: TreeReading, dict: PDFDict, inherited: number | undefined): number | undefined {
  const ref = dict.get(reading.names.Pg);
  return ref instanceof reading.lib.PDFRef ? (reading.pageIndex.get(ref) ?? inherited) : inherited;
}

function readElement(reading: TreeReading, dict: PDFDict, inheritedPage: number | undefined, depth: number): Element | undefined {
  if (depth > MAX_DEPTH || reading.seen.has(dict) || reading.elements >= MAX_ELEMENTS) return undefined;
  const { lib, names, context } = reading;
  reading.seen.add(dict);
  reading.elements += 1;
  const s = dict.get(names.S);
  const name = s instanceof lib.PDFName ? textOf(reading, s) : '';
  const alt = stringOf(lib, dict.lookup(names.Alt)) ?? stringOf(lib, dict.lookup(names.ActualText));
  const lang = stringOf(lib, dict.lookup(names.Lang));
  const element: Element = { role: reading.roleMap.get(name) ?? name, alt, lang, kids: [], pages: new Set() };
  const page = pageOf(reading, dict, inheritedPage);
  const k = dict.get(names.K);
  const resolved = k instanceof lib.PDFRef ? context.lookup(k) : k;
  if (resolved instanceof lib.PDFArray) for (let i = 0; i < resolved.size(); i += 1) addKid(reading, element, page, depth, resolved.get(i));
  else if (k !== undefined) addKid(reading, element, page, depth, k);
  return element;
}

function addKid(reading: TreeReading, element: Element, page: number | undefined, depth: number, raw: PDFObject | undefined): void {
  const { lib, names, context } = reading;
  const kid = raw instanceof lib.PDFRef ? context.lookup(raw) : raw;
  if (kid instanceof lib.PDFNumber) {
    if (page !== undefined) {
      element.kids.push({ kind: 'content', page, mcid: kid.asNumber() });
      element.pages.add(page);
    }
    return;
  }
  if (!(kid instanceof lib.PDFDict)) return;
  const type = kid.get(names.Type);
  const typeName = type instanceof lib.PDFName ? textOf(reading, type) : '';
  if (typeName === 'MCR' || (!kid.has(names.S) && kid.has(names.MCID))) {
    const mcid = kid.get(names.MCID);
    const kidPage = pageOf(reading, kid, page);
    if (mcid instanceof lib.PDFNumber && kidPage !== undefined) {
      element.kids.push({ kind: 'content', page: kidPage, mcid: mcid.asNumber() });
      element.pages.add(kidPage);
    }
    return;
  }
  if (typeName === 'OBJR') {
    const objRef = kid.get(names.Obj);
    if (!(objRef instanceof lib.PDFRef)) return;
    const object = context.lookup(objRef);
    const kidPage = pageOf(reading, kid, page);
    const objectType = object instanceof lib.PDFDict ? object.get(names.Type) : undefined;
    const isAnnotation = objectType instanceof lib.PDFName && textOf(reading, objectType) === 'Annot';
    const id = `${isAnnotation ? 'annot' : 'obj'}_${objRef.objectNumber}`;
    element.kids.push({ kind: isAnnotation ? 'annotation' : 'object', id });
    if (kidPage !== undefined) element.pages.add(kidPage);
    if (isAnnotation) {
      const uri = object instanceof lib.PDFDict ? stringOf(lib, object.lookupMaybe(names.A, lib.PDFDict)?.lookup(names.URI)) : undefined;
      if (uri) reading.links.set(id, uri);
    }
    return;
  }
  const child = readElement(reading, kid, page, depth + 1);
  if (!child) return;
  element.kids.push({ kind: 'element', element: child });
  for (const childPage of child.pages) element.pages.add(childPage);
}

// Each element's kids by page, indexed when a page first asks: a page visits only its own kids,
// so reading every page costs about the size of the tree once, not pages × kids (a Word file's
// Document element holds thousands of kids across all its pages). Marked content belongs to its
// page only (other pages' content has no text there). Annotations and objects go with every page
// of their element, as before (a link's href may sit on the page before its words); they are
// kept once per element, not copied per page, so the index stays as small as the tree's page sets.
type KidIndexes = Map<Element, { byPage: Map<number, number[]>; everyPage: number[] }>;

function kidsOn(indexes: KidIndexes, element: Element, index: number): Kid[] {
  let own = indexes.get(element);
  if (!own) {
    const built = { byPage: new Map<number, number[]>(), everyPage: [] as number[] };
    element.kids.forEach((kid, position) => {
      if (kid.kind !== 'element' && kid.kind !== 'content') {
        built.everyPage.push(position);
        return;
      }
      for (const page of kid.kind === 'element' ? kid.element.pages : [kid.page]) {
        const list = built.byPage.get(page);
        if (list) list.push(position);
        else built.byPage.set(page, [position]);
      }
    });
    own = built;
    indexes.set(element, own);
  }
  // Both lists are in tree order; merged, the page's kids keep it.
  const onPage = own.byPage.get(index) ?? [];
  const { everyPage } = own;
  const kids: Kid[] = [];
  for (let i = 0, j = 0; i < onPage.length || j < everyPage.length; ) {
    const takeOwn = j >= everyPage.length || (i < onPage.length && onPage[i]! < everyPage[j]!);
    kids.push(element.kids[takeOwn ? onPage[i++]! : everyPage[j++]!]!);
  }
  return kids;
}

/** An element's node, always with the same four fields (see Element). */
const elementNode = ({ role, alt, lang }: Pick<Element, 'role' | 'alt' | 'lang'>, children: StructNode[]): StructNode => ({ role, children, alt, lang });

function toNode(indexes: KidIndexes, element: Element, index: number, depth: number): StructNode {
  const node = elementNode(element, []);
  for (const kid of kidsOn(indexes, element, index)) {
    if (kid.kind === 'element') {
      if (depth < MAX_DEPTH) node.children!.push(toNode(indexes, kid.element, index, depth + 1));
    } else if (kid.kind === 'content') node.children!.push({ type: 'content', id: markedContentId({ pageIndex: kid.page, mcid: kid.mcid }) });
    else node.children!.push({ type: kid.kind, id: kid.id });
  }
  return node;
}

function readCatalog({ lib: { PDFDict, PDFName, PDFRawStream, decodePDFRawStream }, catalog }: { lib: PdfLib; catalog: PDFDict }): StructureTree['catalog'] {
  let xmp: string | null = null;
  try {
    const stream = catalog.lookup(PDFName.of('Metadata'));
    if (stream instanceof PDFRawStream) xmp = Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
  } catch {
    xmp = null;
  }
  const preferences = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  const display = preferences?.lookup(PDFName.of('DisplayDocTitle'));
  const displayDocTitle = display && 'asBoolean' in display && typeof display.asBoolean === 'function' ? Boolean(display.asBoolean()) : null;
  return { xmp, displayDocTitle };
}
