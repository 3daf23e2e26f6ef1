// fetch for the API with a bearer token: sends the current token and, when the server answers 401 to a
// call that carried one, refreshes once and repeats the call with the new token. The page and the
// sync worker differ only in where the token lives and how it is refreshed.

/**
 * @example const apiFetch = makeTokenFetch(() => settings().token, refreshAccessToken);
 */
export function makeTokenFetch(currentToken: () => string | null | undefined, refresh: () => Promise<boolean>): typeof fetch {
  return async (input, init = {}) => {
    const withToken = () => {
      const headers = new Headers(init.headers);
      const token = currentToken();
      if (token) headers.set('authorization', `Bearer ${token}`);
      return { ...init, headers };
    };
    const sentToken = currentToken();
    const res = await fetch(input, withToken());
    if (res.status !== 401 || !sentToken) return res;
    return (await refresh()) ? fetch(input, withToken()) : res;
  };
}
