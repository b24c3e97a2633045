// Unit specs sit beside the code (libs/**, apps/**); end-to-end suites live in test/.
const swc = ['@swc/jest', { swcrc: true }];
const moduleNameMapper = {
  // Prisma's generated client imports its siblings as './x.js'.
  '^(\\.{1,2}/.*)\\.js$': '$1',
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // Nest 12 ships as ES modules; let swc turn them into CommonJS for Jest's loader.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|nestjs-pino|cookie|file-type|uid|content-disposition)/)'],
  moduleNameMapper,
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      setupFilesAfterEnv: ['<rootDir>/test/e2e-timeout.js'],
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
    },
    {
      // Benchmarks: never part of npm test (npm run bench:*).
      ...common,
      displayName: 'bench',
      testMatch: ['<rootDir>/bench/**/*.bench.ts'],
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
    },
  ],
};
