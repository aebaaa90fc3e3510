import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:aws`: the synthesized stack on moto (see test/aws/README.md). Its files end in `.aws-test.ts`, not
 * `.test.ts`, so the default config (every `.test.ts` under test/) never picks them up and `npm test` needs no moto.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/aws/**/*.aws-test.ts'],
    globalSetup: ['test/aws/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    // One moto server per run and moto's IAM switch is global: the files take turns.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
