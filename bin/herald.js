#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` via `prepare`).
import { main } from '../dist/src/cli/main.js';

main(process.argv).catch((err) => {
  // main() prints its own user-facing errors; anything reaching here is a bug.
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
