import { createRequire } from 'node:module';
import type * as Http from 'node:http';

/** `node:http` loaded with require: see BUILTINS_BY_REQUIRE in scripts/build.ts. */
export default createRequire(import.meta.url)('node:http') as typeof Http;
