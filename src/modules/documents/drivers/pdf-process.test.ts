import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createTestPdf } from '../../../app.test-utils.js';
import { runPdfChild } from './pdf-process.js';

const request = { mode: 'inspect' as const, maxBytes: 50 * 1024 * 1024 };

describe('opening a PDF in a child process', () => {
  it('counts the pages of a real PDF', async () => {
    const pdf = await createTestPdf({ pages: 3 });
    expect(await runPdfChild({ request, input: Readable.from([pdf]) })).toEqual({ type: 'inspected', pageCount: 3 });
  });

  it('says a truncated PDF is damaged, not that it has pages', async () => {
    const pdf = await createTestPdf({ pages: 3 });
    const result = await runPdfChild({ request, input: Readable.from([pdf.subarray(0, 400)]) });
    expect(result.type).toBe('failed');
  });

  it('kills a child that passes its time limit', async () => {
    const pdf = await createTestPdf({ pages: 2 });
    const result = await runPdfChild({ request, input: Readable.from([pdf]), limits: { timeoutMs: 1, memoryBytes: 1024 * 1024 * 1024 } });
    expect(result).toMatchObject({ type: 'failed', problem: 'timeout' });
  });
});
