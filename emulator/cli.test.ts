// The command-line flags npm run emulator and npm start share.
import { describe, expect, it } from "vitest";
import { emulatorFlags } from "./cli";

describe("emulatorFlags", () => {
  it("has no request log unless asked", () => {
    expect(emulatorFlags([], {})).toEqual({});
  });

  it("logs to stdout with --verbose, to a file with --log-file, or both", () => {
    expect(emulatorFlags(["--verbose"], {}).log).toEqual({ console: true });
    expect(emulatorFlags(["--log-file", "logs/emulator.log"], {}).log).toEqual({ file: "logs/emulator.log" });
    expect(emulatorFlags(["--verbose", "--log-file=e.log"], {}).log).toEqual({ console: true, file: "e.log" });
    expect(() => emulatorFlags(["--log-file="], {})).toThrow("--log-file: a path is required");
    expect(() => emulatorFlags(["--verbose=yes"], {})).toThrow();
  });

  it("keeps the state in --location, else EMULATOR_LOCATION, else in memory", () => {
    expect(emulatorFlags([], {}).location).toBeUndefined();
    expect(emulatorFlags([], { EMULATOR_LOCATION: "/data/emulator" }).location).toBe("/data/emulator");
    expect(emulatorFlags(["--location", "state"], { EMULATOR_LOCATION: "/data/emulator" }).location).toBe("state");
    expect(emulatorFlags([], { EMULATOR_LOCATION: " " }).location).toBeUndefined();
    expect(() => emulatorFlags(["--location="], {})).toThrow("--location: a path is required");
  });
});
