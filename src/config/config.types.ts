import type { z } from 'zod';

/** One setting: where it comes from, what is valid, its default and what it is for. */
export type ConfigDefinition<T = unknown> = {
  env: string;
  schema: z.ZodType<T>;
  default: string | undefined;
  doc: string;
};

export type ConfigDefinitions = Record<string, ConfigDefinition>;

export type ConfigValues<D extends ConfigDefinitions> = {
  [K in keyof D]: D[K] extends ConfigDefinition<infer T> ? T : never;
};
