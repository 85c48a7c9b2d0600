// Bare specifiers that no installed package has to satisfy: the framework or the bundler provides
// them. (`astro:content`, `virtual:pwa-register` and other `scheme:` specifiers are never package
// names and are skipped before this; `#imports` and other `#` specifiers: see the Nuxt check.)
import type { PackageJson } from '../shared/project.js';

/** Why `specifier` needs no package, or undefined when it does. */
export function providedByFramework(specifier: string): string | undefined {
  // `$` and `~` are not allowed in npm package names: `$app/*`, `$env/*`, `$lib` (SvelteKit),
  // `~/…`, `~~/…` (Nuxt), `~icons/…` (unplugin-icons) are aliases the bundler resolves.
  if (specifier.startsWith('$') || specifier.startsWith('~')) return 'a bundler alias (no npm package can have this name)';
  // Marker modules that only mean something inside a React Server Components bundler (Next.js
  // ships its own copies); under plain Node `server-only` would throw on purpose anyway.
  if (specifier === 'server-only' || specifier === 'client-only') return 'provided by the React Server Components bundler (Next.js)';
  return undefined;
}

/** Nuxt resolves `#imports`, `#app`, `#components`, `#build/…` and other `#` aliases itself. */
export function usesNuxt(pkg: PackageJson): boolean {
  return Object.hasOwn(pkg.dependencies ?? {}, 'nuxt') || Object.hasOwn(pkg.devDependencies ?? {}, 'nuxt');
}
