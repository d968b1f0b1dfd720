// The years the `chinese-days` package has the State Council's 放假调休 notice for. Its
// coverage is the set of its per-year files, dist/years/YYYY.json (2004–2026 in 1.5.7):
// the package adds a year's file when that year's notice is published, so a year without
// a file is a year the package does not know — not a year without holidays.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { arrangementFromChineseDays, type ChineseDaysYear, type YearArrangement } from "../../domain/calendar";

export interface PackageYears {
  name: string;
  version: string;
  arrangements: YearArrangement[];
}

let cached: PackageYears | undefined;

/** Read once per process: the package does not change while it runs. */
export function packageYears(): PackageYears {
  cached ??= readPackageYears();
  return cached;
}

function readPackageYears(): PackageYears {
  const manifestFile = createRequire(import.meta.url).resolve("chinese-days/package.json");
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { name: string; version: string };
  const yearsDir = path.join(path.dirname(manifestFile), "dist", "years");
  const arrangements = fs
    .readdirSync(yearsDir)
    .filter((file) => /^\d{4}\.json$/.test(file))
    .sort()
    .map((file) => {
      const year = Number(file.slice(0, 4));
      const data = JSON.parse(fs.readFileSync(path.join(yearsDir, file), "utf8")) as ChineseDaysYear;
      return arrangementFromChineseDays(year, data, `${manifest.name} ${manifest.version} (dist/years/${file})`);
    });
  return { name: manifest.name, version: manifest.version, arrangements };
}
