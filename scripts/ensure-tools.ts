// Run before the tests: the end-to-end tests need Chromium (Playwright cannot download its own browser
// on these machines, so they use Debian's), and the unit tests run the Azure CLI script the app
// exports, which merges with jq. Installs what is missing when this is a Debian machine we may
// administer; otherwise says exactly what to do.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const debianChromium = "/usr/bin/chromium";

function hasCommand(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

if (process.env.CHROMIUM_PATH && !existsSync(process.env.CHROMIUM_PATH)) {
  console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which does not exist.`);
  process.exit(1);
}
const missing = [...(process.env.CHROMIUM_PATH || existsSync(debianChromium) ? [] : ["chromium"]), ...(hasCommand("jq") ? [] : ["jq"])];
if (missing.length > 0) {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    console.error(
      `The tests need ${missing.join(" and ")}: install Debian's packages (sudo apt-get install ${missing.join(" ")})${missing.includes("chromium") ? ", or set CHROMIUM_PATH to a Chromium binary" : ""}.`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian's ${missing.join(" and ")} for the tests…`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...missing], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
