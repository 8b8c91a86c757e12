// The one rule for a display name, shared by every endpoint that sets one.
import { z } from 'zod';

// Control characters would let a name break a log line or a table cell.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** 1–40 characters after trimming, no control characters (the column is VARCHAR(40)). */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .refine((name) => !CONTROL_CHARACTERS.test(name), 'must not contain control characters');
