/** Shared by the unit pass (default) and the e2e passes (JEST_PASS=e2e). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const e2e = process.env.JEST_PASS === 'e2e';

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  testMatch: e2e ? ['<rootDir>/test/**/*.e2e-spec.ts'] : ['<rootDir>/src/**/*.spec.ts'],
  // test/mysql/ needs a networked database (it cuts the connection): not part of the SQLite pass.
  testPathIgnorePatterns:
    e2e && process.env.E2E_DATABASE !== 'mysql' ? ['/node_modules/', '<rootDir>/test/mysql/'] : ['/node_modules/'],
  ...(e2e
    ? {
        globalSetup: '<rootDir>/test/global-setup.ts',
        globalTeardown: '<rootDir>/test/global-teardown.ts',
        testTimeout: 30000,
        maxWorkers: 1,
      }
    : {}),
};
