// Shared with the scripts that start real processes (scripts/lib/).
export { sleep, waitFor } from '../../scripts/lib/wait-for.ts';
