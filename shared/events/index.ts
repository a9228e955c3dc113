export { domainEvents, processedEvents } from "./events.tables";
export type { EventEnvelope, NewEvent } from "./event-envelope";
export { makeEnvelope } from "./event-envelope";
export { registerEventHandler, type EventHandler, type EventClients } from "./event-handlers";
export {
  Outbox,
  sweepOutbox,
  dispatchEvents,
  recordDeadLetters,
  transactional,
  type EventSender,
  type InboundMessage,
  type DispatchResult,
} from "./events.service";
