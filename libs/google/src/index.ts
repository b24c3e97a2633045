export * from './google-calendar';
export * from './google.module';
