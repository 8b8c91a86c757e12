// Shared with `npm run cluster` (scripts/lib/).
export { runExpectingFailure, startTickwire, type TickwireProcess } from '../../scripts/lib/tickwire-process.ts';
