// Lint: Next's recommended rules (React, hooks, core web vitals) plus typescript-eslint, strict on `any` and `!`,
// one import style, and the folders' boundaries.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { boundariesConfig } from './eslint/boundaries.mjs';

// A relative import names its file with the extension ('./checksum.ts'): one style everywhere, and the
// path is the file a reader opens. `\x2F` is `/`, which esquery's regex syntax cannot hold.
const RELATIVE_WITHOUT_EXTENSION = String.raw`/^\.\.?\x2F(?!.*\.(ts|tsx|js|mjs|json|css)$)/`;
const RELATIVE_IMPORT_MESSAGE = "Relative imports name the file with its extension ('./checksum.ts', './order-book.tsx').";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', '.data/**', 'lib/generated/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'bench/results/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        ...['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].map((node) => ({
          selector: `${node}[source.value=${RELATIVE_WITHOUT_EXTENSION}]`,
          message: RELATIVE_IMPORT_MESSAGE,
        })),
      ],
    },
  },
  // Who may import whom: eslint/boundaries.mjs.
  ...boundariesConfig,
];

export default config;
