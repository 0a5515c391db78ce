/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 60000,
  globalSetup: '<rootDir>/__tests__/support/global-setup.mjs',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.mjs',
  // Only with --coverage (npm run coverage): what the in-process suites reach of src/. The end-to-end suites run
  // the bundle in a child process, which no coverage sees; generated files and declarations are left out.
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.generated.*', '!src/**/*.d.ts'],
  coverageReporters: ['text', 'text-summary', 'lcov']
}
