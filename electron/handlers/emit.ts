/**
 * Events are checked against the contract before they leave, like channel outputs: a malformed
 * progress event is dropped (and logged), never forwarded to the window.
 */
import { events, type EventName, type EventPayload } from '../contract/index.ts';

export function checkedEmitter(
  send: (event: EventName, payload: unknown) => void,
  log: (message: string) => void = () => undefined,
): <E extends EventName>(event: E, payload: EventPayload<E>) => void {
  return (event, payload) => {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      log(`event ${event} dropped: it does not match the contract`);
      return;
    }
    send(event, parsed.data);
  };
}
