// `npm run headless -- [flags]`: builds if needed, then runs the headless host in this process.
import { ensureBuild } from './ensure-build.mjs';

ensureBuild();
await import('../out/main/headless.js');
