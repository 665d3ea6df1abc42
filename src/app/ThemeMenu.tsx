import { Button, type ButtonProps } from "@fluentui/react-components";
import { DarkThemeRegular } from "@fluentui/react-icons";
import { lazy } from "react";
import { DeferredPopup } from "../components/DeferredPopup";
import { type ThemeChoice, themeLabels, useThemeChoice } from "./theme";

const ThemeMenuPopup = lazy(() => import("./ThemeMenuPopup"));

/** The theme button, the same before and after its menu has been downloaded. */
export function themeButtonProps(choice: ThemeChoice, className: string | undefined): ButtonProps {
  return { appearance: "transparent", className, icon: <DarkThemeRegular />, "aria-label": `Theme: ${themeLabels[choice]}` };
}

/** The top bar's theme switch; the choice is remembered on this device. */
export function ThemeMenu({ className }: { className?: string }) {
  const { choice } = useThemeChoice();
  return (
    <DeferredPopup
      placeholder={(events) => <Button {...themeButtonProps(choice, className)} aria-haspopup="menu" {...events} />}
      popup={(start) => <ThemeMenuPopup className={className} {...start} />}
    />
  );
}
