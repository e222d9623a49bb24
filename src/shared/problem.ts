import type { FastifyReply } from 'fastify';

export type ProblemDetails = { status: number; title: string; code: string; detail?: string; errors?: { field: string; message: string }[] };

/** Sends an RFC 9457 problem detail (`application/problem+json`): a short title, the status, a stable code. */
export function sendProblem(reply: FastifyReply, { status, title, code, detail, errors }: ProblemDetails): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, ...(detail !== undefined ? { detail } : {}), status, code, ...(errors ? { errors } : {}) });
}
