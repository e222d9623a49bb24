import { describe, expect, it } from 'vitest';
import { encodeFrameHeader, frameKinds, maxFrameBytes, readFrames } from './pdf-child-frames.js';

async function collect(chunks: Buffer[]) {
  const frames: { kind: number; payload: Buffer }[] = [];
  for await (const frame of readFrames((async function* () { yield* chunks; })())) frames.push({ kind: frame.kind, payload: Buffer.from(frame.payload) });
  return frames;
}

/** `bytes` cut into pieces of `size`, as a pipe delivers them. */
const cut = (bytes: Buffer, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, i * size + size));

describe('reading framed documents from the parent', () => {
  it('gives a frame that arrives in many small chunks whole, and the frames after it in order', async () => {
    const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const stream = Buffer.concat([encodeFrameHeader({ kind: frameKinds.data, length: payload.length }), payload, encodeFrameHeader({ kind: frameKinds.end, length: 0 })]);
    for (const size of [1, 3, 4096, 65_536]) {
      const frames = await collect(cut(stream, size));
      expect(frames.map((frame) => frame.kind)).toEqual([frameKinds.data, frameKinds.end]);
      expect(frames[0]!.payload.equals(payload)).toBe(true);
    }
  });

  it('refuses a frame longer than the largest allowed as soon as its header arrives, without waiting for its bytes', async () => {
    const header = encodeFrameHeader({ kind: frameKinds.data, length: maxFrameBytes + 1 });
    await expect(collect([header, Buffer.alloc(10), Buffer.alloc(10)])).rejects.toThrow(/over/);
  });
});
