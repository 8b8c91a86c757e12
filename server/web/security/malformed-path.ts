// A path whose percent-encoding does not decode (`/trade/%ZZ`) cannot name a route: Next would fail
// decoding it for a dynamic segment and answer 500. It is refused at the door with a 400 instead.

/** The 400 for a path that does not percent-decode, or undefined for a well-formed one. */
export function refuseMalformedPath(pathname: string): Response | undefined {
  try {
    decodeURIComponent(pathname);
    return undefined;
  } catch {
    return Response.json({ error: 'bad_request', message: 'path: malformed percent-encoding' }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  }
}
