// Components reach the client through Svelte context rather than props passed down every level.
import { getContext, setContext } from 'svelte';
import type { AppClient } from './api-client';

const CLIENT = Symbol('hark-client');

export function provideClient(client: AppClient): void {
  setContext(CLIENT, client);
}

export function useClient(): AppClient {
  const client = getContext<AppClient | undefined>(CLIENT);
  if (!client) throw new Error('useClient() called outside <App>');
  return client;
}
