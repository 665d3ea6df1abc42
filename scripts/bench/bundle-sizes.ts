import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** One chunk of Vite's build manifest (`build.manifest`), keyed by its source path. */
type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; css?: string[] };
export type Manifest = Record<string, ManifestChunk>;

/**
 * What a page downloads, as the chunks it starts from: the app's entry, then each lazily loaded
 * module on the way to it. The browser fetches every static import of these (transitively).
 */
export const routes: Record<string, string[]> = {
  "Sign-in": ["index.html"],
  Home: ["index.html", "src/app/SignedInApp.tsx", "src/features/home/HomePage.tsx"],
  "Environment settings": [
    "index.html",
    "src/app/SignedInApp.tsx",
    "src/features/defender/DefenderLayout.tsx",
    "src/features/environment-settings/EnvironmentSettingsPage.tsx",
  ],
  "Defender plans": ["index.html", "src/app/SignedInApp.tsx", "src/features/defender-plans/DefenderPlansPage.tsx"],
  "Settings & monitoring": ["index.html", "src/app/SignedInApp.tsx", "src/features/defender-plans/PlanSettingsPage.tsx"],
  "Security alerts": [
    "index.html",
    "src/app/SignedInApp.tsx",
    "src/features/defender/DefenderLayout.tsx",
    "src/features/security-alerts/SecurityAlertsPage.tsx",
  ],
};

/** Every file (script and style sheet) the chunks `starts` need before they run. */
export function filesOf(manifest: Manifest, starts: string[]): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest: has it been renamed?`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const start of starts) visit(start);
  return [...files].sort();
}

export type Size = { raw: number; gzip: number; brotli: number };

function sizeOf(content: Buffer): Size {
  return {
    raw: content.length,
    gzip: gzipSync(content, { level: 9 }).length,
    brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Bytes per route of a build in `outDir` (which must have been built with `build.manifest`). */
export function routeSizes(outDir: string): Array<{ route: string; files: number } & Size> {
  const manifest = JSON.parse(readFileSync(join(outDir, ".vite", "manifest.json"), "utf8")) as Manifest;
  const cache = new Map<string, Size>();
  return Object.entries(routes).map(([route, starts]) => {
    const files = filesOf(manifest, starts);
    const total: Size = { raw: 0, gzip: 0, brotli: 0 };
    for (const file of files) {
      const size = cache.get(file) ?? sizeOf(readFileSync(join(outDir, file)));
      cache.set(file, size);
      total.raw += size.raw;
      total.gzip += size.gzip;
      total.brotli += size.brotli;
    }
    return { route, files: files.length, ...total };
  });
}
