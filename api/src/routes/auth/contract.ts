// Request and response schemas of /api/v1/auth. Bodies are strict: a body naming `role`, `id`,
// `owner_id` or a timestamp is refused with 400 naming the field (no mass assignment).
import { z } from '@hono/zod-openapi';
import { MAX_PASSWORD_LENGTH } from '../../auth/password.ts';

export const emailSchema = z
  .email()
  .max(254)
  .transform((s) => s.trim().toLowerCase());

export const credentialsSchema = z
  .strictObject({
    email: emailSchema,
    password: z
      .string()
      .min(1)
      .max(MAX_PASSWORD_LENGTH * 4),
  })
  .openapi('Credentials');

export const passwordChangeSchema = z
  .strictObject({ current_password: z.string().min(1).max(1024), new_password: z.string().min(1).max(1024) })
  .openapi('PasswordChange');

export const accountSchema = z.object({ id: z.string(), email: z.string(), role: z.enum(['admin', 'user']) }).openapi('Account');

export const tokenSchema = z
  .object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), user: accountSchema })
  .openapi('AccessToken');
