// Types of hostile-cases.mjs for the TypeScript test that reuses its cases.
export interface HostileCase {
  name: string;
  rule: string;
  branch?: string;
  files: Record<string, string>;
  expect: { code: number; findings?: string[]; quiet?: string[]; failed?: string[] };
}
export const ROOT: string;
export const CONFIG: object;
export function fill(unit: string, size: number): string;
export function baseFiles(): Record<string, string>;
export function writeBase(dir: string): void;
export function write(dir: string, file: string, content: string): void;
export function baseline(size: number): Record<string, string>;
export function cases(size: number): HostileCase[];
export function buildCases(size: number): { name: string; output: string }[];
