// The fault suite runs the built host (out/main/headless.js), as `npm run headless` does: build it
// first when the sources are newer, once for the whole suite.
import { join } from 'node:path';

export default async function setup(): Promise<void> {
  const build = (await import(join(import.meta.dirname, '../../scripts/ensure-build.mjs'))) as {
    ensureBuild: () => void;
  };
  build.ensureBuild();
}
