export * from './ai-backend-error';
export * from './ai-responder';
export * from './ai.module';
export * from './ask-your-database/ask-your-database-client';
export * from './ask-your-database/base-url';
