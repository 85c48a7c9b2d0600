// Incident 4: a query counted a relation the model does not have; Prisma refused it only at runtime.
import { usePrismaPreset } from '../lib/prisma.mjs';

const ROUTE = `import { prisma } from '../db.js';

/** Upcoming workshops with how many people enrolled, attend sessions, or wait for a place. */
export async function upcomingClasses(tenantId: string) {
  return prisma.class.findMany({
    where: { tenantId, startsAt: { gte: new Date() } },
    include: {
      _count: { select: { enrollments: true, sessions: true, classWaitlist: true } },
    },
  });
}
`;

export default {
  title: 'A query counting a relation the model does not have',
  incident: 'incident 4, prisma-query-fields',
  run({ write, git }) {
    usePrismaPreset({ write, git });
    write('src/db.ts', "import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n");
    write('src/routes/classes.ts', ROUTE);
    git('add', '-A');
    return { expect: 'blocked', ...git('commit', '-m', 'classes: upcoming with counts') };
  },
};
