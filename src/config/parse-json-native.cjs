// Bundled in place of parse-json for cosmiconfig (rolldown.config.mjs alias). cosmiconfig parses
// package.json on every run (its own meta config included) with parse-json, which loads
// @babel/code-frame to draw an error frame that src/config/load.ts cuts off again: the platform's
// parser gives the same message and position ("... in JSON at position N") at no load cost.
'use strict';
module.exports = function parseJson(text, reviver) {
  return JSON.parse(text, reviver);
};
