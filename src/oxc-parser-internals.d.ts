// Two modules of oxc-parser that src/oxc-binding.ts bundles (the package declares only its entry).
declare module 'oxc-parser/src-js/wrap.js' {
  export function wrap(result: unknown): import('oxc-parser').ParseResult;
}
declare module 'oxc-parser/src-js/generated/visit/keys.js' {
  const visitorKeys: Record<string, readonly string[]>;
  export default visitorKeys;
}
