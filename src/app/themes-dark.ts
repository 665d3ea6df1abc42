// The dark and high-contrast themes, downloaded only by those who use them (src/app/theme.tsx).
export { teamsHighContrastTheme as highContrastTheme, webDarkTheme as darkTheme } from "@fluentui/react-components";
