import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where each integration's Lambda entry point is, written once for `npm run build`, the
 * CDK app and `npm start`: `functions/<name>/handler.ts`, exporting `handler`. Reading the
 * folders loads no parser, so the CDK app learns the integrations from here.
 */

/** The folder of the integrations. */
export const FUNCTIONS_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The module an integration's function runs. */
export const HANDLER_FILE = 'handler.ts';

/** The path of an integration's Lambda entry point. */
export function handlerEntry(name: string): string {
  return join(FUNCTIONS_DIR, name, HANDLER_FILE);
}

/** The integrations, by folder name: the folders under `functions/` that hold an entry point. */
export function integrationFolders(): string[] {
  return readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(handlerEntry(entry.name)))
    .map((entry) => entry.name)
    .sort();
}
