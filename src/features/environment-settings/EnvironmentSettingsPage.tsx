import { Button, Field, makeStyles, ProgressBar, SearchBox, Select, Spinner, Text, tokens } from "@fluentui/react-components";
import { ArrowClockwiseRegular, ArrowDownloadRegular, CheckmarkStarburstRegular, DismissCircleRegular } from "@fluentui/react-icons";
import { useQueries, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Link } from "wouter";
import { CommandBar, CommandButton } from "../../components/CommandBar";
import { Counter, Counters } from "../../components/Counters";
import { ErrorMessage } from "../../components/ErrorMessage";
import { AlertRegion, StatusRegion } from "../../components/LiveRegion";
import { useBladeStyles } from "../../components/blade-styles";
import { PageHeader } from "../../components/PageHeader";
import { RegionBoundary } from "../../components/RegionBoundary";
import { armKeys, subscriptionsQuery, tenantsQuery } from "../../lib/arm/queries";
import type { Subscription, Tenant } from "../../lib/arm/schemas";
import { useHomeAccount } from "../../lib/auth/msal";
import { downloadText } from "../../lib/download";
import { number, plural } from "../../lib/format";
import { describeError } from "../../lib/errors/messages";
import { useArm } from "../../lib/services";
import { bulkChangePath } from "../bulk/paths";
import { useSelection } from "../bulk/selection";
import { SELECTED_SUBSCRIPTIONS, securityAlertsOf } from "../security-alerts/paths";
import { type CachedPricings, useCachedPricings } from "./cached-pricings";
import { coverageOf, coverageOfEachQuery, coverageQuery, type SubscriptionCoverage } from "./coverage";
import { CoverageTree, type TreeSelection } from "./CoverageTree";
import { coverageCsv } from "./csv";
import {
  type CoverageFilter,
  coverageLabels,
  type Filters,
  groupsOf,
  groupTree,
  noFilters,
  type OnOffFilter,
  selectedCounts,
  type Sort,
  type SubscriptionEntry,
  subscriptionsUnder,
  type TreeRow,
  treeView,
} from "./tree";

const useStyles = makeStyles({
  filters: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "flex-end", flexWrap: "wrap" },
  search: { width: "320px", maxWidth: "100%" },
  filter: { minWidth: "150px", maxWidth: "100%" },
  progress: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, maxWidth: "480px" },
  // The selection and what can be done with it stay in view while thousands of rows scroll by.
  selectionBar: {
    position: "sticky",
    bottom: 0,
    zIndex: 1,
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    boxShadow: tokens.shadow4,
  },
  selectionCount: { fontWeight: tokens.fontWeightSemibold, marginRight: "auto" },
});

/** A directory's rows as Resource Graph gave them, or (graph refused) as ARM lists its subscriptions, pricings read on their own. */
function entriesOf(
  tenantId: string,
  graph: SubscriptionCoverage[] | undefined,
  listed: Subscription[] | undefined,
  cached: ReadonlyMap<string, CachedPricings>,
  graphUpdatedAt: number,
): SubscriptionEntry[] | undefined {
  const cachedOf = (subscriptionId: string) => cached.get(subscriptionId.toLowerCase());
  if (graph)
    return graph.map((row) => ({
      tenantId,
      subscriptionId: row.subscriptionId,
      name: row.name,
      state: row.state,
      groups: row.managementGroups.slice(0, -1).reverse(),
      coverage: coverageOf(row.plans, cachedOf(row.subscriptionId), graphUpdatedAt),
    }));
  return listed?.map((subscription) => ({
    tenantId,
    subscriptionId: subscription.subscriptionId,
    name: subscription.displayName,
    state: subscription.state,
    groups: [],
    coverage: coverageOf("read", cachedOf(subscription.subscriptionId), 0),
  }));
}

/**
 * What the page uses of a query's result. As a stable `combine`, it makes useQueries return the same
 * array until an answer changes, so ten thousand rows are not rebuilt on every keystroke.
 */
const answers = <T,>(results: Array<UseQueryResult<T>>) =>
  results.map(({ data, error, dataUpdatedAt, refetch }) => ({ data, error, dataUpdatedAt, refetch }));

/** "Microsoft Defender for Cloud | Environment settings": every directory and subscription, with coverage. */
export function EnvironmentSettingsPage() {
  const styles = useStyles();
  const blade = useBladeStyles();
  const arm = useArm();
  const queryClient = useQueryClient();
  const homeTenantId = useHomeAccount()?.tenantId ?? "";
  const tenants = useQuery(tenantsQuery(arm, homeTenantId));
  const tenantList = useMemo(
    () => [...(tenants.data ?? [])].sort((a, b) => (a.displayName ?? a.tenantId).localeCompare(b.displayName ?? b.tenantId)),
    [tenants.data],
  );
  const nameOf = (tenant: Tenant) => tenant.displayName ?? tenant.tenantId;
  // One Resource Graph query per directory; ARM's own list, and each subscription's pricings, only where the graph could not be read.
  const graph = useQueries({ queries: tenantList.map((tenant) => coverageQuery(arm, tenant.tenantId)), combine: answers });
  const listed = useQueries({
    queries: tenantList.map((tenant, index) => ({ ...subscriptionsQuery(arm, tenant.tenantId), enabled: Boolean(graph[index]?.error) })),
    combine: answers,
  });
  const eachRead = useQueries({
    queries: tenantList.map((tenant, index) => {
      const subscriptions = listed[index]?.data;
      return {
        ...coverageOfEachQuery(
          arm,
          queryClient,
          { tenantId: tenant.tenantId, name: nameOf(tenant) },
          (subscriptions ?? []).map((subscription) => subscription.subscriptionId),
        ),
        enabled: Boolean(graph[index]?.error && subscriptions),
      };
    }),
  });
  const cached = useCachedPricings();

  const directories = useMemo(
    () =>
      tenantList.map((tenant, index) => {
        const answer = graph[index];
        // A graph answer cut short by an error is not used: the subscriptions are then read from ARM.
        const rows = answer?.data && (answer.data.complete || !answer.error) ? answer.data.subscriptions : undefined;
        const entries = entriesOf(tenant.tenantId, rows, listed[index]?.data, cached, answer?.dataUpdatedAt ?? 0);
        const tree = entries && groupTree(tenant.tenantId, entries);
        return { directory: { tenantId: tenant.tenantId, name: nameOf(tenant), entries }, tree, groups: tree ? groupsOf(tree) : [] };
      }),
    [tenantList, cached, graph, listed],
  );

  const [filters, setFilters] = useState<Filters>(noFilters);
  const [sort, setSort] = useState<Sort>({ column: "name", direction: "ascending" });
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const view = useMemo(() => treeView(directories, filters, sort, collapsed), [directories, filters, sort, collapsed]);
  const filtered = Object.entries(filters).some(([key, value]) => value !== noFilters[key as keyof Filters]);

  // Until every directory's subscriptions are in, a count (or "no match") would be a guess.
  const loading =
    tenants.isPending ||
    directories.some(({ directory }, index) => {
      const answer = graph[index];
      const streaming = answer?.data?.complete === false && !answer.error;
      return streaming || (directory.entries === undefined && !listed[index]?.error);
    });
  const { counters } = view;
  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((current) => ({ ...current, [key]: value }));
  const toggle = (key: string, expanded: boolean) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (expanded) next.delete(key);
      else next.add(key);
      return next;
    });
  // User Timing marks, read by `npm run bench:scale`: the first subscription rows shown, every row's
  // coverage known, and each filtered view on screen.
  const firstRows = view.rows.some((row) => row.kind === "subscription");
  const complete = !loading && counters.reading === 0;
  useEffect(() => {
    if (firstRows) performance.mark("environment-settings:first-rows");
  }, [firstRows]);
  useEffect(() => {
    if (complete) performance.mark("environment-settings:complete");
  }, [complete]);
  useEffect(() => {
    performance.mark("environment-settings:view");
  }, [view]);
  const selection = useSelection();
  const { select, isSelected } = selection;
  // The selection bar covers the bottom of the window: a row focused there is scrolled above it.
  const [selectionBarHeight, setSelectionBarHeight] = useState(0);
  const selectEntries = useCallback(
    (entries: readonly SubscriptionEntry[], on: boolean) =>
      select(
        entries.map(({ tenantId, subscriptionId, name }) => ({ tenantId, subscriptionId, name })),
        on,
      ),
    [select],
  );
  const treeSelection = useMemo<TreeSelection>(
    () => ({
      isSelected,
      counts: selectedCounts(view.matched, isSelected),
      onSelect: (row: TreeRow, on: boolean) => selectEntries(subscriptionsUnder(row, view.matched), on),
    }),
    [view.matched, isSelected, selectEntries],
  );
  const onSort = (column: Sort["column"]) =>
    setSort((current) => ({
      column,
      direction: current.column === column && current.direction === "ascending" ? "descending" : "ascending",
    }));

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Home", to: "/" },
          { label: "Microsoft Defender for Cloud", to: "/defender" },
        ]}
        service="Microsoft Defender for Cloud"
        page="Environment settings"
        subtitle={loading ? "Loading subscriptions…" : `Showing ${plural(counters.shown, "subscription")}`}
        documentTitle={["Environment settings"]}
      />
      <CommandBar label="Environment settings">
        <CommandButton icon={<ArrowClockwiseRegular />} onClick={() => void queryClient.invalidateQueries({ queryKey: armKeys.all })}>
          Refresh
        </CommandButton>
        <CommandButton
          icon={<ArrowDownloadRegular />}
          disabled={loading || counters.shown === 0}
          onClick={() =>
            downloadText(
              coverageCsv(view.matched, (tenantId) => tenantList.find((t) => t.tenantId === tenantId)?.displayName ?? tenantId),
              "defender-coverage.csv",
            )
          }
        >
          Export to CSV
        </CommandButton>
      </CommandBar>
      <div className={blade.body}>
        <Counters>
          <Counter
            label="Subscriptions"
            value={filtered ? `${number.format(counters.shown)} of ${number.format(counters.total)}` : number.format(counters.total)}
          />
          <Counter label="AI workloads on" value={number.format(counters.aiOn)} />
          <Counter label="Prompt evidence on" value={number.format(counters.promptEvidenceOn)} />
          {counters.reading > 0 && <Counter label="Coverage being read" value={number.format(counters.reading)} />}
        </Counters>
        <div className={styles.filters} role="search" aria-label="Filter subscriptions">
          <SearchBox
            className={styles.search}
            aria-label="Search by name"
            placeholder="Search by name or ID"
            value={filters.search}
            onChange={(_, data) => setFilter("search", data.value)}
          />
          <Field label="Defender coverage" className={styles.filter}>
            <Select value={filters.coverage} onChange={(_, data) => setFilter("coverage", data.value as CoverageFilter)}>
              <option value="all">All</option>
              {Object.entries(coverageLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          <OnOffSelect label="AI workloads" value={filters.ai} onChange={(value) => setFilter("ai", value)} />
          <OnOffSelect label="Prompt evidence" value={filters.promptEvidence} onChange={(value) => setFilter("promptEvidence", value)} />
          <Field label="Directory" className={styles.filter}>
            <Select
              value={filters.tenantId}
              onChange={(_, data) => setFilters((current) => ({ ...current, tenantId: data.value, managementGroup: "" }))}
            >
              <option value="">All</option>
              {tenantList.map((tenant) => (
                <option key={tenant.tenantId} value={tenant.tenantId}>
                  {nameOf(tenant)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Management group" className={styles.filter}>
            <Select value={filters.managementGroup} onChange={(_, data) => setFilter("managementGroup", data.value)}>
              <option value="">All</option>
              {directories
                .filter(({ directory, groups }) => groups.length > 0 && (!filters.tenantId || directory.tenantId === filters.tenantId))
                .map(({ directory, groups }) => (
                  <optgroup key={directory.tenantId} label={directory.name}>
                    {groups.map((group) => (
                      <option key={group.key} value={group.key}>
                        {group.path.join(" / ")}
                      </option>
                    ))}
                  </optgroup>
                ))}
            </Select>
          </Field>
          <Button disabled={!filtered} onClick={() => setFilters(noFilters)}>
            Clear filters
          </Button>
          <Button onClick={() => setCollapsed(new Set())}>Expand all</Button>
          <Button disabled={loading || counters.shown === 0} onClick={() => selectEntries(view.matched, true)}>
            {filtered ? `Select all ${number.format(counters.shown)} that match` : `Select all ${number.format(counters.shown)}`}
          </Button>
        </div>
        <StatusRegion>
          {tenants.isPending && <Spinner label="Loading directories…" />}
          {filtered && !loading && counters.shown === 0 && (
            <Text>
              {filters.search.trim() ? `No subscriptions match “${filters.search.trim()}”` : "No subscriptions match the filters"}
            </Text>
          )}
          {tenantList.map((tenant, index) => {
            const graphError = graph[index]?.error;
            const read = eachRead[index]?.data;
            return (
              graphError &&
              !listed[index]?.error && (
                // Said once per directory: the page still works, a request per subscription.
                <Text block key={tenant.tenantId}>
                  Azure Resource Graph could not be read for {nameOf(tenant)} ({describeError(graphError).title}), so coverage is read for
                  each subscription on its own, which takes longer.
                  {read &&
                    ` Read for ${plural(read.read, "subscription")}${read.failed ? `; ${number.format(read.failed)} could not be read` : ""}.`}
                </Text>
              )
            );
          })}
        </StatusRegion>
        {tenantList.map((tenant, index) => (
          <FallbackProgress
            key={tenant.tenantId}
            entries={directories[index]?.directory.entries}
            active={Boolean(eachRead[index]?.isFetching)}
            name={nameOf(tenant)}
          />
        ))}
        <AlertRegion>
          {tenants.error && <ErrorMessage error={tenants.error} onRetry={() => void tenants.refetch()} />}
          {tenantList.map((tenant, index) => {
            const error = listed[index]?.error;
            return error && <ErrorMessage key={tenant.tenantId} error={error} onRetry={() => void listed[index]?.refetch()} />;
          })}
        </AlertRegion>
        {tenants.data && (
          <RegionBoundary>
            <CoverageTree
              rows={view.rows}
              sort={sort}
              onSort={onSort}
              onToggle={toggle}
              selection={treeSelection}
              coveredBelow={selectionBarHeight}
            />
          </RegionBoundary>
        )}
      </div>
      <SelectionBar count={selection.count} onClear={selection.clear} onResize={setSelectionBarHeight} />
    </>
  );
}

function OnOffSelect({ label, value, onChange }: { label: string; value: OnOffFilter; onChange: (value: OnOffFilter) => void }) {
  const styles = useStyles();
  return (
    <Field label={label} className={styles.filter}>
      <Select value={value} onChange={(_, data) => onChange(data.value as OnOffFilter)}>
        <option value="all">All</option>
        <option value="on">On</option>
        <option value="off">Off</option>
      </Select>
    </Field>
  );
}

/** The per-subscription fallback's progress: a bar, not announced at every step (the outcome is). */
function FallbackProgress({ entries, active, name }: { entries: readonly SubscriptionEntry[] | undefined; active: boolean; name: string }) {
  const styles = useStyles();
  if (!entries || !active) return null;
  const done = entries.filter((entry) => entry.coverage.state !== "reading").length;
  return (
    <div className={styles.progress}>
      <Text size={200}>
        Reading the coverage of {name}: {number.format(done)} of {plural(entries.length, "subscription")}
      </Text>
      <ProgressBar value={entries.length ? done / entries.length : 0} aria-label={`Coverage of ${name} read`} />
    </div>
  );
}

/** How many subscriptions are selected, always in view, and the changes that can be made to them all. */
function SelectionBar({ count, onClear, onResize }: { count: number; onClear: () => void; onResize: (height: number) => void }) {
  const styles = useStyles();
  const none = count === 0;
  const barRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    const observer = new ResizeObserver(([entry]) => onResize(Math.ceil(entry?.borderBoxSize[0]?.blockSize ?? 0)));
    observer.observe(bar);
    return () => observer.disconnect();
  }, [onResize]);
  return (
    <div ref={barRef} role="region" aria-label="Selected subscriptions" className={styles.selectionBar}>
      <StatusRegion>
        <Text className={styles.selectionCount}>{none ? "No subscriptions selected" : `${plural(count, "subscription")} selected`}</Text>
      </StatusRegion>
      {/* Links styled as buttons: each opens a page (the review), and a link that cannot go anywhere is none at all. */}
      {none ? (
        <>
          <Button appearance="primary" icon={<CheckmarkStarburstRegular />} disabled>
            Enable AI workloads…
          </Button>
          <Button icon={<DismissCircleRegular />} disabled>
            Turn off AI workloads…
          </Button>
          <Button disabled>Security alerts</Button>
        </>
      ) : (
        <>
          <Link to={bulkChangePath("enable")} asChild>
            <Button as="a" appearance="primary" icon={<CheckmarkStarburstRegular />}>
              Enable AI workloads…
            </Button>
          </Link>
          <Link to={bulkChangePath("turn-off")} asChild>
            <Button as="a" icon={<DismissCircleRegular />}>
              Turn off AI workloads…
            </Button>
          </Link>
          <Link to={securityAlertsOf(SELECTED_SUBSCRIPTIONS)} asChild>
            <Button as="a">Security alerts</Button>
          </Link>
        </>
      )}
      <Button appearance="subtle" disabled={none} onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
