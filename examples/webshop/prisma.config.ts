// Prisma 7 config. `env('DATABASE_URL')` is read when Prisma runs; shipguard only parses this file.
import { defineConfig, env } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: env('DATABASE_URL') },
});
