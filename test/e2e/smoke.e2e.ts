// Smoke e2e: the Pixelsmith activity-bar container and its Gallery webview view open and show content.
// Takes the README's screenshot media/screenshots/gallery.png (written when PIXELSMITH_SCREENSHOTS=1).
import type { E2EStep } from './index';

export const steps: E2EStep[] = [
  {
    name: 'the activity bar has the Pixelsmith container',
    run: async (page) => {
      await page.locator('.activitybar .action-item a[aria-label^="Pixelsmith"]').first().waitFor();
    },
  },
  {
    name: 'Pixelsmith: Open Gallery shows the gallery webview',
    run: async (_page, h) => {
      await h.runCommand('Pixelsmith: Open Gallery');
      const gallery = await h.webview('Gallery');
      // The real content of an empty workspace's gallery, not a loading placeholder.
      await gallery.locator('ps-gallery .empty', { hasText: 'No Pixelsmith assets in this workspace yet' }).waitFor();
      const text = (await gallery.locator('body').innerText()).trim();
      h.say(`gallery shows: ${text.slice(0, 80).replace(/\s+/g, ' ')}`);
      await h.screenshot('gallery');
    },
  },
];
