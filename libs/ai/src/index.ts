export * from './ai-responder';
export * from './ai.module';
