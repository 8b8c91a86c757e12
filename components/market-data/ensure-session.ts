// The demo account behind the page: POST /api/session returns the cookie's session, or creates one.

let pending: Promise<boolean> | undefined;

/**
 * Resolves once the browser holds a session cookie, or once it is clear there will be none (never
 * rejects). Calls made while one is under way share it: after a sign-out the button and the closed
 * socket both ask, and must not open two accounts.
 */
export function ensureSession(): Promise<boolean> {
  pending ??= acrossTabs(openOrResume).finally(() => {
    pending = undefined;
  });
  return pending;
}

// Tabs opened together on a fresh browser would each create an account, the last cookie winning
// (the tabs share one socket, opened with whichever cookie was there). One tab at a time: the next
// one finds the cookie the first one got and resumes that session.
function acrossTabs(run: () => Promise<boolean>): Promise<boolean> {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: { request(name: string, callback: () => Promise<boolean>): Promise<boolean> } }).locks;
  return locks ? locks.request('tickwire-session', run) : run();
}

async function openOrResume(): Promise<boolean> {
  try {
    // JSON, like every state-changing call: the server refuses form content types (CSRF defence).
    const response = await fetch('/api/session', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return response.ok;
  } catch {
    // Offline or no trading on this deployment: market data works without a session.
    return false;
  }
}
