import { useMsal } from "@azure/msal-react";
import { Button, makeStyles, mergeClasses, Text, tokens } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback } from "react";
import { Link } from "wouter";
import { forgetSession } from "./session-end";
import { ThemeMenu } from "./ThemeMenu";
import { narrowScreen } from "../components/blade-styles";
import { ConnectivityBanner } from "../components/ConnectivityBanner";
import { NotificationsButton } from "../components/NotificationsButton";
import { PageOutlet } from "../components/PageOutlet";
import { tenantsQuery } from "../lib/arm/queries";
import { useHomeAccount } from "../lib/auth/msal";
import { useArm } from "../lib/services";

const useStyles = makeStyles({
  root: { minHeight: "100vh", display: "flex", flexDirection: "column", backgroundColor: tokens.colorNeutralBackground2 },
  topBar: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalL,
    padding: `0 ${tokens.spacingHorizontalL}`,
    minHeight: "40px",
    backgroundColor: tokens.colorBrandBackground,
    [narrowScreen]: { gap: tokens.spacingHorizontalS, padding: `0 ${tokens.spacingHorizontalS}` },
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { color: tokens.colorNeutralForegroundOnBrand, fontWeight: tokens.fontWeightSemibold, textDecorationLine: "none", flexShrink: 0 },
  spacer: { flexGrow: 1 },
  // The account gives way first: its text is shortened with an ellipsis, the buttons keep their size.
  account: { display: "flex", flexDirection: "column", alignItems: "flex-end", lineHeight: tokens.lineHeightBase100, minWidth: 0 },
  accountName: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForegroundOnBrand },
  directory: { fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForegroundOnBrand, textTransform: "uppercase" },
  signOut: { color: tokens.colorNeutralForegroundOnBrand, flexShrink: 0, [narrowScreen]: { minWidth: "auto" } },
  // On a phone the top bar keeps the account name (shortened) and icon-only buttons, and never overflows.
  narrowHidden: { [narrowScreen]: { display: "none" } },
  accountText: { maxWidth: "100%", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  main: { flexGrow: 1, display: "flex", flexDirection: "column" },
});

/** Portal-like frame: top bar with the signed-in account, its current directory and Sign out. */
export function Shell({ children }: { children: ReactNode }) {
  const styles = useStyles();
  const { instance } = useMsal();
  const arm = useArm();
  const account = useHomeAccount();
  const queryClient = useQueryClient();
  const reloadFailed = useCallback(
    () => void queryClient.refetchQueries({ predicate: (query) => query.state.status === "error" }),
    [queryClient],
  );
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
          <Text className={mergeClasses(styles.accountName, styles.accountText)}>{account?.username}</Text>
          <Text className={mergeClasses(styles.directory, styles.accountText)}>Directory: {directory}</Text>
        </div>
        <NotificationsButton />
        <ThemeMenu className={styles.signOut} />
        <Button
          appearance="transparent"
          className={styles.signOut}
          icon={<SignOutRegular />}
          aria-label="Sign out"
          onClick={() => {
            forgetSession();
            void instance.logoutRedirect({ account });
          }}
        >
          <span className={styles.narrowHidden}>Sign out</span>
        </Button>
      </header>
      <ConnectivityBanner onReconnected={reloadFailed} />
      <main className={styles.main}>
        <PageOutlet>{children}</PageOutlet>
      </main>
    </div>
  );
}
