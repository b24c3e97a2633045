// Fakes of the outside world for tests and benchmarks, as real local HTTP servers. Never imported by apps or libs.
export * from './fake-ask-your-database';
