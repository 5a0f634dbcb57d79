const os = require('os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Transpile only (tsconfig.jest.json): the pretest step type-checks everything once.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // Fails once, with what to do, when ../shared/fixtures is missing.
  globalSetup: '<rootDir>/test/global-setup.ts',
  // At least two workers: jest's default (cores − 1) runs a 2-core machine's suites one at a time.
  maxWorkers: Math.max(2, os.cpus().length - 1),
  testTimeout: 60000,
};
