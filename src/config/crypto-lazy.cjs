// Bundled in place of `crypto` for cosmiconfig (rolldown.config.mjs alias): its loaders module
// requires it on load, for the temporary file names of a TypeScript loader shipguard does not use
// (config/typescript.ts compiles .ts configs). node:crypto then loads only if that code runs,
// instead of costing every hook run ~3 ms.
'use strict';

module.exports = {
  randomUUID: (...args) => require('node:crypto').randomUUID(...args),
};
