import { DefaultRestOptions, type RESTOptions } from 'discord.js';

/**
 * How a 429 without a Retry-After header is waited out. @discordjs/rest retries such a 429 at
 * once and forever (it found 1,502 retries in 3 s); this gives it a Retry-After instead,
 * doubling from `firstSeconds` with each bare 429 in a row on the same route, and after
 * `maxInARow` of them turns it into a 503, which the client retries a few times and then reports.
 */
export const bareRateLimitBackoff = {
  firstSeconds: 0.5,
  maxSeconds: 8,
  maxInARow: 5,
} as const;

type MakeRequest = RESTOptions['makeRequest'];

/** `makeRequest` (discord.js' own by default) with bare 429s given a Retry-After, per route. */
export function backingOffBareRateLimits(makeRequest: MakeRequest = DefaultRestOptions.makeRequest): MakeRequest {
  const inARow = new Map<string, number>();
  return async (url, init) => {
    const response = await makeRequest(url, init);
    const route = `${init.method ?? 'GET'} ${url.split('?')[0]}`;
    if (response.status !== 429 || response.headers.has('Retry-After')) {
      inARow.delete(route);
      return response;
    }
    const count = (inARow.get(route) ?? 0) + 1;
    inARow.set(route, count);
    const headers = new Headers();
    response.headers.forEach((value, name) => headers.set(name, value));
    let status = 429;
    if (count > bareRateLimitBackoff.maxInARow) {
      inARow.delete(route);
      status = 503;
    } else {
      const seconds = Math.min(bareRateLimitBackoff.firstSeconds * 2 ** (count - 1), bareRateLimitBackoff.maxSeconds);
      headers.set('Retry-After', String(seconds));
    }
    return new Response(await response.arrayBuffer(), {
      status,
      statusText: response.statusText,
      headers,
    });
  };
}
