/**
 * Sensitive actions answer 403 REAUTH_REQUIRED when the session must prove the password again. The
 * base query then asks whoever registered a prompt (the re-authentication dialog, mounted by the
 * storefront and admin layouts) and sends the request once more if the person confirmed.
 */
export type ReauthPrompt = () => Promise<boolean>;

let prompt: ReauthPrompt | undefined;
let pending: Promise<boolean> | undefined;

/** Registers the prompt; returns the function that removes it again. */
export function setReauthPrompt(next: ReauthPrompt): () => void {
  prompt = next;
  return () => {
    if (prompt === next) prompt = undefined;
  };
}

/** True once the password was proved again; false when cancelled or when nothing can ask. Concurrent refusals share one dialog. */
export function reauthenticate(): Promise<boolean> {
  if (!prompt) return Promise.resolve(false);
  pending ??= prompt().finally(() => (pending = undefined));
  return pending;
}
