// Incident 1: the server compiled (tsc accepts the `@/` path alias) but died at start with
// MODULE_NOT_FOUND, because tsc leaves the alias as is in the emitted JavaScript. The team's
// config starts the server and asks its /health URL before every push.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export default {
  title: 'A server that compiles but crashes at start (@/ alias under plain tsc)',
  incident: 'incident 1, required-build smoke test',
  async run({ write, git, dir }) {
    write('shipguard.config.ts', smokeConfig(await freePort()));
    git('add', '-A');
    git('commit', '-q', '--no-verify', '-m', 'shipguard: start the server and check /health before a push');

    const tsconfig = JSON.parse(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
    tsconfig.compilerOptions.paths = { '@/*': ['./src/*'] };
    write('tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`);
    const server = readFileSync(path.join(dir, 'src/server.ts'), 'utf8');
    write('src/server.ts', server.replace("'./routes/products.js'", "'@/routes/products.js'"));
    git('add', '-A');
    // runtime-imports already refuses this commit at pre-commit (scene 32); skip that hook here to
    // show the second line of defence: the push builds, starts the server and sees it crash.
    git('commit', '-q', '--no-verify', '-m', 'import routes through the @ alias');
    return { expect: 'blocked', ...git('push', 'origin', 'feature/work') };
  },
};

/** The webshop team's config: build, then start the server on its own port and ask /health. */
function smokeConfig(port) {
  return `import { defineConfig } from 'shipguard';

export default defineConfig({
  extends: ['shipguard/presets/recommended'],
  rules: {
    'required-build': ['error', { smoke: { start: 'npm start', url: 'http://127.0.0.1:${port}/health', env: { PORT: '${port}' } } }],
  },
});
`;
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
