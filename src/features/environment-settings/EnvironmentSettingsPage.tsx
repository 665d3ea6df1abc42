import { CommandBar, CommandButton } from "../../components/CommandBar";
import {
  Badge,
  Button,
  makeStyles,
  ProgressBar,
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import {
  ArrowClockwiseRegular,
  ChevronDownRegular,
  ChevronRightRegular,
  CloudRegular,
  KeyRegular,
  OrganizationRegular,
} from "@fluentui/react-icons";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { Link } from "wouter";
import { ErrorMessage } from "../../components/ErrorMessage";
import { AlertRegion, StatusRegion } from "../../components/LiveRegion";
import { useBladeStyles } from "../../components/blade-styles";
import { PageHeader } from "../../components/PageHeader";
import { RegionBoundary } from "../../components/RegionBoundary";
import { isArmError } from "../../lib/arm/errors";
import { describeError } from "../../lib/errors/messages";
import { armKeys, subscriptionsQuery, tenantsQuery } from "../../lib/arm/queries";
import type { Subscription, Tenant } from "../../lib/arm/schemas";
import { useHomeAccount } from "../../lib/auth/msal";
import { plansPath } from "../../lib/paths";
import { useArm } from "../../lib/services";
import { useStagedChanges } from "../defender-plans/staged-changes";
import { coverageQuery, directPricingsQuery, type SubscriptionCoverage, summarizePricings } from "./coverage";

const useStyles = makeStyles({
  filters: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
  search: { width: "320px" },
  nameCell: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS, flexWrap: "wrap" },
  coverage: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, maxWidth: "160px" },
  muted: { color: tokens.colorNeutralForeground3 },
  // Tree rows' toggles: deep rows leave little width, so the name wraps under itself, not centred.
  toggle: { justifyContent: "flex-start", textAlign: "start", minWidth: 0 },
});

/** How far behind ARM Resource Graph may be: a subscription's pricings read from ARM this much before the graph's answer still win. */
const GRAPH_LAG_MS = 5 * 60_000;

const indent = (level: number) => ({ paddingLeft: `${String(level * 24)}px` });

/** A subscription row: from Resource Graph, or from ARM's list when the graph could not be read. */
type Entry = {
  subscriptionId: string;
  name: string;
  state: string;
  /** The management groups it sits in below the tenant's root group, outermost first. */
  groups: Array<{ name: string; displayName: string }>;
  /** The graph's summary; "read" when the pricings are read from ARM for this row. */
  plans: SubscriptionCoverage["plans"] | "read";
};

/** Per directory: the graph's rows, or (when the graph refused) the directory's subscriptions read from ARM. */
function entriesOf(coverage: SubscriptionCoverage[] | undefined, subscriptions: Subscription[] | undefined): Entry[] | undefined {
  if (coverage)
    return coverage.map((row) => ({
      subscriptionId: row.subscriptionId,
      name: row.name,
      state: row.state,
      groups: row.managementGroups.slice(0, -1).reverse(),
      plans: row.plans,
    }));
  return subscriptions?.map((subscription) => ({
    subscriptionId: subscription.subscriptionId,
    name: subscription.displayName,
    state: subscription.state,
    groups: [],
    plans: "read",
  }));
}

/** "Microsoft Defender for Cloud | Environment settings": every directory and subscription, with coverage. */
export function EnvironmentSettingsPage() {
  const styles = useStyles();
  const blade = useBladeStyles();
  const arm = useArm();
  const queryClient = useQueryClient();
  const homeTenantId = useHomeAccount()?.tenantId ?? "";
  const tenants = useQuery(tenantsQuery(arm, homeTenantId));
  const tenantList = [...(tenants.data ?? [])].sort((a, b) => (a.displayName ?? a.tenantId).localeCompare(b.displayName ?? b.tenantId));
  // One Resource Graph query per directory; ARM's own list only where the graph could not be read.
  const coverage = useQueries({ queries: tenantList.map((tenant) => coverageQuery(arm, tenant.tenantId)) });
  const subscriptions = useQueries({
    queries: tenantList.map((tenant, index) => ({ ...subscriptionsQuery(arm, tenant.tenantId), enabled: Boolean(coverage[index]?.error) })),
  });
  const entries = tenantList.map((_, index) => entriesOf(coverage[index]?.data, subscriptions[index]?.data));
  const [search, setSearch] = useState("");
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const term = search.trim().toLowerCase();
  const matches = (entry: Entry) => !term || entry.name.toLowerCase().includes(term) || entry.subscriptionId.toLowerCase().includes(term);
  const shown = entries.reduce((count, list) => count + (list?.filter(matches).length ?? 0), 0);
  // Until every directory's subscriptions are in, a count (or "no match") would be a guess.
  const loading = tenants.isPending || entries.some((list, index) => list === undefined && !subscriptions[index]?.error);
  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  const azureOpen = !collapsed.has("azure");

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Home", to: "/" },
          { label: "Microsoft Defender for Cloud", to: "/defender" },
        ]}
        service="Microsoft Defender for Cloud"
        page="Environment settings"
        subtitle={loading ? "Loading subscriptions…" : `Showing ${String(shown)} subscription${shown === 1 ? "" : "s"}`}
        documentTitle={["Environment settings"]}
      />
      <CommandBar label="Environment settings">
        <CommandButton icon={<ArrowClockwiseRegular />} onClick={() => void queryClient.invalidateQueries({ queryKey: armKeys.all })}>
          Refresh
        </CommandButton>
      </CommandBar>
      <div className={blade.body}>
        <div className={styles.filters}>
          <SearchBox
            className={styles.search}
            aria-label="Search by name"
            placeholder="Search by name"
            value={search}
            onChange={(_, data) => setSearch(data.value)}
          />
          <Button onClick={() => setCollapsed(new Set())}>Expand all</Button>
        </div>
        <StatusRegion>
          {tenants.isPending && <Spinner label="Loading directories…" />}
          {term && !loading && shown === 0 && <Text>No subscriptions match “{search.trim()}”</Text>}
        </StatusRegion>
        <AlertRegion>{tenants.error && <ErrorMessage error={tenants.error} onRetry={() => void tenants.refetch()} />}</AlertRegion>
        {tenants.data && (
          <RegionBoundary>
            <Table aria-label="Environments" size="small" className={blade.reflowTable}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Defender coverage</TableHeaderCell>
                  <TableHeaderCell>AI workloads</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                <TableRow>
                  <TableCell>
                    <Button
                      appearance="transparent"
                      icon={azureOpen ? <ChevronDownRegular /> : <ChevronRightRegular />}
                      aria-expanded={azureOpen}
                      onClick={() => toggle("azure")}
                    >
                      <CloudRegular aria-hidden /> Azure
                    </Button>
                  </TableCell>
                  <TableCell />
                  <TableCell />
                </TableRow>
                {azureOpen &&
                  tenantList.map((tenant, index) => {
                    const graph = coverage[index];
                    const list = subscriptions[index];
                    return (
                      <TenantRows
                        key={tenant.tenantId}
                        tenant={tenant}
                        collapsed={collapsed}
                        onToggle={toggle}
                        entries={entries[index]}
                        matches={matches}
                        graphUpdatedAt={graph?.dataUpdatedAt ?? 0}
                        graphError={graph?.error ?? undefined}
                        listError={list?.error ?? undefined}
                        onRetry={() => void (list?.error ? list.refetch() : graph?.refetch())}
                      />
                    );
                  })}
              </TableBody>
            </Table>
          </RegionBoundary>
        )}
      </div>
    </>
  );
}

/** Management groups below the root group, each with the subscriptions directly in it. */
type GroupNode = { name: string; displayName: string; groups: Map<string, GroupNode>; entries: Entry[] };

function groupTree(entries: Entry[]): GroupNode {
  const root: GroupNode = { name: "", displayName: "", groups: new Map(), entries: [] };
  for (const entry of entries) {
    let node = root;
    for (const group of entry.groups) {
      let child = node.groups.get(group.name);
      if (!child) {
        child = { ...group, groups: new Map(), entries: [] };
        node.groups.set(group.name, child);
      }
      node = child;
    }
    node.entries.push(entry);
  }
  return root;
}

const countOf = (node: GroupNode, include: (entry: Entry) => boolean): number =>
  node.entries.filter(include).length + [...node.groups.values()].reduce((sum, child) => sum + countOf(child, include), 0);

const subscriptionCount = (shown: number, total: number) => ` (${String(shown)} of ${String(total)} subscriptions)`;

function TenantRows({
  tenant,
  collapsed,
  onToggle,
  entries,
  matches,
  graphUpdatedAt,
  graphError,
  listError,
  onRetry,
}: {
  tenant: Tenant;
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
  entries: Entry[] | undefined;
  matches: (entry: Entry) => boolean;
  graphUpdatedAt: number;
  graphError: unknown;
  listError: unknown;
  onRetry: () => void;
}) {
  const styles = useStyles();
  const name = tenant.displayName ?? tenant.tenantId;
  const open = !collapsed.has(tenant.tenantId);
  const tree = entries ? groupTree(entries) : undefined;
  const count = tree
    ? subscriptionCount(
        countOf(tree, matches),
        countOf(tree, () => true),
      )
    : "";
  const renderGroup = (node: GroupNode, level: number): React.ReactNode => [
    ...[...node.groups.values()]
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .filter((group) => countOf(group, matches) > 0)
      .map((group) => {
        const key = `${tenant.tenantId}/${group.name}`;
        const groupOpen = !collapsed.has(key);
        return (
          <Fragment key={key}>
            <TableRow>
              <TableCell style={indent(level)}>
                <Button
                  className={styles.toggle}
                  appearance="transparent"
                  icon={groupOpen ? <ChevronDownRegular /> : <ChevronRightRegular />}
                  aria-expanded={groupOpen}
                  onClick={() => onToggle(key)}
                >
                  <OrganizationRegular aria-hidden /> {group.displayName}
                  {subscriptionCount(
                    countOf(group, matches),
                    countOf(group, () => true),
                  )}
                </Button>
              </TableCell>
              <TableCell />
              <TableCell />
            </TableRow>
            {groupOpen && renderGroup(group, level + 1)}
          </Fragment>
        );
      }),
    ...node.entries
      .filter(matches)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => (
        <SubscriptionRow
          key={entry.subscriptionId}
          tenantId={tenant.tenantId}
          entry={entry}
          level={level}
          graphUpdatedAt={graphUpdatedAt}
        />
      )),
  ];
  return (
    <>
      <TableRow>
        <TableCell style={indent(1)}>
          <Button
            className={styles.toggle}
            appearance="transparent"
            icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
            aria-expanded={open}
            onClick={() => onToggle(tenant.tenantId)}
          >
            <KeyRegular aria-hidden /> {name}
            {count}
          </Button>
        </TableCell>
        <TableCell />
        <TableCell />
      </TableRow>
      {open && Boolean(graphError) && !listError && (
        <TableRow>
          <TableCell style={indent(2)} colSpan={3}>
            {/* Said once per directory: the page still works, a request per subscription. */}
            <Text className={styles.muted}>
              Azure Resource Graph could not be read for {name} ({describeError(graphError).title}), so coverage is read for each
              subscription on its own, which takes longer.
            </Text>
          </TableCell>
        </TableRow>
      )}
      {open && !entries && !listError && (
        <TableRow>
          <TableCell style={indent(2)} colSpan={3}>
            <Spinner size="tiny" label={`Loading the subscriptions of ${name}…`} />
          </TableCell>
        </TableRow>
      )}
      {open && Boolean(listError) && (
        <TableRow>
          <TableCell style={indent(2)} colSpan={3}>
            <ErrorMessage error={listError} onRetry={onRetry} />
          </TableCell>
        </TableRow>
      )}
      {open && tree && renderGroup(tree, 2)}
    </>
  );
}

function SubscriptionRow({
  tenantId,
  entry,
  level,
  graphUpdatedAt,
}: {
  tenantId: string;
  entry: Entry;
  level: number;
  graphUpdatedAt: number;
}) {
  const styles = useStyles();
  const arm = useArm();
  const scope = { tenantId, subscriptionId: entry.subscriptionId };
  // Read from ARM only when the graph could not be; otherwise this only watches the cache, where a Save
  // (or a visit to the plans page) leaves the pricings as ARM returned them. Resource Graph shows a
  // write only after a while (usually seconds, at times minutes), so ARM's answer wins over a graph
  // answer up to GRAPH_LAG_MS younger than it.
  const pricings = useQuery({ ...directPricingsQuery(arm, scope), enabled: entry.plans === "read" });
  const graph = entry.plans === "read" ? undefined : entry.plans;
  const direct = entry.plans === "read" || (pricings.data !== undefined && pricings.dataUpdatedAt > graphUpdatedAt - GRAPH_LAG_MS);
  const summary = direct ? (pricings.data ? summarizePricings(pricings.data) : undefined) : graph;
  const disabled = entry.state.toLowerCase() === "disabled";
  const { hasChanges } = useStagedChanges(entry.subscriptionId);

  let coverage: React.ReactNode;
  let aiStatus: React.ReactNode;
  if (direct && pricings.isPending) {
    coverage = <Spinner size="extra-tiny" aria-label="Loading coverage" />;
  } else if (direct ? isArmError(pricings.error, "Subscription Not Registered") : graph === undefined) {
    coverage = <Text className={styles.muted}>Defender for Cloud not enabled</Text>;
    aiStatus = <Text className={styles.muted}>Off</Text>;
  } else if (!summary) {
    coverage = <Text>Couldn't load coverage</Text>;
  } else {
    coverage = (
      <div className={styles.coverage}>
        <Text size={200}>
          {summary.on}/{summary.total} plans
        </Text>
        <ProgressBar
          value={summary.total ? summary.on / summary.total : 0}
          thickness="large"
          aria-label={`${String(summary.on)} of ${String(summary.total)} plans on`}
        />
      </div>
    );
    aiStatus =
      summary.ai === "Not offered" ? (
        <Text className={styles.muted}>Not offered</Text>
      ) : summary.ai === "On" ? (
        <Text>On{summary.promptEvidence === undefined ? "" : ` · prompt evidence ${summary.promptEvidence ? "on" : "off"}`}</Text>
      ) : (
        <Text>Off</Text>
      );
  }

  return (
    <TableRow>
      <TableCell style={indent(level)}>
        <div className={styles.nameCell}>
          <Link to={plansPath(scope)}>{entry.name}</Link>
          {disabled && <Text className={styles.muted}>(Disabled)</Text>}
          {/* Changes made on its Defender plans page and not saved yet are kept while the user moves around the app. */}
          {hasChanges && (
            <Badge appearance="tint" color="warning">
              Unsaved change
            </Badge>
          )}
        </div>
      </TableCell>
      <TableCell>{coverage}</TableCell>
      <TableCell>{aiStatus}</TableCell>
    </TableRow>
  );
}
