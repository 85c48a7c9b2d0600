// Incident 4: the tenant `status` column turned from String into an enum; the schema shipped
// without a migration, and a client generated from one schema met a database migrated to another.
import { usePrismaPreset, writeStatusEnum } from '../lib/prisma.mjs';

export default {
  title: 'String column turned into an enum, no migration',
  incident: 'incident 4, prisma-migration',
  run({ write, git, dir }) {
    usePrismaPreset({ write, git });
    writeStatusEnum({ write, dir });
    git('add', '-A');
    return { expect: 'blocked', ...git('commit', '-m', 'tenants: status enum') };
  },
};
