import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";
import type { UnsavedWork } from "./LeaveGuard";

/** "Leave with unsaved changes?", for LeaveGuard. Default export, for `React.lazy`. */
export default function LeaveDialog({
  asking,
  stay,
  leave,
}: {
  asking: Exclude<UnsavedWork, { kind: "saving" }> | undefined;
  stay: () => void;
  leave: () => void;
}) {
  return (
    <Dialog open={asking !== undefined} modalType="alert" onOpenChange={(_, data) => !data.open && stay()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{asking?.kind === "draft" ? "Leave without continuing?" : "Leave with unsaved changes?"}</DialogTitle>
          <DialogContent>
            {asking?.kind === "staged"
              ? `Your changes to ${asking.subscription} are not saved, so Azure does not have them yet. You can keep them for later in this browser tab (until you sign out) or discard them.`
              : "The component choices you made here are not taken yet: select Continue to keep them. If you leave now, they are lost."}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={stay}>
              Stay
            </Button>
            {asking?.kind === "staged" ? (
              <>
                <Button onClick={leave}>Keep for later and leave</Button>
                <Button
                  onClick={() => {
                    asking.discard();
                    leave();
                  }}
                >
                  Discard and leave
                </Button>
              </>
            ) : (
              <Button onClick={leave}>Leave</Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
