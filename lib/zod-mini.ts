/**
 * The one way to import zod's tree-shakable API (`zod/mini`), for the schemas
 * the content script pulls in (pages, messages, settings, paused sites): the
 * content script runs on every page, and classic zod cannot be tree-shaken.
 * Configured like `lib/zod.ts`: jitless (MV3's CSP forbids `eval`, see there),
 * and with zod's English messages, which `zod/mini` leaves out but classic zod
 * loads — so both APIs explain a failed check in the same words.
 */
import { z } from 'zod/mini';

z.config({ jitless: true });
z.config(z.locales.en());

export { z };
