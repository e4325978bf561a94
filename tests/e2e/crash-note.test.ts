import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { launchExtension, openExtensionPage, saveFirstRelated, storedReadingList, waitForIndex } from './extension';

const origin = inject('pagesOrigin');

/** The browser's main process for a profile (the one without `--type=`), started by this test. */
function browserPid(profile: string): number {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const main = lines.find((l) => l.includes(`--user-data-dir=${profile}`) && !l.includes('--type='));
  if (!main) throw new Error(`no browser process for ${profile}`);
  return Number(main.trim().split(/\s+/)[0]);
}

/**
 * A note typed just before a crash (issue 16, item 7): the browser killed
 * with SIGKILL 300 ms after the last key keeps the note.
 */
describe('a note typed just before the browser is killed', () => {
  it('is there after kill -9 300 ms after the last key, and a relaunch', async () => {
    const ext = await launchExtension();
    const profile = ext.profile;
    try {
      await waitForIndex(ext.worker);
      const { popup, title } = await saveFirstRelated(ext, `${origin}/kv-article.html`);
      await popup.getByRole('tab', { name: 'Reading list' }).click();
      const box = popup.getByRole('textbox', { name: `Note for ${title}` });
      await box.pressSequentially('typed just before the crash', { delay: 20 });
      await popup.waitForTimeout(300);
      process.kill(browserPid(profile), 'SIGKILL');
      await ext.context.close().catch(() => undefined);

      const again = await launchExtension({ profile });
      try {
        const page = await openExtensionPage(again, 'reading-list.html');
        await page.getByRole('region', { name: /^(\d+ of )?\d+ papers?$/ }).waitFor();
        const rows = (await storedReadingList(page)) as Array<{ title: string; note: string }>;
        expect(rows.find((r) => r.title === title)?.note).toBe('typed just before the crash');
      } finally {
        await again.close({ keepProfile: true });
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
