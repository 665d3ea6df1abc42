// What a person needs to know when the emulator starts: where it is, who can reach it and who can sign in.
import type { AddressInfo } from "node:net";
import { isLoopback } from "./listen-address";
import type { RunningEmulator } from "./server";

const socketName = (a: AddressInfo) => (a.family === "IPv6" ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`);

export function printEmulatorBanner(running: RunningEmulator): void {
  const { directory, seed, mode } = running.emulator.context;
  console.log(`Entra ID + ARM emulator (${mode} mode) listening on ${running.url} (${running.addresses.map(socketName).join(", ")})`);
  const exposed = running.addresses.filter((a) => !isLoopback(a.address));
  if (exposed.length > 0) {
    console.log(
      `WARNING: ${exposed.map(socketName).join(", ")} can be reached from other machines. Anyone who reaches it can sign in as any seeded account without a password and use the tokens${mode === "test" ? ", and reset the emulator or inject faults through its control API" : ""}. Use --host / EMULATOR_HOST only on a network you trust; without it the emulator listens on loopback only.`,
    );
  }
  console.log(`Open ${running.url}/ once in the browser to accept its development certificate.`);
  console.log(
    running.emulator.stateFile === undefined
      ? "State: in memory only (--location <folder> keeps it across restarts)."
      : `State: kept in ${running.emulator.stateFile} (delete it to start again from the seed).`,
  );
  console.log(`Authority: ${running.url}/organizations  ·  ARM endpoint: ${running.url}`);
  console.log(`SPA client id: ${seed.applications.map((a) => a.clientId).join(", ")}`);
  for (const client of seed.confidentialClients) {
    const tenant = directory.tenant(client.tenantId)?.displayName ?? client.tenantId;
    const roles = seed.roleAssignments
      .filter((ra) => ra.principalId === client.servicePrincipalObjectId)
      .map((ra) => `${ra.roleName} on ${directory.scopeName(ra.scope)}`);
    console.log(
      `Service principal "${client.displayName}" (${tenant} ${client.tenantId}): client id ${client.clientId}, local-only secret ${client.clientSecret}`,
    );
    console.log(`    - ${roles.join(", ")}`);
  }
  console.log("\nSeeded accounts (choose one on the sign-in page; no password):");
  for (const user of seed.users) {
    console.log(`  ${user.displayName} <${directory.home(user).userPrincipalName}>`);
    for (const role of directory.describeRoles(user)) console.log(`    - ${role}`);
  }
  // A generated seed has thousands: the first few say what they look like.
  const shown = 20;
  console.log("\nSubscriptions:");
  for (const s of seed.subscriptions.slice(0, shown)) {
    console.log(
      `  ${s.subscriptionId}  ${s.displayName} (${directory.tenant(s.tenantId)?.displayName ?? s.tenantId}, ${s.state}, Microsoft.Security ${s.securityProvider})`,
    );
  }
  if (seed.subscriptions.length > shown) console.log(`  … and ${String(seed.subscriptions.length - shown)} more`);
  if (mode === "test")
    console.log(
      `\nControl API: POST ${running.url}/__emulator/reset, POST /__emulator/token, GET|PUT /__emulator/settings, POST|GET|DELETE /__emulator/faults, POST|GET|DELETE /__emulator/chaos (see emulator/control/README.md)`,
    );
}
