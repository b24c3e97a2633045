export * from './live-event';
export * from './live-events';
export * from './live-events-feed';
export * from './stream-id';
