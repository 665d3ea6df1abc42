import { type AccountInfo, type EventCallbackFunction, EventType, type IPublicClientApplication } from "@azure/msal-browser";
import { describe, expect, it, vi } from "vitest";
import { activeAccount } from "./msal";

const account = (name: string) => ({ homeAccountId: `${name}.home`, tenantId: "home", username: name }) as AccountInfo;

/** MSAL's active account and its events, as PublicClientApplication keeps them. */
function fakeMsal(initial: AccountInfo | null) {
  let active = initial;
  const callbacks: Array<[EventCallbackFunction, EventType[] | undefined]> = [];
  const getActiveAccount = vi.fn(() => active);
  const pca = {
    getActiveAccount,
    addEventCallback: (callback: EventCallbackFunction, types?: EventType[]) => {
      callbacks.push([callback, types]);
      return String(callbacks.length);
    },
    setActiveAccount: (next: AccountInfo | null) => {
      active = next;
      for (const [callback, types] of callbacks) {
        if (!types || types.includes(EventType.ACTIVE_ACCOUNT_CHANGED)) {
          callback({
            eventType: EventType.ACTIVE_ACCOUNT_CHANGED,
            interactionType: null,
            payload: null,
            error: null,
            timestamp: 0,
            correlationId: "",
          });
        }
      }
    },
  } as unknown as IPublicClientApplication;
  return { pca, getActiveAccount };
}

describe("activeAccount", () => {
  it("reads MSAL's active account once, however often it is asked for", () => {
    const { pca, getActiveAccount } = fakeMsal(account("adele"));
    for (let read = 0; read < 5; read++) expect(activeAccount(pca)?.username).toBe("adele");
    expect(getActiveAccount).toHaveBeenCalledTimes(1);
  });

  it("follows MSAL when the active account changes (a sign-in, a sign-out, another tab)", () => {
    const { pca } = fakeMsal(null);
    expect(activeAccount(pca)).toBeNull();
    pca.setActiveAccount(account("adele"));
    expect(activeAccount(pca)?.username).toBe("adele");
    pca.setActiveAccount(null);
    expect(activeAccount(pca)).toBeNull();
  });
});
