import { Badge, makeStyles, Switch, TableCell, TableRow, Text, tokens, useId } from "@fluentui/react-components";
import { CheckmarkCircleFilled, GiftRegular, WarningFilled } from "@fluentui/react-icons";
import { Link } from "wouter";
import type { SubscriptionScope } from "../../lib/arm/pricings";
import type { Pricing } from "../../lib/arm/schemas";
import { extensionInfo, planInfo } from "../../lib/plans/catalogue";
import { effectivePlan, isStandard, type PlanChange } from "./plan-change";
import { planSettingsPath } from "../../lib/paths";
import { coverageText, managedText, subPlanText, trialText } from "./presentation";
import type { ExtensionFailure } from "./save-outcome";
import { FailureText, PreviewBadge } from "./status-marks";
import { visuallyHidden } from "../../components/blade-styles";

const useStyles = makeStyles({
  name: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  cell: { paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS, verticalAlign: "top" },
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  inline: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  full: { color: tokens.colorPaletteGreenForeground1 },
  partial: { color: tokens.colorPaletteDarkOrangeForeground1 },
  hidden: visuallyHidden,
});

/** The Settings link's id, where focus returns after Settings & monitoring. */
export const planSettingsLinkId = (planName: string) => `plan-settings-${planName.toLowerCase()}`;

/** One plan on the Defender plans page: name, pricing unit, coverage and Settings, and the On/Off switch. */
export function PlanRow({
  plan,
  scope,
  change,
  failures,
  readOnly,
  disabledReasonId,
  onToggle,
}: {
  plan: Pricing;
  scope: SubscriptionScope;
  change: PlanChange | undefined;
  failures: ExtensionFailure[];
  readOnly: boolean;
  /** The visible text saying why the switch is disabled, read out with it. */
  disabledReasonId: string | undefined;
  onToggle: (on: boolean) => void;
}) {
  const styles = useStyles();
  const info = planInfo(plan.name);
  const effective = effectivePlan(plan, change);
  const hasExtensions = (plan.properties.extensions?.length ?? 0) > 0;
  const subPlan = subPlanText(plan.properties.subPlan);
  const trial = trialText(plan.properties.freeTrialRemainingTime);
  const coverage = isStandard(plan) ? coverageText(plan.properties.resourcesCoverageStatus) : undefined;
  const componentsStaged = Object.keys(change?.extensions ?? {}).length > 0;
  const knownTier = ["free", "standard"].includes(plan.properties.pricingTier.toLowerCase());
  const nameId = useId();
  const stateId = useId();
  const managedId = useId();
  const managed = managedText(plan.properties);
  const locked = readOnly || managed !== undefined;
  const describedBy = managed !== undefined ? managedId : readOnly ? disabledReasonId : undefined;

  return (
    <TableRow>
      <TableCell className={styles.cell}>
        <div className={styles.stack}>
          <div className={styles.name}>
            <Text weight="semibold" id={nameId}>
              {info.label}
            </Text>
            {info.preview && <PreviewBadge />}
            {(effective.staged || componentsStaged) && (
              <Badge appearance="tint" color="warning">
                Unsaved change
              </Badge>
            )}
          </div>
          {/* What the service has until Save, worded so that it can't be read as a confirmation. */}
          {effective.staged && <Text size={200}>Currently {isStandard(plan) ? "On" : "Off"} until you save</Text>}
          {managed && (
            <Text size={200} id={managedId}>
              {managed}
            </Text>
          )}
          {failures.map((failure) => (
            <FailureText key={failure.extension}>
              {extensionInfo(failure.extension).label} failed: {failure.message || "the service reported a failure without a message."}
            </FailureText>
          ))}
        </div>
      </TableCell>
      <TableCell className={styles.cell}>
        <div className={styles.stack}>
          <Text size={200}>{subPlan ? `${subPlan} (${info.unit})` : info.unit}</Text>
          {trial && (
            // Plain text, no tooltip: a hover-only explanation on text is out of reach of the keyboard.
            <Text size={200} className={styles.inline}>
              <GiftRegular aria-hidden />
              {trial}
            </Text>
          )}
        </div>
      </TableCell>
      <TableCell className={styles.cell}>
        <div className={styles.stack}>
          {coverage && (
            <Text size={200} className={styles.inline}>
              {coverage === "Full" ? (
                <CheckmarkCircleFilled className={styles.full} aria-hidden />
              ) : (
                <WarningFilled className={styles.partial} aria-hidden />
              )}
              {coverage}
            </Text>
          )}
          {hasExtensions && (
            <Link to={planSettingsPath(scope, plan.name)} id={planSettingsLinkId(plan.name)}>
              Settings<span className={styles.hidden}> for {info.label}</span>
            </Link>
          )}
        </div>
      </TableCell>
      <TableCell className={styles.cell}>
        {knownTier ? (
          <Switch
            // Named by the plan and the visible On/Off, e.g. "AI workloads On".
            aria-labelledby={`${nameId} ${stateId}`}
            checked={effective.on}
            label={{ children: effective.on ? "On" : "Off", id: stateId }}
            disabled={locked}
            {...(describedBy ? { "aria-describedby": describedBy } : {})}
            onChange={(_, data) => onToggle(data.checked)}
          />
        ) : (
          // A tier this app does not know: shown as the API names it, and not offered for change.
          <Text>{plan.properties.pricingTier}</Text>
        )}
      </TableCell>
    </TableRow>
  );
}
