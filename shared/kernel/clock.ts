/** Services read time through a Clock so tests can fix it; pure logic takes `now` as an argument. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
