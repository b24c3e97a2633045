export * from './job-catalogue';
export * from './job-options';
export * from './job-queue.service';
export * from './queue-name.enum';
export * from './queue.module';
export * from './redis.provider';
export * from './preflight';
export * from './worker-heartbeat';
