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
 * steps rather than a raw threshold. See {@link applySensitivity}.
 */
export const SensitivitySchema = z.enum(['fewer', 'balanced', 'more']);
export type Sensitivity = z.infer<typeof SensitivitySchema>;

export const SettingsSchema = z.object({
  panel: PanelModeSchema,
  sensitivity: SensitivitySchema,
  /** Papers like the ones in the reading list rank a little higher (`lib/related.ts`, `readingList`). */
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

/** "Fewer, surer": a strong match must also score at least this share of the best paper's score. */
export const FEWER_MIN_SHARE = 0.8;
/** "More": the best few papers may become strong matches… */
export const MORE_MAX_RANK = 3;
/** …when they score at least this share of the best paper's score… */
export const MORE_MIN_SHARE = 0.6;
/** …and share at least this many distinct terms with the page (so one stray word never counts). */
export const MORE_MIN_TERMS = 2;

/** The part of a ranked paper that decides whether it is strong. */
export interface Rankable {
  score: number;
  strong: boolean;
  matchedTerms: readonly string[];
}

/**
 * Re-decides which ranked papers (best first) are strong for a sensitivity,
 * starting from the engine's own calibrated `strong` flag:
 *
 * - `balanced`: the engine's flag, unchanged;
 * - `fewer`: strong **and** score ≥ {@link FEWER_MIN_SHARE} × the top score;
 * - `more`: strong **or** (rank ≤ {@link MORE_MAX_RANK}, score ≥ {@link MORE_MIN_SHARE} × the top score and
 *   at least {@link MORE_MIN_TERMS} matched terms).
 *
 * Scores never change; the papers are listed again strong first, best first
 * within each group, as the ranking lists them.
 *
 * @example applySensitivity(related(page, engine), 'fewer')
 */
export function applySensitivity<T extends Rankable>(ranked: readonly T[], sensitivity: Sensitivity): T[] {
  if (sensitivity === 'balanced') return [...ranked];
  const top = Math.max(0, ...ranked.map((p) => p.score));
  const decided = ranked.map((p, i) => {
    const strong =
      sensitivity === 'fewer'
        ? p.strong && p.score >= FEWER_MIN_SHARE * top
        : p.strong ||
          (i < MORE_MAX_RANK && top > 0 && p.score >= MORE_MIN_SHARE * top && p.matchedTerms.length >= MORE_MIN_TERMS);
    return strong === p.strong ? p : { ...p, strong };
  });
  // Strong first, best first within each group, as the ranking lists them (a stable sort keeps ties in its order).
  return decided.sort((a, b) => Number(b.strong) - Number(a.strong) || b.score - a.score);
}
