import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  OverlayDrawer,
  Spinner,
  Text,
  tokens,
  useId,
} from "@fluentui/react-components";
import { ChevronDownRegular, DismissRegular } from "@fluentui/react-icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link } from "wouter";
import { ErrorMessage } from "../../components/ErrorMessage";
import { AlertRegion, StatusRegion } from "../../components/LiveRegion";
import { type Alert, type AlertStatus, alertStatusActions, getAlert, setAlertStatus } from "../../lib/arm/alerts";
import { isActionAllowed } from "../../lib/arm/authorization";
import { armKeys, permissionsQuery } from "../../lib/arm/queries";
import { planSettingsPath } from "../../lib/paths";
import { useArm } from "../../lib/services";
import {
  activityTimeOf,
  affectedResourceOf,
  type AlertEntry,
  entityFields,
  evidenceOf,
  formatTime,
  statusLabel,
  statusLabels,
  tacticsOf,
} from "./alerts";
import { Severity } from "./Severity";
import type { AlertsRead } from "./use-alerts";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXXL },
  // Attacker-chosen text may be one unbroken word thousands of characters long: it wraps anywhere.
  text: { overflowWrap: "anywhere", whiteSpace: "pre-wrap", margin: 0 },
  title: { overflowWrap: "anywhere" },
  summary: { display: "flex", flexWrap: "wrap", gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}`, margin: 0 },
  pair: { display: "flex", flexDirection: "column-reverse" },
  fields: {
    display: "grid",
    gridTemplateColumns: "minmax(8em, max-content) 1fr",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
    "& dt": { color: tokens.colorNeutralForeground3 },
    "& dd": { margin: 0, overflowWrap: "anywhere", minWidth: 0 },
  },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  status: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalM },
  // The table scrolls sideways inside the pane rather than widen the page at 390 px.
  evidence: { overflowX: "auto", maxWidth: "100%" },
  evidenceTable: {
    borderCollapse: "collapse",
    width: "100%",
    "& th, & td": {
      textAlign: "start",
      verticalAlign: "top",
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      overflowWrap: "anywhere",
      whiteSpace: "pre-wrap",
      minWidth: "8em",
    },
  },
});

/** The details pane of one alert: what happened, where, what to do, the evidence, and its status. */
export function AlertDetails({ entry, onClose }: { entry: AlertEntry; onClose: () => void }) {
  const styles = useStyles();
  const { alert, scope, subscriptionName } = entry;
  const { properties } = alert;
  const resource = affectedResourceOf(alert);
  const tactics = tacticsOf(alert);
  const evidence = evidenceOf(alert);
  return (
    <OverlayDrawer
      open
      position="end"
      size="medium"
      onOpenChange={(_, data) => !data.open && onClose()}
      aria-label={properties.alertDisplayName}
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}
          className={styles.title}
        >
          {properties.alertDisplayName}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <dl className={styles.summary}>
          <Pair label="Severity">
            <Severity severity={properties.severity} />
          </Pair>
          <Pair label="Status">{statusLabel(properties.status)}</Pair>
          <Pair label="Activity time">{formatTime(activityTimeOf(alert))}</Pair>
        </dl>
        <StatusChange entry={entry} />

        <section className={styles.section} aria-labelledby={`${alert.name}-description`}>
          <h3 id={`${alert.name}-description`} className={styles.heading}>
            Alert description
          </h3>
          <p className={styles.text}>{properties.description}</p>
        </section>

        <section className={styles.section} aria-label="General information">
          <h3 className={styles.heading}>General information</h3>
          <dl className={styles.fields}>
            <dt>Subscription</dt>
            <dd>{subscriptionName}</dd>
            {resource.account && (
              <>
                <dt>AI resource</dt>
                <dd>{resource.account}</dd>
              </>
            )}
            {resource.deployment && (
              <>
                <dt>Model deployment name</dt>
                <dd>{resource.deployment}</dd>
              </>
            )}
            {resource.id && (
              <>
                <dt>Resource ID</dt>
                <dd>{resource.id}</dd>
              </>
            )}
            <dt>MITRE ATT&amp;CK® tactics</dt>
            <dd>{tactics.length ? tactics.join(", ") : "None given"}</dd>
            {properties.techniques.length > 0 && (
              <>
                <dt>MITRE ATT&amp;CK® techniques</dt>
                <dd>{properties.techniques.join(", ")}</dd>
              </>
            )}
            <dt>Alert type</dt>
            <dd>{properties.alertType}</dd>
            <dt>Alert ID</dt>
            <dd>{alert.name}</dd>
          </dl>
        </section>

        {properties.entities.length > 0 && (
          <section className={styles.section} aria-label="Related entities">
            <h3 className={styles.heading}>Related entities</h3>
            {properties.entities.map((entity, index) => (
              <div key={index}>
                <Text weight="semibold">{entity.type}</Text>
                <dl className={styles.fields}>
                  {entityFields(entity).map(([key, value]) => (
                    <Field key={key} label={key} value={value} />
                  ))}
                </dl>
              </div>
            ))}
          </section>
        )}

        {properties.remediationSteps.length > 0 && (
          <section className={styles.section} aria-label="Take action">
            <h3 className={styles.heading}>Take action</h3>
            <ol className={styles.list}>
              {properties.remediationSteps.map((step, index) => (
                <li key={index} className={styles.text}>
                  {step}
                </li>
              ))}
            </ol>
          </section>
        )}

        {evidence && (
          <section className={styles.section} aria-label="Supporting evidence">
            <h3 className={styles.heading}>Supporting evidence</h3>
            {evidence.promptMasked && (
              <MessageBar intent="info" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Prompt evidence is masked</MessageBarTitle>
                  User prompt evidence was off for {subscriptionName} when this alert was raised, so the suspicious segment of the prompt
                  and the model's response are not included. Prompts are still analysed.{" "}
                  <Link to={planSettingsPath(scope, "AI")}>Turn on user prompt evidence for {subscriptionName}</Link> to see them in the
                  alerts raised after.
                </MessageBarBody>
              </MessageBar>
            )}
            {evidence.rows.length > 0 && (
              // Focusable, so that a keyboard user can scroll a wide table too.
              <div className={styles.evidence} tabIndex={0} role="region" aria-label={`${evidence.title}, scrollable`}>
                <table className={styles.evidenceTable}>
                  <caption style={{ textAlign: "start" }}>{evidence.title}</caption>
                  <thead>
                    <tr>
                      {evidence.columns.map((column, index) => (
                        <th key={index} scope="col">
                          {column}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {evidence.rows.map((row, rowIndex) => (
                      <tr key={rowIndex}>
                        {row.map((cell, index) => (
                          <td key={index}>{cell}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}

function Pair({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.pair}>
      <dt>
        <Text size={200}>{label}</Text>
      </dt>
      <dd style={{ margin: 0 }}>
        <Text weight="semibold">{children}</Text>
      </dd>
    </div>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

const actionOf = (status: AlertStatus) => `Microsoft.Security/locations/alerts/${alertStatusActions[status]}/action`;

/**
 * Changes the alert's status through the alerts API, then reads the alert back: the list shows what is
 * saved, also when the change failed.
 */
function StatusChange({ entry }: { entry: AlertEntry }) {
  const styles = useStyles();
  const arm = useArm();
  const queryClient = useQueryClient();
  const { alert, scope } = entry;
  const reasonId = useId("status-reason");
  const permissions = useQuery(permissionsQuery(arm, scope));
  const [change, setChange] = useState<{ pending: boolean; done?: string; error?: unknown }>({ pending: false });
  const alertsKey = armKeys.alerts(scope);
  // Plain state rather than useMutation: this page then shares no code chunk with the plans page that would split it.
  const changeStatus = async (status: AlertStatus) => {
    setChange({ pending: true });
    try {
      await setAlertStatus(arm, scope, alert.id, status);
      const saved = await getAlert(arm, scope, alert.id);
      queryClient.setQueryData<AlertsRead>(alertsKey, (read) => read && { ...read, alerts: replaced(read.alerts, saved) });
      setChange({ pending: false, done: `Status of this alert changed to ${statusLabel(saved.properties.status)}.` });
    } catch (error) {
      setChange({ pending: false, error });
      // What is saved may differ from what the page showed: read it again.
      void queryClient.invalidateQueries({ queryKey: alertsKey });
    }
  };
  const allowed = (Object.keys(alertStatusActions) as AlertStatus[]).filter(
    (status) => permissions.data && isActionAllowed(permissions.data, actionOf(status)),
  );
  const readOnly = permissions.data !== undefined && allowed.length === 0;
  return (
    <div className={styles.section}>
      <div className={styles.status}>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button
              icon={change.pending ? <Spinner size="extra-tiny" /> : <ChevronDownRegular />}
              iconPosition="after"
              disabledFocusable={!permissions.data || readOnly || change.pending}
              aria-describedby={readOnly ? reasonId : undefined}
            >
              {change.pending ? "Changing status…" : "Change status"}
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {(Object.keys(statusLabels) as AlertStatus[]).map((status) => (
                <MenuItem
                  key={status}
                  disabled={status === alert.properties.status || !allowed.includes(status)}
                  onClick={() => void changeStatus(status)}
                >
                  {statusLabels[status]}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
        {readOnly && (
          <Text id={reasonId}>
            Your role on this subscription can read alerts but not change their status. Security Admin, Contributor or Owner can.
          </Text>
        )}
      </div>
      <StatusRegion>{change.done && <Text>{change.done}</Text>}</StatusRegion>
      <AlertRegion>
        {change.error !== undefined && <ErrorMessage error={change.error} />}
        {permissions.error && <ErrorMessage error={permissions.error} onRetry={() => void permissions.refetch()} />}
      </AlertRegion>
    </div>
  );
}

const replaced = (alerts: Alert[], saved: Alert) =>
  alerts.map((alert) => (alert.id.toLowerCase() === saved.id.toLowerCase() ? saved : alert));
