'use client';
// Zod compiles object parsers with `new Function` when it may, and probes for that once with a caught
// `new Function("")`. Under the pages' Content-Security-Policy (no 'unsafe-eval') the browser refuses
// the probe, and reports it as a violation even though zod catches it: jitless mode skips the probe
// and the compiling alike. This module runs once per page, before any parse (hydration comes after
// every client module has loaded).
import { z } from 'zod';

z.config({ jitless: true });

/** Rendered once by the root layout, so that every page loads this module. */
export function ZodJitless(): null {
  return null;
}
