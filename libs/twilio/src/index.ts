export * from './twilio-http-client';
export * from './sandbox/sandbox-numbers';
export * from './sandbox/sandbox-phone-numbers';
export * from './sandbox/twilio-sandbox';
export * from './twilio-error';
export * from './twilio-gateway';
export * from './twilio.module';
