import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Maps a position in a built server chunk back to its source file, using the chunk's .map
 * (Next writes them next to the server chunks). Minified chunks otherwise hide whether time goes
 * to zod, jose, @upstash/redis or our own lib/. Only what a profile summary needs: the source
 * file of a position, from a plain (unsectioned) version 3 map.
 */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Per generated line: [generated column, source index] pairs, in column order. */
type Lines = Array<Array<[number, number]>>;
type Parsed = { sources: string[]; lines: Lines } | undefined;

function decode(mappings: string): Lines {
  const lines: Lines = [];
  let source = 0;
  for (const line of mappings.split(";")) {
    const segments: Array<[number, number]> = [];
    let column = 0;
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = DIGIT.get(char) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0] ?? 0;
      if (values.length >= 4) {
        source += values[1];
        segments.push([column, source]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

const cache = new Map<string, Parsed>();

function load(file: string): Parsed {
  if (cache.has(file)) return cache.get(file);
  let parsed: Parsed;
  try {
    const map = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources?: string[]; mappings?: string };
    parsed = map.sources && map.mappings ? { sources: map.sources, lines: decode(map.mappings) } : undefined;
  } catch {
    parsed = undefined;
  }
  cache.set(file, parsed);
  return parsed;
}

/** The source file behind (0-based) line/column of a chunk given by file:// URL, if its map says. */
export function sourceOf(url: string, line: number, column: number): string | undefined {
  if (!url.startsWith("file://")) return undefined;
  const file = fileURLToPath(url);
  if (!existsSync(`${file}.map`)) return undefined;
  const map = load(file);
  const segments = map?.lines[line];
  if (!map || !segments?.length) return undefined;
  let found: [number, number] | undefined;
  for (const segment of segments) {
    if (segment[0] > column) break;
    found = segment;
  }
  return found ? map.sources[found[1]] : undefined;
}
