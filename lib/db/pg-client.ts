import pg from "pg";

/** Runs fn on one dedicated PostgreSQL connection, always closed afterwards. */
export async function withPgClient<T>(
  url: string,
  fn: (client: pg.Client) => Promise<T>,
  options: Omit<pg.ClientConfig, "connectionString"> = {},
): Promise<T> {
  const client = new pg.Client({ connectionString: url, ...options });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
