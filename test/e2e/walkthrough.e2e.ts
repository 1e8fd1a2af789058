// The Getting Started walkthrough: on the first activation Pixelsmith opens it by itself (the harness normally
// turns that off with PIXELSMITH_SKIP_WALKTHROUGH; this file turns it back on); its first step's button opens the
// Generate panel, and the step is checked once an offline generation finishes. Takes
// media/screenshots/walkthrough.png for the README (PIXELSMITH_SCREENSHOTS=1).
import type { E2EStep } from './index';

export const env = { PIXELSMITH_SKIP_WALKTHROUGH: '' };

const step = (id: string) => `[data-done-step-id$="${id}"]`;

export const steps: E2EStep[] = [
  {
    name: 'opens by itself on the first activation',
    run: async (page, h) => {
      await page.getByText('Get Started with Pixelsmith').first().waitFor({ timeout: 60_000 });
      await page.locator('.tab.active', { hasText: 'Welcome' }).waitFor();
      await page.locator('button.getting-started-step[data-step-id$="tryOffline"]').waitFor();
      if (await page.locator(`${step('tryOffline')}[aria-checked="true"]`).count()) throw new Error('the first step is checked before anything was generated');
      await h.screenshot('walkthrough');
    },
  },
  {
    name: 'its first step completes by generating offline',
    run: async (page, h) => {
      // The first step is open already (the first not done): its button runs Generate Image….
      await page.getByRole('button', { name: 'Generate an Image', exact: true }).click();
      const gen = await h.webview(/Generate/, { has: '#generate' });
      await gen.locator('#provider').filter({ hasText: 'Offline placeholder' }).waitFor();
      await gen.locator('#prompt textarea').fill('A lighthouse drawn offline');
      await gen.locator('#generate').click();
      await gen.locator('.run[data-status="complete"]').first().waitFor({ timeout: 60_000 });
      await page.locator('.tab', { hasText: 'Welcome' }).first().click();
      await page.locator(`${step('tryOffline')}[aria-checked="true"]`).first().waitFor({ timeout: 30_000 });
    },
  },
];
