import type { Kysely } from 'kysely';

export type Migration = {
  name: string;
  up: (db: Kysely<unknown>) => Promise<void>;
  down: (db: Kysely<unknown>) => Promise<void>;
};
