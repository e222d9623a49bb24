// OCR of scanned pages: the reader's notice in the reading version, and the editors' view of it.
const da = {
  'ocr.readerNotice': 'Teksten er genkendt automatisk fra en skannet side og kan indeholde fejl.',
  'ocr.readerNoticeLink': 'Se side {number} i PDF’en',
  'ocr.waiting': 'Tekstgenkendelse (OCR) venter',
  'ocr.progress': 'Tekstgenkendelse (OCR): side {done} af {total}',
  'ocr.done': 'Tekst genkendt automatisk på {count} sider, gennemsnitlig sikkerhed {confidence} %',
  'ocr.doneOne': 'Tekst genkendt automatisk på 1 side, sikkerhed {confidence} %',
  'ocr.lowest': 'Lavest sikkerhed: side {page} ({confidence} %)',
  'ocr.capped': 'Kun de første {count} skannede sider er genkendt (grænsen OCR_MAX_PAGES)',
  'ocr.failed': 'Tekstgenkendelsen (OCR) mislykkedes: {reason}',
  'ocr.unavailableNote': 'Tekstgenkendelse (OCR) er ikke installeret: {count} skannede sider er uden tekst',
  'ocr.unavailableTitle': 'Tekstgenkendelse (OCR) er ikke tilgængelig',
  'ocr.unavailableBody': 'Skannede sider bliver ikke søgbare eller læsbare som tekst, før Tesseract er installeret på serveren. Bed driftsansvarlig om at installere pakkerne, fx med:',
  'ocr.installCommand': 'apt-get install tesseract-ocr tesseract-ocr-dan tesseract-ocr-eng',
  'ocr.rerun': 'Genkend tekst igen',
  'ocr.rerunQueued': 'Teksten i {file} genkendes igen.',
  'ocr.reason.timeout': 'det tog for lang tid',
  'ocr.reason.failed': 'Tesseract gav en fejl',
  'ocr.reason.other': 'siderne kunne ikke tegnes',
} as const;

const en: Record<keyof typeof da, string> = {
  'ocr.readerNotice': 'This text was recognised automatically from a scanned page and may contain errors.',
  'ocr.readerNoticeLink': 'See page {number} in the PDF',
  'ocr.waiting': 'Text recognition (OCR) waiting',
  'ocr.progress': 'Text recognition (OCR): page {done} of {total}',
  'ocr.done': 'Text recognised automatically on {count} pages, mean confidence {confidence} %',
  'ocr.doneOne': 'Text recognised automatically on 1 page, confidence {confidence} %',
  'ocr.lowest': 'Lowest confidence: page {page} ({confidence} %)',
  'ocr.capped': 'Only the first {count} scanned pages were recognised (the OCR_MAX_PAGES limit)',
  'ocr.failed': 'Text recognition (OCR) failed: {reason}',
  'ocr.unavailableNote': 'Text recognition (OCR) is not installed: {count} scanned pages have no text',
  'ocr.unavailableTitle': 'Text recognition (OCR) is not available',
  'ocr.unavailableBody': 'Scanned pages will not be searchable or readable as text until Tesseract is installed on the server. Ask the operator to install the packages, for example with:',
  'ocr.installCommand': 'apt-get install tesseract-ocr tesseract-ocr-dan tesseract-ocr-eng',
  'ocr.rerun': 'Recognise text again',
  'ocr.rerunQueued': 'The text in {file} is being recognised again.',
  'ocr.reason.timeout': 'it took too long',
  'ocr.reason.failed': 'Tesseract reported an error',
  'ocr.reason.other': 'the pages could not be drawn',
} as const;

export const ocrMessages = { da, en };
