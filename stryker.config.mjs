// Mutation testing of the pure rules in shared/ (`npm run mutation`; one file: `npm run mutation --
// --mutate shared/src/lifecycles.ts`). In place: the workspaces resolve @timebank/shared through
// node_modules to this folder, so a sandbox copy would test the unmutated sources. Run it alone.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'command',
  commandRunner: { command: 'npx ava test/shared/**' },
  mutate: ['shared/src/**/*.ts'],
  inPlace: true,
  // tsx does not type-check; and in place, a run that is stopped must not leave `// @ts-nocheck` behind.
  disableTypeChecks: false,
  coverageAnalysis: 'off',
  concurrency: 1,
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: '.stryker-tmp',
};
