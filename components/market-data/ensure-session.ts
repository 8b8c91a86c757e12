// The demo account behind the page: POST /api/session returns the cookie's session, or creates one.

/** Resolves once the browser holds a session cookie, or once it is clear there will be none (never rejects). */
export async function ensureSession(): Promise<boolean> {
  try {
    const response = await fetch('/api/session', { method: 'POST', credentials: 'same-origin' });
    return response.ok;
  } catch {
    // Offline or no trading on this deployment: market data works without a session.
    return false;
  }
}
