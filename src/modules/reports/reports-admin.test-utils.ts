import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** A multipart body with one PDF field, as the upload form sends it. */
export async function multipart({ name = 'pdf', fileName, content }: { name?: string; fileName: string; content: Buffer }) {
  const form = new FormData();
  form.append(name, new Blob([new Uint8Array(content)], { type: 'application/pdf' }), fileName);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') as string };
}

/** The fields of the report form, filled in. */
export const reportForm = { year: '2025', title: 'Beretning 2025', periodStart: '2025-01-01', periodEnd: '2025-12-31', forewordMd: 'Året var **godt**.\n\nVi nåede meget.' };

/** Creates a draft through the workspace form and returns its id. */
export async function createDraft({ app, cookie, csrfToken }: { app: FastifyInstance; cookie: string; csrfToken: string }): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/admin/beretninger', headers: { cookie }, payload: { _csrf: csrfToken, intent: 'save', ...reportForm } });
  expect(response.statusCode).toBe(303);
  const id = /\/admin\/beretninger\/([^?]+)/.exec(String(response.headers.location))?.[1];
  if (!id) throw new Error('no id');
  return id;
}

/** Uploads a PDF to a report through the workspace form. */
export async function upload({ app, cookie, csrfToken, id, fileName, content }: { app: FastifyInstance; cookie: string; csrfToken: string; id: string; fileName: string; content: Buffer }) {
  const { payload, contentType } = await multipart({ fileName, content });
  return app.inject({ method: 'POST', url: `/admin/beretninger/${id}/pdf?_csrf=${encodeURIComponent(csrfToken)}`, headers: { cookie, 'content-type': contentType }, payload });
}
