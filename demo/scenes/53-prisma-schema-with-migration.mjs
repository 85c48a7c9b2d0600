// The same enum change done right: the reviewed migration (created with --create-only, edited to keep
// existing values) travels with the schema. shipguard must let it through.
import { usePrismaPreset, writeStatusEnum } from '../lib/prisma.mjs';

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
    usePrismaPreset({ write, git });
    writeStatusEnum({ write, dir });
    write('prisma/migrations/20250301120000_tenant_status_enum/migration.sql', MIGRATION);
    git('add', '-A');
    return { expect: 'allowed', ...git('commit', '-m', 'tenants: status enum with its migration') };
  },
};
