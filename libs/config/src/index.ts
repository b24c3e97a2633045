export * from './app-config';
export * from './config.module';
export * from './env.schema';
export * from './startup-error';
export * from './sandbox-defaults';
export * from './secrets';
export * from './trust-proxy';
export * from './loopback';
