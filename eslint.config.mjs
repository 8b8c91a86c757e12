// Lint: Next's recommended rules (React, hooks, core web vitals) plus typescript-eslint, strict on `any` and `!`,
// one import style, and the folders' boundaries.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { boundariesConfig } from './eslint/boundaries.mjs';

// An import of our own code (relative, or through the `@/` alias) names its file with the extension
// ('./checksum.ts', '@/components/order-book/order-book.tsx'): one style everywhere, and the path is the
// file a reader opens. `\x2F` is `/`, which esquery's regex syntax cannot hold.
const OWN_IMPORT_WITHOUT_EXTENSION = String.raw`/^(\.\.?|@)\x2F(?!.*\.(ts|tsx|js|mjs|json|css)$)/`;
const OWN_IMPORT_MESSAGE = "Imports of our own code name the file with its extension ('./checksum.ts', '@/lib/client/format.ts').";

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
          selector: `${node}[source.value=${OWN_IMPORT_WITHOUT_EXTENSION}]`,
          message: OWN_IMPORT_MESSAGE,
        })),
      ],
    },
  },
  // Who may import whom: eslint/boundaries.mjs.
  ...boundariesConfig,
];

export default config;
