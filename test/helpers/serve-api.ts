import { expect } from 'vitest';
import type { ServeProcess } from './serve-process';

/** Sends one API request to a running `hark serve` as its own page would (its token, its origin); the response. */
export function postApi(server: ServeProcess, method: string, body: unknown): Promise<Response> {
  const url = new URL(server.url);
  return fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${url.searchParams.get('token')}`,
      Origin: url.origin,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

/** Calls one API method of a running `hark serve`; its answer, which must be a success. */
export async function callApi(server: ServeProcess, method: string, body: unknown): Promise<unknown> {
  const response = await postApi(server, method, body);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}
