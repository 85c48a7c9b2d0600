// Incident 2: a third copy of the password in docker-compose.yml, out of sync with the others.
import { randomBytes } from 'node:crypto';

export default {
  title: 'A database password written into docker-compose.yml',
  incident: 'incident 2, secrets/compose-password',
  run({ write, git }) {
    const password = `Pk${randomBytes(9).toString('base64url')}!7`;
    write('docker-compose.yml', `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: poker\n      POSTGRES_PASSWORD: ${password}\n`);
    git('add', 'docker-compose.yml');
    return { expect: 'blocked', ...git('commit', '-m', 'compose: local database') };
  },
};
