// The value types of the settings lib/config.ts reads: each a zod schema that turns one environment
// string into a checked value, with the message a bad value is refused with.
import { z } from 'zod';
import { isProxyEntry } from './net/client-address.ts';

export const portNumber = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

export function urlWithProtocols(protocols: string[], example: string) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL like ${example}` },
  );
}

// A CSP frame-ancestors source: *, 'self', 'none', a scheme (https:) or a host (https://*.example.com:443).
const FRAME_SOURCE = /^(\*|'self'|'none'|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*:\/\/)?(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?(\/[^\s;,'"]*)?)$/i;

/** Space- or comma-separated frame-ancestors sources, normalised to one space-separated list. */
export const frameAncestors = z
  .string()
  .transform((raw) => raw.split(/[\s,]+/).filter(Boolean))
  .refine((sources) => sources.length > 0 && sources.every((s) => FRAME_SOURCE.test(s)), "must be CSP frame-ancestors sources like * or 'self' https://example.com")
  .refine((sources) => !sources.includes("'none'") || sources.length === 1, "'none' must stand alone")
  .transform((sources) => sources.join(' '));

export const flag = z.enum(['true', 'false', '1', '0'], { message: 'must be true or false (or 1 or 0)' }).transform((v) => v === 'true' || v === '1');

// Venue symbols as Binance spells them: BTCUSDT,ETHUSDT.
export const venueSymbols = z
  .string()
  .transform((raw) => raw.split(/[\s,]+/).filter(Boolean))
  .refine((symbols) => symbols.length > 0 && symbols.every((s) => /^[A-Z0-9]{2,20}$/.test(s)), 'must be Binance symbols like BTCUSDT,ETHUSDT');

export const positiveInt = (what: string) => z.coerce.number({ message: `must be ${what}` }).int(`must be ${what}`).positive(`must be ${what}`);

/** Comma-separated IP addresses or CIDR ranges (TRUSTED_PROXIES, OPS_ALLOW). */
export const addressList = z
  .string()
  .transform((raw) => raw.split(/[\s,]+/).filter(Boolean))
  .refine((entries) => entries.every(isProxyEntry), 'must be IP addresses or CIDR ranges like 10.0.0.0/8,fd00::/8, comma-separated');

// A session limit: at least a second, at most 400 days (the longest a browser keeps a cookie, RFC 6265bis §5.5).
export const sessionDuration = positiveInt('a whole number of milliseconds').min(1000, 'must be at least 1000').max(400 * 24 * 60 * 60 * 1000, 'must be at most 34560000000 (400 days)');
