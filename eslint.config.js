// Lint: the recommended rules of ESLint and typescript-eslint over the code and its tests; the type checker (npm run
// lint runs tsc too) covers the rest. The layers of src/ are rules here, so the structure cannot drift silently
// (docs/development.md draws them):
//   src/index.ts, src/cli.ts     the entries
//   src/action/, src/cli/        the two front ends: each imports the engine, never the other
//   src/engine/                  imports no front end and nothing of @actions/*
//     apply/                     read → plan → write → confirm → health → rollback; may use every part below
//     credentials/, sae/         STS and SAE clients on pop-core          net/  agents, proxies, network errors
//     plan/                      the pure planner                         ingress/  the file format
//     model/, text/, clock, log, failure, version: shapes and helpers everyone shares, importing none of the above
// and no file imports another in a loop.
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

const engine = './src/engine'
/** What lies above each part of the engine: it may import none of it. */
const above = {
  ingress: ['plan', 'sae', 'net', 'apply', 'credentials'],
  plan: ['sae', 'net', 'apply', 'credentials'],
  net: ['ingress', 'plan', 'sae', 'apply', 'credentials'],
  sae: ['plan', 'apply', 'credentials'],
  credentials: ['plan', 'apply'],
  model: ['ingress', 'plan', 'sae', 'net', 'apply', 'credentials'],
  text: ['ingress', 'plan', 'sae', 'net', 'apply', 'credentials', 'model']
}
const zones = [
  { target: engine, from: ['./src/action', './src/cli', './src/index.ts', './src/cli.ts'], message: 'The engine serves both front ends and imports neither.' },
  { target: './src/action', from: './src/cli', message: 'The front ends share the engine, not each other.' },
  { target: './src/cli', from: './src/action', message: 'The front ends share the engine, not each other.' },
  ...Object.entries(above).map(([part, parts]) => ({
    target: `${engine}/${part}`,
    from: parts.map(name => `${engine}/${name}`),
    message: `engine/${part} lies below ${parts.join(', ')}: it may not import them.`
  }))
]

export default tseslint.config(
  { ignores: ['dist/', 'dist.next/', 'node_modules/', 'coverage/', 'src/**/*.generated.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', URLSearchParams: 'readonly', setImmediate: 'readonly', module: 'writable', require: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }]
    }
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones }]
    }
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@actions/*'], message: 'The engine runs outside GitHub Actions too (the CLI): take what the front end hands in.' }] }] }
  },
  // A CommonJS script loads its modules with require().
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } }
)
