// shipguard/presets/strict: recommended with tighter limits, for teams that want small steps.
/** @type {import('shipguard').UserConfig} */
export default {
  extends: ['shipguard/presets/recommended'],
  // Emergency skips are for laptops; CI always runs every rule.
  allowSkip: ['pre-commit', 'pre-push'],
  rules: {
    // "50-100 lines per commit for complex changes" (incident 5's own team rule).
    'commit-size': ['error', { maxLines: 200, warnLines: 100, maxFiles: 15, warnFiles: 10, push: { maxLines: 800, maxFiles: 40 } }],
    'protected-branch': ['error', { branches: ['main', 'master', 'production', 'release/*'] }],
    // Strict refuses hard-coded deploy logins as the usual cloud admin users too, not only root.
    secrets: ['error', { sshUsers: ['root', 'admin', 'ubuntu', 'ec2-user'] }],
  },
};
