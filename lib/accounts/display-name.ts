// The one rule for a display name, shared by every endpoint that sets one.
import { z } from 'zod';

// Control characters would let a name break a log line or a table cell.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
// Bidirectional overrides, embeddings, isolates and marks reorder the text around them: a name could
// make a table row or a log line read differently from what it holds ("Trojan Source").
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
// Invisible characters: zero-width spaces and joiners, the BOM and every other format character
// (Unicode category Cf), and line and paragraph separators. They let two names that look the same differ.
const INVISIBLE_CHARACTERS = /[\p{Cf}\p{Zl}\p{Zp}]/u;
// Half of a surrogate pair is not text at all (JSON can carry one); the database would refuse it.
const LONE_SURROGATE = /\p{Cs}/u;

/** 1–40 characters after trimming, no control, bidirectional or invisible characters (the column is VARCHAR(40)). */
export const displayNameSchema = z
  .string()
  // Checked before trimming, which would quietly drop a leading or trailing U+FEFF or U+2028.
  .refine((name) => !BIDI_CONTROLS.test(name), 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)')
  .refine((name) => !INVISIBLE_CHARACTERS.test(name), 'must not contain invisible characters (zero-width, format or separator characters)')
  .refine((name) => !LONE_SURROGATE.test(name), 'must be valid Unicode text (it holds an unpaired surrogate)')
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .refine((name) => !CONTROL_CHARACTERS.test(name), 'must not contain control characters');
