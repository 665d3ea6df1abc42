import {
  Badge,
  type BadgeProps,
  Button,
  Checkbox,
  Field,
  Link as FluentLink,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  SearchBox,
  Select,
  Spinner,
  Text,
  tokens,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { ArrowClockwiseRegular } from "@fluentui/react-icons";
import { useQueryClient } from "@tanstack/react-query";
import { memo, useMemo, useRef, useState } from "react";
import { CommandBar, CommandButton } from "../../components/CommandBar";
import { Counter, Counters } from "../../components/Counters";
import { ErrorMessage } from "../../components/ErrorMessage";
import { AlertRegion, StatusRegion } from "../../components/LiveRegion";
import { useBladeStyles } from "../../components/blade-styles";
import { PageHeader } from "../../components/PageHeader";
import { RegionBoundary } from "../../components/RegionBoundary";
import { armKeys } from "../../lib/arm/queries";
import { describeError } from "../../lib/errors/messages";
import { number, plural } from "../../lib/format";
import { navigate, useAppLocation } from "../../lib/navigation";
import { useSelection } from "../bulk/selection";
import { AlertDetails } from "./AlertDetails";
import {
  activityTimeOf,
  affectedResourceOf,
  alertCounters,
  type AlertEntry,
  type AlertFilters,
  defaultFilters,
  filterAlerts,
  formatTime,
  severities,
  statusLabel,
  statusLabels,
  type StatusFilter,
  tacticsOf,
} from "./alerts";
import { Severity } from "./Severity";
import { SELECTED_SUBSCRIPTIONS, securityAlertsOf, securityAlertsPath } from "./paths";
import { type SubscriptionRead, useAlerts } from "./use-alerts";

const useStyles = makeStyles({
  filters: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "flex-end", flexWrap: "wrap" },
  search: { width: "320px", maxWidth: "100%" },
  filter: { minWidth: "150px", maxWidth: "100%" },
  progress: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, maxWidth: "480px" },
  // Attacker-chosen text may be one unbroken word thousands of characters long: it wraps anywhere.
  text: { overflowWrap: "anywhere" },
  title: { textAlign: "start", overflowWrap: "anywhere" },
  titleColumn: { width: "30%" },
  // Plain table markup, styled like the portal's lists.
  table: {
    borderCollapse: "collapse",
    width: "100%",
    "& th": { fontWeight: tokens.fontWeightSemibold },
    "& th, & td": {
      textAlign: "start",
      verticalAlign: "top",
      padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
  },
  failures: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** The status as a badge, for the eye; its words say it all. */
const statusColors: Partial<Record<string, BadgeProps["color"]>> = {
  Active: "danger",
  InProgress: "warning",
  Resolved: "success",
  Dismissed: "informative",
};

/** "Microsoft Defender for Cloud | Security alerts": the alerts of the subscriptions in scope, AI alerts first of all. */
export function SecurityAlertsPage() {
  const styles = useStyles();
  const blade = useBladeStyles();
  const queryClient = useQueryClient();
  const subscription = new URLSearchParams(useAppLocation().search).get("subscription") ?? "";
  const selection = useSelection();
  const { subscriptions, listing, listErrors, reads, entries } = useAlerts(subscription);
  const [filters, setFilters] = useState<AlertFilters>(defaultFilters);
  const [openId, setOpenId] = useState<string>();
  const shown = useMemo(() => filterAlerts(entries, filters), [entries, filters]);
  // Of every alert read, as the portal's counters: the filters narrow the list, not the totals.
  const counters = useMemo(() => alertCounters(entries), [entries]);
  const setFilter = <K extends keyof AlertFilters>(key: K, value: AlertFilters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));
  const filtered = JSON.stringify(filters) !== JSON.stringify(defaultFilters);

  // A link to a subscription this account cannot read (or no longer exists).
  const unknownSubscription = !listing && subscription !== "" && subscription !== SELECTED_SUBSCRIPTIONS && reads.length === 0;
  const done = reads.filter((read) => read.read || read.error).length;
  const reading = listing || done < reads.length;
  const failed = reads.filter((read) => read.error);
  const unregistered = reads.filter((read) => read.read && !read.read.registered);
  const summaryRef = useRef<HTMLDivElement>(null);
  const closeDetails = () => {
    const listed = shown.some((entry) => entry.alert.id === openId);
    setOpenId(undefined);
    // Focus goes back to the alert the pane was opened from (Fluent restores it); if a status change took
    // the alert off the list, to the list's summary rather than nowhere.
    if (!listed) requestAnimationFrame(() => summaryRef.current?.focus());
  };
  const open = openId === undefined ? undefined : entries.find((entry) => entry.alert.id.toLowerCase() === openId.toLowerCase());

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Home", to: "/" },
          { label: "Microsoft Defender for Cloud", to: "/defender" },
        ]}
        service="Microsoft Defender for Cloud"
        page="Security alerts"
        subtitle={listing ? "Loading subscriptions…" : `Showing ${plural(reads.length, "subscription")}`}
        documentTitle={["Security alerts"]}
      />
      <CommandBar label="Security alerts">
        <CommandButton
          icon={<ArrowClockwiseRegular />}
          onClick={() =>
            void queryClient.invalidateQueries({
              predicate: ({ queryKey }) => queryKey.includes("alerts") && queryKey[0] === armKeys.all[0],
            })
          }
        >
          Refresh
        </CommandButton>
      </CommandBar>
      <div className={blade.body}>
        <Counters>
          <Counter label="Open alerts" value={number.format(counters.open)} />
          <Counter label="Active alerts" value={number.format(counters.active)} />
          <Counter label="In progress alerts" value={number.format(counters.inProgress)} />
          <Counter label="Affected resources" value={number.format(counters.affectedResources)} />
        </Counters>
        <div className={styles.filters} role="search" aria-label="Filter alerts">
          <SearchBox
            className={styles.search}
            aria-label="Search alerts"
            placeholder="Search by ID, title or resource"
            value={filters.search}
            onChange={(_, data) => setFilter("search", data.value)}
          />
          <Field label="Subscription" className={styles.filter}>
            <Select
              value={subscription}
              onChange={(_, data) => navigate(data.value ? securityAlertsOf(data.value) : securityAlertsPath, { replace: true })}
            >
              <option value="">All subscriptions</option>
              {(selection.count > 0 || subscription === SELECTED_SUBSCRIPTIONS) && (
                <option value={SELECTED_SUBSCRIPTIONS}>Selected in Environment settings ({number.format(selection.count)})</option>
              )}
              {subscriptions.map((candidate) => (
                <option key={candidate.subscriptionId} value={candidate.subscriptionId}>
                  {candidate.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Severity" className={styles.filter}>
            <Select value={filters.severity} onChange={(_, data) => setFilter("severity", data.value as AlertFilters["severity"])}>
              <option value="all">All</option>
              {severities.map((severity) => (
                <option key={severity}>{severity}</option>
              ))}
            </Select>
          </Field>
          <Field label="Status" className={styles.filter}>
            <Select value={filters.status} onChange={(_, data) => setFilter("status", data.value as StatusFilter)}>
              <option value="open">Active and in progress</option>
              <option value="all">All</option>
              {Object.entries(statusLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          <Checkbox label="AI alerts only" checked={filters.aiOnly} onChange={(_, data) => setFilter("aiOnly", data.checked === true)} />
          <Button disabled={!filtered} onClick={() => setFilters(defaultFilters)}>
            Reset filters
          </Button>
        </div>
        {reading && reads.length > 1 && (
          <div className={styles.progress}>
            <Text size={200}>
              Reading alerts: {number.format(done)} of {plural(reads.length, "subscription")}
            </Text>
            <ProgressBar value={reads.length ? done / reads.length : 0} aria-label="Alerts read" />
          </div>
        )}
        <div ref={summaryRef} tabIndex={-1}>
          <StatusRegion>
            {unknownSubscription ? (
              <Text>None of your subscriptions has the ID “{subscription}”. Choose a subscription, or All subscriptions.</Text>
            ) : reading ? (
              <Spinner size="tiny" labelPosition="after" label="Loading alerts…" />
            ) : (
              <Text>
                {shown.length === 0
                  ? filters.search.trim()
                    ? `No alerts match “${filters.search.trim()}”`
                    : entries.length === 0
                      ? "No alerts"
                      : "No alerts match the filters"
                  : `${plural(shown.length, "alert")}${shown.length < entries.length ? ` of ${number.format(entries.length)}` : ""}`}
              </Text>
            )}
            {unregistered.length > 0 && (
              <Text block>
                Defender for Cloud isn't registered on {plural(unregistered.length, "subscription")} (
                {unregistered.map((read) => read.subscription.name).join(", ")}), so {unregistered.length === 1 ? "it has" : "they have"} no
                alerts.
              </Text>
            )}
          </StatusRegion>
        </div>
        <AlertRegion>
          {listErrors.map(({ error, retry }, index) => (
            <ErrorMessage key={index} error={error} onRetry={retry} />
          ))}
          {failed.length > 0 && <ReadFailures failed={failed} />}
        </AlertRegion>
        {shown.length > 0 && (
          <RegionBoundary>
            <table aria-label="Security alerts" className={mergeClasses(styles.table, blade.reflowTable)}>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col" className={styles.titleColumn}>
                    Alert title
                  </th>
                  <th scope="col">Affected resource</th>
                  <th scope="col">Subscription</th>
                  <th scope="col">Activity start time</th>
                  <th scope="col">Status</th>
                  <th scope="col">MITRE ATT&amp;CK® tactics</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((entry) => (
                  <AlertRow key={entry.alert.id} entry={entry} onOpen={setOpenId} />
                ))}
              </tbody>
            </table>
          </RegionBoundary>
        )}
      </div>
      {open && <AlertDetails entry={open} onClose={closeDetails} />}
    </>
  );
}

const AlertRow = memo(function AlertRow({ entry, onOpen }: { entry: AlertEntry; onOpen: (id: string) => void }) {
  const styles = useStyles();
  const restoreFocus = useRestoreFocusTarget();
  const { alert } = entry;
  const tactics = tacticsOf(alert);
  return (
    <tr>
      <td>
        <Severity severity={alert.properties.severity} />
      </td>
      <td>
        {/* The details open beside the list, as in the portal; focus returns here when they close. */}
        <FluentLink as="button" className={styles.title} onClick={() => onOpen(alert.id)} {...restoreFocus}>
          {alert.properties.alertDisplayName}
        </FluentLink>
      </td>
      <td className={styles.text}>{affectedResourceOf(alert).name}</td>
      <td className={styles.text}>{entry.subscriptionName}</td>
      <td>{formatTime(activityTimeOf(alert))}</td>
      <td>
        <Badge appearance="tint" color={statusColors[alert.properties.status] ?? "informative"}>
          {statusLabel(alert.properties.status)}
        </Badge>
      </td>
      <td className={styles.text}>{tactics.join(", ")}</td>
    </tr>
  );
});

/** The subscriptions whose alerts could not be read: named, with why, and a retry. Their alerts are missing from the list. */
function ReadFailures({ failed }: { failed: SubscriptionRead[] }) {
  const styles = useStyles();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          The alerts of {plural(failed.length, "subscription")} could not be read; they are missing from the list
        </MessageBarTitle>
        <ul className={styles.failures}>
          {failed.map(({ subscription, error }) => {
            const message = describeError(error);
            return (
              <li key={subscription.subscriptionId}>
                {subscription.name}: {message.title}. {message.message}
                {message.code && ` Code: ${message.code}.`}
                {message.requestId && ` Request id: ${message.requestId}`}
              </li>
            );
          })}
        </ul>
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => failed.forEach((read) => read.retry())}>Retry</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
