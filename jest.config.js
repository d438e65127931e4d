// Jest runs in native ESM mode (NestJS 12 ships ESM only): see README "Testing".
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
};
const moduleNameMapper = {
  '^@shuping/(config|contracts|engine|review|db)$': '<rootDir>/libs/$1/src/index.ts',
  '^@shuping/worker$': '<rootDir>/apps/worker/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const common = {
  rootDir: '.',
  transform,
  moduleNameMapper,
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,apps}/*/src/**/*.spec.ts',
        '<rootDir>/workflows/**/*.spec.ts',
        '<rootDir>/bench/src/**/*.spec.ts',
      ],
      testPathIgnorePatterns: [
        '\\.integration\\.spec\\.ts$',
        '/node_modules/',
        '/dist/',
        '<rootDir>/apps/web/',
      ],
    },
    {
      ...common,
      // The web app's pure modules (graph conversion, form rules): bundler-style imports, JSX.
      displayName: 'web',
      transform: {
        '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/apps/web/tsconfig.json' }],
      },
      extensionsToTreatAsEsm: ['.ts', '.tsx'],
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.{ts,tsx}'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{libs,apps}/*/src/**/*.integration.spec.ts',
        '<rootDir>/test/e2e/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
    },
  ],
};
