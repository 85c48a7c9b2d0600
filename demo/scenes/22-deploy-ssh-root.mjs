// Incident 1: the CI deploy step logged in as root on the production server's public IP.
export default {
  title: 'A deploy workflow with `ssh root@<public IP>`',
  incident: 'incident 1, secrets/ssh-root-target',
  run({ write, git }) {
    const ip = `203.0.113.${10 + Math.floor(Math.random() * 200)}`; // TEST-NET-3: documentation range
    write(
      '.github/workflows/deploy.yml',
      `name: deploy\non: { push: { branches: [main] } }\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ssh root@${ip} "cd /var/www/webshop && git pull && pm2 restart all"\n`,
    );
    git('add', '-A');
    return { expect: 'blocked', ...git('commit', '-m', 'ci: deploy on push') };
  },
};
