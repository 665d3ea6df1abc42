import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  ProgressBar,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useQueryClient } from "@tanstack/react-query";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "wouter";
import { AlertRegion, StatusRegion } from "../../components/LiveRegion";
import { useBladeStyles } from "../../components/blade-styles";
import { PageHeader } from "../../components/PageHeader";
import { PRICINGS_API_VERSION } from "../../lib/arm/pricings";
import { number, plural } from "../../lib/format";
import { registerSecurityProvider } from "../../lib/arm/providers";
import { describeError } from "../../lib/errors/messages";
import { armKeys } from "../../lib/arm/queries";
import { useHomeAccount } from "../../lib/auth/msal";
import { downloadText } from "../../lib/download";
import { environmentSettingsPath, plansPath } from "../../lib/paths";
import { extensionInfo } from "../../lib/plans/catalogue";
import { useArm } from "../../lib/services";
import { trialText } from "../defender-plans/presentation";
import { onThrottled } from "../../lib/arm/notices";
import { type AiComponent, aiComponents, type BulkChange, type Review, reviewSubscription, type SubscriptionFacts } from "./change";
import { bicepFile, cliScript, policyAssignment, type ReviewedChange, terraformFile } from "./exports";
import { readFacts } from "./facts";
import type { BulkAction } from "./paths";
import { componentLabel, failedOutcome, failureOf, outcomeText, reportCsv } from "./report";
import { cancelBulkRun, clearBulkRun, pauseBulkRun, resumeBulkRun, runCounts, startBulkRun, type TargetOutcome, useBulkRun } from "./run";
import { adaptiveLimit } from "./scheduler";
import { type SelectedSubscription, useSelection } from "./selection";

// The plans page's code comes with this page: the report links to each subscription's plans page, and
// this page's writes are that page's Save, so the two share most modules. Bundled together those stay
// in the chunks the plans page already has; split by who imports them, they made the plans page's own
// download 2.5 KB bigger (scripts/bench/bundle-budget.test.ts).
export { DefenderPlansPage as PlansPageCode } from "../defender-plans/DefenderPlansPage";
// A run a reload interrupted is resumed from here (see SignedInApp).
export { resumeStoredBulkRun } from "./run";

const useStyles = makeStyles({
  components: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, maxWidth: "720px" },
  component: { display: "flex", flexDirection: "column" },
  hint: { color: tokens.colorNeutralForeground3, marginLeft: "32px" },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  progress: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, maxWidth: "640px" },
  requests: {
    margin: 0,
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  // Plain table elements: Fluent's Table would be one more chunk shared with the plans page, on its
  // critical path. Rows hold lists of several lines: each cell starts at the top.
  table: {
    width: "100%",
    borderCollapse: "collapse",
    "& th": { textAlign: "left", fontWeight: tokens.fontWeightRegular, padding: tokens.spacingHorizontalS },
    "& td": { verticalAlign: "top", padding: tokens.spacingHorizontalS },
    "& tr": { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  },
});

const key = (subscriptionId: string) => subscriptionId.toLowerCase();
const onOff = (on: boolean) => (on ? "On" : "Off");

/** Chosen at first: user prompt evidence (what this product is for) and AI model security (the service's own default). */
const defaultComponents: Record<AiComponent, boolean> = { AIPromptEvidence: true, AIPromptSharingWithPurview: false, AIModelScanner: true };

/**
 * Each review kept with the read it came from, while the change stays the same: a row whose
 * subscription was not read again is then not drawn again (a thousand rows, each answer redrawing all
 * of them, kept the page busy for half a minute).
 */
const reviewsByRead = new WeakMap<SubscriptionFacts, { change: BulkChange; url: string; review: Review }>();
function reviewOf(read: SubscriptionFacts, change: BulkChange, url: string): Review {
  const kept = reviewsByRead.get(read);
  if (kept?.change === change && kept.url === url) return kept.review;
  const review = reviewSubscription(read, change, url);
  reviewsByRead.set(read, { change, url, review });
  return review;
}

/** Reads every target's facts, a few at a time; each answer shows as it comes. */
function useFacts(targets: readonly SelectedSubscription[]) {
  const arm = useArm();
  const queryClient = useQueryClient();
  // Kept with the targets they were read for: answers for another selection are not shown.
  const [facts, setFacts] = useState<{ ids: string; read: ReadonlyMap<string, SubscriptionFacts> }>({ ids: "", read: new Map() });
  const ids = targets.map((target) => key(target.subscriptionId)).join();
  // Answers are shown ten times a second, not each as it comes: a thousand answers, each drawing the
  // page again, kept it busy for half a minute.
  const pending = useRef<Array<{ ids: string; id: string; read: SubscriptionFacts }>>([]);
  const flushTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(flushTimer.current), []);
  const store = useCallback(
    (target: SelectedSubscription, read: SubscriptionFacts) => {
      pending.current.push({ ids, id: key(target.subscriptionId), read });
      flushTimer.current ??= setTimeout(() => {
        flushTimer.current = undefined;
        const answers = pending.current.splice(0);
        setFacts((current) => {
          const latest = answers.at(-1)?.ids ?? current.ids;
          const shown = new Map(current.ids === latest ? current.read : []);
          for (const answer of answers) if (answer.ids === latest) shown.set(answer.id, answer.read);
          return { ids: latest, read: shown };
        });
      }, 100);
    },
    [ids],
  );
  useEffect(() => {
    let live = true;
    // Six at a time to start with, more while Azure keeps up, fewer when it throttles (as a run does).
    const limit = adaptiveLimit({ initial: 6, max: 32 });
    const stopListening = onThrottled((waitMs) => limit.throttled(waitMs));
    for (const target of targets) {
      void limit
        .run(() => readFacts(arm, queryClient, target))
        .then((read) => {
          if (live) store(target, read);
        });
    }
    return () => {
      live = false;
      limit.clear();
      stopListening();
    };
    // The targets' ids say when to read again; a new array with the same subscriptions does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [arm, queryClient, ids]);
  /** Reads one subscription again, from ARM (after it was registered). */
  const reread = useCallback(
    async (target: SelectedSubscription) => {
      await queryClient.invalidateQueries({ queryKey: armKeys.subscription(target) });
      store(target, await readFacts(arm, queryClient, target));
    },
    [arm, queryClient, store],
  );
  return { facts: facts.ids === ids ? facts.read : new Map<string, SubscriptionFacts>(), reread };
}

/** "Enable AI workloads" or "Turn off AI workloads" on every selected subscription: choose, review, run, report. */
export function BulkChangePage() {
  const styles = useStyles();
  const blade = useBladeStyles();
  const arm = useArm();
  const queryClient = useQueryClient();
  const account = useHomeAccount()?.homeAccountId ?? "";
  const action = useParams<{ action: BulkAction }>().action === "turn-off" ? "turn-off" : "enable";
  const title = action === "enable" ? "Enable AI workloads" : "Turn off AI workloads";
  const selection = useSelection();
  const targets = useMemo(() => Object.values(selection.selected).sort((a, b) => a.name.localeCompare(b.name)), [selection.selected]);
  const [components, setComponents] = useState(defaultComponents);
  const change = useMemo<BulkChange>(() => (action === "enable" ? { action, components } : { action }), [action, components]);
  const { facts, reread } = useFacts(targets);
  const reviews = targets.map((target) => {
    const read = facts.get(key(target.subscriptionId));
    const url = `${arm.endpoint}/subscriptions/${target.subscriptionId}/providers/Microsoft.Security/pricings/AI?api-version=${PRICINGS_API_VERSION}`;
    return { target, review: read && reviewOf(read, change, url) };
  });
  const reading = reviews.filter(({ review }) => !review).length;
  const changing = reviews.filter(({ review }) => review?.kind === "change");
  const unchanged = reviews.filter(({ review }) => review?.kind === "unchanged").length;
  const blocked = reviews.filter(({ review }) => review?.kind === "blocked").length;
  const [confirming, setConfirming] = useState(false);

  const run = useBulkRun();
  const running = run !== undefined && run.state !== "ended";
  /** Every target is in the run's report; those the review found nothing to do on, or cannot change, are skipped with the reason. */
  const start = () => {
    const skipped: Record<string, TargetOutcome> = {};
    for (const { target, review } of reviews) {
      if (review?.kind === "blocked") skipped[key(target.subscriptionId)] = { status: "skipped", reason: review.reason };
      if (review?.kind === "unchanged")
        skipped[key(target.subscriptionId)] = { status: "skipped", reason: "already as asked, nothing was written" };
    }
    clearBulkRun();
    void startBulkRun(arm, account, targets, change, skipped).finally(() => {
      // What was written is read again wherever it is shown: the plans pages and Environment settings.
      void queryClient.invalidateQueries({ queryKey: armKeys.all });
    });
  };

  return (
    <div className={blade.page}>
      <PageHeader
        crumbs={[
          { label: "Home", to: "/" },
          { label: "Microsoft Defender for Cloud | Environment settings", to: environmentSettingsPath },
        ]}
        service="Microsoft Defender for Cloud"
        page={title}
        subtitle={
          run ? `${plural(run.targets.length, "subscription")} in the last run` : `${plural(targets.length, "subscription")} selected`
        }
        documentTitle={[title]}
      />
      <div className={blade.body}>
        {run ? (
          <RunReport />
        ) : targets.length === 0 ? (
          <Text>
            No subscriptions are selected. Select them in <Link to={environmentSettingsPath}>Environment settings</Link>.
          </Text>
        ) : (
          <>
            {action === "enable" ? (
              <section aria-labelledby="components-heading" className={styles.components}>
                <Text as="h2" id="components-heading" size={400} weight="semibold">
                  Components
                </Text>
                <Text>
                  AI workloads will be On with exactly these components on; every other component and plan stays as it is. Threat protection
                  for AI workloads is billed per 1K tokens; each subscription has a free trial of 30 days or 75 billion tokens, whichever
                  ends first.
                </Text>
                {aiComponents.map((name) => (
                  <div key={name} className={styles.component}>
                    <Checkbox
                      label={extensionInfo(name).label}
                      checked={components[name]}
                      onChange={(_, data) => setComponents((current) => ({ ...current, [name]: data.checked === true }))}
                      aria-describedby={`${name}-description`}
                    />
                    <Text id={`${name}-description`} size={200} className={styles.hint}>
                      {extensionInfo(name).description}
                    </Text>
                  </div>
                ))}
              </section>
            ) : (
              <Text>
                Turning off AI workloads stops threat detection for AI workloads on these subscriptions: no new AI alerts are raised there,
                and its components are switched off. Every other plan stays as it is.
              </Text>
            )}
            <section aria-labelledby="review-heading" className={styles.components}>
              <Text as="h2" id="review-heading" size={400} weight="semibold">
                Review
              </Text>
              <StatusRegion>
                <Text>
                  {reading > 0
                    ? `Reading ${plural(targets.length - reading, "subscription")} of ${number.format(targets.length)}…`
                    : `${plural(changing.length, "subscription")} will change, ${number.format(unchanged)} already as asked, ${number.format(blocked)} can't be changed.`}
                </Text>
              </StatusRegion>
              <div className={styles.actions}>
                <Button
                  appearance="primary"
                  disabled={reading > 0 || changing.length === 0}
                  onClick={() => (action === "turn-off" ? setConfirming(true) : start())}
                >
                  {`${title} on ${plural(changing.length, "subscription")}`}
                </Button>
                <Link to={environmentSettingsPath} asChild>
                  <Button as="a">Back to the selection</Button>
                </Link>
              </div>
            </section>
            <ReviewTable reviews={reviews} onRegistered={reread} />
            {reading === 0 && changing.length > 0 && (
              <ExportSection
                change={change}
                reviewed={changing.flatMap(({ target, review }) => (review?.kind === "change" ? [{ target, review }] : []))}
              />
            )}
            <Dialog open={confirming} modalType="alert" onOpenChange={(_, data) => setConfirming(data.open)}>
              <DialogSurface>
                <DialogBody>
                  <DialogTitle>{`Turn off AI workloads on ${plural(changing.length, "subscription")}?`}</DialogTitle>
                  <DialogContent>
                    Threat detection for AI workloads stops on these subscriptions, and no new AI alerts are raised there. Their AI
                    components are switched off. You can switch the plan on again later.
                  </DialogContent>
                  <DialogActions>
                    <Button
                      appearance="primary"
                      onClick={() => {
                        setConfirming(false);
                        start();
                      }}
                    >
                      Turn off
                    </Button>
                    <Button onClick={() => setConfirming(false)}>Cancel</Button>
                  </DialogActions>
                </DialogBody>
              </DialogSurface>
            </Dialog>
          </>
        )}
        {running && <Text size={200}>You can leave this page: the run goes on, and its outcome is posted to the notifications.</Text>}
      </div>
    </div>
  );
}

/** The reviewed change as files, to run elsewhere (a pipeline, another tool) instead of here. */
function ExportSection({ change, reviewed }: { change: BulkChange; reviewed: ReviewedChange[] }) {
  const styles = useStyles();
  const arm = useArm();
  const [managementGroup, setManagementGroup] = useState("");
  const [location, setLocation] = useState("westeurope");
  // Management group ids: letters, digits, - _ . ( ), up to 90 characters (ARM's rule).
  const groupValid = /^[\w\-.()]{1,90}$/.test(managementGroup);
  const policy = change.action === "enable" && groupValid ? policyAssignment(change, managementGroup, location) : undefined;
  return (
    <section aria-labelledby="export-heading" className={styles.components}>
      <Text as="h2" id="export-heading" size={400} weight="semibold">
        Export instead of running
      </Text>
      <Text>
        The same change as a file: each writes what the review shows on these {plural(reviewed.length, "subscription")}, and none switches
        off a component the change does not name.
      </Text>
      <div className={styles.actions}>
        <Button onClick={() => downloadText(cliScript(change, reviewed, arm.endpoint), "defender-ai-workloads.sh", "text/x-shellscript")}>
          Azure CLI script
        </Button>
        <Button onClick={() => downloadText(bicepFile(change, reviewed), "defender-ai-workloads.bicep", "text/plain")}>Bicep</Button>
        <Button onClick={() => downloadText(terraformFile(change, reviewed), "defender-ai-workloads.tf", "text/plain")}>
          Terraform (azapi)
        </Button>
      </div>
      {change.action === "enable" && (
        <>
          <Text>
            Or assign the built-in policy “Configure Microsoft Defender threat protection for AI Services” at a management group, so that
            subscriptions added later are covered too (it sets user prompt evidence and data security for AI interactions; not AI model
            security).
          </Text>
          <div className={styles.actions}>
            <Field
              label="Management group ID"
              validationState={managementGroup && !groupValid ? "error" : "none"}
              validationMessage={managementGroup && !groupValid ? "Letters, digits, - _ . ( ) only, up to 90 characters." : null}
            >
              <Input value={managementGroup} onChange={(_, data) => setManagementGroup(data.value.trim())} />
            </Field>
            <Field label="Location of the assignment's identity">
              <Input value={location} onChange={(_, data) => setLocation(data.value.trim())} />
            </Field>
            <Button disabled={!policy} onClick={() => policy && downloadText(policy.cli, "defender-ai-policy.sh", "text/x-shellscript")}>
              Policy assignment (Azure CLI)
            </Button>
            <Button disabled={!policy} onClick={() => policy && downloadText(policy.bicep, "defender-ai-policy.bicep", "text/plain")}>
              Policy assignment (Bicep)
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * "Register first": registers Microsoft.Security on a subscription that does not have Defender for
 * Cloud yet (what its plans page's Enable Defender for Cloud does), then reads it again for the review.
 */
function RegisterButton({
  target,
  onRegistered,
}: {
  target: SelectedSubscription;
  onRegistered: (target: SelectedSubscription) => Promise<void>;
}) {
  const arm = useArm();
  const [state, setState] = useState<{ registering: boolean; error?: unknown }>({ registering: false });
  const register = async () => {
    setState({ registering: true });
    try {
      await registerSecurityProvider(arm, target);
      await onRegistered(target);
    } catch (error) {
      setState({ registering: false, error });
      return;
    }
    setState({ registering: false });
  };
  return (
    <>
      <Button size="small" disabled={state.registering} onClick={() => void register()}>
        Register Microsoft.Security first
      </Button>
      <StatusRegion>
        {state.registering && <Text block size={200}>{`Registering Microsoft.Security on ${target.name}…`}</Text>}
      </StatusRegion>
      <AlertRegion>
        {state.error !== undefined && <Text block size={200}>{`Not registered: ${describeError(state.error).message}`}</Text>}
      </AlertRegion>
    </>
  );
}

function ReviewTable({
  reviews,
  onRegistered,
}: {
  reviews: Array<{ target: SelectedSubscription; review: Review | undefined }>;
  onRegistered: (target: SelectedSubscription) => Promise<void>;
}) {
  const styles = useStyles();
  const blade = useBladeStyles();
  return (
    <table aria-label="What changes on each subscription" className={mergeClasses(styles.table, blade.reflowTable)}>
      <thead>
        <tr>
          <th scope="col">Subscription</th>
          <th scope="col">What happens</th>
          <th scope="col">Changes</th>
          <th scope="col">Requests</th>
        </tr>
      </thead>
      <tbody>
        {reviews.map(({ target, review }) => (
          <ReviewRow key={target.subscriptionId} target={target} review={review} onRegistered={onRegistered} />
        ))}
      </tbody>
    </table>
  );
}

/** The run's progress while it goes, then one row per subscription: outcome, what ARM now holds, and any error. */
function RunReport() {
  const styles = useStyles();
  const blade = useBladeStyles();
  const arm = useArm();
  const queryClient = useQueryClient();
  const run = useBulkRun();
  const account = useHomeAccount()?.homeAccountId ?? "";
  const [failuresOnly, setFailuresOnly] = useState(false);
  if (!run) return null;
  const { done, failed, left, skipped, cancelled, total } = runCounts(run);
  const average = run.durations.length ? run.durations.reduce((sum, time) => sum + time, 0) / run.durations.length : undefined;
  const estimate = average && left ? Math.ceil((average * left) / Math.min(run.concurrency, left) / 1000) : undefined;
  const ended = run.state === "ended";
  const failedTargets = run.targets.filter((target) => failedOutcome(run.outcomes[key(target.subscriptionId)]));
  const rows = failuresOnly ? failedTargets : run.targets;
  const verb = run.change.action === "enable" ? "Enable AI workloads" : "Turn off AI workloads";

  return (
    <>
      <div className={styles.progress}>
        <StatusRegion>
          <Text weight="semibold">
            {ended
              ? `${verb} ended: ${plural(done - failed, "subscription")} changed, ${number.format(failed)} failed${cancelled ? `, ${number.format(cancelled)} not started (cancelled)` : ""}${skipped ? `, ${number.format(skipped)} skipped` : ""}.`
              : `${run.state === "paused" ? "Paused" : run.state === "cancelling" ? "Cancelling" : verb}: ${number.format(done)} of ${number.format(total)} done, ${number.format(failed)} failed, ${number.format(left)} remaining${estimate && run.state === "running" ? `, about ${String(estimate)} s left` : ""}.`}
          </Text>
        </StatusRegion>
        <ProgressBar value={total ? done / total : 0} aria-label={`${verb}: subscriptions done`} />
        <div className={styles.actions}>
          {!ended &&
            (run.state === "paused" ? (
              <Button onClick={resumeBulkRun}>Resume</Button>
            ) : (
              <Button disabled={run.state === "cancelling"} onClick={pauseBulkRun}>
                Pause
              </Button>
            ))}
          {!ended && (
            <Button disabled={run.state === "cancelling"} onClick={cancelBulkRun}>
              Cancel
            </Button>
          )}
          {ended && failedTargets.length > 0 && (
            <Button
              appearance="primary"
              onClick={() => {
                // The others keep their outcome in the report; only the failed ones are written again.
                const failedIds = new Set(failedTargets.map((target) => key(target.subscriptionId)));
                const kept = Object.fromEntries(Object.entries(run.outcomes).filter(([id]) => !failedIds.has(id)));
                const { targets, change } = run;
                clearBulkRun();
                void startBulkRun(arm, account, targets, change, kept).finally(
                  () => void queryClient.invalidateQueries({ queryKey: armKeys.all }),
                );
              }}
            >
              {`Retry ${plural(failedTargets.length, "failed subscription")}`}
            </Button>
          )}
          {ended && <Button onClick={() => downloadText(reportCsv(run), "defender-ai-workloads-report.csv")}>Download report (CSV)</Button>}
          {ended && <Button onClick={clearBulkRun}>New review</Button>}
          <Checkbox label="Failures only" checked={failuresOnly} onChange={(_, data) => setFailuresOnly(Boolean(data.checked))} />
        </div>
      </div>
      <AlertRegion>{ended && failed > 0 && <Text>{`${plural(failed, "subscription")} failed: see the report below.`}</Text>}</AlertRegion>
      <table aria-label="Outcome on each subscription" className={mergeClasses(styles.table, blade.reflowTable)}>
        <thead>
          <tr>
            <th scope="col">Subscription</th>
            <th scope="col">Outcome</th>
            <th scope="col">Now in Azure</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((target) => (
            <OutcomeRow key={target.subscriptionId} target={target} outcome={run.outcomes[key(target.subscriptionId)]} />
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * One subscription's row of the report. Memoised: a run of a thousand subscriptions updates the report
 * with every outcome, and only the rows whose outcome changed need drawing again.
 */
const OutcomeRow = memo(function OutcomeRow({ target, outcome }: { target: SelectedSubscription; outcome: TargetOutcome | undefined }) {
  const styles = useStyles();
  const result = outcome?.status === "finished" ? outcome.result : undefined;
  const failure = failureOf(outcome);
  return (
    <tr>
      <td>
        <Link to={plansPath(target)}>{target.name}</Link>
      </td>
      <td>{outcomeText(outcome)}</td>
      <td>
        {result?.pricing && (
          <ul className={styles.list}>
            <li>{`AI workloads: ${result.pricing.properties.pricingTier === "Free" ? "Off" : "On"}`}</li>
            {(result.pricing.properties.extensions ?? []).map((extension) => (
              <li key={extension.name}>{`${componentLabel(extension.name)}: ${extension.isEnabled === "True" ? "On" : "Off"}`}</li>
            ))}
          </ul>
        )}
        {result && !result.pricing && "Couldn't be read back"}
      </td>
      <td>
        {failure && (
          <>
            <Text block>{failure.message}</Text>
            {failure.code && <Text block size={200}>{`Code ${failure.code}`}</Text>}
            {failure.requestId && <Text block size={200}>{`Request id ${failure.requestId}`}</Text>}
          </>
        )}
      </td>
    </tr>
  );
});

/** One subscription's row of the review; memoised like the report's rows. */
const ReviewRow = memo(function ReviewRow({
  target,
  review,
  onRegistered,
}: {
  target: SelectedSubscription;
  review: Review | undefined;
  onRegistered: (target: SelectedSubscription) => Promise<void>;
}) {
  const styles = useStyles();
  return (
    <tr>
      <td>
        <Link to={plansPath(target)}>{target.name}</Link>
      </td>
      <td>
        {!review
          ? "Reading…"
          : review.kind === "blocked"
            ? `Can't be changed: ${review.reason}`
            : review.kind === "unchanged"
              ? "Already as asked: nothing is written"
              : "Will change"}
        {review && review.kind !== "blocked" && trialText(review.trial) && (
          <Text block size={200}>
            {trialText(review.trial)}
          </Text>
        )}
        {review?.kind === "blocked" && review.register && <RegisterButton target={target} onRegistered={onRegistered} />}
      </td>
      <td>
        {review?.kind === "change" && (
          <ul className={styles.list}>
            {review.tier && (
              <li>{`AI workloads: ${review.tier.before === "Free" ? "Off" : "On"} → ${review.tier.after === "Free" ? "Off" : "On"}`}</li>
            )}
            {review.components.map((component) => (
              <li key={component.name}>
                {component.before === component.after
                  ? `${componentLabel(component.name)}: stays ${onOff(component.after)}`
                  : `${componentLabel(component.name)}: ${onOff(component.before)} → ${onOff(component.after)}`}
              </li>
            ))}
            {review.kept.map((component) => (
              <li key={component.name}>{`${componentLabel(component.name)}: stays ${onOff(component.on)}`}</li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {review?.kind === "change" && (
          <details>
            <summary>{`${plural(review.requests.length, "request")} to ${target.name}`}</summary>
            <pre className={styles.requests}>
              {review.requests
                .map((request) => `${request.method} ${request.url}${request.body ? `\n${JSON.stringify(request.body, null, 2)}` : ""}`)
                .join("\n\n")}
            </pre>
          </details>
        )}
      </td>
    </tr>
  );
});
