import { z } from 'zod';
import { defineSetting, integerFromEnv } from './config.helpers.js';
import { invalidProxyTrustEntries } from '../shared/proxy-trust.js';

export const serverConfig = {
  port: defineSetting({ env: 'PORT', schema: integerFromEnv({ min: 0, max: 65535 }), default: '3000', doc: 'TCP port the web server listens on.' }),
  host: defineSetting({ env: 'HOST', schema: z.string().min(1), default: '127.0.0.1', doc: 'Address the web server binds to (0.0.0.0 for every interface).' }),
  dataDir: defineSetting({ env: 'DATA_DIR', schema: z.string().min(1), default: './data', doc: 'Folder for the embedded SQLite database and stored files.' }),
  databaseUrl: defineSetting({
    env: 'DATABASE_URL',
    schema: z
      .string()
      .refine((v) => v === '' || v.startsWith('sqlite:') || v.startsWith('postgres://') || v.startsWith('postgresql://'), {
        message: 'must start with sqlite: or postgres://',
      }),
    default: '',
    doc: 'Empty: SQLite in DATA_DIR. `sqlite:/path/file.db` or `postgres://user:pass@host/db` to choose the database.',
  }),
  logLevel: defineSetting({
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    doc: 'Log level of the JSON logs (fatal, error, warn, info, debug, trace, silent).',
  }),
  trustProxy: defineSetting({
    env: 'TRUST_PROXY',
    schema: z.string().refine((v) => invalidProxyTrustEntries(v).length === 0, { message: 'must be all, none, or a comma list of loopback, linklocal, uniquelocal, addresses and CIDRs' }),
    default: 'loopback,linklocal,uniquelocal',
    doc: 'Which proxies may tell the client\'s address, protocol and host (X-Forwarded-For, -Proto, -Host): a comma list of `loopback`, `linklocal`, `uniquelocal`, addresses and CIDRs, or `all` / `none`. A client connecting from elsewhere cannot choose the address the login rate limit and the audit log see.',
  }),
  publicUrl: defineSetting({
    env: 'PUBLIC_URL',
    schema: z.string().refine((v) => v === '' || /^https?:\/\/[^/]+/.test(v), { message: 'must be an http(s) address' }),
    default: '',
    doc: 'The site\'s public address (e.g. https://beretning.kl.dk), used in feeds, sitemaps and share links. Empty: taken from the request.',
  }),
  allowedHosts: defineSetting({
    env: 'ALLOWED_HOSTS',
    schema: z
      .string()
      .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
      .refine((hosts) => hosts.every((h) => /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/.test(h)), { message: 'must be a comma list of host names, each with an optional :port' }),
    default: '',
    doc: 'Host names (with an optional :port) the site answers for, from Host or a trusted proxy\'s X-Forwarded-Host, e.g. `beretning.kl.dk,www.beretning.kl.dk`; any other gets 400. Empty: every host is answered. With PUBLIC_URL empty, links in pages, feeds and the API are made from the host, so set this (or PUBLIC_URL) behind a shared cache.',
  }),
  pageCacheMb: defineSetting({ env: 'PAGE_CACHE_MB', schema: integerFromEnv({ min: 1, max: 4096 }), default: '64', doc: 'Memory for rendered public pages (all encodings counted; search result pages take an eighth of it); the oldest pages give way.' }),
  demoContent: defineSetting({
    env: 'DEMO_CONTENT',
    schema: z.enum(['auto', 'off']),
    default: 'auto',
    doc: '`auto`: load the demo organisation when the database is empty at start. `off`: never.',
  }),
  maxUploadMb: defineSetting({ env: 'MAX_UPLOAD_MB', schema: integerFromEnv({ min: 1, max: 10240 }), default: '200', doc: 'Largest PDF upload in megabytes; larger uploads get 413.' }),
};
