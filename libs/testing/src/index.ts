export * from './fake-openai';
export * from './fake-twilio';
export * from './harness';
export * from './test-database';
export * from './wait-for';
export * from './processes';
export * from './tcp-proxy';
export * from './redis-server';
