import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // This file lives in .config/ (the top level holds only the design card's entries): patterns are the project's.
  { basePath: '..' },
  {
    ignores: [
      '.output/**',
      '.output-*/**',
      '.wxt/**',
      'node_modules/**',
      'tests/bench/results/**',
      'tests/bench/tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Page, corpus and import text is rendered as text, never parsed as HTML.
      'no-restricted-syntax': [
        'error',
        { selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]', message: 'Render text, never HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Render text, never HTML.' },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, never HTML.' },
        {
          selector: "CallExpression[callee.property.name='write'][callee.object.name='document']",
          message: 'Render text, never HTML.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: "Import z from lib/zod.ts: it turns zod's JIT off (MV3 forbids eval)." }],
          patterns: [
            {
              group: ['zod/*'],
              message: "Import zod/mini's z from lib/zod-mini.ts (classic: lib/zod.ts): both turn zod's JIT off.",
            },
          ],
        },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  { files: ['lib/zod.ts', 'lib/zod-mini.ts'], rules: { 'no-restricted-imports': 'off' } },
);
