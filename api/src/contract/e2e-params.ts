// Wire schemas of end-to-end encryption (scheme in contract/e2e-crypto.ts): the account's KDF
// parameters and key check (GET/PUT /api/v1/me/encryption), and the encrypted fields of a session's
// metadata. None of it is secret; the key itself never reaches the server.
import { z } from 'zod';

/** Standard base64 with padding, at most `max` characters. */
export const base64Text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be base64');

export const E2E_SCHEME_NAME = 'clisonix-e2e-1' as const;

export const e2eAccountParamsSchema = z.strictObject({
  scheme: z.literal(E2E_SCHEME_NAME),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    /** At least 600,000 (OWASP 2023 for PBKDF2-HMAC-SHA-256); at most 10 million, so a device can still unlock. */
    iterations: z.number().int().min(600_000).max(10_000_000),
    /** 16-64 random bytes, base64. */
    salt: base64Text(88).min(24),
  }),
  /** AES-GCM of a fixed text under the key (nonce | ciphertext | tag, base64): tells a wrong passphrase from damaged data. */
  keyCheck: base64Text(256).min(16),
});

/** PUT body: the parameters, and whether new sessions are encrypted. */
export const e2eSettingsInputSchema = e2eAccountParamsSchema.extend({ enabled: z.boolean() });

/** GET answer: `enabled: false` without parameters when the account never set a passphrase. */
export const e2eSettingsSchema = z.union([
  z.object({ enabled: z.literal(false), configured: z.literal(false) }),
  e2eAccountParamsSchema.extend({ enabled: z.boolean(), configured: z.literal(true), createdAt: z.string() }),
]);
export type E2eSettings = z.infer<typeof e2eSettingsSchema>;

/**
 * metadata.encryption of an end-to-end encrypted session: its title and notes encrypted (base64), in
 * place of the plaintext `title` and `notes`, which such a session leaves out (notes '').
 */
export const sessionEncryptionSchema = z.strictObject({
  scheme: z.literal(E2E_SCHEME_NAME),
  /** A title of up to 200 characters (800 UTF-8 bytes) encrypted. */
  title: base64Text(1_200).optional(),
  /** Notes of up to 20,000 characters (80,000 UTF-8 bytes) encrypted. */
  notes: base64Text(110_000).optional(),
});
