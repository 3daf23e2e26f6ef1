// Cloud-mode login against the API's /api/v1/auth/login (e-mail + password -> bearer access token).

/**
 * Logs in on `serverUrl` ('' = this origin); resolves with the access token and the account e-mail,
 * rejects with the server's own explanation (wrong password, rate limited, unreachable).
 */
export async function logIn(serverUrl: string, email: string, password: string): Promise<{ token: string; email: string }> {
  if (!email || !password) throw new Error('Enter your e-mail and password.');
  let res: Response;
  try {
    res = await fetch(`${serverUrl.replace(/\/+$/, '')}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'include',
      body: JSON.stringify({ email, password }),
    });
  } catch (error) {
    throw new Error(`The server cannot be reached (${(error as Error).message}).`);
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail ?? `Login failed (${res.status}).`);
  return { token: body.access_token, email: body.user?.email ?? email };
}
