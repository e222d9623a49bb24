import 'fastify';

export type RequestUser = { id: string; email: string; name: string; role: 'admin' | 'editor' };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by the auth module's hook; undefined for readers. */
    user: RequestUser | undefined;
    /** The token every form on the page carries, set by the auth module's CSRF hook. */
    csrfToken: string;
    /** Chosen per request by the i18n hook. */
    locale: 'da' | 'en';
  }
}
