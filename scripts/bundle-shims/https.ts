import { createRequire } from 'node:module';
import type * as Https from 'node:https';

/** `node:https` loaded with require: see BUILTINS_BY_REQUIRE in scripts/build.ts. */
export default createRequire(import.meta.url)('node:https') as typeof Https;
