// The same enum change done right: the reviewed migration (created with --create-only, edited to keep
// existing values) travels with the schema. shipguard must let it through.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PRISMA_CONFIG = `import { defineConfig } from 'shipguard';\n\nexport default defineConfig({ extends: ['shipguard/presets/prisma'] });\n`;

const MIGRATION = `-- CreateEnum
CREATE TYPE "TenantStatus" AS ENUM ('ACTIVE', 'SUSPENDED');

-- AlterTable: keep existing tenants' status (reviewed after prisma migrate dev --create-only)
ALTER TABLE "Tenant" ALTER COLUMN "status" DROP DEFAULT,
  ALTER COLUMN "status" TYPE "TenantStatus" USING upper("status")::"TenantStatus",
  ALTER COLUMN "status" SET DEFAULT 'ACTIVE';
`;

export default {
  title: 'The enum change with its migration',
  incident: 'incident 4, prisma-migration, the commit that was fine',
  run({ write, git, dir }) {
    write('shipguard.config.ts', PRISMA_CONFIG);
    git('commit', '-q', '--no-verify', '-am', 'team config: shipguard prisma preset');
    const schema = readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8').replace('status    String   @default("active")', 'status    TenantStatus @default(ACTIVE)');
    write('prisma/schema.prisma', `${schema}\nenum TenantStatus {\n  ACTIVE\n  SUSPENDED\n}\n`);
    write('prisma/migrations/20250301120000_tenant_status_enum/migration.sql', MIGRATION);
    git('add', '-A');
    return { expect: 'allowed', ...git('commit', '-m', 'tenants: status enum with its migration') };
  },
};
