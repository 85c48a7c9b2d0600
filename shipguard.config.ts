// shipguard guards its own repository with the same rules it ships (.husky/ hooks and .ci/run).
import { defineConfig } from 'shipguard';

export default defineConfig({
  extends: ['shipguard/presets/recommended'],
  rules: {
    'commit-size': [
      'error',
      {
        // Test fixtures are generated data, reviewed as a whole rather than line by line.
        exclude: ['test/fixtures/**'],
      },
    ],
    // Trunk-based: work lands on main after CI; history on main is never rewritten or deleted.
    'protected-branch': ['error', { allow: ['commit', 'push'] }],
  },
});
