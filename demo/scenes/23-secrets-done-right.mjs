// The same three files written the way the teams' own plans asked: values from the environment.
export default {
  title: 'Env template, compose interpolation and a deploy through CI secrets',
  incident: 'incidents 1 and 2, the commit that was fine',
  run({ write, git }) {
    write('.env.example', 'DATABASE_URL=postgresql://user:password@localhost:5432/poker\nPORT=3000\nJWT_SECRET=\n');
    write('docker-compose.yml', 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: poker\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n');
    write(
      '.github/workflows/deploy.yml',
      'name: deploy\non: { push: { branches: [main] } }\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ssh "${{ secrets.DEPLOY_USER }}@${{ secrets.DEPLOY_HOST }}" "cd /srv/webshop && ./deploy.sh"\n',
    );
    write('.gitignore', 'node_modules/\ndist/\n.env\n.env.local\n');
    git('add', '-A');
    return { expect: 'allowed', ...git('commit', '-m', 'config from the environment') };
  },
};
