/**
 * Where a request's CPU goes on the staff-console benchmark server (1M users): for the search of
 * bench/admin-search.ts, GET /api/auth/me and the plain listing, one at a time and 4 at a time,
 * the CPU milliseconds per request of the production server process (and of its JavaScript thread),
 * of PostgreSQL's processes, and of this load generator, read from /proc. On two shared cores
 * these, not latency, are the figures to compare between two versions of the code.
 *
 *   npx tsx bench/cpu-per-request.ts      (after `npx tsx bench/admin.ts` has seeded and built)
 */
import http from "node:http";
import { get as getWithToken, makeQueries } from "./admin-search";
import { benchDatabaseUrl } from "./admin-seed";
import { DIST_DIR, staffToken, startBenchServer } from "./admin-server";
import { describeBuild } from "./server";
import { cpuMsBetween, cpuMsByPid, machineBusyMs, mainThreadCpuMs, processesNamed } from "./proc";

const server = await startBenchServer(
  describeBuild("this", ".", DIST_DIR),
  benchDatabaseUrl(),
  Number(process.env.ADMIN_BENCH_PORT ?? 3292),
);
try {
  const token = await staffToken(server.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  // The search benchmark's own client, so the load generator's share is the one it pays there.
  const get = (path: string) => getWithToken(server.url + path, token, agent);
  const queries = (await makeQueries(benchDatabaseUrl(), 34)).map(
    ({ q }) => `/api/admin/users?q=${encodeURIComponent(q)}`,
  );
  const kinds = { search: queries, me: queries.map(() => "/api/auth/me"), list: queries.map(() => "/api/admin/users") };
  for (const [name, paths] of Object.entries(kinds)) {
    for (const path of paths.slice(0, 50)) await get(path); // warm-up
    for (const concurrency of [1, 4]) {
      const postgres = () => cpuMsByPid(processesNamed("postgres"));
      const [pg0, node0, main0, self0, busy0, t0] = [
        postgres(),
        cpuMsByPid([server.pid]),
        mainThreadCpuMs([server.pid]),
        process.cpuUsage(),
        machineBusyMs(),
        performance.now(),
      ];
      const all = [...paths, ...paths];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < all.length) await get(all[next++]);
        }),
      );
      const wall = performance.now() - t0;
      const self = process.cpuUsage(self0);
      const per = (ms: number) => (ms / all.length).toFixed(2);
      console.log(
        `${name} c=${concurrency}: ${Math.round((all.length / wall) * 1000)} req/s; CPU ms per request: server ${per(cpuMsBetween(node0, cpuMsByPid([server.pid])))}` +
          ` (JavaScript thread ${per(cpuMsBetween(main0, mainThreadCpuMs([server.pid])))}), PostgreSQL ${per(cpuMsBetween(pg0, postgres()))},` +
          ` load generator ${per((self.user + self.system) / 1000)}, whole machine ${per(machineBusyMs() - busy0)}`,
      );
    }
  }
  agent.destroy();
} finally {
  await server.stop();
}
