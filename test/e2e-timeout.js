// End-to-end tests boot apps and wait on queues: allow more than Jest's 5 s default.
jest.setTimeout(30_000);
