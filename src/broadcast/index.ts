/**
 * `skiffjs/broadcast` — publish/subscribe and presence for WebSocket apps, in memory or across machines via Redis.
 * @example
 * import { Broadcast } from "skiffjs/broadcast";
 * const broadcast = new Broadcast(process.env.BROADCAST_URL ?? "memory://");
 * await broadcast.connect();
 * await broadcast.publish("room:lobby", { from: "alice", text: "hi" });
 */
export { Broadcast, type SubscribeOptions } from "./broadcast.ts";
export type { BroadcastEvent, PresenceMember } from "./backend.ts";
export { BroadcastError, BroadcastOverflowError, BroadcastUnavailableError } from "./errors.ts";
export type { BroadcastOptions } from "./options.ts";
export { Presence, type PresenceOptions } from "./presence.ts";
export type { ReconnectOptions } from "./options.ts";
export type { EventSink, PipeOptions } from "./pipe.ts";
export type { OverflowPolicy, QueueOptions, Subscription } from "./subscription.ts";
