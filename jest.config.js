/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Transpile only (tsconfig.jest.json): the pretest step type-checks everything once.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // Fails once, with what to do, when ../shared/fixtures is missing.
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Both cores: jest's default (cores − 1) runs a 2-core machine's suites one at a time.
  maxWorkers: 2,
  testTimeout: 60000,
};
