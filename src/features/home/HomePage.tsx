import { Link as FluentLink, makeStyles, SearchBox, Text, tokens } from "@fluentui/react-components";
import { ShieldCheckmarkRegular } from "@fluentui/react-icons";
import { useId, useState } from "react";
import { PageHeading } from "../../components/PageHeading";
import { navigate } from "../../lib/navigation";

const useStyles = makeStyles({
  root: { padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXL}`, maxWidth: "720px" },
  search: { width: "100%", maxWidth: "560px", marginTop: tokens.spacingVerticalM },
  results: { listStyleType: "none", padding: 0, marginTop: tokens.spacingVerticalS },
  result: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, padding: tokens.spacingVerticalXS },
});

/** The services this app offers; the search box finds them the way the portal's does. */
const services = [
  { name: "Microsoft Defender for Cloud", keywords: ["defender", "security", "ai", "threat", "protection"], to: "/defender" },
];

export function HomePage() {
  const styles = useStyles();
  const [query, setQuery] = useState("");
  const resultsId = useId();
  const term = query.trim().toLowerCase();
  const matches = term
    ? services.filter(
        (service) => service.name.toLowerCase().includes(term) || service.keywords.some((keyword) => keyword.startsWith(term)),
      )
    : [];

  return (
    <section className={styles.root}>
      <PageHeading documentTitle={["Home"]}>Azure services</PageHeading>
      <SearchBox
        className={styles.search}
        aria-label="Search resources, services, and docs"
        placeholder="Search resources, services, and docs"
        aria-controls={resultsId}
        value={query}
        onChange={(_, data) => setQuery(data.value)}
        onKeyDown={(event) => {
          // Like the portal's search: Enter opens the first match, ↓ moves into the results.
          const first = matches[0];
          if (event.key === "Enter" && first) navigate(first.to);
          if (event.key === "ArrowDown" && first) {
            event.preventDefault();
            document.getElementById(resultsId)?.querySelector("a")?.focus();
          }
        }}
      />
      <div id={resultsId} aria-live="polite">
        {term && (
          <>
            <Text as="h2" size={300} weight="semibold">
              Services
            </Text>
            {matches.length === 0 ? (
              <Text block>No services match “{query}”.</Text>
            ) : (
              <ul className={styles.results}>
                {matches.map((service) => (
                  <li key={service.to} className={styles.result}>
                    <ShieldCheckmarkRegular aria-hidden />
                    <FluentLink
                      href={service.to}
                      onClick={(event) => {
                        event.preventDefault();
                        navigate(service.to);
                      }}
                    >
                      {service.name}
                    </FluentLink>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}
