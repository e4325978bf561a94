import { describe, expect, it } from 'vitest';
import { loadSettings, saveSettings } from '../../lib/settings';
import { pausedSites, setSitePaused } from '../../lib/site-pause';

/** Read-modify-write of storage.local, fired twice at once, keeps both changes (lib/serial.ts). */
describe('concurrent writes to settings and paused sites', () => {
  it('keeps both sites when two are paused at the same moment', async () => {
    await Promise.all([setSitePaused('a.example', true), setSitePaused('b.example', true)]);
    expect(await pausedSites()).toEqual(['a.example', 'b.example']);
  });

  it('keeps both changes when two settings are saved at the same moment', async () => {
    await Promise.all([saveSettings({ panel: 'off' }), saveSettings({ sensitivity: 'more' })]);
    expect((await loadSettings()).settings).toMatchObject({ panel: 'off', sensitivity: 'more' });
  });

  it('goes on after a failed write', async () => {
    await expect(saveSettings({ panel: 'sideways' as never })).rejects.toThrow();
    await saveSettings({ panel: 'always' });
    expect((await loadSettings()).settings.panel).toBe('always');
  });
});
