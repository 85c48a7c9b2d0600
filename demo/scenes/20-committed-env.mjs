// Incident 2: the database credentials lived in a committed .env (and .env.local, and compose).
import { randomBytes } from 'node:crypto';

export default {
  title: 'Committing .env with the database password in its connection string',
  incident: 'incident 2, secrets/env-file + postgres-url',
  run({ write, git }) {
    const password = randomBytes(12).toString('base64url'); // generated here: the repository holds no secret
    write('.env', `DATABASE_URL=postgresql://poker:${password}@db.internal:5432/poker\nPORT=3000\n`);
    git('add', '.env');
    return { expect: 'blocked', ...git('commit', '-m', 'config: add env') };
  },
};
