import { Button, Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger } from "@fluentui/react-components";
import { DarkThemeRegular } from "@fluentui/react-icons";
import { isThemeChoice, type ThemeChoice, themeLabels, useThemeChoice } from "./theme";

/** The top bar's theme switch; the choice is remembered on this device. */
export function ThemeMenu({ className }: { className?: string }) {
  const { choice, setChoice } = useThemeChoice();
  return (
    <Menu
      checkedValues={{ theme: [choice] }}
      onCheckedValueChange={(_, data) => isThemeChoice(data.checkedItems[0]) && setChoice(data.checkedItems[0])}
    >
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="transparent" className={className} icon={<DarkThemeRegular />} aria-label={`Theme: ${themeLabels[choice]}`} />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {(Object.keys(themeLabels) as ThemeChoice[]).map((option) => (
            <MenuItemRadio key={option} name="theme" value={option}>
              {themeLabels[option]}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
