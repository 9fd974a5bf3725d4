import './styles.css';

/**
 * The offline page (offline.html) is served by the service worker in place of a page it could not
 * fetch, at that page's own URL: reloading is retrying. While the browser says it is online (the
 * connection just came back, or it is up but the shop is not reachable yet), it checks /healthz every
 * few seconds and reloads once the shop answers — the `online` event alone can come a moment before
 * requests get through.
 */
const PROBE_EVERY_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function shopAnswers(): Promise<boolean> {
  try {
    return (await fetch('/healthz', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

let probing = false;
async function reloadWhenBack() {
  if (probing) return;
  probing = true;
  while (navigator.onLine) {
    await sleep(PROBE_EVERY_MS);
    if (await shopAnswers()) return window.location.reload();
  }
  probing = false;
}

document.getElementById('retry')?.addEventListener('click', async () => {
  if (navigator.onLine && (await shopAnswers())) return window.location.reload();
  const status = document.getElementById('still-offline');
  if (status) status.textContent = 'Still offline. This page opens by itself as soon as the connection returns.';
});
window.addEventListener('online', () => void reloadWhenBack());
void reloadWhenBack();
