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
    // Three literal rows sharing two fields already make a hard-coded list (recommended: five and three).
    'no-mock-data': ['error', { records: { minRecords: 3, minSharedKeys: 2 } }],
    // Background workers and jobs outside src/ run on the server too (incident 5's worker): their imports must resolve there.
    'runtime-imports': ['error', { production: ['src/**', 'app/**', 'server/**', 'lib/**', 'pages/**', 'api/**', 'worker/**', 'workers/**', 'jobs/**'] }],
    // Incident 4 again: report dependencies missing from the lockfile (on in recommended too; never relaxed here).
    'lockfile-sync': ['error', { checkEntries: true }],
    // Build every push in a fresh checkout: stale dist/ output in the working tree cannot hide a missing module.
    'required-build': ['error', { isolate: 'always' }],
    // Strict refuses hard-coded deploy logins as the usual cloud admin users too, not only root.
    secrets: ['error', { sshUsers: ['root', 'admin', 'ubuntu', 'ec2-user'] }],
  },
};
