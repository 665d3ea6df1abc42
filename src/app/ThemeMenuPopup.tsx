import { Button, Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger } from "@fluentui/react-components";
import { isThemeChoice, type ThemeChoice, themeLabels, useThemeChoice } from "./theme";
import { themeButtonProps } from "./ThemeMenu";

/** The theme menu itself, downloaded after the page (see DeferredPopup). Default export, for `React.lazy`. */
export default function ThemeMenuPopup({ className, open, focus }: { className: string | undefined; open: boolean; focus: boolean }) {
  const { choice, setChoice } = useThemeChoice();
  return (
    <Menu
      defaultOpen={open}
      checkedValues={{ theme: [choice] }}
      onCheckedValueChange={(_, data) => isThemeChoice(data.checkedItems[0]) && setChoice(data.checkedItems[0])}
    >
      <MenuTrigger disableButtonEnhancement>
        {/* Focus moves over from the stand-in button when it had it. */}
        <Button {...themeButtonProps(choice, className)} autoFocus={focus} />
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
