import { CommandBar, CommandButton } from "../../components/CommandBar";
import {
  Link as FluentLink,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Tag,
  Text,
  tokens,
  useId,
} from "@fluentui/react-components";
import { ArrowRightRegular, DismissRegular } from "@fluentui/react-icons";
import { useRef, useState } from "react";
import { useParams } from "wouter";
import { navigate } from "../../lib/navigation";
import { ErrorMessage } from "../../components/ErrorMessage";
import { AlertRegion, StatusRegion } from "../../components/LiveRegion";
import { useBladeStyles } from "../../components/blade-styles";
import type { FocusRequest } from "../../components/page-focus";
import { PageHeader } from "../../components/PageHeader";
import { RegionBoundary } from "../../components/RegionBoundary";
import { extensionInfo, planInfo } from "../../lib/plans/catalogue";
import { effectivePlan, isStandard } from "./plan-change";
import { environmentSettingsPath, plansPath } from "../../lib/paths";
import { managedText } from "./presentation";
import { useScopeParams } from "./scope";
import { LeaveGuard } from "./LeaveGuard";
import { useStagedChanges } from "./staged-changes";
import { planSettingsLinkId } from "./PlanRow";
import { FailureText, PreviewBadge } from "./status-marks";
import { useSubscriptionPlans } from "./use-subscription-plans";

const useStyles = makeStyles({
  cell: { verticalAlign: "top", paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  component: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  nextSteps: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  status: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

const learn = {
  supplementalTerms: "https://azure.microsoft.com/support/legal/preview-supplemental-terms/",
  overview: "https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection",
  userContext: "https://learn.microsoft.com/azure/defender-for-cloud/gain-end-user-context-ai",
  aiAlerts: "https://learn.microsoft.com/azure/defender-for-cloud/alerts-ai-workloads",
  manageAlerts: "https://learn.microsoft.com/azure/defender-for-cloud/managing-and-responding-alerts",
};

/**
 * "Settings & monitoring" for one plan: a switch per component (extension) the API reports.
 * Continue stages the choices and returns to the plans page; nothing is written until Save there.
 */
export function PlanSettingsPage() {
  const styles = useStyles();
  const blade = useBladeStyles();
  const scope = useScopeParams();
  const { planName = "" } = useParams();
  const { subscription, pricings, plans, access } = useSubscriptionPlans(scope);
  const { staged, failures, stage, discard, hasChanges } = useStagedChanges(scope.subscriptionId);
  const plan = plans.find((candidate) => candidate.name.toLowerCase() === planName.toLowerCase());
  const [draft, setDraft] = useState<Record<string, boolean>>({});
  const info = planInfo(planName);
  const isAi = planName.toLowerCase() === "ai";

  const effective = plan ? effectivePlan(plan, staged[plan.name]) : undefined;
  const readOnlyReason = !access
    ? undefined
    : !access.canWrite
      ? access.reason
      : plan && managedText(plan.properties)
        ? managedText(plan.properties)
        : effective && !effective.on
          ? `${info.label} is off. Switch it on on the Defender plans page to choose its components.`
          : undefined;
  const changed =
    effective?.extensions.filter(({ extension, enabled }) => extension.name in draft && draft[extension.name] !== enabled) ?? [];
  // Continue and Cancel leave on purpose: the choices are taken, or dropped as asked.
  const leavingOnPurpose = useRef(false);
  const readOnlyReasonId = useId("read-only-reason");
  const componentStatusId = useId("component-status");
  // Back to the plans page, with focus on this plan's Settings link (where the user came from).
  const back = () => {
    leavingOnPurpose.current = true;
    navigate(plansPath(scope), { state: { focus: planSettingsLinkId(planName) } satisfies FocusRequest });
  };

  return (
    <div className={blade.page}>
      <LeaveGuard
        // The choices made here are lost with the page until Continue; those already staged are kept until Save.
        work={
          changed.length > 0
            ? { kind: "draft" }
            : hasChanges
              ? { kind: "staged", subscription: subscription.data?.displayName ?? scope.subscriptionId, discard }
              : undefined
        }
        stays={(next) => leavingOnPurpose.current || (changed.length === 0 && next.pathname.startsWith(plansPath(scope)))}
      />
      <PageHeader
        crumbs={[
          { label: "Home", to: "/" },
          { label: "Microsoft Defender for Cloud | Environment settings", to: environmentSettingsPath },
          { label: "Settings | Defender plans", to: plansPath(scope) },
        ]}
        service="Settings & monitoring"
        documentTitle={["Settings & monitoring", info.label, subscription.data?.displayName]}
      />
      <CommandBar label="Settings and monitoring">
        <CommandButton
          icon={<ArrowRightRegular />}
          disabled={changed.length === 0 || !plan}
          onClick={() => {
            if (!plan) return;
            stage(plan, {
              extensions: Object.fromEntries(changed.map(({ extension }) => [extension.name, draft[extension.name] ?? false])),
            });
            back();
          }}
        >
          Continue
        </CommandButton>
        <CommandButton icon={<DismissRegular />} onClick={back}>
          Cancel
        </CommandButton>
      </CommandBar>
      <div className={blade.body}>
        <Text>When you enable an extension, it will be installed on any new or existing resource, by assigning a security policy.</Text>
        <div>
          <Tag appearance="brand" size="small">
            Defender plans : {info.label}
          </Tag>
        </div>
        {isAi && (
          <>
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>Preview</MessageBarTitle>
                Threat protection for AI workloads is in preview. The{" "}
                <FluentLink href={learn.supplementalTerms} target="_blank" rel="noreferrer">
                  Supplemental Terms of Use for Microsoft Azure Previews
                </FluentLink>{" "}
                apply. Learn about{" "}
                <FluentLink href={learn.overview} target="_blank" rel="noreferrer">
                  threat protection for AI services
                </FluentLink>
                .
              </MessageBarBody>
            </MessageBar>
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>Keep content filtering on</MessageBarTitle>
                Don't opt out of prompt-based content filtering in Azure OpenAI: without it, Defender for Cloud can't fully monitor and
                detect attacks on your AI deployments.
              </MessageBarBody>
            </MessageBar>
          </>
        )}
        {readOnlyReason && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Read-only</MessageBarTitle>
              <span id={readOnlyReasonId}>{readOnlyReason}</span>
            </MessageBarBody>
          </MessageBar>
        )}
        {effective?.staged && effective.on && plan && !isStandard(plan) && (
          <Text size={200}>
            {info.label} is switched on but not saved yet. When you save, the service switches its default components on; the components you
            change here are applied after that.
          </Text>
        )}
        <StatusRegion>{pricings.isPending && <Spinner label="Loading components…" />}</StatusRegion>
        <AlertRegion>{pricings.error && <ErrorMessage error={pricings.error} onRetry={() => void pricings.refetch()} />}</AlertRegion>
        {pricings.data && !plan && <Text>This subscription has no plan named “{planName}”.</Text>}
        {effective && (
          <RegionBoundary>
            <Table aria-label={`Components of ${info.label}`} className={blade.reflowTable}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Component</TableHeaderCell>
                  <TableHeaderCell>Description</TableHeaderCell>
                  <TableHeaderCell>Defender plans</TableHeaderCell>
                  <TableHeaderCell>Status</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {effective.extensions.map(({ extension, enabled, byDefault }, index) => {
                  const component = extensionInfo(extension.name);
                  const checked = draft[extension.name] ?? enabled;
                  // A plan being switched on: what the service will switch on with it, unless changed here.
                  const onByDefault = byDefault && checked;
                  const statusId = `${componentStatusId}-${String(index)}`;
                  const describedBy = [onByDefault && statusId, readOnlyReason !== undefined && readOnlyReasonId].filter(Boolean).join(" ");
                  const failure = plan
                    ? (failures[plan.name] ?? []).find((item) => item.extension.toLowerCase() === extension.name.toLowerCase())
                    : undefined;
                  return (
                    <TableRow key={extension.name}>
                      <TableCell className={styles.cell}>
                        <div className={styles.component}>
                          <Text weight="semibold">{component.label}</Text>
                          {component.preview && <PreviewBadge />}
                        </div>
                        {failure && <FailureText>Failed on the last save: {failure.message || "no message from the service."}</FailureText>}
                      </TableCell>
                      <TableCell className={styles.cell}>
                        <Text size={200}>{component.description || "—"}</Text>
                      </TableCell>
                      <TableCell className={styles.cell}>
                        <Text size={200}>{info.label}</Text>
                      </TableCell>
                      <TableCell className={styles.cell}>
                        <div className={styles.status}>
                          <Switch
                            // Named by the component and the visible On/Off, e.g. "Enable user prompt evidence Off".
                            aria-label={`${component.label} ${checked ? "On" : "Off"}`}
                            checked={checked}
                            label={checked ? "On" : "Off"}
                            disabled={readOnlyReason !== undefined}
                            {...(describedBy ? { "aria-describedby": describedBy } : {})}
                            onChange={(_, data) => setDraft({ ...draft, [extension.name]: data.checked })}
                          />
                          {onByDefault && (
                            <Text size={200} id={statusId}>
                              On by default with the plan
                            </Text>
                          )}
                        </div>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </RegionBoundary>
        )}
        {isAi && (
          <section className={styles.nextSteps} aria-label="Next steps">
            <Text as="h2" size={400} weight="semibold">
              Next steps
            </Text>
            <FluentLink href={learn.userContext} target="_blank" rel="noreferrer">
              Add user and application context to AI alerts
            </FluentLink>
            <FluentLink href={learn.aiAlerts} target="_blank" rel="noreferrer">
              Explore the alerts for AI workloads
            </FluentLink>
            <FluentLink href={learn.manageAlerts} target="_blank" rel="noreferrer">
              Manage and respond to security alerts
            </FluentLink>
          </section>
        )}
      </div>
    </div>
  );
}
