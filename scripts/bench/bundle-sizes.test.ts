import { describe, expect, it } from "vitest";
import { filesOf, type Manifest } from "./bundle-sizes";

const manifest: Manifest = {
  "index.html": { file: "assets/app.js", isEntry: true, imports: ["_react.js"], css: ["assets/app.css"] },
  "_react.js": { file: "assets/react.js" },
  "_shared.js": { file: "assets/shared.js", imports: ["_react.js"] },
  "src/app/SignedInApp.tsx": { file: "assets/signed-in.js", imports: ["_shared.js", "_react.js"] },
  "src/features/home/HomePage.tsx": { file: "assets/home.js", imports: ["_shared.js"] },
};

describe("filesOf", () => {
  it("counts each file a page needs once: its chunks, their static imports and their style sheets", () => {
    expect(filesOf(manifest, ["index.html"])).toEqual(["assets/app.css", "assets/app.js", "assets/react.js"]);
    expect(filesOf(manifest, ["index.html", "src/app/SignedInApp.tsx", "src/features/home/HomePage.tsx"])).toEqual([
      "assets/app.css",
      "assets/app.js",
      "assets/home.js",
      "assets/react.js",
      "assets/shared.js",
      "assets/signed-in.js",
    ]);
  });

  it("fails loudly when a page's module is no longer in the build", () => {
    expect(() => filesOf(manifest, ["src/features/gone.tsx"])).toThrow(/not in the build manifest/);
  });
});
