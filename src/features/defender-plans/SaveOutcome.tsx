import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { planInfo } from "../../lib/plans/catalogue";
import type { PlanSaveResult } from "./save";
import { planOutcomeDetails, saveErrorText, saveVerdict } from "./save-outcome";

const useStyles = makeStyles({
  plans: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  details: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/**
 * What a Save did, per plan: saved or not, then what the service now has on and off (including what it
 * switched by itself) and every component that failed, with the service's reason (shown as text).
 */
export function SaveOutcome({ results }: { results: PlanSaveResult[] }) {
  const styles = useStyles();
  const { intent, title } = saveVerdict(results);
  return (
    <MessageBar intent={intent} layout="multiline" {...(intent === "success" ? { politeness: "polite" as const } : {})}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        <ul className={styles.plans}>
          {results.map((result) => {
            const details = planOutcomeDetails(result.plan, result.changes, result.failedExtensions, result.status === "saved");
            return (
              <li key={result.plan}>
                <strong>{planInfo(result.plan).label}</strong>:{" "}
                {result.status === "failed" ? (
                  <>not saved. {saveErrorText(result.error)} Your change is still unsaved: select Save to try again.</>
                ) : result.failedExtensions.length > 0 ? (
                  <>saved, but some components failed.</>
                ) : (
                  <>your changes are applied.</>
                )}
                {details.length > 0 && (
                  <ul className={styles.details}>
                    {details.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
