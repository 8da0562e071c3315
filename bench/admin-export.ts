/**
 * CSV export of every user (1M) through GET /api/admin/users/export on the production server: rows per
 * second from the first request byte to the last response byte, and the server's resident
 * memory (the whole process tree, sampled every 50 ms) before and during the export.
 *
 *   npx tsx bench/admin.ts --only export
 */
import type { BenchServer } from "./admin-server";

export type ExportResult = {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
};

export async function runExport(server: BenchServer, token: string): Promise<ExportResult> {
  const rssBefore = server.rssBytes();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, server.rssBytes())), 50);
  const started = performance.now();
  let rows = -1; // the header line is not a row
  let bytes = 0;
  try {
    const response = await fetch(`${server.url}/api/admin/users/export?deleted=include`, {
      headers: { authorization: `Bearer ${token}`, "accept-encoding": process.env.ADMIN_BENCH_ENCODING ?? "gzip" },
    });
    if (!response.ok || !response.body) throw new Error(`export → ${response.status}`);
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      bytes += chunk.byteLength;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const mib = (n: number) => Math.round(n / 2 ** 20);
  return {
    rows,
    bytes,
    seconds,
    rowsPerSecond: rows / seconds,
    rssBeforeMiB: mib(rssBefore),
    rssPeakMiB: mib(rssPeak),
  };
}

export function formatExport(r: ExportResult): string {
  return `export: ${r.rows.toLocaleString("en-US")} rows (${(r.bytes / 2 ** 20).toFixed(0)} MiB) in ${r.seconds.toFixed(2)} s = ${Math.round(r.rowsPerSecond).toLocaleString("en-US")} rows/s; server RSS ${r.rssBeforeMiB} MiB before, ${r.rssPeakMiB} MiB peak`;
}
