import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** WCAG 2.2 level A and AA, the portal's own promise. */
const wcag22aa = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Fluent's focus library, Tabster, puts invisible `aria-hidden` elements with `tabindex="0"` at the
 * edges of its focus root, whose only job is to pass focus on at once (they must stay hidden from
 * screen readers). axe reports them under aria-hidden-focus; Microsoft's Accessibility Insights
 * suppresses exactly this result as a known false positive (microsoft/tabster#288,
 * microsoft/accessibility-insights-web#7605), and so do we: that rule for those elements only.
 */
const isTabsterDummy = (ruleId: string, html: string) => ruleId === "aria-hidden-focus" && /^<i [^>]*data-tabster-dummy/.test(html);

/** Every axe violation on the page as it is now, one line each (rule, impact, where). */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(wcag22aa).analyze();
  return violations.flatMap((violation) =>
    violation.nodes
      .filter((node) => !isTabsterDummy(violation.id, node.html))
      .map(
        (node) =>
          `${violation.id} (${violation.impact ?? "?"}): ${node.target.join(" ")} ${node.html.slice(0, 160)} — ${node.failureSummary ?? ""}`,
      ),
  );
}
