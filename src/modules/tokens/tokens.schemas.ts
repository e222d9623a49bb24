import { z } from 'zod';
import type { MessageKey } from '../../ui/i18n/i18n.js';
import { expiryChoices, type ExpiryDays } from './tokens.models.js';

/** The "new API token" form; messages are catalogue keys. */
export const tokenFormSchema = z.object({
  name: z.string().trim().min(1, 'tokens.errorName' satisfies MessageKey).max(100, 'tokens.errorNameLong' satisfies MessageKey),
  scope: z.enum(['read', 'write', 'statistics'], { error: 'tokens.errorScope' satisfies MessageKey }),
  days: z
    .string()
    .refine((v) => (expiryChoices as readonly number[]).includes(Number(v)) && /^\d+$/.test(v), 'tokens.errorExpiry' satisfies MessageKey)
    .transform((v) => Number(v) as ExpiryDays),
});

export type TokenFormField = keyof z.input<typeof tokenFormSchema>;
