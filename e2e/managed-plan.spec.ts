import { axeViolations } from "./axe";
import { accounts, expect, signIn, subscriptionNamed, test } from "./support";

const securityOps = subscriptionNamed("Contoso Security Operations");
const plansPath = `/defender/environment-settings/${securityOps.tenantId}/${securityOps.subscriptionId}`;

test("a plan a Microsoft 365 security rule manages is shown locked, with who manages it, on the plans page and in its settings", async ({
  page,
}) => {
  // Megan owns the subscription: only the rule, not her role, keeps the plan from being changed here.
  await signIn(page, accounts.securityOpsOwner, plansPath);
  const ai = page.getByRole("switch", { name: /^AI workloads/ });
  await expect(ai).toBeDisabled();
  await expect(ai).toHaveAccessibleDescription(
    /^Managed by Microsoft 365 \(M365 security rule: \/management\/rules\/[0-9a-f-]+\): change it there\.$/,
  );
  // The other plans stay hers to change.
  await expect(page.getByRole("switch", { name: /^Servers/ })).toBeEnabled();
  expect(await axeViolations(page), "managed plan").toEqual([]);

  await page
    .getByRole("row", { name: /AI workloads/ })
    .getByRole("link", { name: /Settings/ })
    .click();
  await expect(page.getByRole("heading", { name: "Settings & monitoring" })).toBeVisible();
  await expect(page.getByText(/^Managed by Microsoft 365 \(M365 security rule/)).toBeVisible();
  await expect(page.getByRole("switch", { name: /Enable user prompt evidence/ })).toBeDisabled();
});
