import { readFileSync } from 'node:fs';
import type { ExtensionPage } from './extensionPage';

/** axe-core's serious and critical findings on the page as it is now, one line each ("" when none). */
export async function seriousIssues(page: ExtensionPage): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    await page.evaluateWith(
      (source) => new Function(source)(),
      readFileSync('node_modules/axe-core/axe.min.js', 'utf8'),
    );
  }
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.nodes.length}): ${(v.nodes as { html: string }[])
            .slice(0, 2)
            .map((n) => n.html)
            .join(' | ')}`,
      );
  });
}
