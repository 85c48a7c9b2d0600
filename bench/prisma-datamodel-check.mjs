#!/usr/bin/env node
// Does the datamodel check only accept what the DMMF accepts? prisma-query-fields lets a call through
// on the schema's datamodel alone (src/rules/prisma-query-fields/datamodel-check.ts) and asks the DMMF
// (query-validate.ts) about the rest. A call the datamodel accepts while the DMMF finds a problem in
// it would be a missed finding. This takes every Prisma Client call in the trees of fetched
// repositories (each schema with the code of the same commit, at HEAD and at up to --commits older
// commits that changed a schema), and each call again with one key renamed (a typo, another model's
// field, a Prisma keyword) or one string value changed (an enum value), and asks both. Prints counts
// and every disagreement. Run by hand (one process per repository keeps memory bounded):
//   npm run build && node bench/prisma-datamodel-check.mjs [--mirror /work/.mirror] [--commits 3] owner+name ...
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (file) => import(path.join(root, 'dist', file));
const { DatamodelCheck } = await dist('rules/prisma-query-fields/datamodel-check.js');
const { validateCall } = await dist('rules/prisma-query-fields/query-validate.js');
const { SchemaIndex } = await dist('rules/prisma-query-fields/schema-index.js');
const { findClientCalls, mayCallClient } = await dist('rules/prisma-query-fields/query-scan.js');
const { parseCode, walk } = await dist('rules/shared/ast.js');
const { getDatamodel, getDmmf, SchemaInvalidError } = await dist('prisma/wasm.js');
const { datasourceProvider } = await dist('prisma/schema-text.js');
const { stripFeatures, unknownPreviewFeatures } = await dist('prisma/version-leniency.js');

const { values, positionals } = parseArgs({ allowPositionals: true, options: { mirror: { type: 'string', default: '/work/.mirror' }, commits: { type: 'string', default: '3' } } });
const git = (dir, ...args) => execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const OPAQUE = { args: [], result: {}, methods: {}, opaque: true };
const KEYWORDS = ['some', 'every', 'is', 'contains', 'equals', 'set', 'increment', 'connect', 'create', 'select', 'include', 'where', 'orderBy', '_count', 'mode', 'not', 'in', 'has', 'sort', 'omit', 'distinct'];

/** Blobs of `paths` at `sha`, in one git process. */
function readFiles(dir, sha, paths) {
  const out = spawnSync('git', ['--git-dir', dir, 'cat-file', '--batch'], { input: paths.map((file) => `${sha}:${file}`).join('\n') + '\n', maxBuffer: 1 << 30 }).stdout;
  const texts = new Map();
  let at = 0;
  for (const file of paths) {
    const end = out.indexOf(10, at);
    const header = out.subarray(at, end).toString();
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) {
      at = end + 1;
      continue;
    }
    texts.set(file, out.subarray(end + 1, end + 1 + size).toString('utf8'));
    at = end + 1 + size + 1;
  }
  return texts;
}

/** Each schema in the tree: a file with a datasource block and the other .prisma files under its folder. */
function schemasOf(files, texts) {
  const prisma = files.filter((file) => file.endsWith('.prisma') && !file.includes('node_modules/') && !file.includes('/migrations/'));
  return prisma
    .filter((file) => /^\s*datasource\s+\w+\s*\{/m.test(texts.get(file) ?? ''))
    .map((main) => {
      const folder = path.posix.dirname(main);
      const members = prisma.filter((file) => file === main || (file.startsWith(`${folder}/`) && !/^\s*datasource\s/m.test(texts.get(file) ?? '')));
      return { folder, files: members.map((file) => ({ path: file, content: texts.get(file) ?? '' })) };
    });
}

function tablesOf(dmmf) {
  const { schema } = dmmf;
  return {
    modelOperations: dmmf.mappings.modelOperations,
    outputTypes: new Map([...schema.outputObjectTypes.model, ...schema.outputObjectTypes.prisma].map((type) => [type.name, type])),
    inputTypes: new Map([...(schema.inputObjectTypes.model ?? []), ...(schema.inputObjectTypes.prisma ?? [])].map((type) => [type.name, type])),
    enums: new Map([...(schema.enumTypes.model ?? []), ...(schema.enumTypes.prisma ?? [])].map((item) => [item.name, item.values])),
  };
}

/** Keys of the call's argument object, at any depth: where a rename goes. */
function keysOf(call) {
  const keys = [];
  if (call.args) walk(call.args, (node) => {
    if (node.type === 'Property' && !node.computed && (node.key.type === 'Identifier' || node.key.type === 'Literal')) keys.push(node.key);
  });
  return keys;
}

/** String literals among the call's argument values. */
function stringValuesOf(call) {
  const found = [];
  if (call.args) walk(call.args, (node) => {
    if (node.type === 'Literal' && typeof node.value === 'string' && node.parent?.type !== 'Property') found.push(node);
    if (node.type === 'Property' && !node.computed && node.value?.type === 'Literal' && typeof node.value.value === 'string') found.push(node.value);
  });
  return [...new Set(found)];
}

const totals = { schemas: 0, unknownModels: 0, calls: 0, accepted: 0, reported: 0, disagree: 0, mutants: 0, mutantsReported: 0, mutantsAccepted: 0, mutantsDisagree: 0 };
for (const name of positionals) {
  const dir = path.join(values.mirror, name, 'repo');
  const schemaCommits = git(dir, 'log', '--format=%H', '--no-merges', '-n', values.commits, 'HEAD', '--', '*.prisma').trim().split('\n').filter(Boolean);
  const counts = { unknownModels: 0, calls: 0, accepted: 0, reported: 0, disagree: 0, mutants: 0, mutantsAccepted: 0, mutantsDisagree: 0 };
  for (const sha of [git(dir, 'rev-parse', 'HEAD').trim(), ...schemaCommits]) {
    const files = git(dir, 'ls-tree', '-r', '--name-only', sha).split('\n').filter((file) => file && !file.includes('node_modules/'));
    const texts = readFiles(dir, sha, files.filter((file) => file.endsWith('.prisma') || (CODE.test(file) && !file.endsWith('.d.ts'))));
    for (const schema of schemasOf(files, texts)) {
      const provider = datasourceProvider(schema.files);
      if (provider === 'mongodb') continue;
      let check, index;
      try {
        // As for a project pinned to an older Prisma: preview features only that version knows are left out.
        const unknown = await getDatamodel(schema.files).then(() => [], (error) => (error instanceof SchemaInvalidError ? unknownPreviewFeatures(error.diagnostics) : []));
        if (unknown.length) schema.files = stripFeatures(schema.files, unknown);
        const datamodel = await getDatamodel(schema.files);
        const text = schema.files.map((file) => file.content).join('\n');
        const views = new Set([...text.matchAll(/^[ \t]*view[ \t]+(\w+)[ \t]*\{/gm)].map((match) => match[1]));
        check = new DatamodelCheck(datamodel, { provider, views, unsupportedFields: /\bUnsupported[ \t]*\(/.test(text), prisma62: true }); // the bundled engines: Prisma 7
        index = new SchemaIndex(tablesOf(await getDmmf(schema.files)));
      } catch (error) {
        if (error instanceof SchemaInvalidError) continue;
        throw error;
      }
      totals.schemas++;
      const fields = [...new Set(datamodelFieldNames(check))];
      for (const [file, text] of texts) {
        if (!CODE.test(file) || !mayCallClient(text)) continue; // a monorepo's apps call the client of a package's schema
        const source = await parseCode(file, text);
        if (source.syntaxError) continue;
        const calls = findClientCalls(source).map((call) => ({ ...call, certain: true, extensions: [] }));
        for (const [i, call] of calls.entries()) {
          const accepted = check.accepts(call);
          const problems = validateCall(index, call);
          counts.calls++, totals.calls++;
          if (accepted) counts.accepted++, totals.accepted++;
          if (problems.length) totals.reported++, counts.reported++;
          if (accepted && problems.length) {
            counts.disagree++, totals.disagree++;
            console.log(`DISAGREE ${name}@${sha.slice(0, 10)} ${file}:${source.position(call.delegateNode.start).line} ${call.delegate}.${call.operation}: ${problems[0].message}`);
          }
          // A call on a model the schema lacks: the model names alone must give what the DMMF gives.
          if (!check.hasModel(call.delegate)) {
            const fromNames = validateCall(check.modelNames, call).map((problem) => problem.message).join('\n');
            counts.unknownModels++, totals.unknownModels++;
            if (fromNames !== problems.map((problem) => problem.message).join('\n')) {
              counts.disagree++, totals.disagree++;
              console.log(`DISAGREE (unknown model) ${name}@${sha.slice(0, 10)} ${file}:${source.position(call.delegateNode.start).line} ${call.delegate}: ${fromNames} / ${problems[0]?.message}`);
            }
          }
          // Through a client whose extensions cannot be read: the DMMF is more lenient, the datamodel check the same.
          const extended = { ...call, extensions: [OPAQUE] };
          if (check.accepts(extended) && validateCall(index, extended).length) {
            counts.disagree++, totals.disagree++;
            console.log(`DISAGREE (opaque extension) ${name}@${sha.slice(0, 10)} ${file}:${source.position(call.delegateNode.start).line} ${call.delegate}.${call.operation}`);
          }
          // The same call with one key renamed: a typo, a field of another model, a keyword in the wrong place.
          for (const [k, key] of keysOf(call).slice(0, 4).entries()) {
            const original = key.type === 'Identifier' ? key.name : String(key.value);
            for (const replacement of [`${original}x`, fields[(i * 7 + k * 13) % fields.length], KEYWORDS[(i + k * 5) % KEYWORDS.length]]) {
              if (!replacement || replacement === original) continue;
              rename(key, replacement); // in the tree itself: no re-parse
              const mutantAccepted = check.accepts(call);
              const mutantProblems = validateCall(index, call);
              rename(key, original);
              counts.mutants++, totals.mutants++;
              if (mutantProblems.length) totals.mutantsReported++;
              if (mutantAccepted) counts.mutantsAccepted++, totals.mutantsAccepted++;
              if (mutantAccepted && mutantProblems.length) {
                counts.mutantsDisagree++, totals.mutantsDisagree++;
                console.log(`DISAGREE (${original} -> ${replacement}) ${name}@${sha.slice(0, 10)} ${file}:${source.position(call.delegateNode.start).line} ${call.delegate}.${call.operation}: ${mutantProblems[0].message}`);
              }
            }
          }
          // And with a string value changed (an enum value, a sort order, a field name in distinct).
          for (const literal of stringValuesOf(call).slice(0, 3)) {
            const original = literal.value;
            literal.value = `${original}x`;
            const mutantAccepted = check.accepts(call);
            const mutantProblems = validateCall(index, call);
            literal.value = original;
            counts.mutants++, totals.mutants++;
            if (mutantProblems.length) totals.mutantsReported++;
            if (mutantAccepted) counts.mutantsAccepted++, totals.mutantsAccepted++;
            if (mutantAccepted && mutantProblems.length) {
              counts.mutantsDisagree++, totals.mutantsDisagree++;
              console.log(`DISAGREE ('${original}' -> '${original}x') ${name}@${sha.slice(0, 10)} ${file}:${source.position(call.delegateNode.start).line} ${call.delegate}.${call.operation}: ${mutantProblems[0].message}`);
            }
          }
        }
      }
    }
  }
  console.log(`${name}: calls ${counts.calls}, accepted from the datamodel ${counts.accepted}, DMMF reports ${counts.reported}, accepted but reported ${counts.disagree} (calls on a model the schema lacks, told from the names: ${counts.unknownModels}); renamed-key mutants ${counts.mutants}, accepted ${counts.mutantsAccepted}, accepted but reported ${counts.mutantsDisagree}`);
}
console.log(`\ntotal: schemas ${totals.schemas}, calls ${totals.calls}, accepted from the datamodel ${totals.accepted} (${((100 * totals.accepted) / Math.max(1, totals.calls)).toFixed(1)}%), DMMF reports ${totals.reported}, accepted but reported ${totals.disagree}`);
console.log(`renamed-key mutants ${totals.mutants}: DMMF reports ${totals.mutantsReported}, datamodel accepts ${totals.mutantsAccepted}, accepted but reported ${totals.mutantsDisagree}`);

function rename(key, name) {
  if (key.type === 'Identifier') key.name = name;
  else key.value = name;
}

function datamodelFieldNames(check) {
  return [...check.models.values()].flatMap((shape) => [...shape.fields.keys()]);
}
