import { describe, expect, it } from "vitest";
import { mirrorInDeb822, mirrorInOneLine } from "./debian-mirror.js";

describe("mirrorInDeb822", () => {
  const sources = [
    "Types: deb",
    "# http://snapshot.example/archive/debian/20250520T000000Z",
    "URIs: http://mirror.example/debian",
    "Suites: bookworm bookworm-updates",
    "Components: main",
    "",
    "Types: deb",
    "URIs: http://mirror.example/debian-security",
    "Suites: bookworm-security",
    "Components: main",
    "",
  ].join("\n");

  it("takes the URI of the stanza that lists the suite, not a comment or another suite's", () => {
    expect(mirrorInDeb822(sources, "bookworm")).toBe("http://mirror.example/debian");
    expect(mirrorInDeb822(sources, "bookworm-security")).toBe("http://mirror.example/debian-security");
    expect(mirrorInDeb822(sources, "trixie")).toBeUndefined();
  });

  it("skips disabled stanzas and source-only ones", () => {
    const text = ["Types: deb-src", "URIs: http://src.example/debian", "Suites: bookworm", "", "Enabled: no", "Types: deb", "URIs: http://off.example/debian", "Suites: bookworm"].join("\n");
    expect(mirrorInDeb822(text, "bookworm")).toBeUndefined();
  });
});

describe("mirrorInOneLine", () => {
  it("reads `deb [options] URI suite components`, ignoring comments and deb-src", () => {
    const text = [
      "# deb http://old.example/debian bookworm main",
      "deb-src http://src.example/debian bookworm main",
      "deb [signed-by=/usr/share/keyrings/k.gpg arch=amd64] http://mirror.example/debian bookworm main",
    ].join("\n");
    expect(mirrorInOneLine(text, "bookworm")).toBe("http://mirror.example/debian");
    expect(mirrorInOneLine(text, "bullseye")).toBeUndefined();
  });
});
