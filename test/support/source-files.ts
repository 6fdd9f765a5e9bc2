/** The source files under a folder of the repository, for tests that read the code itself. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sourceFiles(dir: string, extensions = /\.(ts|tsx|js|mjs|cjs)$/): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path, extensions));
    else if (extensions.test(name)) out.push(path);
  }
  return out;
}
