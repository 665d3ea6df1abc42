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
import { ArrowClockwiseRegular, ChevronDownRegular, ChevronRightRegular, CloudRegular, KeyRegular } from "@fluentui/react-icons";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { ErrorMessage } from "../../components/ErrorMessage";
import { AlertRegion, StatusRegion } from "../../components/LiveRegion";
import { useBladeStyles } from "../../components/blade-styles";
import { PageHeader } from "../../components/PageHeader";
import { RegionBoundary } from "../../components/RegionBoundary";
import { isArmError } from "../../lib/arm/errors";
import { armKeys, pricingsQuery, subscriptionsQuery, tenantsQuery } from "../../lib/arm/queries";
import type { Subscription, Tenant } from "../../lib/arm/schemas";
import { useHomeAccount } from "../../lib/auth/msal";
import { plansPath } from "../../lib/paths";
import { visiblePlans } from "../../lib/plans/catalogue";
import { useArm } from "../../lib/services";
import { useStagedChanges } from "../defender-plans/staged-changes";

const useStyles = makeStyles({
  filters: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
  search: { width: "320px" },
  nameCell: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS, flexWrap: "wrap" },
  coverage: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, maxWidth: "160px" },
  muted: { color: tokens.colorNeutralForeground3 },
});

const indent = (level: number) => ({ paddingLeft: `${String(level * 24)}px` });

/** "Microsoft Defender for Cloud | Environment settings": every directory and subscription, with coverage. */
export function EnvironmentSettingsPage() {
  const styles = useStyles();
  const blade = useBladeStyles();
  const arm = useArm();
  const queryClient = useQueryClient();
  const homeTenantId = useHomeAccount()?.tenantId ?? "";
  const tenants = useQuery(tenantsQuery(arm, homeTenantId));
  const tenantList = [...(tenants.data ?? [])].sort((a, b) => (a.displayName ?? a.tenantId).localeCompare(b.displayName ?? b.tenantId));
  const subscriptions = useQueries({ queries: tenantList.map((tenant) => subscriptionsQuery(arm, tenant.tenantId)) });
  const [search, setSearch] = useState("");
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const term = search.trim().toLowerCase();
  const matches = (subscription: Subscription) =>
    !term || subscription.displayName.toLowerCase().includes(term) || subscription.subscriptionId.toLowerCase().includes(term);
  const shown = subscriptions.reduce((count, query) => count + (query.data?.filter(matches).length ?? 0), 0);
  // Until every directory's subscriptions are in, a count (or "no match") would be a guess.
  const loading = tenants.isPending || subscriptions.some((query) => query.isPending);
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
                    const query = subscriptions[index];
                    const open = !collapsed.has(tenant.tenantId);
                    return (
                      <TenantRows
                        key={tenant.tenantId}
                        tenant={tenant}
                        open={open}
                        onToggle={() => toggle(tenant.tenantId)}
                        subscriptions={query?.data}
                        visible={query?.data?.filter(matches) ?? []}
                        error={query?.error}
                        pending={query?.isPending ?? true}
                        onRetry={() => void query?.refetch()}
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

function TenantRows({
  tenant,
  open,
  onToggle,
  subscriptions,
  visible,
  error,
  pending,
  onRetry,
}: {
  tenant: Tenant;
  open: boolean;
  onToggle: () => void;
  subscriptions: Subscription[] | undefined;
  visible: Subscription[];
  error: unknown;
  pending: boolean;
  onRetry: () => void;
}) {
  const name = tenant.displayName ?? tenant.tenantId;
  const count = subscriptions ? ` (${String(visible.length)} of ${String(subscriptions.length)} subscriptions)` : "";
  return (
    <>
      <TableRow>
        <TableCell style={indent(1)}>
          <Button
            appearance="transparent"
            icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
            aria-expanded={open}
            onClick={onToggle}
          >
            <KeyRegular aria-hidden /> {name}
            {count}
          </Button>
        </TableCell>
        <TableCell />
        <TableCell />
      </TableRow>
      {open && pending && (
        <TableRow>
          <TableCell style={indent(2)} colSpan={3}>
            <Spinner size="tiny" label={`Loading the subscriptions of ${name}…`} />
          </TableCell>
        </TableRow>
      )}
      {open && Boolean(error) && (
        <TableRow>
          <TableCell style={indent(2)} colSpan={3}>
            <ErrorMessage error={error} onRetry={onRetry} />
          </TableCell>
        </TableRow>
      )}
      {open &&
        [...visible]
          .sort((a, b) => a.displayName.localeCompare(b.displayName))
          .map((subscription) => (
            <SubscriptionRow key={subscription.subscriptionId} tenantId={tenant.tenantId} subscription={subscription} />
          ))}
    </>
  );
}

function SubscriptionRow({ tenantId, subscription }: { tenantId: string; subscription: Subscription }) {
  const styles = useStyles();
  const arm = useArm();
  const scope = { tenantId, subscriptionId: subscription.subscriptionId };
  const pricings = useQuery(pricingsQuery(arm, scope));
  const plans = visiblePlans(pricings.data ?? []);
  const on = plans.filter((pricing) => pricing.properties.pricingTier.toLowerCase() === "standard").length;
  const ai = plans.find((pricing) => pricing.name.toLowerCase() === "ai");
  const evidence = ai?.properties.extensions?.find((extension) => extension.name.toLowerCase() === "aipromptevidence");
  const disabled = subscription.state.toLowerCase() === "disabled";
  const { hasChanges } = useStagedChanges(subscription.subscriptionId);

  let coverage: React.ReactNode;
  let aiStatus: React.ReactNode;
  if (pricings.isPending) {
    coverage = <Spinner size="extra-tiny" aria-label="Loading coverage" />;
  } else if (isArmError(pricings.error, "Subscription Not Registered")) {
    coverage = <Text className={styles.muted}>Defender for Cloud not enabled</Text>;
    aiStatus = <Text className={styles.muted}>Off</Text>;
  } else if (pricings.error) {
    coverage = <Text>Couldn't load coverage</Text>;
  } else {
    coverage = (
      <div className={styles.coverage}>
        <Text size={200}>
          {on}/{plans.length} plans
        </Text>
        <ProgressBar
          value={plans.length ? on / plans.length : 0}
          thickness="large"
          aria-label={`${String(on)} of ${String(plans.length)} plans on`}
        />
      </div>
    );
    aiStatus = !ai ? (
      <Text className={styles.muted}>Not offered</Text>
    ) : ai.properties.pricingTier.toLowerCase() === "standard" ? (
      <Text>On{evidence ? ` · prompt evidence ${evidence.isEnabled.toLowerCase() === "true" ? "on" : "off"}` : ""}</Text>
    ) : (
      <Text>Off</Text>
    );
  }

  return (
    <TableRow>
      <TableCell style={indent(3)}>
        <div className={styles.nameCell}>
          <Link to={plansPath(scope)}>{subscription.displayName}</Link>
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
