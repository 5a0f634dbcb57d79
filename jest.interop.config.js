/** `npm run test:interop`: tests that need LibreOffice (soffice) on the PATH; not part of `npm test`. */
const base = require('./jest.config.js');
module.exports = { ...base, testMatch: ['<rootDir>/test/interop/**/*.interop.ts'], testTimeout: 180000 };
