/**
 * What a WebSocket send that went out at once resolves with: one settled promise shared by every such send, so
 * a caller that must not wait a microtask (broadcast's `pipeTo`, writing inside a publish) can tell by identity.
 */
export const SENT: Promise<void> = Promise.resolve();

/** Whether `sending` (a send's result) means the frame is already written. */
export function isSent(sending: Promise<void>): boolean {
  return sending === SENT;
}
