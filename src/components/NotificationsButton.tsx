import {
  Button,
  CounterBadge,
  Link as FluentLink,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Text,
  tokens,
} from "@fluentui/react-components";
import { visuallyHidden } from "./blade-styles";
import { AlertRegular, DismissRegular } from "@fluentui/react-icons";
import { useNavigate } from "react-router";
import { dismissNotification, markAllNotificationsRead, useNotifications } from "../lib/notifications";
import { StatusRegion } from "./LiveRegion";

const useStyles = makeStyles({
  // As narrow as an icon button although it holds the unread count.
  trigger: { color: tokens.colorNeutralForegroundOnBrand, position: "relative", flexShrink: 0, minWidth: "auto" },
  badge: { position: "absolute", top: "2px", right: "2px" },
  surface: {
    width: "min(360px, calc(100vw - 32px))",
    maxHeight: "70vh",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  hidden: visuallyHidden,
});

/** The top bar's bell: outcomes of long tasks, newest first, kept for the session. */
export function NotificationsButton() {
  const styles = useStyles();
  const navigate = useNavigate();
  const notifications = useNotifications();
  const unread = notifications.filter((notification) => !notification.read).length;
  const latest = notifications[0];
  return (
    <>
      <Popover trapFocus positioning="below-end" onOpenChange={(_, data) => !data.open && markAllNotificationsRead()}>
        <PopoverTrigger disableButtonEnhancement>
          <Button
            appearance="transparent"
            className={styles.trigger}
            icon={<AlertRegular />}
            aria-label={unread > 0 ? `Notifications, ${String(unread)} new` : "Notifications"}
          >
            {unread > 0 && <CounterBadge className={styles.badge} count={unread} size="small" color="danger" aria-hidden />}
          </Button>
        </PopoverTrigger>
        <PopoverSurface className={styles.surface} aria-label="Notifications">
          <Text as="h2" weight="semibold">
            Notifications
          </Text>
          {notifications.length === 0 && <Text>No notifications yet. Saves and other long tasks report here when they end.</Text>}
          {notifications.map((notification) => (
            <MessageBar key={notification.id} intent={notification.intent} layout="multiline" politeness="polite">
              <MessageBarBody>
                <MessageBarTitle>{notification.title}</MessageBarTitle>
                {notification.message}{" "}
                {notification.link && (
                  <FluentLink
                    href={notification.link.to}
                    onClick={(event) => {
                      event.preventDefault();
                      if (notification.link) void navigate(notification.link.to);
                    }}
                  >
                    {notification.link.label}
                  </FluentLink>
                )}
                <Text block size={200}>
                  {new Date(notification.postedAt).toLocaleTimeString()}
                </Text>
              </MessageBarBody>
              <MessageBarActions
                containerAction={
                  <Button
                    appearance="transparent"
                    icon={<DismissRegular />}
                    aria-label={`Dismiss: ${notification.title}`}
                    onClick={() => dismissNotification(notification.id)}
                  />
                }
              />
            </MessageBar>
          ))}
        </PopoverSurface>
      </Popover>
      {/* A task that ends after its page was left is read out here. */}
      <StatusRegion className={styles.hidden}>{latest?.announce && `${latest.title}. ${latest.message}`}</StatusRegion>
    </>
  );
}
