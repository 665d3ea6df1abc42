import {
  Button,
  type ButtonProps,
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
import { DismissRegular } from "@fluentui/react-icons";
import { navigate } from "../lib/navigation";
import { type AppNotification, dismissNotification, markAllNotificationsRead } from "../lib/notifications";

const useStyles = makeStyles({
  surface: {
    width: "min(360px, calc(100vw - 32px))",
    maxHeight: "70vh",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
});

/** The notifications panel, downloaded after the page (see DeferredPopup). Default export, for `React.lazy`. */
export default function NotificationsPopup({
  bell,
  notifications,
  open,
  focus,
}: {
  bell: ButtonProps;
  notifications: AppNotification[];
  open: boolean;
  focus: boolean;
}) {
  const styles = useStyles();
  return (
    <Popover defaultOpen={open} trapFocus positioning="below-end" onOpenChange={(_, data) => !data.open && markAllNotificationsRead()}>
      <PopoverTrigger disableButtonEnhancement>
        {/* Focus moves over from the stand-in button when it had it. */}
        <Button {...bell} autoFocus={focus} />
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
                    if (notification.link) navigate(notification.link.to);
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
  );
}
