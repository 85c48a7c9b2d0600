// prisma-query-fields: every model, field, relation and enum value a Prisma Client call names must
// exist in the schema being committed. Incident 4: `_count: { select: { classWaitlist: true } }` named
// a relation the model did not have; Prisma refused it only at runtime, in production.
import { bounded } from '../../budget.js';
import type { ChangedFile } from '../../changeset.js';
import type { Finding, Rule, RuleContext } from '../../types.js';
import { newSchema, oldSchema, schemaChanges, touchesPrisma } from '../../prisma/change-files.js';
import { discoverProjects, projectFor, type PrismaProject } from '../../prisma/projects.js';

/** The project whose directory holds `file` (no single-project fallback: a file elsewhere is not its). */
function projectHolding(projects: readonly PrismaProject[], file: string): PrismaProject | undefined {
  const project = projectFor(projects, file);
  return project && (project.root === '' || file.startsWith(`${project.root}/`)) ? project : undefined;
}
import { parseCode, Tree, unparsableFinding, type ParsedFile } from '../shared/code.js';
import { ModuleLocator } from './module-paths.js';
import { ReceiverResolver, UNSEEN_CLIENT, type ClientInfo } from './receivers.js';
import { findClientCalls, mayCallClient, OPERATIONS, type ClientCall } from './query-scan.js';
import { validateCall, type QueryProblem } from './query-validate.js';
import { SchemaIndex } from './schema-index.js';
import { projectPrisma, type ProjectPrisma } from '../../prisma/project-prisma.js';
import { datamodelCheck, indexSchema, judgedBy } from './project-schema.js';
import type { DatamodelCheck } from './datamodel-check.js';
import { schemaImpact, textImpact, type SchemaImpact } from './schema-impact.js';
import { prismaQueryFieldsMeta, type PrismaQueryFieldsOptions } from './meta.js';

export type { PrismaQueryFieldsOptions } from './meta.js';

type Context = RuleContext<PrismaQueryFieldsOptions>;

/** `.findMany(`, `.update (`…: a Prisma Client operation call (or its name ending a line), as a POSIX ERE for git grep. */
const OPERATION_CALL_ERE = `\\.(${[...OPERATIONS].join('|')})[[:space:]]*(\\(|$)`;
const CODE_PATHSPECS = ['*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs'];

export const prismaQueryFields: Rule<PrismaQueryFieldsOptions> = {
  meta: prismaQueryFieldsMeta,

  async check(context) {
    const changed = await changedSources(context);
    if (!changed.length && !(await touchesPrisma(context.changes.files))) return [];
    const { projects } = await discoverProjects(context.git, context.changes.head);
    if (!projects.length) return [];
    const checker = new ProjectChecker(context);
    const targets = [...changed, ...(await recheckTargets(context, projects, changed, checker))];
    if (!targets.length) return checker.warnings();
    context.progress(`prisma-query-fields: checking ${targets.length} file(s)`);
    const findings: Finding[] = [];
    for (const target of targets) findings.push(...(await checker.check(projects, target)));
    const quick = checker.acceptedByDatamodel ? ` (${checker.acceptedByDatamodel} of them from the schema's datamodel, without its DMMF)` : '';
    context.note(`prisma-query-fields: ${checker.callsChecked} client call(s) checked in ${targets.length} file(s)${quick}.`);
    return [...checker.warnings(), ...findings];
  },
};

interface Target {
  path: string;
  text: string;
  /** Set for files in the change (their added lines); undefined for files re-checked after a schema change. */
  change?: ChangedFile;
}

function isSource(context: Context, file: string): boolean {
  return context.match(file, context.options.sources) && !context.match(file, context.options.exclude);
}

async function changedSources(context: Context): Promise<Target[]> {
  const targets: Target[] = [];
  for (const change of context.changes.files) {
    if (change.status === 'deleted' || !isSource(context, change.path)) continue;
    const text = await change.content();
    if (text && mayCallClient(text)) targets.push({ path: change.path, text, change });
  }
  return targets;
}

/**
 * The unchanged client-calling files a schema change may break: those that name what it removed or
 * changed (every caller when that cannot be told: no base schema, another provider).
 */
async function recheckTargets(context: Context, projects: PrismaProject[], changed: Target[], checker: ProjectChecker): Promise<Target[]> {
  if (!context.options.recheckOnSchemaChange) return [];
  // Changes the text settles (comments, additions) need neither git grep nor an engine.
  const open: PrismaProject[] = [];
  for (const project of projects) {
    if (schemaChanges(project, context.changes).length && (await checker.textImpact(project))?.kind !== 'none') open.push(project);
  }
  if (!open.length) return [];
  // The datamodels are compared only when some unchanged file calls the client at all.
  const callers = await callingFiles(context, projects, open, changed);
  if (!callers.length) return [];
  const impacts = new Map<PrismaProject, SchemaImpact>();
  for (const project of open) impacts.set(project, await checker.impact(project));
  // A new schema that does not validate checks nothing: its callers are only counted for the warning.
  for (const [project, impact] of impacts) {
    if (impact.kind === 'none' && impact.invalid) await checker.unchecked(project, callers.filter(inProjects(projects, [project])).length);
  }
  const affected = [...impacts].filter(([, impact]) => impact.kind !== 'none').map(([project]) => project);
  if (!affected.length) return [];
  const kinds = [...impacts.values()];
  const names = kinds.every((impact) => impact.kind !== 'all') ? [...new Set(kinds.flatMap((impact) => (impact.kind === 'names' ? impact.names : [])))] : undefined;
  const targets = callers.filter(inProjects(projects, affected)).filter((target) => !names || names.some((name) => hasWord(target.text, name)));
  context.note(recheckNote(targets.length, names));
  return targets;
}

/** A file of one of `wanted`, or of no project: a monorepo app outside every project may use one's client. */
function inProjects(projects: PrismaProject[], wanted: PrismaProject[]): (target: Target) => boolean {
  return (target) => {
    const project = projectFor(projects, target.path);
    return project ? wanted.includes(project) : true;
  };
}

/** Unchanged source files of `changedProjects` (or of no project) that call the client: one git grep, then only those are read. */
async function callingFiles(context: Context, projects: PrismaProject[], changedProjects: PrismaProject[], changed: Target[]): Promise<Target[]> {
  const inChange = new Set(context.changes.files.map((file) => file.path));
  const already = new Set(changed.map((target) => target.path));
  const calling = await context.git.grepFiles(context.changes.head, OPERATION_CALL_ERE, CODE_PATHSPECS);
  const files = calling.filter((file) => !inChange.has(file) && !already.has(file) && isSource(context, file));
  const candidates = files.map((path) => ({ path, text: '' })).filter(inProjects(projects, changedProjects));
  const texts = await Promise.all(candidates.map((target) => context.git.readFile(context.changes.head, target.path)));
  return candidates.map((target, i) => ({ path: target.path, text: texts[i] ?? '' })).filter((target) => target.text && mayCallClient(target.text));
}

/** `word` in `text` as a whole identifier (`phone`, not `phoneNumber`). */
function hasWord(text: string, word: string): boolean {
  const identifier = (char: string | undefined) => char !== undefined && /[\w$]/.test(char);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!identifier(text[at - 1]) && !identifier(text[at + word.length])) return true;
  }
  return false;
}

function recheckNote(count: number, names: readonly string[] | undefined): string {
  const shown = names && (names.length > 12 ? `${names.slice(0, 12).join(', ')} …` : names.join(', '));
  return names
    ? `prisma-query-fields: the schema change removes or changes ${shown}; ${count} unchanged file(s) naming them re-checked.`
    : `prisma-query-fields: the schema change may affect any query; ${count} unchanged file(s) calling the client re-checked.`;
}

interface SchemaState {
  /** Undefined when the schema does not validate. */
  index?: SchemaIndex;
  /** The Prisma that read the schema: the project's version, else shipguard's. */
  prisma: ProjectPrisma;
  /** The base schema's index, loaded only when a finding needs comparing; null when there is none. */
  old(): Promise<SchemaIndex | null>;
}

class ProjectChecker {
  private readonly states = new Map<PrismaProject, Promise<SchemaState>>();
  private readonly impacts = new Map<PrismaProject, Promise<SchemaImpact>>();
  /** Projects whose schema their Prisma rejects: the files left unchecked, and who rejected it. */
  private readonly skipped = new Map<PrismaProject, { count: number; prisma: ProjectPrisma }>();
  private readonly receivers: ReceiverResolver;
  private readonly datamodelChecks = new Map<PrismaProject, Promise<DatamodelCheck | undefined>>();
  /** Client calls validated against a schema (for the verbose note). */
  callsChecked = 0;
  /** Of those, the calls the datamodel alone showed to be right: no DMMF needed. */
  acceptedByDatamodel = 0;

  constructor(private readonly context: Context) {
    const tree = new Tree(context.git, context.changes.head);
    this.receivers = new ReceiverResolver(tree, new ModuleLocator(tree));
  }

  /** The file's client calls, each against the schema of its project: the file's own, else the one its client comes from. */
  async check(projects: PrismaProject[], target: Target): Promise<Finding[]> {
    // Shared with the other code rules: a file several rules look at is parsed once per run.
    const source = await parseCode(target.path, target.text, target.change?.newOid);
    if (source.syntaxError) return [unparsableFinding(source, 'its Prisma Client calls were')];
    const candidates = bounded(source.text.length, () => findClientCalls(source));
    const calls = await this.clientCalls(target.path, source, candidates);
    const home = projectFor(projects, target.path);
    const byProject = new Map<PrismaProject, ClientCall[]>();
    for (const call of calls) {
      const project = home ?? (call.origin !== undefined ? projectHolding(projects, call.origin) : undefined);
      if (project) byProject.set(project, [...(byProject.get(project) ?? []), call]);
    }
    const findings: Finding[] = [];
    for (const [project, projectCalls] of byProject) findings.push(...(await this.checkCalls(project, projectCalls, target, source)));
    return findings;
  }

  private async checkCalls(project: PrismaProject, calls: ClientCall[], target: Target, source: ParsedFile): Promise<Finding[]> {
    const quick = await this.datamodelCheck(project);
    const unsure = quick ? calls.filter((call) => !quick.accepts(call)) : calls;
    // A call on a model the schema lacks: all the DMMF would say is that, which the model names tell.
    const index = quick && unsure.every((call) => !quick.hasModel(call.delegate)) ? quick.modelNames : (await this.state(project)).index;
    if (!index) {
      const { prisma } = await this.state(project);
      this.skipped.set(project, { count: (this.skipped.get(project)?.count ?? 0) + 1, prisma });
      return [];
    }
    this.callsChecked += calls.length;
    this.acceptedByDatamodel += calls.length - unsure.length;
    // The calls the datamodel accepted have no problem the DMMF would find.
    const problems = unsure.flatMap((call) => validateCall(index, call, this.context.options.resultFields));
    const kept = await this.keep(problems, target, project, source, unsure);
    return kept.map((problem) => this.finding(problem, target, source));
  }

  /**
   * Findings on lines this change adds always count. Elsewhere only when the schema change caused them
   * (the base schema accepted the same call): pre-existing problems are not this change's to fix.
   */
  private async keep(problems: QueryProblem[], target: Target, project: PrismaProject, source: ParsedFile, calls: ClientCall[]): Promise<QueryProblem[]> {
    if (!problems.length || this.context.allLines || target.change?.status === 'added') return problems;
    const added = target.change?.addedLineNumbers() ?? new Set<number>();
    const onAdded = (problem: QueryProblem) => added.has(source.position(problem.node.start).line);
    if (problems.every(onAdded) || !(await this.schemaChanged(project))) return problems.filter(onAdded);
    const old = await (await this.state(project)).old();
    if (!old) return problems;
    const before = new Set(calls.flatMap((call) => validateCall(old, call, this.context.options.resultFields)).map(identity));
    return problems.filter((problem) => onAdded(problem) || !before.has(identity(problem)));
  }

  /** The schema changed in something a query names (not comments or an index alone), so a call the base accepted may break. */
  private async schemaChanged(project: PrismaProject): Promise<boolean> {
    return schemaChanges(project, this.context.changes).length > 0 && (await this.impact(project)).kind !== 'none';
  }

  /** The candidates whose receiver is a client: found from the code, or trusted by name (`clients`). */
  private async clientCalls(path: string, source: ParsedFile, candidates: ClientCall[]): Promise<ClientCall[]> {
    if (!candidates.length) return [];
    const facts = this.receivers.factsOf(path, source);
    const trusted = new Set(this.context.options.clients);
    const known = new Map<string, ClientInfo | undefined>();
    const calls: ClientCall[] = [];
    for (const call of candidates) {
      const receiver = call.transactionOf ?? call.client;
      if (!known.has(receiver)) known.set(receiver, await this.receivers.receiver(facts, receiver));
      const found = known.get(receiver);
      if (found) calls.push({ ...call, certain: true, extensions: found.extensions, origin: found.origin });
      else if (trusted.has(receiver)) calls.push({ ...call, certain: /prisma/i.test(receiver) || call.transactionOf !== undefined, extensions: UNSEEN_CLIENT.extensions });
    }
    return calls;
  }

  /** The project's datamodel check, when its new schema's DMMF is not cached (project-schema.ts). */
  private datamodelCheck(project: PrismaProject): Promise<DatamodelCheck | undefined> {
    let check = this.datamodelChecks.get(project);
    if (!check) {
      check = (async () => {
        const { context } = this;
        const prisma = await projectPrisma(context.git, context.changes.head, project.root);
        const found = await datamodelCheck(await newSchema(project, context.changes, context.git), prisma, context.git.repo.commonDir);
        if (found) context.note(judgedBy(project.schemaPath, prisma, found.stripped));
        return found?.check;
      })();
      this.datamodelChecks.set(project, check);
    }
    return check;
  }

  private state(project: PrismaProject): Promise<SchemaState> {
    let state = this.states.get(project);
    if (!state) {
      state = this.loadState(project);
      this.states.set(project, state);
    }
    return state;
  }

  /** What the text alone says about the project's schema change; undefined when the datamodels must decide. */
  async textImpact(project: PrismaProject): Promise<SchemaImpact | undefined> {
    const { context } = this;
    const settled = textImpact(await oldSchema(project, context.changes, context.git), await newSchema(project, context.changes, context.git));
    return settled && this.impact(project); // the same answer, noted once
  }

  /** What the project's schema change can break in existing queries (computed once, noted for --verbose). */
  impact(project: PrismaProject): Promise<SchemaImpact> {
    let impact = this.impacts.get(project);
    if (!impact) {
      impact = (async () => {
        const { context } = this;
        const prisma = await projectPrisma(context.git, context.changes.head, project.root);
        const found = await schemaImpact(await oldSchema(project, context.changes, context.git), await newSchema(project, context.changes, context.git), prisma, context.git.repo.commonDir);
        if (found.kind !== 'names') context.note(`prisma-query-fields: ${project.schemaPath}: ${found.why}${found.kind === 'none' ? '; no unchanged file re-checked' : ''}.`);
        return found;
      })();
      this.impacts.set(project, impact);
    }
    return impact;
  }

  private async loadState(project: PrismaProject): Promise<SchemaState> {
    const changed = await this.schemaChanged(project);
    const prisma = await projectPrisma(this.context.git, this.context.changes.head, project.root);
    let old: Promise<SchemaIndex | null> | undefined;
    const loadOld = () => (old ??= changed ? this.baseIndex(project, prisma) : Promise.resolve(null));
    const commonDir = this.context.git.repo.commonDir;
    const indexed = await indexSchema(await newSchema(project, this.context.changes, this.context.git), prisma, commonDir);
    if (indexed && 'index' in indexed) this.context.note(judgedBy(project.schemaPath, prisma, indexed.stripped));
    if (indexed && 'index' in indexed && indexed.cached) this.context.note(`prisma-query-fields: ${project.schemaPath}: DMMF read from shipguard's cache (.git/shipguard/prisma-dmmf/).`);
    return { index: indexed && 'index' in indexed ? indexed.index : undefined, prisma, old: loadOld };
  }

  private async baseIndex(project: PrismaProject, prisma: ProjectPrisma): Promise<SchemaIndex | null> {
    const indexed = await indexSchema(await oldSchema(project, this.context.changes, this.context.git), prisma, this.context.git.repo.commonDir);
    return indexed && 'index' in indexed ? indexed.index : null;
  }

  /** `count` files calling the client left unchecked because the project's new schema does not validate (none: no warning). */
  async unchecked(project: PrismaProject, count: number): Promise<void> {
    if (!count) return;
    const prisma = await projectPrisma(this.context.git, this.context.changes.head, project.root);
    this.skipped.set(project, { count: (this.skipped.get(project)?.count ?? 0) + count, prisma });
  }

  warnings(): Finding[] {
    return [...this.skipped].map(([project, { count, prisma }]) => {
      const engines = `Prisma ${prisma.engines.version.replace(/-.*/, '')} (${prisma.enginesFrom})`;
      const why = prisma.otherVersion
        ? `${engines} rejects ${project.schemaPath}, and the project uses Prisma ${prisma.version} (${prisma.versionFrom}), which may accept it`
        : `${project.schemaPath} does not validate with ${engines}`;
      return {
        kind: 'schema-invalid',
        severity: 'warn' as const,
        file: project.schemaFiles[0],
        message: `${count} file(s) calling Prisma Client were not checked: ${why}.`,
        hint: prisma.otherVersion
          ? `Install the project's dependencies so shipguard reads the schema with Prisma ${prisma.version} itself.`
          : 'Fix the schema first (prisma-migration reports where, or run `npx prisma validate`).',
      };
    });
  }

  private finding(problem: QueryProblem, target: Target, source: ParsedFile): Finding {
    const { line, column } = source.position(problem.node.start);
    return { kind: problem.kind, file: target.path, line, column, message: problem.message, hint: problem.hint };
  }
}

/** Same problem at the same place: compared between the base and the new schema on the same text. */
function identity(problem: QueryProblem): string {
  return `${problem.node.start}:${problem.kind}`;
}
