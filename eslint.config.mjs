// Lint: typescript-eslint with type information, plus the dependency direction of
// the monorepo. `npm run lint` fails on any warning; `npm test` runs it.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layers, lowest first. A lib may import libs of lower layers only, through their
 * index (`@app/x`, never `@app/x/...`), and never an app. Apps import libs.
 */
const LAYERS = {
  common: [],
  config: ['common'],
  // Infrastructure: the outside world (PostgreSQL, Redis, Twilio, the model, logs), one lib each.
  database: ['common', 'config'],
  queue: ['common', 'config'],
  twilio: ['common', 'config'],
  ai: ['common', 'config'],
  logging: ['common', 'config'],
  // Features: the domain, over the infrastructure.
  messaging: ['common', 'config', 'database', 'queue', 'twilio', 'ai'],
};

const DEEP_IMPORT = {
  group: ['@app/*/*'],
  message: 'Import a lib through its index (@app/x): its other files are private to it.',
};
// A relative import that leaves its own lib or app passes through another one's src/ (or libs/, apps/).
const ESCAPING_RELATIVE = {
  group: ['../**/src/**', '../**/libs/**', '../**/apps/**'],
  message: 'Do not reach into another lib or app by a relative path: import the lib as @app/x.',
};

const layerRules = Object.entries(LAYERS).map(([lib, allowed]) => ({
  files: [`libs/${lib}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          DEEP_IMPORT,
          ESCAPING_RELATIVE,
          {
            group: ['@app/*', ...allowed.map((name) => `!@app/${name}`)],
            message: `libs/${lib} may import only ${allowed.length ? allowed.map((n) => `@app/${n}`).join(', ') : 'no other lib'} (dependency direction: apps → features → infrastructure → common).`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'libs/database/src/generated/**', 'bench-results/**'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT, ESCAPING_RELATIVE] }],
    },
  },
  ...layerRules,
  {
    // Tests and benchmarks may drive the apps themselves (the harness boots them), and they
    // read untyped JSON answers all the time: the no-unsafe-* family would only add casts.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'libs/testing/**/*.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT] }],
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain Node scripts and tool configs (CommonJS).
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: { ...globals.node, ...globals.jest },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
