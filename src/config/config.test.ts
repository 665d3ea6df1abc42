import { describe, expect, it } from "vitest";
import { parseConfig } from "./config";

const clientId = "5f6a3b4e-1c2d-4e8f-9a0b-7c6d5e4f3a21";

const azure = {
  identity: { authorityHost: "https://login.microsoftonline.com", tenant: "organizations", clientId },
  arm: { endpoint: "https://management.azure.com" },
};

const emulator = {
  identity: { authorityHost: "https://localhost:8443", tenant: "organizations", clientId, knownAuthorities: ["localhost:8443"] },
  arm: { endpoint: "https://localhost:8443" },
  emulator: { url: "https://localhost:8443" },
};

describe("config.json", () => {
  it("accepts Microsoft's public cloud as it is, with its own ARM scope and MSAL's discovery", () => {
    const config = parseConfig(azure);
    expect(config.cloudName).toBe("Azure");
    expect(config.arm).toEqual({ endpoint: "https://management.azure.com", scope: "https://management.azure.com/user_impersonation" });
    expect(config.identity.knownAuthorities).toEqual([]);
  });

  it("asks a sovereign cloud for a token of its own ARM audience", () => {
    const config = parseConfig({
      identity: { ...azure.identity, authorityHost: "https://login.microsoftonline.us" },
      arm: { endpoint: "https://management.usgovcloudapi.net/" },
    });
    expect(config.cloudName).toBe("Azure Government");
    expect(config.arm.scope).toBe("https://management.usgovcloudapi.net/user_impersonation");
  });

  it("accepts the emulator when sign-in and ARM are both the emulator", () => {
    const config = parseConfig(emulator);
    expect(config.cloudName).toBe("the local Azure emulator");
    expect(config.identity.knownAuthorities).toEqual(["localhost:8443"]);
    expect(config.arm.scope).toBe("https://management.azure.com/user_impersonation");
  });

  it("refuses an emulator configuration that sends tokens somewhere other than the emulator", () => {
    expect(() => parseConfig({ ...emulator, arm: { endpoint: "https://evil.example" } })).toThrow(
      /arm\.endpoint \(https:\/\/evil\.example\) must be the emulator's url/,
    );
    expect(() =>
      parseConfig({ ...emulator, identity: { ...emulator.identity, authorityHost: "https://login.microsoftonline.com" } }),
    ).toThrow(/identity\.authorityHost .* must be the emulator's url/);
  });

  it("refuses an unknown host unless the file lists it as trusted", () => {
    const custom = { ...azure, arm: { endpoint: "https://arm.contoso.example" } };
    expect(() => parseConfig(custom)).toThrow(/arm\.endpoint \(https:\/\/arm\.contoso\.example\) is not a Microsoft cloud's/);
    const trusted = parseConfig({ ...custom, trustedEndpoints: ["https://arm.contoso.example"] });
    expect(trusted.cloudName).toBe("a trusted custom cloud");
    expect(trusted.arm.endpoint).toBe("https://arm.contoso.example");
  });

  it("refuses sign-in from one cloud with ARM of another", () => {
    expect(() => parseConfig({ ...azure, arm: { endpoint: "https://management.chinacloudapi.cn" } })).toThrow(/tokens of one cloud/);
  });

  it("refuses http, paths and unknown keys", () => {
    expect(() => parseConfig({ ...azure, arm: { endpoint: "http://management.azure.com" } })).toThrow(/https/);
    expect(() => parseConfig({ ...azure, arm: { endpoint: "https://management.azure.com/proxy" } })).toThrow(/origin only/);
    expect(() => parseConfig({ ...azure, armEndpoint: "https://management.azure.com" })).toThrow(/armEndpoint/);
  });

  it("lets MSAL skip discovery for the authority's own host only", () => {
    expect(() =>
      parseConfig({ ...emulator, identity: { ...emulator.identity, knownAuthorities: ["localhost:8443", "evil.example"] } }),
    ).toThrow(/knownAuthorities may only name the authority's host \(localhost:8443\), not 'evil\.example'/);
  });
});
