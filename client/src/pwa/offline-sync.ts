import { api } from '../api/apiSlice';
import type { AppStore } from '../app/store';
import { setPendingCartChanges, toast } from '../app/ui.slice';
import { i18n } from '../i18n';
import type { PageToWorker, WorkerToPage } from './protocol';

const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * The page's half of the offline cart queue (the worker's is in src/sw.ts): it keeps the number of
 * waiting changes in the store for the banner, asks the worker to replay as soon as the window is
 * back `online` (not waiting for Background Sync), and refetches the cart once changes were sent.
 */
export function connectOfflineSync(store: AppStore): void {
  const container = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
  if (!container) return;
  const send = (message: PageToWorker) => void container.ready.then((registration) => registration.active?.postMessage(message));
  // Changes still waiting while we are online (the server answered 5xx, or the network is flaky):
  // try again with a growing pause (Background Sync's own retry would be minutes away, or never).
  let retryDelayMs = RETRY_FIRST_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const replay = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    send({ type: 'replay-cart-changes' });
  };

  container.addEventListener('message', (event: MessageEvent<WorkerToPage>) => {
    if (event.data?.type !== 'cart-changes') return;
    store.dispatch(setPendingCartChanges(event.data.pending));
    if (event.data.pending === 0) retryDelayMs = RETRY_FIRST_MS;
    else if (navigator.onLine && !retryTimer) {
      retryTimer = setTimeout(replay, retryDelayMs);
      retryDelayMs = Math.min(retryDelayMs * 2, RETRY_MAX_MS);
    }
    if (event.data.replayed > 0) {
      store.dispatch(api.util.invalidateTags(['Cart']));
      store.dispatch(toast('success', i18n.t('offline.sent', { count: event.data.replayed })));
    }
  });
  container.startMessages();
  window.addEventListener('online', () => {
    retryDelayMs = RETRY_FIRST_MS;
    replay();
  });
  // After a reload: show what is still waiting, and send it if we are online.
  send({ type: 'count-cart-changes' });
  if (navigator.onLine) replay();
}
