// Incident 4: the tenant `status` column turned from String into an enum; the schema shipped
// without a migration, and a client generated from one schema met a database migrated to another.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PRISMA_CONFIG = `import { defineConfig } from 'shipguard';\n\nexport default defineConfig({ extends: ['shipguard/presets/prisma'] });\n`;

export default {
  title: 'String column turned into an enum, no migration',
  incident: 'incident 4, prisma-migration',
  run({ write, git, dir }) {
    write('shipguard.config.ts', PRISMA_CONFIG);
    git('commit', '-q', '--no-verify', '-am', 'team config: shipguard prisma preset');
    const schema = readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8').replace('status    String   @default("active")', 'status    TenantStatus @default(ACTIVE)');
    write('prisma/schema.prisma', `${schema}\nenum TenantStatus {\n  ACTIVE\n  SUSPENDED\n}\n`);
    git('add', '-A');
    return { expect: 'blocked', ...git('commit', '-m', 'tenants: status enum') };
  },
};
