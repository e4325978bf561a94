/**
 * The one way to import classic zod in this project. MV3's default content
 * security policy forbids `eval`, and zod's JIT would probe `new Function` —
 * which a strict CSP reports as a violation even when the probe's error is
 * caught. So zod runs jitless everywhere: the service worker, pages and content
 * script. Schemas the content script pulls in use `zod/mini` instead, from
 * `lib/zod-mini.ts` (configured the same way), which tree-shakes down to what
 * they use.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
