export * from './redirecting-request-client';
export * from './twilio-error';
export * from './twilio-gateway';
export * from './twilio.module';
