// shipguard guards its own repository with the same rules it ships (.husky/ hooks and .ci/run).
import { defineConfig } from 'shipguard';

export default defineConfig({
  extends: ['shipguard/presets/recommended'],
  rules: {
    'commit-size': [
      'error',
      {
        // Test fixtures are generated data, and bench/real-history/ holds measured data (replay results and
        // their judged verdicts); both are reviewed as a whole rather than line by line.
        exclude: ['test/fixtures/**', 'bench/real-history/**'],
      },
    ],
    // Trunk-based: work lands on main after CI; history on main is never rewritten or deleted.
    'protected-branch': ['error', { allow: ['commit', 'push'] }],
  },
});
