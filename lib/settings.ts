import { browser } from 'wxt/browser';
import { errorMessage } from './errors';
import { serialize } from './serial';
import { z } from './zod-mini';

/** `storage.local` key of the user's settings (paused sites keep their own key, see `lib/site-pause.ts`). */
export const SETTINGS_KEY = 'settings';

/** When the in-page panel shows: on every page with results, only when something matches strongly, or never. */
export const PanelModeSchema = z.enum(['always', 'strong', 'off']);
export type PanelMode = z.infer<typeof PanelModeSchema>;

/**
 * How readily a paper counts as a strong match (badge, popup, panel); named
 * steps rather than a raw threshold. Applied when a ranking is shown, never to
 * the stored one: see `present` in `lib/ranking/present.ts`.
 */
export const SensitivitySchema = z.enum(['fewer', 'balanced', 'more']);
export type Sensitivity = z.infer<typeof SensitivitySchema>;

export const SettingsSchema = z.object({
  panel: PanelModeSchema,
  sensitivity: SensitivitySchema,
  /** Papers like the ones in the reading list are shown a little higher, in extension pages only (`present`). */
  readingList: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  panel: 'strong',
  sensitivity: 'balanced',
  readingList: true,
});

/** What the options page calls each choice. */
export const PANEL_MODE_LABELS: Readonly<Record<PanelMode, string>> = {
  always: 'On every page with related papers',
  strong: 'Only on strong matches',
  off: 'Off',
};
export const SENSITIVITY_LABELS: Readonly<Record<Sensitivity, string>> = {
  fewer: 'Fewer, surer',
  balanced: 'Balanced',
  more: 'More',
};

/** Settings as read back: always usable, plus what had to be replaced by a default and why. */
export interface LoadedSettings {
  settings: Settings;
  /** One line per setting that was stored but unreadable, e.g. `panel: Invalid option…`; empty when all is well. */
  problems: string[];
}

/**
 * Validates stored settings field by field: a missing value takes its
 * default silently, an unreadable one takes its default and is reported.
 * Never throws.
 *
 * @example parseSettings({ panel: 'sometimes' }) // { settings: DEFAULT_SETTINGS, problems: ['panel: …'] }
 */
export function parseSettings(stored: unknown): LoadedSettings {
  if (stored === undefined) return { settings: { ...DEFAULT_SETTINGS }, problems: [] };
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return { settings: { ...DEFAULT_SETTINGS }, problems: ['settings: expected an object'] };
  }
  const record = stored as Record<string, unknown>;
  const problems: string[] = [];
  const field = <T>(key: keyof Settings, schema: z.ZodMiniType<T>, fallback: T): T => {
    if (record[key] === undefined) return fallback;
    const parsed = schema.safeParse(record[key]);
    if (parsed.success) return parsed.data;
    problems.push(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return fallback;
  };
  const settings: Settings = {
    panel: field('panel', PanelModeSchema, DEFAULT_SETTINGS.panel),
    sensitivity: field('sensitivity', SensitivitySchema, DEFAULT_SETTINGS.sensitivity),
    readingList: field('readingList', z.boolean(), DEFAULT_SETTINGS.readingList),
  };
  return { settings, problems };
}

/** Reads the settings (see {@link parseSettings}); storage errors also fall back to the defaults. */
export async function loadSettings(): Promise<LoadedSettings> {
  try {
    return parseSettings((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  } catch (e) {
    return { settings: { ...DEFAULT_SETTINGS }, problems: [`storage: ${errorMessage(e)}`] };
  }
}

/** Changes some settings and stores the whole, validated object (which also replaces an unreadable one). */
export const saveSettings = serialize(async (changes: Partial<Settings>): Promise<Settings> => {
  const next = SettingsSchema.parse({ ...(await loadSettings()).settings, ...changes });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
});

/** Calls `listener` with the new settings whenever they change (in any tab); returns the unsubscribe function. */
export function onSettingsChange(listener: (loaded: LoadedSettings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes) listener(parseSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
