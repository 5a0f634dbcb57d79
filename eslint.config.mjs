// Flat config: typescript-eslint's recommended rules everywhere, and the Office add-in plugin's
// Office.js checks (load before read, no sync in loops …) on the code that talks to Office.js —
// elsewhere they misfire on ExcelJS's getCell().
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

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
);
