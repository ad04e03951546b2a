// The HTTP mode prints a URL with `?token=...`. The renderer keeps the token for its own requests (bearer header,
// media URLs) and removes it from the address bar so it does not end up in bookmarks or screenshots.

const STORAGE_KEY = 'hark.token';

export function tokenFromUrl(href: string): string | null {
  const token = new URL(href).searchParams.get('token');
  return token && token.length > 0 ? token : null;
}

export function urlWithoutToken(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('token');
  return url.toString();
}

interface TokenEnvironment {
  location: { href: string };
  history?: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/**
 * The token from the page URL, else the one remembered for this tab. Null means: rely on the `hark_token_PORT`
 * cookie, which the server sets (HttpOnly, so unreadable here) when the page was first opened with `?token=`.
 */
export function takeToken(env: TokenEnvironment): string | null {
  const fromUrl = tokenFromUrl(env.location.href);
  if (fromUrl) {
    env.sessionStorage?.setItem(STORAGE_KEY, fromUrl);
    env.history?.replaceState(null, '', urlWithoutToken(env.location.href));
    return fromUrl;
  }
  return env.sessionStorage?.getItem(STORAGE_KEY) ?? null;
}
