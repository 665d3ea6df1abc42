import { routeSizes } from "./bundle-sizes";

// `npm run bench`: what each page downloads, from the production build in dist/ (built just before).
// Prints numbers; nothing here passes or fails.

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

console.log("Bundle per page (JavaScript + CSS the page needs before it runs, KB)\n");
console.log("| Page | Files | Raw | Gzip (9) | Brotli (11) |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const size of routeSizes("dist")) {
  console.log(`| ${size.route} | ${String(size.files)} | ${kb(size.raw)} | ${kb(size.gzip)} | ${kb(size.brotli)} |`);
}
