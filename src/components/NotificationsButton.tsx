import { Button, type ButtonProps, CounterBadge, makeStyles, tokens } from "@fluentui/react-components";
import { AlertRegular } from "@fluentui/react-icons";
import { lazy } from "react";
import { visuallyHidden } from "./blade-styles";
import { DeferredPopup } from "./DeferredPopup";
import { StatusRegion } from "./LiveRegion";
import { type AppNotification, useNotifications } from "../lib/notifications";

const NotificationsPopup = lazy(() => import("./NotificationsPopup"));

const useStyles = makeStyles({
  // As narrow as an icon button although it holds the unread count.
  trigger: { color: tokens.colorNeutralForegroundOnBrand, position: "relative", flexShrink: 0, minWidth: "auto" },
  badge: { position: "absolute", top: "2px", right: "2px" },
  hidden: visuallyHidden,
});

/** The bell, the same before and after its panel has been downloaded. */
function useBellProps(notifications: AppNotification[]): ButtonProps {
  const styles = useStyles();
  const unread = notifications.filter((notification) => !notification.read).length;
  return {
    appearance: "transparent",
    className: styles.trigger,
    icon: <AlertRegular />,
    "aria-label": unread > 0 ? `Notifications, ${String(unread)} new` : "Notifications",
    children: unread > 0 && <CounterBadge className={styles.badge} count={unread} size="small" color="danger" aria-hidden />,
  };
}

/** The top bar's bell: outcomes of long tasks, newest first, kept for the session. */
export function NotificationsButton() {
  const styles = useStyles();
  const notifications = useNotifications();
  const bell = useBellProps(notifications);
  const latest = notifications[0];
  return (
    <>
      <DeferredPopup
        placeholder={(events) => <Button {...bell} aria-haspopup="dialog" {...events} />}
        popup={(start) => <NotificationsPopup bell={bell} notifications={notifications} {...start} />}
      />
      {/* A task that ends after its page was left is read out here. */}
      <StatusRegion className={styles.hidden}>{latest?.announce && `${latest.title}. ${latest.message}`}</StatusRegion>
    </>
  );
}
