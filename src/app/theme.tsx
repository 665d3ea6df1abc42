import { FluentProvider, type Theme, webLightTheme } from "@fluentui/react-components";
import { createContext, type ReactNode, useContext, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from "react";

/** What the user picked in the top bar; "system" follows the operating system's light, dark or contrast setting. */
export type ThemeChoice = "system" | "light" | "dark" | "high-contrast";
type Scheme = Exclude<ThemeChoice, "system">;

// Light is in the first download; dark and high contrast come on demand (start-up waits for the one
// the page opens with, see loadTheme, so it never flashes light first).
const themes: Partial<Record<Scheme, Theme>> = { light: webLightTheme };

async function loadTheme(scheme: Scheme): Promise<void> {
  if (themes[scheme]) return;
  const { darkTheme, highContrastTheme } = await import("./themes-dark");
  themes.dark = darkTheme;
  themes["high-contrast"] = highContrastTheme;
}
export const themeLabels: Record<ThemeChoice, string> = {
  system: "System",
  light: "Light",
  dark: "Dark",
  "high-contrast": "High contrast",
};
const STORAGE_KEY = "defender-ai.theme";

export const isThemeChoice = (value: unknown): value is ThemeChoice => typeof value === "string" && value in themeLabels;

function readChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isThemeChoice(stored) ? stored : "system";
  } catch {
    return "system";
  }
}

const contrastQuery = "(forced-colors: active), (prefers-contrast: more)";
const darkQuery = "(prefers-color-scheme: dark)";

function subscribeToSystem(onChange: () => void) {
  const queries = [contrastQuery, darkQuery].map((query) => window.matchMedia(query));
  for (const query of queries) query.addEventListener("change", onChange);
  return () => {
    for (const query of queries) query.removeEventListener("change", onChange);
  };
}

function systemScheme(): Scheme {
  if (window.matchMedia(contrastQuery).matches) return "high-contrast";
  return window.matchMedia(darkQuery).matches ? "dark" : "light";
}

/** The theme the app opens with, downloaded before the first render. */
export function loadStartTheme(): Promise<void> {
  const choice = readChoice();
  return loadTheme(choice === "system" ? systemScheme() : choice);
}

const ThemeContext = createContext<{ choice: ThemeChoice; setChoice: (choice: ThemeChoice) => void } | null>(null);

/** The one FluentProvider: light, dark or high contrast, following the system until the user picks one. */
export function ThemeProvider({ className, children }: { className?: string; children: ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(readChoice);
  const system = useSyncExternalStore(subscribeToSystem, systemScheme);
  const scheme = choice === "system" ? system : choice;
  // Until a newly chosen theme has arrived, the one shown before stays.
  const [shown, setShown] = useState<Theme>(() => themes[scheme] ?? webLightTheme);
  const wanted = themes[scheme];
  if (wanted && wanted !== shown) setShown(wanted);
  useEffect(() => {
    if (!themes[scheme]) void loadTheme(scheme).then(() => setShown((before) => themes[scheme] ?? before));
  }, [scheme]);
  // The browser's own parts follow the theme shown (not one still downloading): scrollbars, form
  // controls and the page behind the app (index.html starts it as the system's). Before the first
  // frame, not after it.
  const shownScheme = shown === webLightTheme ? "light" : "dark";
  useLayoutEffect(() => {
    document.documentElement.style.colorScheme = shownScheme;
  }, [shownScheme]);
  const value = useMemo(
    () => ({
      choice,
      setChoice: (next: ThemeChoice) => {
        setChoiceState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Storage refused (private browsing, quota): the choice holds for this visit only.
        }
      },
    }),
    [choice],
  );
  return (
    <ThemeContext.Provider value={value}>
      <FluentProvider theme={shown} className={className}>
        {children}
      </FluentProvider>
    </ThemeContext.Provider>
  );
}

/** The current choice and a way to change it (remembered on this device). */
export function useThemeChoice() {
  const context = useContext(ThemeContext);
  if (!context) throw new Error("useThemeChoice must be used inside ThemeProvider");
  return context;
}
