// How documents travel to a long-lived PDF child on its stdin: a frame is one kind byte, a 32-bit
// big-endian length and that many bytes. A document is one request frame, any number of data
// frames (the PDF as it streams from storage, never held whole by the server) and an end frame.
// Lengths make the boundary between two documents exact without reading either one whole first.

export const frameKinds = { request: 1, data: 2, end: 3 } as const;
export type FrameKind = (typeof frameKinds)[keyof typeof frameKinds];

/** Larger chunks are cut into frames of at most this many bytes, so the reader's buffer stays small. */
export const maxFrameBytes = 1024 * 1024;

export function encodeFrameHeader({ kind, length }: { kind: FrameKind; length: number }): Buffer {
  const header = Buffer.allocUnsafe(5);
  header.writeUInt8(kind, 0);
  header.writeUInt32BE(length, 1);
  return header;
}

/**
 * The frames in a byte stream, in order; a stream that ends inside a frame ends the frames there.
 * Chunks (64 KiB from a pipe) wait in a list until a whole frame has arrived and are joined once:
 * joining each onto the rest as it came copied a 1 MiB frame sixteen times over.
 */
export async function* readFrames(input: AsyncIterable<Buffer>): AsyncGenerator<{ kind: number; payload: Buffer }> {
  let buffer: Buffer = Buffer.alloc(0);
  const waiting: Buffer[] = [];
  let waitingBytes = 0;
  for await (const chunk of input) {
    if (buffer.length >= 5 && buffer.length + waitingBytes + chunk.length < 5 + buffer.readUInt32BE(1)) {
      if (buffer.readUInt32BE(1) > maxFrameBytes) throw new Error(`frame of ${buffer.readUInt32BE(1)} bytes is over ${maxFrameBytes}`);
      waiting.push(chunk);
      waitingBytes += chunk.length;
      continue;
    }
    buffer = buffer.length === 0 && waiting.length === 0 ? chunk : Buffer.concat([buffer, ...waiting, chunk]);
    waiting.length = 0;
    waitingBytes = 0;
    while (buffer.length >= 5) {
      const length = buffer.readUInt32BE(1);
      if (length > maxFrameBytes) throw new Error(`frame of ${length} bytes is over ${maxFrameBytes}`);
      if (buffer.length < 5 + length) break;
      yield { kind: buffer[0]!, payload: buffer.subarray(5, 5 + length) };
      buffer = buffer.subarray(5 + length);
    }
  }
}
