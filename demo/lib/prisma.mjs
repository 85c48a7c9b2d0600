// Steps the Prisma scenes share (kept outside demo/scenes/, which holds only scenes).
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PRISMA_CONFIG = `import { defineConfig } from 'shipguard';\n\nexport default defineConfig({ extends: ['shipguard/presets/prisma'] });\n`;

/** The webshop team switches to the prisma preset (committed without hooks: setup, not the scene). */
export function usePrismaPreset({ write, git }) {
  write('shipguard.config.ts', PRISMA_CONFIG);
  git('commit', '-q', '--no-verify', '-am', 'team config: shipguard prisma preset');
}

export function readSchema(dir) {
  return readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8');
}

/** Incident 4's schema change: the tenant `status` column turns from String into enum TenantStatus. */
export function writeStatusEnum({ write, dir }) {
  const schema = readSchema(dir).replace('status    String   @default("active")', 'status    TenantStatus @default(ACTIVE)');
  write('prisma/schema.prisma', `${schema}\nenum TenantStatus {\n  ACTIVE\n  SUSPENDED\n}\n`);
}
