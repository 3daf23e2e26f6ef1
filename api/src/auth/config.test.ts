import { describe, expect, it } from 'vitest';
import { isLoopbackHost, securityConfigFromEnv } from './config.ts';

describe('security configuration', () => {
  it('is local on loopback and required elsewhere, unless AUTH says otherwise', () => {
    expect(securityConfigFromEnv({}).mode).toBe('local');
    expect(securityConfigFromEnv({ HOST: '127.0.0.1' }).mode).toBe('local');
    expect(securityConfigFromEnv({ HOST: '::1' }).mode).toBe('local');
    expect(securityConfigFromEnv({ HOST: '0.0.0.0' }).mode).toBe('required');
    expect(securityConfigFromEnv({ HOST: '192.168.1.20' }).mode).toBe('required');
    expect(securityConfigFromEnv({ HOST: '127.0.0.1', AUTH: 'required' }).mode).toBe('required');
  });

  it('reads budgets, admins and origins, ignoring nonsense numbers', () => {
    const config = securityConfigFromEnv({
      RATE_LIMIT_ANONYMOUS: '7',
      RATE_LIMIT_IDENTITY: 'lots',
      AUTH_ADMIN_EMAILS: ' Root@Example.org ,',
      AUTH_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.budgets.anonymous).toEqual({ limit: 7, windowMs: 900_000 });
    expect(config.budgets.identity.limit).toBe(5000);
    expect(config.budgets.auth.limit).toBe(100);
    expect(config.adminEmails).toEqual(['root@example.org']);
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.accessTtlSec).toBe(900);
  });

  it('knows loopback names', () => {
    expect(['localhost', 'app.localhost', '127.0.0.1', '127.9.9.9', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.example', '0.0.0.0', '10.0.0.1', '::'].some(isLoopbackHost)).toBe(false);
  });
});
