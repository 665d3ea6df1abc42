import { useMsal } from "@azure/msal-react";
import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import { useQuery } from "@tanstack/react-query";
import { Link, Outlet } from "react-router";
import { ConnectivityBanner } from "../components/ConnectivityBanner";
import { forgetStagedChanges } from "../features/defender-plans/staged-changes";
import { RegionBoundary } from "../components/RegionBoundary";
import { tenantsQuery } from "../lib/arm/queries";
import { useHomeAccount } from "../lib/auth/msal";
import { useServices } from "../lib/services";

const useStyles = makeStyles({
  root: { minHeight: "100vh", display: "flex", flexDirection: "column", backgroundColor: tokens.colorNeutralBackground2 },
  topBar: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalL,
    padding: `0 ${tokens.spacingHorizontalL}`,
    height: "40px",
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { color: tokens.colorNeutralForegroundOnBrand, fontWeight: tokens.fontWeightSemibold, textDecorationLine: "none" },
  spacer: { flexGrow: 1 },
  account: { display: "flex", flexDirection: "column", alignItems: "flex-end", lineHeight: tokens.lineHeightBase100 },
  accountName: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForegroundOnBrand },
  directory: { fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForegroundOnBrand, textTransform: "uppercase" },
  signOut: { color: tokens.colorNeutralForegroundOnBrand },
  main: { flexGrow: 1, display: "flex", flexDirection: "column" },
});

/** Portal-like frame: top bar with the signed-in account, its current directory and Sign out. */
export function Shell() {
  const styles = useStyles();
  const { instance } = useMsal();
  const { arm } = useServices();
  const account = useHomeAccount();
  const tenants = useQuery({ ...tenantsQuery(arm, account?.tenantId ?? ""), enabled: Boolean(account) });
  const directory =
    tenants.data?.find((tenant) => tenant.tenantId.toLowerCase() === account?.tenantId.toLowerCase())?.displayName ?? account?.tenantId;

  return (
    <div className={styles.root}>
      <header className={styles.topBar}>
        <Link to="/" className={styles.brand}>
          Microsoft Azure
        </Link>
        <span className={styles.spacer} />
        <div className={styles.account} role="group" aria-label="Signed-in account">
          <Text className={styles.accountName}>{account?.username}</Text>
          <Text className={styles.directory}>Directory: {directory}</Text>
        </div>
        <Button
          appearance="transparent"
          className={styles.signOut}
          icon={<SignOutRegular />}
          onClick={() => {
            forgetStagedChanges();
            void instance.logoutRedirect({ account });
          }}
        >
          Sign out
        </Button>
      </header>
      <ConnectivityBanner />
      <main className={styles.main}>
        <RegionBoundary>
          <Outlet />
        </RegionBoundary>
      </main>
    </div>
  );
}
