// A token committed and "removed" in the next commit is still in the history being pushed.
import { randomBytes } from 'node:crypto';

export default {
  title: 'A Stripe key committed, then removed, then pushed',
  incident: 'incidents 1 and 2, secrets at pre-push',
  run({ write, git }) {
    const key = ['sk', 'live', randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')].join('_');
    write('src/payments.ts', `export const stripeKey = '${key}';\n`);
    git('add', '-A');
    git('commit', '-q', '--no-verify', '-m', 'payments: quick test');
    write('src/payments.ts', 'export const stripeKey = process.env.STRIPE_SECRET_KEY;\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'payments: key from env');
    return { expect: 'blocked', ...git('push', 'origin', 'HEAD') };
  },
};
