// The HTTP front's way to the app (issue #21): the worker (cache.front.worker.ts) passes every request
// it does not answer from its cache to this relay, in the app's thread, over a MessagePort of their
// own, and the relay makes it a request to the app's private Unix socket.
//
// Why not from the worker: Node's HTTP client shares its code with the server (OutgoingMessage, the
// parser's callbacks, its free list of parsers, the sockets' stream code). Once an isolate has made
// one client request, that code has seen the client's object shapes too, and every cache hit after
// it ran about 3,500 instructions more (≈ 4 %; bench/http-callgrind.ts with a bare node:http server
// that passed on 30 requests first, against one that did not). Here the client runs beside the app,
// whose isolate is not on the hits' path, and the worker only posts messages.
import { Agent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { MessagePort } from 'node:worker_threads';
import type { Dependencies } from '../../dependencies.types.js';
import { HOP_BY_HOP, ownBuffer, RELAY_WINDOW_BYTES, type FromRelay, type ToRelay } from './cache.front.protocol.js';

/**
 * A reader who leaves before the app's answer is complete: an answer this small (or without a body)
 * is read to its end and dropped, so the connection to the app stays open for the next request. When
 * many readers leave at once (a proxy restarting, a load test ending), ending each connection made
 * the next requests open as many new ones at the same moment; some waited seconds for theirs.
 * A larger answer, one of unknown length, or a request whose body is still arriving ends it.
 */
export const DROP_ANSWER_MAX_BYTES = 256 * 1024;

/** The app's response headers for the reader, less the hop-by-hop ones (Node frames the body itself). */
function headersForReader(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has((raw[i] ?? '').toLowerCase())) out.push(raw[i] ?? '', raw[i + 1] ?? '');
  return out;
}

type Relayed = {
  request: Extract<ToRelay, { type: 'request' }>;
  upstream: ClientRequest;
  answer?: IncomingMessage;
  /** The request's body has all arrived (its 'end' came), so a GET or HEAD may be sent again. */
  ended: boolean;
  /** Answer bytes posted to the worker and not yet written to the reader. */
  unwritten: number;
  readerGone: boolean;
};

/**
 * Relays the worker's requests to the app at `appSocket` over kept-alive connections (the app's
 * server keeps an idle one longer than this agent does: APP_KEEP_ALIVE_MS, cache.front.ts), with
 * flow control both ways (RELAY_WINDOW_BYTES). `close` ends every request in flight and the port.
 */
export function relayToApp({ port, appSocket, logger }: { port: MessagePort; appSocket: string; logger: Dependencies['logger'] }): { close: () => void } {
  const agent = new Agent({ keepAlive: true, scheduling: 'lifo' });
  const relayed = new Map<number, Relayed>();
  const post = (message: FromRelay, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

  /** The reader left: a small answer is read to its end and dropped (the connection stays), anything else ends the connection. */
  const letGo = (state: Relayed, complete: boolean) => {
    state.readerGone = true;
    const { answer, request } = state;
    const bodyless = request.method === 'HEAD' || answer?.statusCode === 204 || answer?.statusCode === 304;
    // Without a Content-Length the length is NaN, which is not small.
    const cheap = !answer || bodyless || Number(answer.headers['content-length']) <= DROP_ANSWER_MAX_BYTES;
    if (!complete || !cheap) {
      relayed.delete(request.id);
      state.upstream.destroy();
      return;
    }
    answer?.resume(); // dropped as it comes (and when it comes, if it has not yet)
  };

  const send = (request: Extract<ToRelay, { type: 'request' }>, retried: boolean) => {
    const { id, method, url, headers } = request;
    const upstream = httpRequest({ socketPath: appSocket, method, path: url, headers, agent, setHost: false }, (answer) => {
      state.answer = answer;
      answer.on('close', () => {
        if (relayed.get(id) !== state) return;
        relayed.delete(id);
        // An answer the app breaks off cuts the reader's short.
        if (!state.readerGone) post(answer.complete ? { type: 'done', id } : { type: 'broken', id });
      });
      if (state.readerGone) return void answer.resume();
      post({ type: 'head', id, status: answer.statusCode ?? 502, statusMessage: answer.statusMessage ?? '', headers: headersForReader(answer.rawHeaders) });
      answer.on('data', (chunk: Buffer) => {
        if (state.readerGone) return;
        const own = ownBuffer(chunk);
        post({ type: 'chunk', id, chunk: own }, [own]);
        state.unwritten += chunk.byteLength;
        if (state.unwritten > RELAY_WINDOW_BYTES) answer.pause();
      });
    });
    const state: Relayed = { request, upstream, ended: relayed.get(id)?.ended ?? false, unwritten: 0, readerGone: false };
    relayed.set(id, state);
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (relayed.get(id) !== state) return;
      // A kept-alive connection the app closed just as this request went out: once more on a new one (a GET or HEAD has no body to resend).
      if (!retried && !state.readerGone && upstream.reusedSocket && error.code === 'ECONNRESET' && (method === 'GET' || method === 'HEAD') && !state.answer) {
        send(request, true);
        const again = relayed.get(id);
        if (again?.ended) again.upstream.end();
        return;
      }
      relayed.delete(id);
      if (state.readerGone) return;
      if (state.answer) return void post({ type: 'broken', id });
      logger.error({ err: `${error.code ?? ''} ${error.message}`.trim() }, 'the HTTP front could not reach the app');
      post({ type: 'unavailable', id });
    });
  };

  port.on('message', (message: ToRelay) => {
    if (message.type === 'request') return send(message, false);
    const state = relayed.get(message.id);
    if (!state) return;
    if (message.type === 'chunk') {
      const bytes = message.chunk.byteLength;
      state.upstream.write(Buffer.from(message.chunk), () => post({ type: 'sent', id: message.id, bytes }));
    } else if (message.type === 'end') {
      state.ended = true;
      state.upstream.end();
    } else if (message.type === 'written') {
      state.unwritten -= message.bytes;
      if (state.unwritten <= RELAY_WINDOW_BYTES && state.answer?.isPaused() && !state.readerGone) state.answer.resume();
    } else if (message.type === 'gone') letGo(state, message.complete);
  });

  return {
    close: () => {
      for (const { upstream } of relayed.values()) upstream.destroy();
      relayed.clear();
      agent.destroy();
      port.close();
    },
  };
}
