import { CommandBar, CommandButton } from "../../components/CommandBar";
import {
  Badge,
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
  useId,
} from "@fluentui/react-components";
import {
  ArrowUndoRegular,
  ChevronDownRegular,
  ChevronRightRegular,
  GiftRegular,
  SaveRegular,
  ShieldErrorRegular,
} from "@fluentui/react-icons";
import { Link } from "wouter";
import { useIsMutating, useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useAppLocation } from "../../lib/navigation";
import { ErrorMessage } from "../../components/ErrorMessage";
import { AlertRegion, StatusRegion } from "../../components/LiveRegion";
import { useBladeStyles } from "../../components/blade-styles";
import { type FocusRequest, focusPageHeading } from "../../components/page-focus";
import { PageHeader } from "../../components/PageHeader";
import { RegionBoundary } from "../../components/RegionBoundary";
import { armKeys, pricingsQuery } from "../../lib/arm/queries";
import type { SubscriptionScope } from "../../lib/arm/pricings";
import { registerSecurityProvider } from "../../lib/arm/providers";
import type { Pricing } from "../../lib/arm/schemas";
import { useArm } from "../../lib/services";
import { type PlanSection, planInfo, sectionDescriptions } from "../../lib/plans/catalogue";
import { environmentSettingsPath, plansPath } from "../../lib/paths";
import { useScopeParams } from "./scope";
import { postNotification } from "../../lib/notifications";
import { securityAlertsOf } from "../security-alerts/paths";
import { LeaveGuard } from "./LeaveGuard";
import { PlanRow } from "./PlanRow";
import { trialDaysLeft } from "./presentation";
import { type PlanSaveResult, saveStagedChanges } from "./save";
import { SaveOutcome } from "./SaveOutcome";
import { saveErrorText, saveSummaryText, saveVerdict } from "./save-outcome";
import { useStagedChanges } from "./staged-changes";
import { useSubscriptionPlans } from "./use-subscription-plans";

const useStyles = makeStyles({
  sectionHeader: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  trial: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  outcome: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  footer: { color: tokens.colorNeutralForeground3, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

/** "Settings | Defender plans" for one subscription. */
export function DefenderPlansPage() {
  const styles = useStyles();
  const blade = useBladeStyles();
  const scope = useScopeParams();
  const arm = useArm();
  const queryClient = useQueryClient();
  const { subscription, pricings, plans, access, notRegistered } = useSubscriptionPlans(scope);
  const { staged, failures, stage, settle, discard, hasChanges } = useStagedChanges(scope.subscriptionId);
  const [outcome, setOutcome] = useState<PlanSaveResult[] | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const focusRequest = (useAppLocation().state as FocusRequest | null)?.focus;
  // While the subscription's name is loading, say so rather than show its id; if it can't be read, the id it is.
  const name = subscription.data?.displayName ?? (subscription.isPending ? undefined : scope.subscriptionId);
  const readOnlyReasonId = useId("read-only-reason");
  const savingId = useId("saving");

  // A Save keeps running when the user leaves the page; its outcome then goes to the notifications,
  // read out there, and a page opened again meanwhile shows it as saving.
  const pageShown = useRef(true);
  useEffect(() => {
    pageShown.current = true;
    return () => {
      pageShown.current = false;
    };
  }, []);
  const subscriptionName = name ?? scope.subscriptionId;
  const notify = (notification: { intent: "success" | "warning" | "error"; title: string; message: string }) =>
    postNotification({
      ...notification,
      title: `${notification.title}: Defender plans of ${subscriptionName}`,
      link: { label: "Open Defender plans", to: plansPath(scope) },
      announce: !pageShown.current,
    });
  const saveKey = ["save-defender-plans", scope.subscriptionId];
  const save = useMutation({
    mutationKey: saveKey,
    mutationFn: () => saveStagedChanges(arm, scope, staged),
    onMutate: () => {
      performance.mark("defender-plans:save");
      setOutcome(null);
    },
    onSuccess: (results) => {
      setOutcome(results);
      settle(
        results.filter((result) => result.status === "saved").map((result) => result.plan),
        Object.fromEntries(results.map((result) => [result.plan, result.failedExtensions])),
      );
      notify({ ...saveVerdict(results), message: saveSummaryText(results) });
      // Each plan's last read in the Save is what the service has now: the list takes it, unread again.
      const reread = new Map(results.flatMap((result) => (result.pricing ? [[result.plan.toLowerCase(), result.pricing] as const] : [])));
      queryClient.setQueryData(pricingsQuery(arm, scope).queryKey, (list) =>
        list?.map((pricing) => reread.get(pricing.name.toLowerCase()) ?? pricing),
      );
    },
    onError: (error) => notify({ intent: "error", title: "Not saved", message: `${saveErrorText(error)} Your changes are still unsaved.` }),
    // A plan the Save could not read back (or a Save that failed outright) may have changed: read the list again.
    onSettled: (results) =>
      results?.every((result) => result.pricing !== undefined)
        ? undefined
        : queryClient.invalidateQueries({ queryKey: armKeys.pricings(scope) }),
  });
  const saving = useIsMutating({ mutationKey: saveKey }) > 0 || save.isPending;
  // After a Save, focus goes to its outcome (which the live region also reads).
  useEffect(() => {
    if (outcome || save.error) outcomeRef.current?.focus();
  }, [outcome, save.error]);

  const enableDefender = useMutation({
    mutationFn: () => registerSecurityProvider(arm, scope),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: armKeys.subscription(scope) });
      // The button that had focus is gone: start again from the top of the page.
      focusPageHeading();
    },
  });

  // Back from Settings & monitoring: focus returns to the plan the user came from once its row exists.
  const plansShown = pricings.data !== undefined;
  useEffect(() => {
    if (plansShown && focusRequest) document.getElementById(focusRequest)?.focus();
  }, [plansShown, focusRequest]);

  // User Timing marks, read by `npm run bench`: when the page can be used, and when a Save's outcome
  // shows (its start is marked in onMutate).
  const interactive = plansShown && access !== undefined;
  useEffect(() => {
    if (interactive) performance.mark("defender-plans:interactive");
  }, [interactive]);
  useEffect(() => {
    if (outcome) performance.mark("defender-plans:saved");
  }, [outcome]);

  const readOnly = !access?.canWrite;
  const outcomeHasFailures = outcome ? saveVerdict(outcome).intent !== "success" : false;
  const discardChanges = () => {
    discard();
    // The last Save's outcome and error speak of changes that are gone now ("still unsaved: select Save").
    setOutcome(null);
    save.reset();
  };
  const trialAvailable = plans.some(
    (plan) => plan.properties.pricingTier.toLowerCase() === "free" && (trialDaysLeft(plan.properties.freeTrialRemainingTime) ?? 0) > 0,
  );

  return (
    <div className={blade.page}>
      <LeaveGuard
        work={
          saving ? { kind: "saving" } : hasChanges ? { kind: "staged", subscription: subscriptionName, discard: discardChanges } : undefined
        }
        // Settings & monitoring of the same subscription: the changes are still in reach there.
        stays={(next) => next.pathname.startsWith(`${plansPath(scope)}/`)}
      />
      <PageHeader
        crumbs={[
          { label: "Home", to: "/" },
          { label: "Microsoft Defender for Cloud | Environment settings", to: environmentSettingsPath },
        ]}
        service="Settings"
        page="Defender plans"
        subtitle={name ?? "Loading subscription…"}
        documentTitle={["Defender plans", subscription.data?.displayName]}
      />
      <CommandBar label="Defender plans">
        <CommandButton
          icon={saving ? <Spinner size="extra-tiny" /> : <SaveRegular />}
          disabled={!hasChanges || readOnly || saving}
          onClick={() => save.mutate()}
        >
          {saving ? "Saving…" : "Save"}
        </CommandButton>
        <CommandButton icon={<ArrowUndoRegular />} disabled={!hasChanges || saving} onClick={discardChanges}>
          Discard changes
        </CommandButton>
        {/* What threat protection found on this subscription: the reason to switch the plans on. */}
        <Link to={securityAlertsOf(scope.subscriptionId)} asChild>
          <Button as="a" appearance="subtle" icon={<ShieldErrorRegular />}>
            Security alerts
          </Button>
        </Link>
      </CommandBar>
      <div className={blade.body}>
        {access && !access.canWrite && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Read-only</MessageBarTitle>
              <span id={readOnlyReasonId}>{access.reason}</span>
            </MessageBarBody>
          </MessageBar>
        )}
        {/* Saving, then its outcome (never both): read out, and where focus goes after a Save. */}
        <div ref={outcomeRef} tabIndex={-1} className={styles.outcome}>
          <StatusRegion>
            {saving && (
              <Spinner
                size="tiny"
                labelPosition="after"
                label={{ id: savingId, children: `Saving your changes to ${name ?? "this subscription"}…` }}
              />
            )}
            {!saving && outcome && !outcomeHasFailures && <SaveOutcome results={outcome} />}
          </StatusRegion>
          <AlertRegion>
            {!saving && outcome && outcomeHasFailures && <SaveOutcome results={outcome} />}
            {!saving && save.error && <ErrorMessage error={save.error} onRetry={() => save.mutate()} />}
          </AlertRegion>
        </div>
        {hasChanges && !saving && <Text>You have unsaved changes. Select Save to apply them to {name ?? "this subscription"}.</Text>}

        <StatusRegion>
          {notRegistered && (enableDefender.isPending || pricings.isFetching) ? (
            <Spinner label="Enabling Defender for Cloud: registering Microsoft.Security…" />
          ) : (
            (pricings.isPending || (pricings.error && pricings.isFetching)) && <Spinner label="Loading Defender plans…" />
          )}
        </StatusRegion>
        <AlertRegion>
          {pricings.error &&
            !pricings.isFetching &&
            (notRegistered ? (
              !enableDefender.isPending && (
                <>
                  <ErrorMessage error={pricings.error} {...(readOnly ? {} : { onEnableDefender: () => enableDefender.mutate() })} />
                  {enableDefender.error && <ErrorMessage error={enableDefender.error} onRetry={() => enableDefender.mutate()} />}
                </>
              )
            ) : (
              <ErrorMessage error={pricings.error} onRetry={() => void pricings.refetch()} />
            ))}
        </AlertRegion>

        {pricings.data && (
          <>
            {!access && <Text id={readOnlyReasonId}>Checking your permissions on this subscription…</Text>}
            {trialAvailable && (
              <Text className={styles.trial}>
                <GiftRegular aria-hidden /> 30 days free trial is available for some of your plans
              </Text>
            )}
            {(["CSPM", "CWP"] as const).map((section) => (
              <RegionBoundary key={section}>
                <PlanSectionTable
                  section={section}
                  plans={plans.filter((plan) => planInfo(plan.name).section === section)}
                  scope={scope}
                  staged={staged}
                  failures={failures}
                  readOnly={readOnly || saving}
                  // Why the switches are greyed out, for screen readers too: the read-only reason, or the Save under way.
                  disabledReasonId={saving ? savingId : readOnly ? readOnlyReasonId : undefined}
                  onToggle={(plan, on) => stage(plan, { pricingTier: on ? "Standard" : "Free" })}
                />
              </RegionBoundary>
            ))}
            <div className={styles.footer}>
              <Text size={200}>* The price shown is the list price before any discount or special offer.</Text>
              <Text size={200}>
                When you select Save, the enhanced security features of the plans you switched on are enabled on all the resources they
                cover. The first 30 days of each plan are free.
              </Text>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function PlanSectionTable({
  section,
  plans,
  scope,
  staged,
  failures,
  readOnly,
  disabledReasonId,
  onToggle,
}: {
  section: PlanSection;
  plans: Pricing[];
  scope: SubscriptionScope;
  staged: ReturnType<typeof useStagedChanges>["staged"];
  failures: ReturnType<typeof useStagedChanges>["failures"];
  readOnly: boolean;
  disabledReasonId: string | undefined;
  onToggle: (plan: Pricing, on: boolean) => void;
}) {
  const styles = useStyles();
  const blade = useBladeStyles();
  const [open, setOpen] = useState(true);
  const { title, description } = sectionDescriptions[section];
  const headingId = `plans-${section}`;
  return (
    <section aria-labelledby={headingId}>
      <div className={styles.sectionHeader}>
        <Button
          appearance="transparent"
          icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          id={headingId}
        >
          <Text as="h2" size={400} weight="semibold">
            {title}
          </Text>
        </Button>
      </div>
      {open && (
        <>
          <Text block size={200}>
            {description}
          </Text>
          <Table aria-label={title} className={blade.reflowTable}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Plan</TableHeaderCell>
                <TableHeaderCell>Pricing*</TableHeaderCell>
                <TableHeaderCell>Monitoring coverage</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {section === "CSPM" && (
                <TableRow>
                  <TableCell>Foundational CSPM</TableCell>
                  <TableCell>Free</TableCell>
                  <TableCell>Full</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color="success">
                      Always on
                    </Badge>
                  </TableCell>
                </TableRow>
              )}
              {plans.map((plan) => (
                <PlanRow
                  key={plan.name}
                  plan={plan}
                  scope={scope}
                  change={staged[plan.name]}
                  failures={failures[plan.name] ?? []}
                  readOnly={readOnly}
                  disabledReasonId={disabledReasonId}
                  onToggle={(on) => onToggle(plan, on)}
                />
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
