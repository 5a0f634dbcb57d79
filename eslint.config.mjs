// Flat config: typescript-eslint's recommended rules everywhere, and the Office add-in plugin's
// Office.js checks (load before read, no sync in loops …) on the code that talks to Office.js —
// elsewhere they misfire on ExcelJS's getCell(). The layering of README "How it is built" is
// enforced here, one block per folder (test/lint/layering.test.ts shows each rule firing).
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

const DECIMAL = {
  name: 'decimal.js',
  message: 'decimal.js only through src/engine/decimal.ts (the engine’s configured clone): use D and the helpers the engine exports.',
};
const PURE = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'http', 'https', 'net', 'worker_threads', 'exceljs', 'jszip'].map((name) => ({
  name,
  message: 'src/engine and src/sheet are pure: no I/O, no file library (that is src/hosts).',
}));
const NODE_PREFIX = { regex: '^node:', message: 'src/engine and src/sheet are pure: no Node built-ins.' };

/** `@typescript-eslint/no-restricted-imports` for some files (flat config: the last block that sets a rule wins). */
const layer = (files, paths, patterns = []) => ({
  files,
  rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
});

// Worksheet functions are thin wrappers: every number comes from the engine (issue 11: TOTAL once
// rebuilt the caps itself and gave 69 where the engine gives 59).
const NO_ARITHMETIC = 'src/functions has no arithmetic of its own: ask the engine (src/engine/worksheet.ts).';
const ARITHMETIC = [
  { selector: "BinaryExpression[operator=/^([-+*\\/%]|\\*\\*)$/]", message: NO_ARITHMETIC },
  { selector: "AssignmentExpression[operator=/^([-+*\\/%]|\\*\\*)=$/]", message: NO_ARITHMETIC },
  { selector: 'UpdateExpression', message: NO_ARITHMETIC },
  { selector: "UnaryExpression[operator='-']", message: NO_ARITHMETIC },
  { selector: "MemberExpression[object.name='Math']", message: NO_ARITHMETIC },
  {
    selector:
      'CallExpression[callee.property.name=/^(plus|minus|times|dividedBy|div|mul|add|sub|mod|modulo|pow|toPower|neg|negated|abs|absoluteValue|sqrt|squareRoot|round|floor|ceil|trunc|truncated|toDecimalPlaces|toDP|toSignificantDigits|toSD|sum|max|min|exp|ln|log|clamp)$/]',
    message: NO_ARITHMETIC,
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'dist-addin/**', 'node_modules/**', 'coverage/**', 'bin/**', '*.config.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/hosts/excel/**/*.ts', 'taskpane/**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: Object.fromEntries(
      Object.keys(officeAddins.rules).filter((r) => r !== 'no-office-initialize').map((r) => [`office-addins/${r}`, 'error']),
    ),
  },
  // Layering: grid → forms → scores → write plan → host.
  layer(['src/**/*.ts', 'taskpane/**/*.ts', 'bench/**/*.ts'], [DECIMAL]),
  layer(['src/engine/**/*.ts'], [DECIMAL, ...PURE], [NODE_PREFIX, { regex: '^\\.\\./', message: 'src/engine imports nothing of ours outside src/engine.' }]),
  layer(['src/engine/decimal.ts'], PURE, [NODE_PREFIX, { regex: '^\\.\\./', message: 'src/engine imports nothing of ours outside src/engine.' }]),
  layer(['src/sheet/**/*.ts'], [DECIMAL, ...PURE], [NODE_PREFIX, { regex: '^\\.\\./(?!engine$)', message: 'src/sheet imports src/engine only.' }]),
  layer(
    ['src/hosts/**/*.ts'],
    [DECIMAL],
    [
      { regex: '(^|/)(cli|functions|taskpane)(/|$)', message: 'src/hosts never imports src/cli, src/functions or the task pane.' },
      { regex: '(^|/)engine(/|$)', allowTypeImports: true, message: 'src/hosts imports engine types only (import type).' },
      { regex: '(^|/)sheet(/(?!(contract|grid|a1|errors)$).*)?$', message: 'src/hosts imports only the sheet contracts (sheet/contract, sheet/grid, sheet/a1, sheet/errors).' },
    ],
  ),
  layer(['src/functions/**/*.ts'], [DECIMAL], [{ regex: '^\\.\\./(?!engine$)', message: 'src/functions imports the engine only.' }]),
  { files: ['src/functions/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...ARITHMETIC] } },
);
