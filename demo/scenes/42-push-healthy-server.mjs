// The commit that was fine: it builds, the server starts and answers /health, so the push goes
// through. A second push of the same tree reuses the recorded pass instead of building again.
import net from 'node:net';
import path from 'node:path';

export default {
  title: 'A healthy change: built, started, /health answered, pushed',
  incident: 'required-build, the push that was fine',
  async run({ write, git, dir }) {
    const port = await freePort();
    write(
      'shipguard.config.ts',
      `import { defineConfig } from 'shipguard';

export default defineConfig({
  extends: ['shipguard/presets/recommended'],
  rules: {
    'required-build': ['error', { smoke: { start: 'npm start', url: 'http://127.0.0.1:${port}/health', env: { PORT: '${port}' } } }],
  },
});
`,
    );
    git('add', '-A');
    git('commit', '-q', '--no-verify', '-m', 'shipguard: start the server and check /health before a push');
    write('src/routes/version.ts', "export const version = { name: 'webshop', release: '1.4.0' };\n");
    git('add', '-A');
    git('commit', '-q', '-m', 'version info');
    const first = git('push', 'origin', 'feature/work');
    if (first.code !== 0) return { expect: 'allowed', ...first };
    // A second remote that has none of these commits (kept inside .git, so the demo cleans it up).
    const mirror = path.join(dir, '.git', 'demo-mirror.git');
    git('init', '-q', '--bare', mirror);
    git('remote', 'add', 'mirror', mirror);
    const again = git('push', 'mirror', 'HEAD:refs/heads/feature/work');
    return { expect: 'allowed', code: again.code, output: `${first.output}\n$ git push mirror (the same tree again)\n${again.output}` };
  },
};

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
