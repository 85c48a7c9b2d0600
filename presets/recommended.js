// shipguard/presets/recommended: every rule that prevents a real outage, tuned to stay quiet on
// ordinary commits. See docs/presets.md for why each setting is what it is.
/** @type {import('shipguard').UserConfig} */
export default {
  rules: {
    // Incident 5: a 348-line commit. Errors above 300 changed lines or 25 files; warns above 150 / 15.
    'commit-size': 'error',
    // Incident 5: the bad change went straight to main and needed a force push to recover.
    'protected-branch': 'error',
    // Incident 1: the old server served hard-coded mock products; "no mock data in production, ever".
    'no-mock-data': 'error',
    // Incidents 1 and 4: `@/` aliases under plain tsc and unlisted modules compiled, then crashed with MODULE_NOT_FOUND.
    'runtime-imports': 'error',
    // Incident 4: node_modules drifted from the lockfile ("Cannot find module '@prisma/engines'").
    'lockfile-sync': 'error',
    // Incidents 1 and 5: pushed without building. Runs package.json's build script on the pushed tree (nothing when there is none).
    'required-build': ['error', { commands: 'auto' }],
    // Incidents 1 and 2: database passwords in .env and docker-compose.yml, `ssh root@<IP>` in the deploy step.
    secrets: 'error',
  },
};
