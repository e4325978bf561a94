/** The current site and a button to pause or resume Paper Radar there. */
export function SiteControls({ site, paused, onToggle }: { site: string; paused: boolean; onToggle: () => void }) {
  return (
    <div class="site">
      <span class="site-name" title={site}>
        {site}
      </span>
      <button type="button" class="link-button" onClick={onToggle}>
        {paused ? 'Resume on this site' : 'Pause on this site'}
      </button>
    </div>
  );
}
