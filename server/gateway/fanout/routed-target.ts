// One socket as a hub's target: each frame goes into its outbox under one route (a subscription's key,
// or USER_ROUTE for order events), waiting there like any reply, never conflated or dropped. A target
// made `timed` gets the index's live ticks with hop times (forwarded-channel.ts).
import type { ClientOutbox } from './client-outbox.ts';
import type { Route } from './outbound-format.ts';
import type { SharedFrame } from './shared-frame.ts';

export class RoutedTarget {
  constructor(
    private readonly outbox: ClientOutbox,
    private readonly route: Route,
    readonly timed = false,
  ) {}

  // A method, not a per-target arrow function (which the TypeScript loader would name, giving it a property dictionary).
  send(frame: SharedFrame): void {
    this.outbox.send(frame, undefined, this.route);
  }
}
