// Bundled in place of js-yaml for cosmiconfig (rolldown.config.mjs alias): the real js-yaml (90 KB)
// loads only when a YAML config or meta config is read, instead of being compiled into every run.
// Resolved through cosmiconfig, whose dependency it is (under pnpm it is not shipguard's).
'use strict';
const { createRequire } = require('node:module');

let real;
function jsYaml() {
  real ??= createRequire(require.resolve('cosmiconfig'))('js-yaml');
  return real;
}

module.exports = {
  load: (...args) => jsYaml().load(...args),
};
