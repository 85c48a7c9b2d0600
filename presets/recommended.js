// shipguard/presets/recommended: every rule that prevents a real outage, tuned to stay quiet on
// ordinary commits. See docs/presets.md for why each setting is what it is.
/** @type {import('shipguard').UserConfig} */
export default {
  rules: {
    // Incident 5: a 348-line commit. Errors above 300 changed lines or 25 files; warns above 150 / 15.
    'commit-size': 'error',
    // Incident 5: the bad change went straight to main and needed a force push to recover.
    'protected-branch': 'error',
    // Incidents 1 and 2: database passwords in .env and docker-compose.yml, `ssh root@<IP>` in the deploy step.
    secrets: 'error',
  },
};
