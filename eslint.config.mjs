// Flat config: typescript-eslint's recommended rules plus the Office add-in plugin's checks
// (it ships the ecosystem's rules for Office.js code: load before read, sync in loops …).
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'dist-addin/**', 'node_modules/**', 'coverage/**', 'bin/**', '*.config.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'taskpane/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: {
      // The plugin's Office.js rules, without its bundled prettier formatting preset.
      ...Object.fromEntries(Object.keys(officeAddins.rules).filter((r) => r !== 'no-office-initialize').map((r) => [`office-addins/${r}`, 'error'])),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
