// Generic building blocks: no domain, no I/O of their own.
export * from './api-key';
export * from './business';
export * from './clock';
export * from './group-commit';
export * from './outbox-entry';
export * from './phone';
export * from './quiet-window';
export * from './sane-date';
export * from './secret-box';
export * from './uuid';
