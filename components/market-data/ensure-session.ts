// The demo account behind the page: POST /api/session returns the cookie's session, or creates one.

/** Resolves once the browser holds a session cookie, or once it is clear there will be none (never rejects). */
export async function ensureSession(): Promise<boolean> {
  try {
    // JSON, like every state-changing call: the server refuses form content types (CSRF defence).
    const response = await fetch('/api/session', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return response.ok;
  } catch {
    // Offline or no trading on this deployment: market data works without a session.
    return false;
  }
}
