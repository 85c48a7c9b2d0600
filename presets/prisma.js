// shipguard/presets/prisma: recommended plus the Prisma rules, for projects with a Prisma schema.
// Needs @prisma/internals@7 as a dev dependency (the rules load Prisma's own schema wasm from it).
/** @type {import('shipguard').UserConfig} */
export default {
  extends: ['shipguard/presets/recommended'],
  rules: {
    // Incidents 3 and 4: a schema change shipped without its migration; pushed migrations edited.
    'prisma-migration': 'error',
    // Incident 4: `_count: { select: { classWaitlist: true } }` named a relation the model did not have.
    'prisma-query-fields': 'error',
  },
};
