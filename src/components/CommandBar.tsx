import { Button } from "@fluentui/react-components";
import type { ReactElement, ReactNode } from "react";
import { useBladeStyles } from "./blade-styles";

/**
 * The command bar under a blade's header. Plain buttons in a named group, each its own tab stop:
 * Fluent's Toolbar keeps one roving tab stop (a button disabled when the page opened stayed
 * unreachable after it was enabled) and its hidden focus helpers fail axe's aria-hidden-focus.
 */
export function CommandBar({ label, children }: { label: string; children: ReactNode }) {
  const blade = useBladeStyles();
  return (
    <div role="group" aria-label={label} className={blade.toolbar}>
      {children}
    </div>
  );
}

export function CommandButton({
  icon,
  disabled = false,
  onClick,
  children,
}: {
  icon: ReactElement;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button appearance="subtle" icon={icon} disabled={disabled} onClick={onClick}>
      {children}
    </Button>
  );
}
