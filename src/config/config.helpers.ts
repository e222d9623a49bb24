import { z } from 'zod';
import type { ConfigDefinition } from './config.types.js';

export function defineSetting<T>(definition: ConfigDefinition<T>): ConfigDefinition<T> {
  return definition;
}

export const integerFromEnv = ({ min, max }: { min: number; max: number }) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { message: 'must be a whole number' })
    .transform((value) => Number(value))
    .pipe(z.number().int().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` }));

export const booleanFromEnv = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), { message: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
