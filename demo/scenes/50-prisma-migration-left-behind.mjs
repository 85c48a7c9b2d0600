// Incident 3: new models for the background remover; the migration folder was created locally but
// never committed, so the tables never existed in production.
import { readSchema, usePrismaPreset } from '../lib/prisma.mjs';

const MODELS = `
model BackgroundRemovalJob {
  id        String           @id @default(cuid())
  productId String
  status    String           @default("queued")
  createdAt DateTime         @default(now())
  images    ProcessedImage[]
}

model ProcessedImage {
  id     String               @id @default(cuid())
  url    String
  width  Int
  height Int
  jobId  String
  job    BackgroundRemovalJob @relation(fields: [jobId], references: [id])
}
`;

export default {
  title: 'New models in the schema, the migration left on the laptop',
  incident: 'incident 3, prisma-migration',
  run({ write, git, dir }) {
    usePrismaPreset({ write, git });
    write('prisma/schema.prisma', readSchema(dir) + MODELS);
    // `prisma migrate dev` wrote the migration, but only the schema gets staged.
    write('prisma/migrations/20250301120000_add_background_remover_models/migration.sql', '-- CreateTable\nCREATE TABLE "BackgroundRemovalJob" ("id" TEXT NOT NULL);\n');
    git('add', 'prisma/schema.prisma');
    return { expect: 'blocked', ...git('commit', '-m', 'background remover: models') };
  },
};
